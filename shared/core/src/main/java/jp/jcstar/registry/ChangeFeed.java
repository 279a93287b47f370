package jp.jcstar.registry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import jp.jcstar.label.RejectedInputException;
import jp.jcstar.label.Text;
import jp.jcstar.status.StatusChange;
import jp.jcstar.store.ChangeEntry;
import jp.jcstar.store.LabelStore;
import jp.jcstar.store.Page;

/**
 * The change feed ({@code GET /v1/changes}): every status change of every label, oldest first, in the
 * store's commit order ({@link LabelStore#changes}), optionally only those of labels whose vendor contains
 * {@code vendor} and one of whose model designations starts with {@code model}, compared as search keys
 * ({@link Text#searchKey}, docs/search.md) — the search's rules.
 *
 * <p>The cursor is opaque: the store's position, a fingerprint of the filters it was made for and a
 * checksum over both, base64url. A cursor that does not decode, whose checksum does not match (edited),
 * or that was made for other filters is refused ({@link BadCursorException}); it is not a secret, and a
 * forged one can only point into the same public feed. A filtered read examines at most
 * {@link #SCAN} changes per call, so a page may hold fewer entries than asked (even none) while
 * {@code more} says to go on. Thread-safe (stateless over a thread-safe store).
 */
public final class ChangeFeed {
    /** Changes a filtered read examines at most per call. */
    public static final int SCAN = 1000;

    private static final String TAG = "cf1";

    private final LabelStore store;

    public ChangeFeed(LabelStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** A read of the feed: after {@code cursor} (null: from the start), at most {@code limit} entries. */
    public record Query(String cursor, String vendor, String model, int limit) {
        public Query {
            vendor = vendor == null || vendor.isBlank() ? null : vendor;
            model = model == null || model.isBlank() ? null : model;
            if (limit < 1 || limit > 1000) throw new IllegalArgumentException("limit must be 1..1000");
        }
    }

    /**
     * One page: the entries, the cursor to continue from (always given: at the end it is where the next
     * poll starts; it equals the cursor given when nothing was new) and whether more entries are known to follow.
     */
    public record Result(List<StatusChange> items, String next, boolean more) {
        public Result {
            items = List.copyOf(items);
        }
    }

    /** The cursor was not made by this feed for these filters. */
    public static final class BadCursorException extends RejectedInputException.BadRequest {
        public BadCursorException(String message) {
            super("bad-cursor", message);
        }
    }

    public Result read(Query q) {
        String fingerprint = fingerprint(q.vendor(), q.model());
        String position = q.cursor() == null ? null : decode(q.cursor(), fingerprint);
        boolean filtered = q.vendor() != null || q.model() != null;
        String vendorKey = q.vendor() == null ? null : Text.searchKey(q.vendor());
        String modelKey = q.model() == null ? null : Text.searchKey(q.model());
        List<StatusChange> out = new ArrayList<>();
        int examined = 0;
        boolean more;
        while (true) {
            int want = filtered ? Math.min(SCAN - examined, 1000) : q.limit() - out.size();
            Page<ChangeEntry> page;
            try {
                page = store.changes(position, Math.max(1, want));
            } catch (IllegalArgumentException e) {
                throw new BadCursorException("cursor is not one this feed gave out");
            }
            more = page.next() != null;
            for (ChangeEntry e : page.items()) {
                examined++;
                position = e.position();
                if (!filtered || matches(e, vendorKey, modelKey)) out.add(e.change());
                if (out.size() == q.limit()) {
                    more = more || e != page.items().getLast();
                    return new Result(out, encode(position, fingerprint), more);
                }
            }
            if (!more || examined >= SCAN || !filtered) break;
        }
        return new Result(out, position == null ? null : encode(position, fingerprint), more);
    }

    private static boolean matches(ChangeEntry e, String vendorKey, String modelKey) {
        if (vendorKey != null && !Text.searchKey(e.vendor()).contains(vendorKey)) return false;
        return modelKey == null
                || e.models().stream().anyMatch(m -> Text.searchKey(m).startsWith(modelKey));
    }

    static String fingerprint(String vendor, String model) {
        String v = vendor == null ? "" : Text.searchKey(vendor);
        String m = model == null ? "" : Text.searchKey(model);
        return sha256Hex("v=" + v + "\u0000m=" + m).substring(0, 16);
    }

    /**
     * The cursor of the unfiltered feed at this store position: {@code GET /v1/changes?after=} it lists the
     * changes after that one (webhook deliveries carry it, so a receiver can catch up from the feed).
     */
    public static String cursorAt(String position) {
        return encode(position, fingerprint(null, null));
    }

    static String encode(String position, String fingerprint) {
        String body = TAG + "|" + position + "|" + fingerprint;
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((body + "|" + sha256Hex(body).substring(0, 16)).getBytes(StandardCharsets.UTF_8));
    }

    static String decode(String cursor, String fingerprint) {
        String raw;
        try {
            raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadCursorException("cursor is not one this feed gave out");
        }
        String[] parts = raw.split("\\|", -1);
        if (parts.length != 4 || !TAG.equals(parts[0]))
            throw new BadCursorException("cursor is not one this feed gave out");
        String body = parts[0] + "|" + parts[1] + "|" + parts[2];
        if (!MessageDigest.isEqual(
                sha256Hex(body).substring(0, 16).getBytes(StandardCharsets.US_ASCII),
                parts[3].getBytes(StandardCharsets.US_ASCII))) {
            throw new BadCursorException("cursor was altered");
        }
        if (!parts[2].equals(fingerprint))
            throw new BadCursorException("cursor was made for other vendor/model filters");
        return parts[1];
    }

    private static String sha256Hex(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
