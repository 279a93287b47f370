package jp.jcstar.log;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
    private long published = -1;

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

    /** Brings the published log up to the store's current size; returns the checkpoint in place. */
    public synchronized Checkpoint publish() {
        long before = tree.size();
        if (published < 0) {
            // first publication of this instance: the files hold the tiles of the checkpoint in place
            // (they are written before it), so only what grew since is written
            publishKey();
            published = publishedSize();
        }
        for (List<byte[]> page; !(page = store.logEntries(tree.size(), PAGE)).isEmpty(); ) {
            for (byte[] e : page) {
                LogEntry.decode(e); // the store keeps only what it was given: refuse to publish anything else
                tree.appendEntry(e);
                tail.add(e);
            }
        }
        long from = before == 0 ? Math.min(published, tree.size()) : before;
        TileWriter.write(blobs, tree, from, tailStart, tail);
        Checkpoint c = new Checkpoint(key.name(), tree.size(), tree.root());
        for (int attempt = 0; attempt < 5; attempt++) {
            long there = publishedSize();
            if (there >= c.size()) break;
            blobs.put(Tiles.CHECKPOINT, key.sign(c).getBytes(StandardCharsets.UTF_8), Tiles.CHECKPOINT_TYPE);
        }
        published = Math.max(published, c.size());
        long keep = tree.size() / Tiles.WIDTH * Tiles.WIDTH;
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
            return new NoteVerifier(key.verifierKey()).open(new String(b.get().bytes(), StandardCharsets.UTF_8)).size();
        } catch (LogVerificationException e) {
            return 0; // not ours (a new key, damaged file): replace it
        }
    }

    /** The tree as published, in memory (tests, proofs for the API). */
    public synchronized MerkleTree tree() {
        return tree;
    }
}
