package jp.jcstar.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import jp.jcstar.status.StatusListToken;

/** {@code GET /v1/status-lists/{n}}: the signed status list token (IETF Token Status List, 2 bits), with an ETag. */
public class StatusListHandler extends ApiHandler {
    private final Wiring wiring;

    /** Lambda's constructor; registers the SnapStart priming hook ({@link Priming}). */
    public StatusListHandler() {
        this(Wiring.fromEnvironment());
        Priming.register(StatusListHandler.class, () -> OperatorPriming.statusList(Wiring.fromEnvironment()));
    }

    public StatusListHandler(Wiring wiring) {
        super(wiring.registry());
        this.wiring = wiring;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Request r) {
        String n = r.path("n");
        if (!n.matches("[1-9][0-9]{0,5}")) throw Problem.badRequest("bad-list-number", "a status list number is a positive integer");
        String token = wiring.publisher().token(Integer.parseInt(n))
                .orElseThrow(() -> Problem.notFound("no status list " + n));
        // short caching: ttl inside the token is the client's rule, this only spares the origin;
        // the ETag lets a syncing verifier skip an unchanged list (If-None-Match -> 304)
        return ETags.text(r, StatusListToken.MEDIA_TYPE, token, "public, max-age=60");
    }
}
