package jp.jcstar.registry;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import jp.jcstar.label.LabelClaims;
import jp.jcstar.label.RejectedInputException;
import jp.jcstar.label.Text;
import jp.jcstar.status.LabelState;
import jp.jcstar.status.RevocationReason;
import jp.jcstar.store.LabelQuery;
import jp.jcstar.store.LabelRecord;
import jp.jcstar.store.Page;

/**
 * Bulk revocation in two steps, so that it cannot reach further than the operator saw. Revocation is
 * final, and a search's prefix and substring matching is far too loose for it.
 *
 * <ol>
 *   <li>{@link #preview}: the labels whose vendor and/or one of whose model designations <em>equal</em>
 *       the given ones, compared as {@link #matchKey} (NFKC, lower case, outer spaces stripped, inner runs
 *       of white space as one space — the search key of {@link Text#searchKey}, but equal, never prefix
 *       or substring), optionally only those issued before a time. Nothing changes. The answer lists
 *       them and carries a confirmation token bound to exactly that set of label ids, valid for
 *       {@link #TOKEN_LIFETIME}. A match larger than the limit (default {@link #DEFAULT_LIMIT}, at most
 *       {@link #MAX_LIMIT}) is refused unless the operator raises the limit.</li>
 *   <li>{@link #revoke}: the ids and the token; exactly those labels are revoked, once the token proves
 *       they are the previewed set and it has not expired.</li>
 * </ol>
 *
 * <p>The token is {@code <expiry epoch seconds>.<base64url HMAC-SHA256(secret, "jcstar-bulk-revocation-v1\n"
 * + expiry + "\n" + sorted ids joined by ",")>}. The secret is the server's own (never in the repository:
 * given by the deployment or drawn at start-up). Thread-safe.
 */
public final class BulkRevocation {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 10_000;
    public static final Duration TOKEN_LIFETIME = Duration.ofMinutes(10);
    private static final String DOMAIN = "jcstar-bulk-revocation-v1\n";

    private final Registry registry;
    private final byte[] secret;

    /** @param secret at least 32 bytes known only to this server (its instances) */
    public BulkRevocation(Registry registry, byte[] secret) {
        this.registry = Objects.requireNonNull(registry, "registry");
        if (secret == null || secret.length < 32)
            throw new IllegalStateException("the confirmation secret must be at least 32 bytes");
        this.secret = secret.clone();
    }

    /** What the operator asks to match. At least a model or a vendor. */
    public record Match(String model, String vendor, Instant issuedBefore) {
        public Match {
            model = model == null || model.isBlank() ? null : model;
            vendor = vendor == null || vendor.isBlank() ? null : vendor;
            if (model == null && vendor == null)
                throw new RejectedInputException.BadRequest("bad-request", "name a model or a vendor (or both)");
        }

        boolean matches(LabelClaims c) {
            if (vendor != null && !matchKey(c.vendor()).equals(matchKey(vendor))) return false;
            if (model != null && c.models().stream().noneMatch(m -> matchKey(m).equals(matchKey(model)))) return false;
            return issuedBefore == null || c.issuedAt().isBefore(issuedBefore);
        }
    }

    /** One label of a preview, with what the operator needs to recognise it. */
    public record Previewed(
            String id, String vendor, List<String> models, String product, Instant issuedAt, LabelState status) {}

    /**
     * @param toRevoke        the labels the confirmation covers, in id order
     * @param alreadyRevoked  matching labels already revoked (left alone)
     * @param confirmation    the token for {@link #revoke}
     * @param expiresAt       when the token stops being accepted
     */
    public record Preview(
            List<Previewed> toRevoke, List<String> alreadyRevoked, String confirmation, Instant expiresAt) {}

    /** The preview's match is larger than the limit the operator set. */
    public static final class TooManyException extends RejectedInputException.BadRequest {
        TooManyException(String message) {
            super("preview-too-large", message);
        }
    }

    /** The token is not one this server made for these ids, or it has expired. */
    public static final class ConfirmationRefusedException extends RejectedInputException.Conflict {
        ConfirmationRefusedException(String message) {
            super("confirmation-refused", message);
        }
    }

    /** The normalisation both sides of an exact match go through (documented above and in the API). */
    public static String matchKey(String s) {
        return Text.searchKey(s);
    }

    public Preview preview(Match match, int limit) {
        Objects.requireNonNull(match, "match");
        if (limit < 1 || limit > MAX_LIMIT) throw new IllegalArgumentException("limit must be 1–" + MAX_LIMIT);
        // the store's search is looser (prefix, substring): a superset, narrowed here to exact matches
        LabelQuery candidates = new LabelQuery(match.vendor(), match.model(), null, null, null, null);
        List<Previewed> toRevoke = new ArrayList<>();
        List<String> already = new ArrayList<>();
        String cursor = null;
        do {
            Page<LabelRecord> page = registry.store().search(candidates, cursor, 500);
            for (LabelRecord r : page.items()) {
                if (!match.matches(r.claims())) continue;
                if (r.state() == LabelState.REVOKED) {
                    already.add(r.id());
                    continue;
                }
                LabelView v = registry.view(r);
                toRevoke.add(new Previewed(
                        r.id(),
                        r.claims().vendor(),
                        r.claims().models(),
                        r.claims().product(),
                        r.claims().issuedAt(),
                        v.status()));
                if (toRevoke.size() > limit) {
                    throw new TooManyException("more than " + limit
                            + " labels match; narrow the match (model, vendor, issuedBefore) or raise the limit"
                            + (limit < MAX_LIMIT ? " (at most " + MAX_LIMIT + ")" : ""));
                }
            }
            cursor = page.next();
        } while (cursor != null);
        toRevoke.sort((a, b) -> a.id().compareTo(b.id()));
        already.sort(null);
        Instant expires =
                registry.clock().instant().plus(TOKEN_LIFETIME).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        return new Preview(
                List.copyOf(toRevoke),
                List.copyOf(already),
                token(toRevoke.stream().map(Previewed::id).toList(), expires),
                expires);
    }

    /**
     * Revokes exactly {@code ids}, which must be the set a {@link #preview} confirmed with {@code confirmation}
     * (any order), before it expired. Labels revoked meanwhile are reported as already revoked.
     */
    public Registry.BulkResult revoke(
            List<String> ids, String confirmation, RevocationReason reason, String actor, String note) {
        Objects.requireNonNull(ids, "ids");
        if (confirmation == null || confirmation.isBlank())
            throw new ConfirmationRefusedException("a confirmation token from the preview is required");
        for (String id : ids) {
            if (id == null || !LabelClaims.ID.matcher(id).matches())
                throw new RejectedInputException.BadRequest("bad-request", "labels must be label ids");
        }
        int dot = confirmation.indexOf('.');
        Instant expires;
        try {
            if (dot < 1 || dot > 12) throw new NumberFormatException();
            expires = Instant.ofEpochSecond(Long.parseLong(confirmation.substring(0, dot)));
        } catch (NumberFormatException | java.time.DateTimeException e) {
            throw new ConfirmationRefusedException("the confirmation token is not one this server made");
        }
        List<String> sorted = new ArrayList<>(new TreeSet<>(ids));
        if (sorted.size() != ids.size())
            throw new RejectedInputException.BadRequest("bad-request", "labels must be distinct");
        byte[] expected = token(sorted, expires).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, confirmation.getBytes(StandardCharsets.US_ASCII))) {
            throw new ConfirmationRefusedException(
                    "the confirmation token does not cover exactly these labels; preview again");
        }
        if (!registry.clock().instant().isBefore(expires)) {
            throw new ConfirmationRefusedException("the confirmation token expired at " + expires + "; preview again");
        }
        return registry.revokeEach(sorted, reason, actor, note);
    }

    private String token(List<String> sortedIds, Instant expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] tag = mac.doFinal((DOMAIN + expires.getEpochSecond() + "\n" + String.join(",", sortedIds))
                    .getBytes(StandardCharsets.US_ASCII));
            return expires.getEpochSecond() + "."
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
