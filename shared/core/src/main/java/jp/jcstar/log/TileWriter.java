package jp.jcstar.log;

import java.util.List;
import jp.jcstar.store.BlobStore;

/**
 * Writes the tiles and entry bundles that grow when the tree goes from {@code oldSize} to its current
 * size: at every tile level, the tiles from the one the old size ended in to the last one, each at its
 * new width. Tiles already complete are never rewritten, and partial tiles of older sizes stay (a
 * verifier holding an older checkpoint reads them).
 */
final class TileWriter {
    private TileWriter() {}

    /**
     * @param tail the entries from index {@code tailStart} (a multiple of 256, at most {@code oldSize}) to the tree's size
     */
    static void write(BlobStore blobs, MerkleTree tree, long oldSize, long tailStart, List<byte[]> tail) {
        long size = tree.size();
        if (size <= oldSize) return;
        if (tailStart % Tiles.WIDTH != 0 || tailStart > oldSize || tailStart + tail.size() != size) {
            throw new IllegalArgumentException("the tail must cover the last bundle and every new entry");
        }
        for (long n = oldSize / Tiles.WIDTH; n * Tiles.WIDTH < size; n++) {
            int w = Tiles.width(size, n);
            int from = (int) (n * Tiles.WIDTH - tailStart);
            blobs.put(Tiles.entries(n, w), Tiles.bundle(tail.subList(from, from + w)), Tiles.TILE_TYPE);
        }
        for (int level = 0; ; level++) {
            int treeLevel = level * Tiles.HEIGHT;
            long count = tree.width(treeLevel);
            long oldCount = oldSize >> treeLevel;
            if (count == 0) break;
            if (count == oldCount) continue;
            for (long n = oldCount / Tiles.WIDTH; n * Tiles.WIDTH < count; n++) {
                int w = Tiles.width(count, n);
                byte[] tile = new byte[w * Merkle.HASH];
                for (int i = 0; i < w; i++)
                    System.arraycopy(
                            tree.perfect(treeLevel, n * Tiles.WIDTH + i), 0, tile, i * Merkle.HASH, Merkle.HASH);
                blobs.put(Tiles.tile(level, n, w), tile, Tiles.TILE_TYPE);
            }
        }
    }
}
