package jp.jcstar.registry;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import jp.jcstar.log.Checkpoint;
import jp.jcstar.log.KeyStatus;
import jp.jcstar.log.KeyStatusCheck;
import jp.jcstar.log.LogFollower;
import jp.jcstar.log.LogPublisher;
import jp.jcstar.log.LogVerificationException;
import jp.jcstar.log.NoteVerifier;
import jp.jcstar.store.BlobStore;
import jp.jcstar.store.LogStore;

/**
 * The API's {@link KeyWithdrawals}: the key-status document as published among the public files
 * ({@link KeyStatus#KEY}), verified with the log key published beside it, and the proof of a label's
 * issuance from the published log: the label's first index in the store's log ({@link LogStore#logIndexes}),
 * its entry from the entry bundle and its inclusion proof from the tiles, verified against the signed
 * checkpoint — the same files and checks as the site and {@code jcstar sync}. No document: nothing is
 * withdrawn. A document that does not verify: every label is refused ({@link KeyStatusCheck#unverified}).
 * The document is read again at most every {@link #REFRESH} (or at once after {@link #refresh}). Thread-safe.
 */
public final class PublishedKeyStatus implements KeyWithdrawals {
    /** As long as a browser may keep the document (the JWKS's 60 s). */
    public static final Duration REFRESH = Duration.ofSeconds(60);

    private final BlobStore blobs;
    private final LogStore log;
    private final Clock clock;

    private record Loaded(Instant at, KeyStatus status, String error) {}

    private volatile Loaded loaded;

    /** @param log the store's log, or null for a store without one (then no withdrawn key's label passes) */
    public PublishedKeyStatus(BlobStore blobs, LogStore log, Clock clock) {
        this.blobs = blobs;
        this.log = log;
        this.clock = clock;
    }

    /** Forgets the document read, so the next verification reads the published one (after a compromise). */
    public void refresh() {
        loaded = null;
    }

    private Loaded load() {
        Loaded l = loaded;
        Instant now = clock.instant();
        if (l != null && !now.isAfter(l.at().plus(REFRESH)) && !now.isBefore(l.at())) return l;
        Optional<BlobStore.Blob> doc = blobs.get(KeyStatus.KEY);
        if (doc.isEmpty()) l = new Loaded(now, null, null);
        else {
            try {
                NoteVerifier key = logKey();
                l = new Loaded(now, KeyStatus.open(key, doc.get().bytes()), null);
            } catch (LogVerificationException | IllegalArgumentException e) {
                l = new Loaded(now, null, e.getMessage());
            }
        }
        loaded = l;
        return l;
    }

    private NoteVerifier logKey() {
        byte[] k = blobs.get(LogPublisher.KEY)
                .orElseThrow(() -> new LogVerificationException("no log key is published"))
                .bytes();
        return new NoteVerifier(new String(k, StandardCharsets.UTF_8));
    }

    @Override
    public KeyStatusCheck.Decision decide(String kid, String labelId, String jws) {
        Loaded l = load();
        if (l.error() != null) return KeyStatusCheck.unverified(l.error());
        return KeyStatusCheck.decide(l.status(), kid, labelId, jws, this::proven);
    }

    private OptionalLong proven(String labelId, String jws) {
        if (log == null) throw new LogVerificationException("this registry keeps no log");
        List<Long> indexes = log.logIndexes(labelId);
        if (indexes.isEmpty()) return OptionalLong.empty();
        LogFollower follower = new LogFollower(logKey(), p -> blobs.get(p).map(BlobStore.Blob::bytes));
        Checkpoint c = follower.latest();
        long first = indexes.getFirst();
        follower.provenIssuance(c, first, labelId, jws);
        return OptionalLong.of(first);
    }
}
