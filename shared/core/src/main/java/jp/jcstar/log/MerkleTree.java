package jp.jcstar.log;

import java.util.ArrayList;
import java.util.List;

/**
 * A Merkle tree kept in memory as its complete subtrees: level 0 holds every leaf hash, level {@code h}
 * the hash of every complete run of {@code 2^h} leaves — exactly what the tlog tiles publish.
 * Appending costs O(log n). Not thread-safe.
 */
public final class MerkleTree implements Merkle.Hashes {
    private final List<List<byte[]>> levels = new ArrayList<>();
    private long size;

    public MerkleTree() {
        levels.add(new ArrayList<>());
    }

    /** Appends the entry {@code bytes} (hashed as a leaf); returns its index. */
    public long appendEntry(byte[] bytes) {
        return appendLeafHash(Merkle.leafHash(bytes));
    }

    public long appendLeafHash(byte[] leaf) {
        if (leaf.length != Merkle.HASH) throw new IllegalArgumentException("a leaf hash is 32 bytes");
        long index = size;
        levels.getFirst().add(leaf.clone());
        size++;
        byte[] h = leaf;
        for (int level = 0; levels.get(level).size() % 2 == 0; level++) {
            List<byte[]> here = levels.get(level);
            h = Merkle.nodeHash(here.get(here.size() - 2), h);
            if (levels.size() == level + 1) levels.add(new ArrayList<>());
            levels.get(level + 1).add(h);
        }
        return index;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public byte[] perfect(int level, long index) {
        if (level >= levels.size() || index < 0 || index >= levels.get(level).size()) {
            throw new IllegalArgumentException("no complete subtree at level " + level + ", index " + index);
        }
        return levels.get(level).get((int) index).clone();
    }

    /** How many complete subtrees of {@code 2^level} leaves the tree has. */
    public long width(int level) {
        return level < levels.size() ? levels.get(level).size() : 0;
    }

    public byte[] root() {
        return Merkle.root(this, size);
    }
}
