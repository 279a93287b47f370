package jp.jcstar.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import jp.jcstar.status.RevocationReason;
import jp.jcstar.store.LabelQuery;

/**
 * {@code POST /v1/revocations} (operator): revoke every label of a model and/or vendor issued before a
 * time, e.g. {@code {"model": "SC-300", "vendor": "…", "issuedBefore": "2026-06-01T00:00:00Z",
 * "reason": "nonconformity"}}. At least a model or a vendor is required, so one call cannot revoke the
 * whole registry by accident.
 */
public class BulkRevokeHandler extends ApiHandler {
    /** Lambda's constructor; registers the SnapStart priming hook ({@link Priming}). */
    public BulkRevokeHandler() {
        this(Wiring.fromEnvironment());
        Priming.register(BulkRevokeHandler.class, () -> OperatorPriming.bulkRevoke(Wiring.fromEnvironment()));
    }

    public BulkRevokeHandler(Wiring wiring) {
        super(wiring.registry());
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Request r) {
        String operator = r.requireOperator();
        JsonNode b = r.jsonBody();
        String model = text(b, "model");
        String vendor = text(b, "vendor");
        if (model == null && vendor == null) throw Problem.badRequest("bad-request", "name a model or a vendor (or both)");
        Instant before = null;
        String ib = text(b, "issuedBefore");
        if (ib != null) {
            try {
                before = Instant.parse(ib);
            } catch (DateTimeParseException e) {
                throw Problem.badRequest("bad-time", "issuedBefore must be an ISO-8601 instant");
            }
        }
        String rc = text(b, "reason");
        if (rc == null) throw Problem.badRequest("bad-reason", "a reason code is required");
        RevocationReason reason;
        try {
            reason = RevocationReason.fromCode(rc);
        } catch (IllegalArgumentException e) {
            throw Problem.badRequest("bad-reason", e.getMessage());
        }
        String note = text(b, "note");
        if (note != null && note.length() > 1000) throw Problem.badRequest("bad-note", "note may be at most 1000 characters");
        var result = registry().revokeAll(new LabelQuery(vendor, model, null, null, null, null), before, reason, operator, note);
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        var rv = o.putArray("revoked");
        result.revoked().forEach(rv::add);
        var sk = o.putArray("alreadyRevoked");
        result.skipped().forEach(sk::add);
        return Response.json(200, o);
    }

    private static String text(JsonNode b, String name) {
        JsonNode v = b.get(name);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw Problem.badRequest("bad-request", name + " must be a string");
        return v.textValue().isBlank() ? null : v.textValue();
    }
}
