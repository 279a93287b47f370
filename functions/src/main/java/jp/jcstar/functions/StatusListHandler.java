package jp.jcstar.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import jp.jcstar.status.StatusListToken;

/**
 * {@code GET /v1/status-lists/{n}}: the signed status list token (IETF Token Status List, 2 bits), with an ETag.
 * {@code GET /v1/status-lists}: which lists there are, with their URIs, so a verifier can fetch them all.
 */
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
        if ("GET /v1/status-lists".equals(r.event().getRouteKey())) return index();
        String n = r.path("n");
        if (!n.matches("[1-9][0-9]{0,5}"))
            throw Problem.badRequest("bad-list-number", "a status list number is a positive integer");
        String token = wiring.publisher()
                .token(Integer.parseInt(n))
                .orElseThrow(() -> Problem.notFound("no status list " + n));
        // short caching: ttl inside the token is the client's rule, this only spares the origin;
        // the ETag lets a syncing verifier skip an unchanged list (If-None-Match -> 304)
        return ETags.text(r, StatusListToken.MEDIA_TYPE, token, "public, max-age=60");
    }

    private APIGatewayV2HTTPResponse index() {
        var o = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        o.put("mediaType", StatusListToken.MEDIA_TYPE);
        o.put("bits", 2);
        o.put("size", jp.jcstar.registry.Registry.STATUS_LIST_SIZE);
        var lists = o.putArray("lists");
        for (int n : wiring.publisher().lists()) {
            lists.addObject()
                    .put("number", n)
                    .put("uri", wiring.publisher().listUri(n))
                    .put("path", "/v1/status-lists/" + n);
        }
        var resp = Response.json(200, o);
        resp.getHeaders().put("cache-control", "public, max-age=60");
        return resp;
    }
}
