package jp.jcstar.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import jp.jcstar.registry.Registry;
import jp.jcstar.registry.Views;

/**
 * {@code POST /v1/verify} with {@code {"label": "<compact JWS or scanned QR text>"}}: always 200 with a
 * verdict for a readable request — an invalid label is an answer, not an error.
 */
public class VerifyHandler extends ApiHandler {
    /** Lambda's constructor; registers the SnapStart priming hook ({@link Priming}). */
    public VerifyHandler() {
        super(ReadOnlyWiring.registry());
        Priming.register(VerifyHandler.class, () -> PublicPriming.verify(this));
    }

    public VerifyHandler(Registry registry) {
        super(registry);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Request r) {
        JsonNode body = r.jsonBody();
        JsonNode label = body.get("label");
        if (label == null || !label.isTextual())
            throw Problem.badRequest("bad-request", "send {\"label\": \"<compact JWS or QR text>\"}");
        return Response.json(200, Views.verify(registry().verify(label.textValue())));
    }
}
