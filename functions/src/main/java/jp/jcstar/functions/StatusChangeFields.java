package jp.jcstar.functions;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import jp.jcstar.status.RevocationReason;

/** The reason and note of an operator's status change, read the same way by every route that takes them. */
final class StatusChangeFields {
    private StatusChangeFields() {}

    static final int MAX_NOTE = 1000;

    /** The body's {@code reason}: null when absent and not {@code required}. */
    static RevocationReason reason(JsonNode body, boolean required) {
        JsonNode rn = body.get("reason");
        if (rn == null || rn.isNull()) {
            if (required) throw Problem.badRequest("bad-reason", "a reason code is required");
            return null;
        }
        if (!rn.isTextual()) throw Problem.badRequest("bad-reason", "reason must be a reason code string");
        try {
            return RevocationReason.fromCode(rn.textValue());
        } catch (IllegalArgumentException e) {
            throw Problem.badRequest(
                    "bad-reason",
                    "reason must be one of "
                            + Arrays.stream(RevocationReason.values())
                                    .map(RevocationReason::code)
                                    .toList());
        }
    }

    /** The body's {@code note}, at most {@value #MAX_NOTE} characters, or null. */
    static String note(JsonNode body) {
        JsonNode nn = body.get("note");
        String note = nn == null || nn.isNull() ? null : nn.asText();
        if (note != null && note.length() > MAX_NOTE)
            throw Problem.badRequest("bad-note", "note may be at most " + MAX_NOTE + " characters");
        return note;
    }
}
