package jp.jcstar.functions;

import jp.jcstar.registry.Registry;
import jp.jcstar.registry.Views;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

/** {@code GET /v1/labels/{id}}: the label record, its signed label and its current status. */
public class GetLabelHandler extends ApiHandler {
    /** Lambda's constructor: the read-only wiring ({@link ReadOnlyWiring}), built in the init phase; registers priming. */
    public GetLabelHandler() {
        super(ReadOnlyWiring.registry());
        Priming.register(GetLabelHandler.class, () -> PublicPriming.getLabel(this));
    }

    public GetLabelHandler(Registry registry) {
        super(registry);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Request request) {
        String id = request.path("id");
        var view = requireLabel(id);
        return Response.json(200, Views.label(view, true));
    }
}
