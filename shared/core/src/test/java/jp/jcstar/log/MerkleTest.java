package jp.jcstar.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The RFC 9162 tree against (1) the reference vectors of the Certificate Transparency reference
 * implementation (RFC 6962 hashing, which RFC 9162 keeps; no Maven artifact ships them, so they are
 * copied here from its merkle tree tests) and (2) a straightforward reference computation written
 * from the RFC's recursive definitions of MTH, PATH and PROOF, for every leaf and every pair of sizes.
 */
class MerkleTest {
    static final HexFormat HEX = HexFormat.of();
    static final int MAX = 260;

    // The eight inputs and the roots of sizes 0..8 from the CT reference implementation's tests.
    static final String[] CT_LEAVES = {
        "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"
    };
    static final String[] CT_ROOTS = {
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"
    };

    static MerkleTree ctTree() {
        MerkleTree t = new MerkleTree();
        for (String l : CT_LEAVES) t.appendEntry(HEX.parseHex(l));
        return t;
    }

    static List<String> hex(List<byte[]> proof) {
        return proof.stream().map(HEX::formatHex).toList();
    }

    @Test
    void rootsMatchTheReferenceVectors() {
        MerkleTree t = ctTree();
        for (int n = 0; n <= 8; n++) assertEquals(CT_ROOTS[n], HEX.formatHex(Merkle.root(t, n)), "size " + n);
    }

    @Test
    void inclusionProofsMatchTheReferenceVectors() {
        MerkleTree t = ctTree();
        // {leaf index, tree size, proof...}
        Object[][] vectors = {
            {
                0,
                8,
                List.of(
                        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")
            },
            {
                5,
                8,
                List.of(
                        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")
            },
            {2, 3, List.of("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")},
            {
                1,
                5,
                List.of(
                        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")
            }
        };
        for (Object[] v : vectors) {
            int index = (int) v[0];
            int size = (int) v[1];
            List<byte[]> proof = Merkle.inclusionProof(t, index, size);
            assertEquals(v[2], hex(proof), "leaf " + index + " of " + size);
            assertTrue(Merkle.verifyInclusion(index, size, t.perfect(0, index), proof, HEX.parseHex(CT_ROOTS[size])));
        }
    }

    @Test
    void consistencyProofsMatchTheReferenceVectors() {
        MerkleTree t = ctTree();
        Object[][] vectors = {
            {1, 1, List.of()},
            {
                1,
                8,
                List.of(
                        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")
            },
            {
                6,
                8,
                List.of(
                        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")
            },
            {
                2,
                5,
                List.of(
                        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")
            }
        };
        for (Object[] v : vectors) {
            int m = (int) v[0];
            int n = (int) v[1];
            List<byte[]> proof = Merkle.consistencyProof(t, m, n);
            assertEquals(v[2], hex(proof), m + " → " + n);
            assertTrue(Merkle.verifyConsistency(m, n, HEX.parseHex(CT_ROOTS[m]), HEX.parseHex(CT_ROOTS[n]), proof));
        }
    }

    // ------------------------------------------------------------ reference computation

    /** The RFC's definitions, literally, over a list of leaf hashes, memoised by range. */
    static final class Reference {
        final List<byte[]> leaves;
        final Map<Long, byte[]> memo = new HashMap<>();

        Reference(List<byte[]> leaves) {
            this.leaves = leaves;
        }

        byte[] mth(int start, int end) {
            int n = end - start;
            if (n == 0) return Merkle.sha256(new byte[0]);
            if (n == 1) return leaves.get(start);
            long key = (long) start << 32 | end;
            byte[] known = memo.get(key);
            if (known != null) return known;
            int k = 1;
            while (k * 2 < n) k *= 2;
            byte[] h = Merkle.nodeHash(mth(start, start + k), mth(start + k, end));
            memo.put(key, h);
            return h;
        }

        List<byte[]> path(int m, int start, int end) {
            int n = end - start;
            if (n == 1) return new ArrayList<>();
            int k = 1;
            while (k * 2 < n) k *= 2;
            List<byte[]> out;
            if (m < k) {
                out = path(m, start, start + k);
                out.add(mth(start + k, end));
            } else {
                out = path(m - k, start + k, end);
                out.add(mth(start, start + k));
            }
            return out;
        }

        List<byte[]> subproof(int m, int start, int end, boolean b) {
            int n = end - start;
            if (m == n) {
                List<byte[]> out = new ArrayList<>();
                if (!b) out.add(mth(start, end));
                return out;
            }
            int k = 1;
            while (k * 2 < n) k *= 2;
            List<byte[]> out;
            if (m <= k) {
                out = subproof(m, start, start + k, b);
                out.add(mth(start + k, end));
            } else {
                out = subproof(m - k, start + k, end, false);
                out.add(mth(start, start + k));
            }
            return out;
        }
    }

    static List<byte[]> leaves(int n) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(Merkle.leafHash(("entry " + i).getBytes(StandardCharsets.UTF_8)));
        return out;
    }

    static MerkleTree tree(List<byte[]> leaves) {
        MerkleTree t = new MerkleTree();
        for (byte[] l : leaves) t.appendLeafHash(l);
        return t;
    }

    @Test
    void everyRootAndEveryInclusionProofUpToSeveralHundredLeaves() {
        List<byte[]> leaves = leaves(MAX);
        Reference ref = new Reference(leaves);
        MerkleTree t = tree(leaves);
        for (int size = 1; size <= MAX; size++) {
            byte[] root = ref.mth(0, size);
            assertArrayEquals(root, Merkle.root(t, size), "root of " + size);
            for (int i = 0; i < size; i++) {
                List<byte[]> proof = Merkle.inclusionProof(t, i, size);
                assertEquals(hex(ref.path(i, 0, size)), hex(proof), "leaf " + i + " of " + size);
                assertTrue(Merkle.verifyInclusion(i, size, leaves.get(i), proof, root), "leaf " + i + " of " + size);
                if (size > 1) {
                    // the proof of leaf i does not prove any other leaf there, nor this leaf elsewhere
                    int other = (i + 1) % size;
                    assertFalse(Merkle.verifyInclusion(i, size, leaves.get(other), proof, root));
                    assertFalse(Merkle.verifyInclusion(other, size, leaves.get(i), proof, root));
                    byte[] flipped = proof.getFirst().clone();
                    flipped[7] ^= 1;
                    List<byte[]> bad = new ArrayList<>(proof);
                    bad.set(0, flipped);
                    assertFalse(Merkle.verifyInclusion(i, size, leaves.get(i), bad, root));
                    assertFalse(
                            Merkle.verifyInclusion(i, size, leaves.get(i), proof.subList(0, proof.size() - 1), root));
                }
            }
        }
    }

    @Test
    void everyConsistencyProofBetweenEveryPairOfSizes() {
        List<byte[]> leaves = leaves(MAX);
        Reference ref = new Reference(leaves);
        MerkleTree t = tree(leaves);
        for (int n = 1; n <= MAX; n++) {
            byte[] rootN = ref.mth(0, n);
            for (int m = 0; m <= n; m++) {
                byte[] rootM = ref.mth(0, m);
                List<byte[]> proof = Merkle.consistencyProof(t, m, n);
                List<byte[]> expected = m == 0 || m == n ? List.of() : ref.subproof(m, 0, n, true);
                assertEquals(hex(expected), hex(proof), m + " → " + n);
                assertTrue(Merkle.verifyConsistency(m, n, rootM, rootN, proof), m + " → " + n);
                if (m > 0 && m < n) {
                    byte[] forged = rootM.clone();
                    forged[0] ^= 1;
                    assertFalse(
                            Merkle.verifyConsistency(m, n, forged, rootN, proof), "forged old root " + m + " → " + n);
                    assertFalse(
                            Merkle.verifyConsistency(m, n, rootM, forged, proof), "forged new root " + m + " → " + n);
                    // a shrinking tree is never consistent, whatever the proof
                    assertFalse(Merkle.verifyConsistency(n, m, rootN, rootM, proof), "rollback " + n + " → " + m);
                }
            }
        }
    }

    @Test
    void aForkAtTheSameSizeIsRefused() {
        List<byte[]> a = leaves(10);
        List<byte[]> b = new ArrayList<>(a);
        b.set(4, Merkle.leafHash("another entry".getBytes(StandardCharsets.UTF_8)));
        byte[] rootA = Merkle.root(tree(a), 10);
        byte[] rootB = Merkle.root(tree(b), 10);
        assertTrue(Merkle.verifyConsistency(10, 10, rootA, rootA, List.of()));
        assertFalse(Merkle.verifyConsistency(10, 10, rootA, rootB, List.of()));
        // and a tree that rewrote entry 4 cannot prove itself an extension of the tree of 6
        MerkleTree forked = tree(b);
        forked.appendLeafHash(Merkle.leafHash("more".getBytes(StandardCharsets.UTF_8)));
        byte[] root6 = Merkle.root(tree(a), 6);
        assertFalse(Merkle.verifyConsistency(6, 11, root6, forked.root(), Merkle.consistencyProof(forked, 6, 11)));
    }
}
