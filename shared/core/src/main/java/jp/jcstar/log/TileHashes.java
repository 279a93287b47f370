package jp.jcstar.log;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The tree of {@code size} leaves as its published tiles: {@link Merkle.Hashes} read from hash tiles,
 * fetched on demand through {@code fetch} (a path below the public files' root → its bytes) and kept.
 * Nothing read here is trusted: a proof computed from these hashes is only as good as its
 * verification against a signed checkpoint's root. Not thread-safe.
 */
public final class TileHashes implements Merkle.Hashes {
    private final Function<String, Optional<byte[]>> fetch;
    private final long size;
    private final Map<String, byte[]> tiles = new HashMap<>();

    public TileHashes(Function<String, Optional<byte[]>> fetch, long size) {
        this.fetch = fetch;
        this.size = size;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public byte[] perfect(int level, long index) {
        if (((index + 1) << level) > size || index < 0)
            throw new IllegalArgumentException("no complete subtree at " + level + "/" + index);
        int tileLevel = level / Tiles.HEIGHT;
        int below = level - tileLevel * Tiles.HEIGHT; // levels to hash up inside the tile
        long first = index << below; // first node of tile level that this subtree covers
        long count = size >> (tileLevel * Tiles.HEIGHT);
        long n = first / Tiles.WIDTH;
        byte[] tile = tile(tileLevel, n, Tiles.width(count, n));
        int from = (int) (first % Tiles.WIDTH);
        byte[][] row = new byte[1 << below][];
        for (int i = 0; i < row.length; i++)
            row[i] = Arrays.copyOfRange(tile, (from + i) * Merkle.HASH, (from + i + 1) * Merkle.HASH);
        for (int len = row.length; len > 1; len /= 2) {
            for (int i = 0; i < len / 2; i++) row[i] = Merkle.nodeHash(row[2 * i], row[2 * i + 1]);
        }
        return row[0];
    }

    private byte[] tile(int level, long n, int width) {
        String path = Tiles.tile(level, n, width);
        byte[] t = tiles.get(path);
        if (t == null) {
            Optional<byte[]> got = fetch.apply(path);
            if (got.isEmpty() && width < Tiles.WIDTH) {
                // a partial tile may be gone once the tile is full: its first hashes are the same
                got = fetch.apply(Tiles.tile(level, n, Tiles.WIDTH))
                        .filter(f -> f.length == Tiles.WIDTH * Merkle.HASH)
                        .map(f -> Arrays.copyOf(f, width * Merkle.HASH));
            }
            t = got.orElseThrow(() -> new LogVerificationException("tile " + path + " is missing"));
            if (t.length != width * Merkle.HASH)
                throw new LogVerificationException(
                        "tile " + path + " has " + t.length + " bytes, not " + width * Merkle.HASH);
            tiles.put(path, t);
        }
        return t;
    }
}
