package jp.jcstar.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.nio.charset.StandardCharsets;
import jp.jcstar.registry.Registry;
import jp.jcstar.requirements.RequirementsCatalogue;

/** {@code GET /v1/requirements}: the scheme's requirements catalogue (from the seed's table). */
public class RequirementsHandler extends ApiHandler {
    private static final String BODY = new String(RequirementsCatalogue.get().toJson(), StandardCharsets.UTF_8);

    /** Lambda's constructor: the catalogue is all it serves, so no store or client is built. */
    public RequirementsHandler() {
        super(ReadOnlyWiring::registry);
        Priming.register(RequirementsHandler.class, () -> PublicPriming.requirements(this));
    }

    public RequirementsHandler(Registry registry) {
        super(registry);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Request r) {
        return Response.text(200, "application/json; charset=utf-8", BODY, "public, max-age=3600");
    }
}
