package jp.jcstar.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jp.jcstar.registry.Registry;
import jp.jcstar.registry.Views;
import jp.jcstar.status.StatusChange;

/**
 * {@code GET /v1/labels/{id}}: the label record, its signed label and its current status.
 * {@code GET /v1/labels/{id}/history}: its issuance and every status change, oldest first (state,
 * reason code, effective date); who made a change and their note only for the operator.
 */
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
        String route = request.event().getRouteKey();
        if (route != null && route.endsWith("/history"))
            return Response.json(200, history(view, request.operator() != null));
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

    private ObjectNode history(jp.jcstar.registry.LabelView view, boolean operator) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("id", view.id());
        o.put("status", view.status().code());
        var items = o.putArray("items");
        ObjectNode issued = items.addObject();
        issued.put("event", "issued");
        issued.putNull("from");
        issued.put("state", "valid");
        issued.putNull("reason");
        issued.put("effectiveAt", view.record().claims().issuedAt().toString());
        for (StatusChange c : registry().history(view.id())) {
            ObjectNode i = items.addObject();
            i.put("event", "status-change");
            i.put("from", c.from().code());
            i.put("state", c.to().code());
            i.put("reason", c.reason() == null ? null : c.reason().code());
            i.put("effectiveAt", c.effectiveAt().toString());
            if (operator) {
                i.put("recordedAt", c.recordedAt().toString());
                i.put("actor", c.actor());
                i.put("note", c.note());
            }
        }
        return o;
    }
}
