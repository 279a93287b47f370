package jp.jcstar.functions;

import jp.jcstar.registry.Registry;
import jp.jcstar.registry.Views;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

/** {@code GET /v1/labels/{id}}: the label record, its signed label and its current status. */
public class GetLabelHandler extends ApiHandler {
    /** Lambda's constructor: the read-only wiring ({@link ReadOnlyWiring}), built in the init phase. */
    public GetLabelHandler() {
        super(ReadOnlyWiring.registry());
    }

    public GetLabelHandler(Registry registry) {
        super(registry);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Request request) {
        String id = request.path("id");
        var view = requireLabel(id);
        var json = Views.label(view, true);
        if (registry().store() instanceof jp.jcstar.store.LogStore log) {
            // where the label is in the transparency log: its issuance, then each status change
            var indexes = log.logIndexes(view.id());
            if (!indexes.isEmpty()) {
                json.put("logIndex", indexes.getFirst());
                indexes.forEach(json.putArray("logEntries")::add);
            }
        }
        return Response.json(200, json);
    }
}
