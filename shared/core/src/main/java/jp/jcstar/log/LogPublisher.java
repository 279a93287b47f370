package jp.jcstar.log;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import jp.jcstar.store.BlobStore;
import jp.jcstar.store.LogStore;

/**
 * Publishes the transparency log as static files: the new tiles and entry bundles, then the signed
 * checkpoint ({@link Tiles#CHECKPOINT}) and the log's verifier key ({@link #KEY}). Keeps the tree in
 * memory, read from the store once and then extended with the entries committed since (one read of the
 * new entries per publication). A checkpoint is written after its tiles, so every published checkpoint
 * can be proved from the files, and never over a larger one: it re-reads after writing and writes
 * again while a smaller checkpoint (another instance, slower) is in place. Thread-safe.
 */
public final class LogPublisher {
    /** The log's verifier key, beside the JWKS. */
    public static final String KEY = ".well-known/jcstar-log-key";

    private static final int PAGE = 1000;

    private final LogStore store;
    private final BlobStore blobs;
    private final LogKey key;
    private final MerkleTree tree = new MerkleTree();
    private final List<byte[]> tail = new ArrayList<>(); // entries of the last, partial bundle
    private long tailStart;
    private long written = -1; // the size whose tiles are in the files (-1: not yet read)
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicBoolean wanted = new AtomicBoolean();

    public LogPublisher(LogStore store, BlobStore blobs, LogKey key) {
        this.store = store;
        this.blobs = blobs;
        this.key = key;
    }

    public String origin() {
        return key.name();
    }

    public void publishKey() {
        blobs.put(KEY, (key.verifierKey() + "\n").getBytes(StandardCharsets.UTF_8), Tiles.CHECKPOINT_TYPE);
    }

    /**
     * Numbers the store's pending entries ({@link LogStore#sequenceLog}: this publisher is the log's
     * sequencer) and brings the published log up to the new size; returns the checkpoint in place.
     */
    public Checkpoint publish() {
        lock.lock();
        try {
            return publishNow();
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@link #publish} after a change, from any number of threads at once: while one publishes, the others
     * only mark that there is more, and it publishes once more before it lets go (its sequencing then
     * covers their entries), so parallel changes never queue behind one another here.
     */
    public void publishAfterChange() {
        wanted.set(true);
        while (wanted.get() && lock.tryLock()) {
            try {
                wanted.set(false);
                publishNow();
            } finally {
                lock.unlock();
            }
        }
    }

    private Checkpoint publishNow() {
        store.sequenceLog();
        if (written < 0) {
            // first publication of this instance: the files hold the tiles of the checkpoint in place
            // (they are written before it), so only what grew since is written
            publishKey();
            written = publishedSize();
        }
        for (List<byte[]> page; !(page = store.logEntries(tree.size(), PAGE)).isEmpty(); ) {
            for (byte[] e : page) {
                LogEntry.decode(e); // the store keeps only what it was given: refuse to publish anything else
                tree.appendEntry(e);
                tail.add(e);
            }
        }
        // from the last size whose tiles are known written: a failed publication is completed by the next
        TileWriter.write(blobs, tree, Math.min(written, tree.size()), tailStart, tail);
        Checkpoint c = new Checkpoint(key.name(), tree.size(), tree.root());
        for (int attempt = 0; attempt < 5; attempt++) {
            long there = publishedSize();
            if (there >= c.size()) break;
            blobs.put(Tiles.CHECKPOINT, key.sign(c).getBytes(StandardCharsets.UTF_8), Tiles.CHECKPOINT_TYPE);
        }
        written = c.size();
        long keep = written / Tiles.WIDTH * Tiles.WIDTH; // the entries of the last, partial bundle stay
        if (keep > tailStart) {
            tail.subList(0, (int) (keep - tailStart)).clear();
            tailStart = keep;
        }
        return c;
    }

    /** The size of the checkpoint in the files (this log's, signed by its key), 0 when there is none. */
    private long publishedSize() {
        Optional<BlobStore.Blob> b = blobs.get(Tiles.CHECKPOINT);
        if (b.isEmpty()) return 0;
        try {
            return new NoteVerifier(key.verifierKey())
                    .open(new String(b.get().bytes(), StandardCharsets.UTF_8))
                    .size();
        } catch (LogVerificationException e) {
            return 0; // not ours (a new key, damaged file): replace it
        }
    }

    /** The tree as published, in memory (tests, proofs for the API). */
    public MerkleTree tree() {
        lock.lock();
        try {
            return tree;
        } finally {
            lock.unlock();
        }
    }
}
