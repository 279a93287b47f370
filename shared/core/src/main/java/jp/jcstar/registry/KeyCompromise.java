package jp.jcstar.registry;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import jp.jcstar.log.KeyStatus;
import jp.jcstar.log.LogEntry;
import jp.jcstar.log.LogKey;
import jp.jcstar.log.LogVerificationException;
import jp.jcstar.log.NoteVerifier;
import jp.jcstar.signing.KeySet;
import jp.jcstar.store.BlobStore;
import jp.jcstar.store.LogStore;

/**
 * The use case "mark a signing key compromised as of T" (docs/transparency-log.md, "Key compromise"),
 * behind both {@code jcstar keys compromise} and {@code POST /v1/keys/{kid}/compromise}. It numbers and
 * publishes the log first ({@code publishLog}: every change committed so far gets its index and is in the
 * checkpoint), finds N — the number of leading entries of the log recorded before T, i.e. the largest tree
 * size all of whose entries were logged before T — and publishes the key-status document with the mark,
 * signed with the log key. The key stays in the JWKS: labels logged before T keep verifying. A key
 * already marked keeps its earlier mark ({@link KeyStatus#with}).
 */
public final class KeyCompromise {
    private static final int PAGE = 1000;

    private final KeySet keys;
    private final LogStore log;
    private final BlobStore blobs;
    private final LogKey logKey;
    private final Runnable publishLog;
    private final Clock clock;

    /**
     * @param publishLog sequences the store's pending entries and publishes the tiles and the checkpoint
     */
    public KeyCompromise(KeySet keys, LogStore log, BlobStore blobs, LogKey logKey, Runnable publishLog, Clock clock) {
        this.keys = Objects.requireNonNull(keys);
        this.log = Objects.requireNonNull(log);
        this.blobs = Objects.requireNonNull(blobs);
        this.logKey = Objects.requireNonNull(logKey);
        this.publishLog = Objects.requireNonNull(publishLog);
        this.clock = Objects.requireNonNull(clock);
    }

    /** A mark the operator may not set: an unknown key, or a time still to come. */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }

    /**
     * Marks {@code kid} compromised as of {@code since} and publishes the key-status document.
     *
     * @return the mark as published (the earlier one when the key was already marked before {@code since})
     * @throws Refused for a kid that is not in the JWKS or a time in the future
     */
    public KeyStatus.Compromise compromise(String kid, Instant since) {
        if (kid == null || keys.find(kid).isEmpty())
            throw new Refused("kid " + kid + " is not one of the operator's published keys");
        Instant now = clock.instant();
        if (since == null || since.isAfter(now))
            throw new Refused("the time of compromise must not lie in the future (now " + now + ")");
        publishLog.run();
        long n = sizeBefore(since);
        KeyStatus current = current().orElse(KeyStatus.empty(logKey.name(), now));
        KeyStatus next = current.with(new KeyStatus.Compromise(kid, since, n), now);
        blobs.put(KeyStatus.KEY, next.sign(logKey).getBytes(StandardCharsets.UTF_8), KeyStatus.CONTENT_TYPE);
        return next.find(kid).orElseThrow();
    }

    /** The document in place, verified with this log key; refuses to overwrite one it cannot read. */
    public Optional<KeyStatus> current() {
        Optional<BlobStore.Blob> b = blobs.get(KeyStatus.KEY);
        if (b.isEmpty()) return Optional.empty();
        try {
            return Optional.of(KeyStatus.open(
                    new NoteVerifier(logKey.verifierKey()), b.get().bytes()));
        } catch (LogVerificationException e) {
            throw new IllegalStateException(
                    "the published key-status document does not verify with the log key (" + e.getMessage()
                            + "): refusing to replace it and lose its marks",
                    e);
        }
    }

    /** The number of leading entries recorded strictly before {@code t}. */
    long sizeBefore(Instant t) {
        long size = log.logSize();
        for (long from = 0; from < size; ) {
            List<byte[]> page = log.logEntries(from, PAGE);
            if (page.isEmpty()) break;
            for (byte[] e : page) {
                if (!LogEntry.decode(e).recordedAt().isBefore(t)) return from;
                from++;
            }
        }
        return size;
    }
}
