package jp.jcstar.functions;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import jp.jcstar.registry.Registry;
import jp.jcstar.status.RevocationReason;

/**
 * {@code POST /v1/labels/{id}/revocation | suspension | reinstatement}, parsed: the action is the route's
 * ({@link Routes#statusAction}), the body {@code {"reason": "…", "effectiveAt": "…", "note": "…"}}.
 */
record StatusChangeRequest(
        String operator, String id, Registry.Action action, RevocationReason reason, Instant effectiveAt, String note) {

    static StatusChangeRequest parse(Request r, Registry.Action action) {
        String operator = r.requireOperator();
        String id = r.path("id");
        JsonNode body = r.jsonBody();
        RevocationReason reason = StatusChangeFields.reason(body, action != Registry.Action.REINSTATE);
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
        return new StatusChangeRequest(operator, id, action, reason, effectiveAt, StatusChangeFields.note(body));
    }
}
