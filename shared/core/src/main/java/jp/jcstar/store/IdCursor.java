package jp.jcstar.store;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import jp.jcstar.label.LabelClaims;
import jp.jcstar.label.RejectedInputException;

/**
 * The search cursor both label store adapters use: the last label id of a page, base64url-encoded
 * behind a version tag, so it is opaque to clients and can change form later. Paging by id keeps
 * pages stable: a cursor stays meaningful however many labels are added in between.
 * Anything that does not decode to a well-formed label id is rejected. Thread-safe (stateless).
 */
public final class IdCursor {
    private IdCursor() {}

    private static final String TAG = "c1:";

    public static String encode(String lastLabelId) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((TAG + lastLabelId).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The label id after which the next page starts, or null for the first page.
     *
     * @throws RejectedInputException.BadRequest if {@code cursor} was not made by {@link #encode}
     */
    public static String decode(String cursor) {
        if (cursor == null) return null;
        String raw;
        try {
            raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new RejectedInputException.BadRequest("bad-cursor", "bad cursor");
        }
        if (!raw.startsWith(TAG)
                || !LabelClaims.ID.matcher(raw.substring(TAG.length())).matches()) {
            throw new RejectedInputException.BadRequest("bad-cursor", "bad cursor");
        }
        return raw.substring(TAG.length());
    }
}
