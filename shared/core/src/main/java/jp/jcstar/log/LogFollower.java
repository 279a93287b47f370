package jp.jcstar.log;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A verifier's view of the published log: reads the signed checkpoint and the tiles through
 * {@code fetch} (a path below the public files' root → its bytes), and proves from them — against the
 * signed roots only — that a newer checkpoint extends an older one, that a leaf is in the tree, and that
 * the entry bundles are the log's entries. Refuses a fork (same size, another root), a shrinking tree
 * and a checkpoint of another key or origin.
 */
public final class LogFollower {
    private final NoteVerifier verifier;
    private final Function<String, Optional<byte[]>> fetch;

    public LogFollower(NoteVerifier verifier, Function<String, Optional<byte[]>> fetch) {
        this.verifier = verifier;
        this.fetch = fetch;
    }

    /** The signed note in place, as text, or empty when the log has none yet. */
    public Optional<String> note() {
        return fetch.apply(Tiles.CHECKPOINT).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /** The current checkpoint, its signature verified. */
    public Checkpoint latest() {
        return verifier.open(note().orElseThrow(() -> new LogVerificationException("the log has no checkpoint")));
    }

    /**
     * Proves that {@code newer} extends {@code older} with a consistency proof computed from the tiles
     * of {@code newer}; throws {@link LogVerificationException} otherwise.
     */
    public void checkConsistent(Checkpoint older, Checkpoint newer) {
        if (!older.origin().equals(newer.origin()))
            throw new LogVerificationException("the checkpoints are of two logs");
        if (newer.size() < older.size()) {
            throw new LogVerificationException(
                    "the log shrank from " + older.size() + " to " + newer.size() + " entries (rollback refused)");
        }
        if (newer.size() == older.size()) {
            if (!java.security.MessageDigest.isEqual(newer.root(), older.root())) {
                throw new LogVerificationException(
                        "two trees of " + newer.size() + " entries with different roots (fork refused)");
            }
            return;
        }
        List<byte[]> proof;
        try {
            proof = Merkle.consistencyProof(new TileHashes(fetch, newer.size()), older.size(), newer.size());
        } catch (IllegalArgumentException e) {
            throw new LogVerificationException("the tiles do not hold a tree of " + newer.size());
        }
        if (!Merkle.verifyConsistency(older.size(), newer.size(), older.root(), newer.root(), proof)) {
            throw new LogVerificationException("the log of " + newer.size() + " entries does not extend the one of "
                    + older.size() + " this verifier saw (fork refused)");
        }
    }

    /** The inclusion proof of leaf {@code index} in {@code c}, from the tiles, verified; throws if it does not verify. */
    public List<byte[]> proveInclusion(Checkpoint c, long index, byte[] leafHash) {
        List<byte[]> proof;
        try {
            proof = Merkle.inclusionProof(new TileHashes(fetch, c.size()), index, c.size());
        } catch (IllegalArgumentException e) {
            throw new LogVerificationException("entry " + index + " is not in the log of " + c.size());
        }
        if (!Merkle.verifyInclusion(index, c.size(), leafHash, proof, c.root())) {
            throw new LogVerificationException("entry " + index + " is not in the signed tree of " + c.size());
        }
        return proof;
    }

    /**
     * Proves that entry {@code index} of {@code c} is the issuance of {@code labelId} naming {@code jws}: reads
     * the entry from its bundle and verifies its inclusion proof (from the tiles) against the signed root.
     * Throws {@link LogVerificationException} when the entry is another, or the proof does not hold.
     */
    public LogEntry provenIssuance(Checkpoint c, long index, String labelId, String jws) {
        if (index < 0 || index >= c.size())
            throw new LogVerificationException("entry " + index + " is not in the log of " + c.size());
        long n = index / Tiles.WIDTH;
        int w = Tiles.width(c.size(), n);
        List<byte[]> bundle = fetch.apply(Tiles.entries(n, w))
                .or(() -> w < Tiles.WIDTH ? fetch.apply(Tiles.entries(n, Tiles.WIDTH)) : Optional.empty())
                .map(Tiles::unbundle)
                .orElseThrow(() -> new LogVerificationException("the entry bundle of entry " + index + " is missing"));
        int at = (int) (index % Tiles.WIDTH);
        if (bundle.size() <= at) throw new LogVerificationException("the entry bundle lacks entry " + index);
        byte[] raw = bundle.get(at);
        LogEntry e;
        try {
            e = LogEntry.decode(raw);
        } catch (IllegalArgumentException x) {
            throw new LogVerificationException("entry " + index + " is not a log entry: " + x.getMessage());
        }
        if (e.kind() != LogEntry.Kind.ISSUANCE || !e.labelId().equals(labelId) || !e.names(jws))
            throw new LogVerificationException("entry " + index + " is not the issuance of this label");
        proveInclusion(c, index, Merkle.leafHash(raw));
        return e;
    }

    /** Receives the entries of a checkpoint in order; {@link #entries} calls it once per bundle. */
    public interface Progress {
        void bundle(long entriesSoFar, long total);
    }

    /**
     * Every entry of {@code c}, from the entry bundles, checked: their tree's root must be the signed root.
     */
    public List<byte[]> entries(Checkpoint c, Progress progress) {
        List<byte[]> out = new ArrayList<>();
        MerkleTree tree = new MerkleTree();
        for (long n = 0; n * Tiles.WIDTH < c.size(); n++) {
            int w = Tiles.width(c.size(), n);
            String path = Tiles.entries(n, w);
            Optional<byte[]> b = fetch.apply(path);
            List<byte[]> got;
            if (b.isPresent()) got = Tiles.unbundle(b.get());
            else if (w < Tiles.WIDTH)
                got = fetch.apply(Tiles.entries(n, Tiles.WIDTH))
                        .map(Tiles::unbundle)
                        .map(l -> l.size() >= w ? l.subList(0, w) : l)
                        .orElseThrow(() -> new LogVerificationException("entry bundle " + path + " is missing"));
            else throw new LogVerificationException("entry bundle " + path + " is missing");
            if (got.size() != w)
                throw new LogVerificationException(
                        "entry bundle " + path + " holds " + got.size() + " entries, not " + w);
            for (byte[] e : got) {
                tree.appendEntry(e);
                out.add(e);
            }
            if (progress != null) progress.bundle(out.size(), c.size());
        }
        if (!java.security.MessageDigest.isEqual(tree.root(), c.root())) {
            throw new LogVerificationException("the entry bundles do not hash to the signed root of " + c.size());
        }
        return out;
    }
}
