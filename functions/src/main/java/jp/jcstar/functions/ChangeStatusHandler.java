package jp.jcstar.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import jp.jcstar.registry.Registry;
import jp.jcstar.registry.Views;
import jp.jcstar.status.RevocationReason;

/**
 * {@code POST /v1/labels/{id}/revocation | suspension | reinstatement} (operator), body
 * {@code {"reason": "nonconformity", "effectiveAt": "2026-12-01T00:00:00Z", "note": "…"}}. The route
 * (last path segment) picks the action. Illegal transitions are 409 problems.
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
        String operator = r.requireOperator();
        String id = r.path("id");
        String path = r.event().getRawPath() == null ? "" : r.event().getRawPath();
        Registry.Action action;
        if (path.endsWith("/revocation")) action = Registry.Action.REVOKE;
        else if (path.endsWith("/suspension")) action = Registry.Action.SUSPEND;
        else if (path.endsWith("/reinstatement")) action = Registry.Action.REINSTATE;
        else throw Problem.notFound("no such status action");
        JsonNode body = r.jsonBody();
        RevocationReason reason = null;
        JsonNode rn = body.get("reason");
        if (rn != null && !rn.isNull()) {
            if (!rn.isTextual()) throw Problem.badRequest("bad-reason", "reason must be a reason code string");
            try {
                reason = RevocationReason.fromCode(rn.textValue());
            } catch (IllegalArgumentException e) {
                throw Problem.badRequest(
                        "bad-reason",
                        "reason must be one of "
                                + java.util.Arrays.stream(RevocationReason.values())
                                        .map(RevocationReason::code)
                                        .toList());
            }
        } else if (action != Registry.Action.REINSTATE) {
            throw Problem.badRequest("bad-reason", "a reason code is required");
        }
        Instant effectiveAt = null;
        JsonNode ea = body.get("effectiveAt");
        if (ea != null && !ea.isNull()) {
            try {
                effectiveAt = Instant.parse(ea.asText());
            } catch (DateTimeParseException e) {
                throw Problem.badRequest(
                        "bad-time", "effectiveAt must be an ISO-8601 instant such as 2026-12-01T00:00:00Z");
            }
        }
        JsonNode nn = body.get("note");
        String note = nn == null || nn.isNull() ? null : nn.asText();
        if (note != null && note.length() > 1000)
            throw Problem.badRequest("bad-note", "note may be at most 1000 characters");
        var view = registry().change(id, action, reason, effectiveAt, operator, note);
        return Response.json(200, Views.label(view, false));
    }
}
