package jp.jcstar.log;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 9162 (Certificate Transparency v2) Merkle tree hashing and proofs, §2.1: leaf hash
 * {@code SHA-256(0x00 ‖ entry)}, interior node {@code SHA-256(0x01 ‖ left ‖ right)}, the empty tree's hash
 * {@code SHA-256("")}. Proofs are generated from a {@link Hashes} source of perfect (complete, aligned)
 * subtree hashes — an in-memory {@link MerkleTree} or the published tiles — and verified with the
 * algorithms of §2.1.3.2 (inclusion) and §2.1.4.2 (consistency), which need nothing but the proof.
 */
public final class Merkle {
    public static final int HASH = 32;

    private Merkle() {}

    /**
     * The hashes of a tree's complete subtrees: {@code perfect(level, index)} is the hash of leaves
     * {@code [index·2^level, (index+1)·2^level)}, defined while {@code (index+1)·2^level ≤ size()}.
     */
    public interface Hashes {
        long size();

        byte[] perfect(int level, long index);
    }

    public static byte[] emptyRoot() {
        return sha256(new byte[0]);
    }

    public static byte[] leafHash(byte[] entry) {
        byte[] in = new byte[entry.length + 1];
        in[0] = 0x00;
        System.arraycopy(entry, 0, in, 1, entry.length);
        return sha256(in);
    }

    public static byte[] nodeHash(byte[] left, byte[] right) {
        byte[] in = new byte[1 + 2 * HASH];
        in[0] = 0x01;
        System.arraycopy(left, 0, in, 1, HASH);
        System.arraycopy(right, 0, in, 1 + HASH, HASH);
        return sha256(in);
    }

    /** MTH of the first {@code size} leaves. */
    public static byte[] root(Hashes t, long size) {
        checkSize(t, size);
        return size == 0 ? emptyRoot() : mth(t, 0, size);
    }

    /** MTH(D[start:end]) for a range of the canonical tree's shape (start a multiple of the next power of two ≥ the size). */
    static byte[] mth(Hashes t, long start, long end) {
        long n = end - start;
        if (Long.bitCount(n) == 1 && start % n == 0) return t.perfect(Long.numberOfTrailingZeros(n), start / n);
        long k = splitPoint(n);
        return nodeHash(mth(t, start, start + k), mth(t, start + k, end));
    }

    /** The largest power of two smaller than {@code n} (n ≥ 2). */
    static long splitPoint(long n) {
        return Long.highestOneBit(n - 1);
    }

    /** PATH(m, D[0:size]) of RFC 9162 §2.1.3.1: the inclusion proof of leaf {@code index} in the tree of {@code size} leaves. */
    public static List<byte[]> inclusionProof(Hashes t, long index, long size) {
        checkSize(t, size);
        if (index < 0 || index >= size)
            throw new IllegalArgumentException("leaf " + index + " is not in a tree of " + size);
        List<byte[]> out = new ArrayList<>();
        path(t, index, 0, size, out);
        return out;
    }

    private static void path(Hashes t, long m, long start, long end, List<byte[]> out) {
        long n = end - start;
        if (n == 1) return;
        long k = splitPoint(n);
        if (m < k) {
            path(t, m, start, start + k, out);
            out.add(mth(t, start + k, end));
        } else {
            path(t, m - k, start + k, end, out);
            out.add(mth(t, start, start + k));
        }
    }

    /** PROOF(m, D[0:n]) of RFC 9162 §2.1.4.1: the consistency proof from the tree of {@code m} leaves to that of {@code n}. */
    public static List<byte[]> consistencyProof(Hashes t, long m, long n) {
        checkSize(t, n);
        if (m < 0 || m > n) throw new IllegalArgumentException("no consistency proof from " + m + " to " + n);
        List<byte[]> out = new ArrayList<>();
        if (m == 0 || m == n) return out;
        subproof(t, m, 0, n, true, out);
        return out;
    }

    private static void subproof(Hashes t, long m, long start, long end, boolean b, List<byte[]> out) {
        long n = end - start;
        if (m == n) {
            if (!b) out.add(mth(t, start, end));
            return;
        }
        long k = splitPoint(n);
        if (m <= k) {
            subproof(t, m, start, start + k, b, out);
            out.add(mth(t, start + k, end));
        } else {
            subproof(t, m - k, start + k, end, false, out);
            out.add(mth(t, start, start + k));
        }
    }

    /** RFC 9162 §2.1.3.2: whether {@code proof} shows leaf hash {@code leaf} at {@code index} in the tree of {@code size} with {@code root}. */
    public static boolean verifyInclusion(long index, long size, byte[] leaf, List<byte[]> proof, byte[] root) {
        if (index < 0 || index >= size || leaf.length != HASH || root.length != HASH) return false;
        long fn = index;
        long sn = size - 1;
        byte[] r = leaf;
        for (byte[] p : proof) {
            if (p.length != HASH || sn == 0) return false;
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(r, root);
    }

    /**
     * RFC 9162 §2.1.4.2: whether {@code proof} shows the tree of {@code size1} leaves with {@code root1} is a
     * prefix of the tree of {@code size2} leaves with {@code root2}. Equal sizes need an empty proof and equal
     * roots — a different root at the same size is a fork — and a smaller second tree is never consistent.
     */
    public static boolean verifyConsistency(long size1, long size2, byte[] root1, byte[] root2, List<byte[]> proof) {
        if (size1 < 0 || size2 < size1 || root1.length != HASH || root2.length != HASH) return false;
        if (size1 == size2) return proof.isEmpty() && MessageDigest.isEqual(root1, root2);
        if (size1 == 0) return proof.isEmpty(); // the empty tree is a prefix of every tree
        if (proof.isEmpty()) return false;
        for (byte[] p : proof) if (p.length != HASH) return false;
        List<byte[]> path = new ArrayList<>(proof);
        if (Long.bitCount(size1) == 1) path.addFirst(root1);
        long fn = size1 - 1;
        long sn = size2 - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.getFirst();
        byte[] sr = path.getFirst();
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) return false;
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(c, fr);
                sr = nodeHash(c, sr);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                sr = nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(fr, root1) && MessageDigest.isEqual(sr, root2);
    }

    private static void checkSize(Hashes t, long size) {
        if (size < 0 || size > t.size())
            throw new IllegalArgumentException("the tree has " + t.size() + " leaves, not " + size);
    }

    static byte[] sha256(byte[] in) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(in);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
