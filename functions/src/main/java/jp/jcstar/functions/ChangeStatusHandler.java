package jp.jcstar.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import jp.jcstar.registry.Registry;
import jp.jcstar.registry.Views;

/**
 * {@code POST /v1/labels/{id}/revocation | suspension | reinstatement} (operator), body
 * {@code {"reason": "nonconformity", "effectiveAt": "2026-12-01T00:00:00Z", "note": "…"}} ({@link
 * StatusChangeRequest}). The route picks the action ({@link Routes#statusAction}). Illegal transitions are 409 problems.
 */
public class ChangeStatusHandler extends ApiHandler {
    /** Lambda's constructor; registers the SnapStart priming hook ({@link Priming}). */
    public ChangeStatusHandler() {
        this(Wiring.fromEnvironment());
        Priming.register(ChangeStatusHandler.class, () -> OperatorPriming.changeStatus(Wiring.fromEnvironment()));
    }

    public ChangeStatusHandler(Wiring wiring) {
        super(wiring.registry());
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Request r) {
        Registry.Action action = Routes.statusAction(r.event().getRouteKey())
                .orElseThrow(() -> Problem.notFound("no such status action"));
        StatusChangeRequest q = StatusChangeRequest.parse(r, action);
        var view = registry().change(q.id(), q.action(), q.reason(), q.effectiveAt(), q.operator(), q.note());
        return Response.json(200, Views.label(view, false));
    }
}
