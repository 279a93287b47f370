package jp.jcstar.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import jp.jcstar.registry.ApplicationJson;
import jp.jcstar.registry.Views;

/**
 * {@code POST /v1/labels} (operator): issues a label from an application. 201 when created, 200 with the
 * same label when the application was issued before (idempotent on {@code applicationId}).
 */
public class IssueLabelHandler extends ApiHandler {
    /** Lambda's constructor; registers the SnapStart priming hook ({@link Priming}). */
    public IssueLabelHandler() {
        this(Wiring.fromEnvironment());
        Priming.register(IssueLabelHandler.class, () -> OperatorPriming.issue(Wiring.fromEnvironment()));
    }

    public IssueLabelHandler(Wiring wiring) {
        super(wiring.registry());
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Request r) {
        r.requireOperator();
        var body = r.jsonBody();
        var issued = registry().issue(ApplicationJson.parse(body), ApplicationJson.confirmedConfusables(body));
        var resp = Response.json(issued.created() ? 201 : 200, Views.label(issued.label(), true));
        resp.getHeaders().put("location", "/v1/labels/" + issued.label().id());
        return resp;
    }
}
