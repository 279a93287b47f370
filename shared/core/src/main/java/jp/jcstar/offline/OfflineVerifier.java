package jp.jcstar.offline;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import jp.jcstar.label.LabelClaims;
import jp.jcstar.signing.KeySet;
import jp.jcstar.status.InvalidStatusListException;
import jp.jcstar.status.LabelState;
import jp.jcstar.status.StatusListToken;
import jp.jcstar.status.StatusRules;
import jp.jcstar.verify.LabelVerifier;
import jp.jcstar.verify.Verification;

/**
 * Verifies labels from a folder written by {@code jcstar sync} ({@link OfflineFolder}), without calling
 * the registry: the label's signature against the synced JWKS ({@link LabelVerifier}), its status in
 * the synced status list token (signature, {@code sub} = {@code <siteBase>/v1/status-lists/<n>},
 * checked by {@link StatusListToken#parse}), and its dates ({@link StatusRules}).
 *
 * <p>Rules, in order:
 * <ol>
 * <li>A label that fails verification is {@code invalid} with the exact reason; its claims are not shown.</li>
 * <li>No readable list for the label: {@code unknown} (never valid).</li>
 * <li>The list's {@code exp} has passed: {@code stale}, never valid — except {@code revoked}, which is
 *     final and stays revoked whatever a newer list says. The detail names the last known status.</li>
 * <li>Otherwise the status model's precedence: revoked, suspended, support-ended (list value 3 or the
 *     support end date passed), expired (validity end passed), valid.</li>
 * </ol>
 * Every answer that read a list carries its {@link Freshness}: how old the data is, and when to sync
 * again ({@code ttl}). The folder is read when first needed and then kept: open a new verifier after a
 * sync. Thread-safe.
 */
public final class OfflineVerifier {
    private final OfflineFolder folder;
    private final SyncState state;
    private final KeySet keys;
    private final LabelVerifier verifier;
    private final Clock clock;
    private final Map<Integer, StatusListToken> lists = new ConcurrentHashMap<>();
    private final Withdrawn withdrawn;

    /**
     * The synced key-status document and the log's issuances below its marks; {@code error} when the
     * document does not verify with the pinned log key (then no label is accepted: fail closed).
     */
    private record Withdrawn(jp.jcstar.log.KeyStatus status, Map<String, Long> issuances, String error) {}

    private OfflineVerifier(OfflineFolder folder, SyncState state, KeySet keys, Clock clock, Withdrawn withdrawn) {
        this.withdrawn = withdrawn;
        this.folder = folder;
        this.state = state;
        this.keys = keys;
        this.verifier = new LabelVerifier(keys);
        this.clock = clock;
    }

    /**
     * Opens a synced folder.
     *
     * @throws OfflineDataException if the folder was never synced or its JWKS / sync record is damaged
     */
    public static OfflineVerifier open(Path dir, Clock clock) throws OfflineDataException {
        Objects.requireNonNull(clock, "clock");
        OfflineFolder folder = new OfflineFolder(dir);
        SyncState state = folder.state()
                .orElseThrow(() -> new OfflineDataException(dir + " holds no synced data (no " + OfflineFolder.SYNC
                        + "): run 'jcstar sync " + dir + " --server URL' first"));
        byte[] jwks = OfflineFolder.read(folder.jwks())
                .orElseThrow(() -> new OfflineDataException(
                        dir + " has no " + OfflineFolder.JWKS + ": run 'jcstar sync " + dir + " --server URL' again"));
        KeySet keys;
        try {
            keys = KeySet.parse(new String(jwks, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new OfflineDataException(folder.jwks() + " is damaged: " + e.getMessage(), e);
        }
        if (keys.size() == 0) throw new OfflineDataException(folder.jwks() + " holds no keys");
        return new OfflineVerifier(folder, state, keys, clock, withdrawn(folder));
    }

    /** Reads the synced key status (docs/transparency-log.md, "Key compromise"). */
    private static Withdrawn withdrawn(OfflineFolder folder) throws OfflineDataException {
        Path dir = folder.dir();
        Optional<byte[]> doc = OfflineFolder.read(dir.resolve(OfflineFolder.KEY_STATUS));
        if (doc.isEmpty()) return new Withdrawn(null, Map.of(), null);
        jp.jcstar.log.KeyStatus status;
        try {
            byte[] key = OfflineFolder.read(dir.resolve(OfflineFolder.LOG_KEY))
                    .orElseThrow(() -> new IllegalArgumentException("no pinned log key"));
            status = jp.jcstar.log.KeyStatus.open(
                    new jp.jcstar.log.NoteVerifier(new String(key, StandardCharsets.UTF_8)), doc.get());
        } catch (jp.jcstar.log.LogVerificationException | IllegalArgumentException e) {
            return new Withdrawn(null, Map.of(), e.getMessage());
        }
        Map<String, Long> issuances = new java.util.HashMap<>();
        Optional<byte[]> list = OfflineFolder.read(dir.resolve(OfflineFolder.LOG_ISSUANCES));
        if (list.isPresent()) {
            for (String line : new String(list.get(), StandardCharsets.US_ASCII).split("\n")) {
                if (line.isEmpty()) continue;
                String[] f = line.split(" ", -1);
                if (f.length != 3 || !f[0].matches("0|[1-9][0-9]{0,18}"))
                    throw new OfflineDataException(dir.resolve(OfflineFolder.LOG_ISSUANCES) + " is damaged");
                issuances.put(f[1] + " " + f[2], Long.parseLong(f[0]));
            }
        }
        return new Withdrawn(status, issuances, null);
    }

    /** The index of the synced issuance entry of this label id and JWS, if sync stored one. */
    private java.util.OptionalLong synced(String labelId, String jws) {
        Long i = withdrawn.issuances().get(labelId + " " + issuanceKey(jws));
        return i == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(i);
    }

    /** How {@link OfflineFolder#LOG_ISSUANCES} names a JWS: base64url of its SHA-256, without padding. */
    public static String issuanceKey(String jws) {
        return jp.jcstar.signing.B64.encode(jp.jcstar.log.LogEntry.sha256(jws));
    }

    public SyncState state() {
        return state;
    }

    public KeySet keys() {
        return keys;
    }

    /** Verifies one label: a compact JWS or the text of its QR code. */
    public OfflineAnswer verify(String input) {
        Instant now = clock.instant();
        Verification v = verifier.verify(input);
        if (v instanceof Verification.Rejected rej) {
            return new OfflineAnswer(
                    false, OfflineStatus.INVALID, rej.reason().code(), rej.detail(), null, null, null, null);
        }
        var ok = (Verification.Verified) v;
        jp.jcstar.log.KeyStatusCheck.Decision key = withdrawn.error() != null
                ? jp.jcstar.log.KeyStatusCheck.unverified(withdrawn.error())
                : jp.jcstar.log.KeyStatusCheck.decide(
                        withdrawn.status(), ok.kid(), ok.claims().id(), ok.jws(), this::synced);
        if (!key.accepted()) {
            boolean compromised = jp.jcstar.log.KeyStatusCheck.KEY_COMPROMISED.equals(key.reason());
            return new OfflineAnswer(
                    false,
                    compromised ? OfflineStatus.INVALID : OfflineStatus.UNKNOWN,
                    key.reason(),
                    key.detail(),
                    null,
                    null,
                    null,
                    null);
        }
        LabelClaims c = ok.claims();
        int n = c.status().list();
        StatusListToken token;
        try {
            token = load(n, now);
        } catch (ListUnavailable e) {
            return new OfflineAnswer(false, OfflineStatus.UNKNOWN, e.reason, e.getMessage(), c, ok.kid(), null, null);
        }
        Freshness fresh = freshness(n, token, now);
        if (c.status().index() >= token.list().size()) {
            return new OfflineAnswer(
                    false,
                    OfflineStatus.UNKNOWN,
                    "status-index-outside-list",
                    "the label's status entry " + c.status().index() + " lies outside status list " + n + " ("
                            + token.list().size() + " entries)",
                    c,
                    ok.kid(),
                    null,
                    fresh);
        }
        LabelState listed = token.list().state(c.status().index());
        LabelState eff = StatusRules.effective(listed, c, now);
        if (fresh.expired() && eff != LabelState.REVOKED) {
            return new OfflineAnswer(
                    false,
                    OfflineStatus.STALE,
                    "status-list-expired",
                    "status list " + n + " expired at " + token.expiresAt() + " (signed " + token.issuedAt()
                            + ", last synced "
                            + Freshness.describe(fresh.age())
                            + " ago): it no longer says whether the label is valid. Last known status: "
                            + eff.code() + ". Sync again before relying on it.",
                    c,
                    ok.kid(),
                    listed,
                    fresh);
        }
        return switch (eff) {
            case VALID -> new OfflineAnswer(true, OfflineStatus.VALID, null, key.note(), c, ok.kid(), listed, fresh);
            case REVOKED ->
                new OfflineAnswer(
                        false,
                        OfflineStatus.REVOKED,
                        null,
                        "revoked by the operator (reason and date: GET /v1/labels/" + c.id() + ")",
                        c,
                        ok.kid(),
                        listed,
                        fresh);
            case SUSPENDED ->
                new OfflineAnswer(
                        false,
                        OfflineStatus.SUSPENDED,
                        null,
                        "suspended by the operator (reason and date: GET /v1/labels/" + c.id() + ")",
                        c,
                        ok.kid(),
                        listed,
                        fresh);
            case SUPPORT_ENDED ->
                new OfflineAnswer(
                        false,
                        OfflineStatus.SUPPORT_ENDED,
                        "support-ended",
                        "the security support period ended on " + c.supportEnd() + " (JST)",
                        c,
                        ok.kid(),
                        listed,
                        fresh);
            case EXPIRED ->
                new OfflineAnswer(
                        false,
                        OfflineStatus.EXPIRED,
                        "label-validity-ended",
                        "the label's validity ended at " + c.validUntil(),
                        c,
                        ok.kid(),
                        listed,
                        fresh);
            default -> throw new IllegalStateException("unexpected effective state " + eff);
        };
    }

    /** Verifies many labels; each list is read and checked once. */
    public List<OfflineAnswer> verifyAll(List<String> inputs) {
        return inputs.stream().map(this::verify).toList();
    }

    /** How old synced list {@code n} is, or empty if it is missing or does not verify. */
    public Optional<Freshness> freshness(int n) {
        Instant now = clock.instant();
        try {
            return Optional.of(freshness(n, load(n, now), now));
        } catch (ListUnavailable e) {
            return Optional.empty();
        }
    }

    private Freshness freshness(int n, StatusListToken t, Instant now) {
        SyncState.Entry e = state.lists().get(n);
        Instant checked = e == null ? t.issuedAt() : e.checkedAt();
        Duration age = Duration.between(checked, now);
        if (age.isNegative()) age = Duration.ZERO;
        Instant due = t.refreshAt(checked);
        return new Freshness(
                n, t.issuedAt(), t.expiresAt(), t.ttl(), checked, age, due, !now.isBefore(due), t.isExpired(now));
    }

    private StatusListToken load(int n, Instant now) throws ListUnavailable {
        StatusListToken cached = lists.get(n);
        if (cached != null) return cached;
        Path file = folder.list(n);
        byte[] raw;
        try {
            raw = OfflineFolder.read(file)
                    .orElseThrow(() -> new ListUnavailable(
                            "status-list-missing",
                            "status list " + n + " is not in " + folder.dir() + ": sync again (the list may be new)"));
        } catch (OfflineDataException e) {
            throw new ListUnavailable("status-list-missing", e.getMessage());
        }
        StatusListToken t;
        try {
            t = StatusListToken.parse(new String(raw, StandardCharsets.US_ASCII).strip(), keys, state.listUri(n), now);
        } catch (InvalidStatusListException e) {
            throw new ListUnavailable(
                    "status-list-invalid",
                    "the synced status list " + n + " does not verify ("
                            + e.reason().code() + ": " + e.getMessage() + "): sync again");
        }
        lists.put(n, t);
        return t;
    }

    private static final class ListUnavailable extends Exception {
        final String reason;

        ListUnavailable(String reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }
}
