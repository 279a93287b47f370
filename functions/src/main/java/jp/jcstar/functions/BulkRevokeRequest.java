package jp.jcstar.functions;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import jp.jcstar.registry.BulkRevocation;
import jp.jcstar.status.RevocationReason;

/** {@code POST /v1/revocations}, parsed: a {@link Preview} without {@code confirmation}, else a {@link Revoke}. */
sealed interface BulkRevokeRequest {
    /** The labels to list, and the limit above which the preview is refused. */
    record Preview(BulkRevocation.Match match, int limit) implements BulkRevokeRequest {}

    /** The labels a preview listed, its token, and the revocation's reason and note. */
    record Revoke(List<String> ids, String confirmation, RevocationReason reason, String note)
            implements BulkRevokeRequest {}

    static BulkRevokeRequest parse(JsonNode b) {
        return b.has("confirmation") ? revoke(b) : preview(b);
    }

    private static Preview preview(JsonNode b) {
        String model = text(b, "model");
        String vendor = text(b, "vendor");
        if (model == null && vendor == null)
            throw Problem.badRequest("bad-request", "name a model or a vendor (or both)");
        Instant before = null;
        String ib = text(b, "issuedBefore");
        if (ib != null) {
            try {
                before = Instant.parse(ib);
            } catch (DateTimeParseException e) {
                throw Problem.badRequest("bad-time", "issuedBefore must be an ISO-8601 instant");
            }
        }
        // a bad reason is reported now, not after the operator confirmed
        if (text(b, "reason") != null) StatusChangeFields.reason(b, true);
        int limit = BulkRevocation.DEFAULT_LIMIT;
        JsonNode l = b.get("limit");
        if (l != null && !l.isNull()) {
            if (!l.canConvertToInt()
                    || !l.isIntegralNumber()
                    || l.intValue() < 1
                    || l.intValue() > BulkRevocation.MAX_LIMIT) {
                throw Problem.badRequest("bad-limit", "limit must be a whole number 1–" + BulkRevocation.MAX_LIMIT);
            }
            limit = l.intValue();
        }
        return new Preview(new BulkRevocation.Match(model, vendor, before), limit);
    }

    private static Revoke revoke(JsonNode b) {
        String confirmation = text(b, "confirmation");
        if (confirmation == null || confirmation.length() > 200)
            throw Problem.badRequest("bad-confirmation", "confirmation must be the token of a preview");
        JsonNode ls = b.get("labels");
        if (ls == null || !ls.isArray())
            throw Problem.badRequest("bad-request", "labels must be the array of label ids the preview listed");
        if (ls.size() > BulkRevocation.MAX_LIMIT)
            throw Problem.badRequest("bad-request", "at most " + BulkRevocation.MAX_LIMIT + " labels");
        List<String> ids = new ArrayList<>();
        for (JsonNode id : ls) {
            if (!id.isTextual()) throw Problem.badRequest("bad-request", "labels must be label ids");
            ids.add(id.textValue());
        }
        if (text(b, "reason") == null) throw Problem.badRequest("bad-reason", "a reason code is required");
        RevocationReason reason = StatusChangeFields.reason(b, true);
        return new Revoke(ids, confirmation, reason, StatusChangeFields.note(b));
    }

    /** A string member, null when absent, null or blank. */
    private static String text(JsonNode b, String name) {
        JsonNode v = b.get(name);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw Problem.badRequest("bad-request", name + " must be a string");
        return v.textValue().isBlank() ? null : v.textValue();
    }
}
