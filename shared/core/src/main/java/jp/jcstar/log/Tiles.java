package jp.jcstar.log;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The C2SP {@code tlog-tiles} layout, under {@link #PREFIX}: hash tiles {@code tile/<L>/<N>[.p/<W>]} and
 * entry bundles {@code tile/entries/<N>[.p/<W>]}. A tile of level {@code L} holds the hashes of tree
 * level {@code 8·L} (level 0: the leaf hashes), {@code 256} per full tile, 32 bytes each, left to right;
 * the rightmost tile of a level is partial, of width {@code W} (1..255), while the level's node count
 * is not a multiple of 256. An entry bundle holds entries {@code 256·N ..}, each as a big-endian u16
 * length and its bytes. {@code N} is written in groups of three decimal digits, all but the last
 * prefixed with {@code x}: 1234067 is {@code x001/x234/067}.
 */
public final class Tiles {
    /** Where the log lives among the public files; {@code checkpoint} and {@code tile/} are below it. */
    public static final String PREFIX = "v1/log/";

    public static final String CHECKPOINT = PREFIX + "checkpoint";
    public static final int WIDTH = 256;
    public static final int HEIGHT = 8;
    public static final String CHECKPOINT_TYPE = "text/plain; charset=utf-8";
    public static final String TILE_TYPE = "application/octet-stream";

    private Tiles() {}

    public static String index(long n) {
        if (n < 0) throw new IllegalArgumentException("negative tile index");
        String s = String.format(Locale.ROOT, "%03d", n % 1000);
        for (n /= 1000; n > 0; n /= 1000) s = String.format(Locale.ROOT, "x%03d/", n % 1000) + s;
        return s;
    }

    /** The path (below the public files' root) of hash tile {@code n} of level {@code level}, {@code width} hashes wide. */
    public static String tile(int level, long n, int width) {
        return PREFIX + "tile/" + level + "/" + index(n) + suffix(width);
    }

    public static String entries(long n, int width) {
        return PREFIX + "tile/entries/" + index(n) + suffix(width);
    }

    private static String suffix(int width) {
        if (width < 1 || width > WIDTH) throw new IllegalArgumentException("tile width must be 1..256");
        return width == WIDTH ? "" : ".p/" + width;
    }

    /** The width of tile {@code n} in a level of {@code count} nodes (0 when the tile does not exist at that size). */
    public static int width(long count, long n) {
        long w = count - n * WIDTH;
        return (int) Math.max(0, Math.min(WIDTH, w));
    }

    public static byte[] bundle(List<byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] e : entries) {
            if (e.length > 0xffff) throw new IllegalArgumentException("entry too long for a bundle");
            out.write(e.length >> 8);
            out.write(e.length & 0xff);
            out.writeBytes(e);
        }
        return out.toByteArray();
    }

    public static List<byte[]> unbundle(byte[] bundle) {
        List<byte[]> out = new ArrayList<>();
        int i = 0;
        while (i < bundle.length) {
            if (i + 2 > bundle.length) throw new LogVerificationException("truncated entry bundle");
            int len = (bundle[i] & 0xff) << 8 | bundle[i + 1] & 0xff;
            i += 2;
            if (i + len > bundle.length) throw new LogVerificationException("truncated entry bundle");
            byte[] e = new byte[len];
            System.arraycopy(bundle, i, e, 0, len);
            out.add(e);
            i += len;
        }
        return out;
    }
}
