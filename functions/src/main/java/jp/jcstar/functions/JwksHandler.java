package jp.jcstar.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

/** {@code GET /.well-known/jwks.json}: every operator key, current and retired (old labels verify). */
public class JwksHandler extends ApiHandler {
    private final Wiring wiring;

    /** Lambda's constructor; registers the SnapStart priming hook ({@link Priming}). */
    public JwksHandler() {
        this(Wiring.fromEnvironment());
        Priming.register(JwksHandler.class, () -> OperatorPriming.jwks(this));
    }

    public JwksHandler(Wiring wiring) {
        super(wiring.registry());
        this.wiring = wiring;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Request r) {
        return ETags.text(r, "application/jwk-set+json", wiring.keys().toJson(), "public, max-age=300");
    }
}
