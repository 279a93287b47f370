package jp.jcstar.qr;

import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.decoder.Version;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Chooses a QR mask pattern the way ZXing's {@code Encoder} does (lowest penalty by ZXing's
 * {@code MaskUtil} rules 1–4, ties to the lower pattern number), but from one built matrix instead of
 * eight: ZXing rebuilds the whole symbol (function patterns, bit placement) for every pattern, while
 * here the symbol is built once with pattern 0 and each other pattern is derived by flipping the data
 * modules where the two patterns differ and rewriting the 15 format-information modules. The result is
 * the exact matrix ZXing builds for that pattern (QrCodesTest compares them module by module).
 *
 * <p>The matrix is held as bit sets, one per row and one per column ({@code long} words, bit x of a row
 * is column x), so deriving a pattern is an XOR of precomputed flip masks and ZXing's four penalty rules
 * are counted 64 modules at a time with shifts, ANDs and popcounts ({@link #penalty(long[], long[], int, int)};
 * a module-by-module version, {@link #penalty(byte[], int)}, is kept as the reference the tests compare it
 * with). Stateless apart from a per-version layout cache; thread-safe.
 */
final class MaskChooser {
    private MaskChooser() {}

    private static final int MASKS = 8;
    private static final int TYPE_INFO_POLY = 0x537;
    private static final int TYPE_INFO_MASK = 0x5412;
    private static final int[][] TYPE_INFO_COORDINATES = {
        {8, 0}, {8, 1}, {8, 2}, {8, 3}, {8, 4}, {8, 5}, {8, 7}, {8, 8}, {7, 8}, {5, 8}, {4, 8}, {3, 8}, {2, 8}, {1, 8},
        {0, 8}
    };

    /**
     * Where a version's data modules are (flat row-major indices) and, per data module, the bit set of
     * patterns whose mask flips it (bit k set when pattern k is dark there).
     */
    record Layout(
            int n,
            int[] dataPos,
            byte[] maskBits,
            int[] format1,
            int[] format2,
            int words,
            long[][] darkRows,
            long[][] darkCols) {}

    private static final AtomicReferenceArray<Layout> LAYOUTS = new AtomicReferenceArray<>(41);

    /**
     * The chosen pattern and its matrix as row bit sets: row y is {@code words} longs from
     * {@code y * words}, bit x (of word x / 64) set when module (x, y) is dark.
     */
    record Choice(int mask, int n, int words, long[] rows) {
        boolean dark(int x, int y) {
            return (rows[y * words + (x >>> 6)] >>> x & 1) != 0;
        }

        /** Row-major, 1 = dark. */
        byte[] modules() {
            byte[] m = new byte[n * n];
            for (int y = 0; y < n; y++) for (int x = 0; x < n; x++) if (dark(x, y)) m[y * n + x] = 1;
            return m;
        }
    }

    /**
     * @param built   the symbol ZXing built with mask pattern {@code builtMask}
     */
    static Choice choose(ByteMatrix built, int builtMask, Version version, ErrorCorrectionLevel level) {
        Layout l = layout(version);
        int n = l.n;
        int w = l.words;
        long[] baseRows = new long[n * w];
        long[] baseCols = new long[n * w];
        byte[][] a = built.getArray();
        for (int y = 0; y < n; y++) {
            byte[] row = a[y];
            for (int x = 0; x < n; x++) {
                if (row[x] == 1) {
                    baseRows[y * w + (x >>> 6)] |= 1L << x;
                    baseCols[x * w + (y >>> 6)] |= 1L << y;
                }
            }
        }
        long[] rows = new long[n * w];
        long[] cols = new long[n * w];
        long[] best = null;
        int bestMask = -1;
        int bestPenalty = Integer.MAX_VALUE;
        long[] fromRows = l.darkRows[builtMask];
        long[] fromCols = l.darkCols[builtMask];
        for (int k = 0; k < MASKS; k++) {
            if (k == builtMask) {
                System.arraycopy(baseRows, 0, rows, 0, rows.length);
                System.arraycopy(baseCols, 0, cols, 0, cols.length);
            } else {
                long[] toRows = l.darkRows[k];
                long[] toCols = l.darkCols[k];
                for (int i = 0; i < rows.length; i++) {
                    rows[i] = baseRows[i] ^ fromRows[i] ^ toRows[i];
                    cols[i] = baseCols[i] ^ fromCols[i] ^ toCols[i];
                }
                int info = typeInfoBits(level, k);
                for (int i = 0; i < 15; i++) {
                    boolean bit = ((info >>> i) & 1) != 0;
                    setBit(rows, cols, w, n, l.format1[i], bit);
                    setBit(rows, cols, w, n, l.format2[i], bit);
                }
            }
            int penalty = penalty(rows, cols, n, w);
            if (penalty < bestPenalty) {
                bestPenalty = penalty;
                bestMask = k;
                best = rows.clone();
            }
        }
        return new Choice(bestMask, n, w, best);
    }

    private static void setBit(long[] rows, long[] cols, int w, int n, int flat, boolean dark) {
        int y = flat / n;
        int x = flat - y * n;
        int ri = y * w + (x >>> 6);
        int ci = x * w + (y >>> 6);
        if (dark) {
            rows[ri] |= 1L << x;
            cols[ci] |= 1L << y;
        } else {
            rows[ri] &= ~(1L << x);
            cols[ci] &= ~(1L << y);
        }
    }

    /** The matrix for pattern {@code to}, derived from the one built with pattern {@code from}. */
    static byte[] applyMask(Layout l, byte[] base, int from, int to, ErrorCorrectionLevel level, byte[] out) {
        System.arraycopy(base, 0, out, 0, base.length);
        int flip = (1 << from) | (1 << to);
        int[] pos = l.dataPos;
        byte[] bits = l.maskBits;
        for (int i = 0; i < pos.length; i++) {
            int b = bits[i] & flip;
            // flip where exactly one of the two patterns is dark
            if (b != 0 && b != flip) out[pos[i]] ^= 1;
        }
        int info = typeInfoBits(level, to);
        for (int i = 0; i < 15; i++) {
            byte bit = (byte) ((info >>> i) & 1);
            out[l.format1[i]] = bit;
            out[l.format2[i]] = bit;
        }
        return out;
    }

    static Layout layout(Version version) {
        int v = version.getVersionNumber();
        Layout l = LAYOUTS.get(v);
        if (l == null) {
            l = computeLayout(version);
            LAYOUTS.compareAndSet(v, null, l);
        }
        return l;
    }

    private static Layout computeLayout(Version version) {
        int n = version.getDimensionForVersion();
        boolean[] function = new boolean[n * n];
        // finder patterns with separators and format information (top-left), and the dark module
        fill(function, n, 0, 0, 9, 9);
        fill(function, n, n - 8, 0, 8, 9);
        fill(function, n, 0, n - 8, 9, 8);
        // timing patterns
        fill(function, n, 0, 6, n, 1);
        fill(function, n, 6, 0, 1, n);
        // alignment patterns, except where they would overlap a finder pattern
        int[] centers = version.getAlignmentPatternCenters();
        for (int cy : centers) {
            for (int cx : centers) {
                boolean inFinder = (cx < 8 && cy < 8) || (cx >= n - 8 && cy < 8) || (cx < 8 && cy >= n - 8);
                if (!inFinder) fill(function, n, cx - 2, cy - 2, 5, 5);
            }
        }
        if (version.getVersionNumber() >= 7) {
            fill(function, n, 0, n - 11, 6, 3);
            fill(function, n, n - 11, 0, 3, 6);
        }
        int count = 0;
        for (boolean f : function) if (!f) count++;
        int[] dataPos = new int[count];
        byte[] maskBits = new byte[count];
        int i = 0;
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                if (function[y * n + x]) continue;
                dataPos[i] = y * n + x;
                int b = 0;
                for (int k = 0; k < MASKS; k++) if (maskDark(k, x, y)) b |= 1 << k;
                maskBits[i++] = (byte) b;
            }
        }
        int[] f1 = new int[15];
        int[] f2 = new int[15];
        for (int j = 0; j < 15; j++) {
            f1[j] = TYPE_INFO_COORDINATES[j][1] * n + TYPE_INFO_COORDINATES[j][0];
            f2[j] = j < 8 ? 8 * n + (n - j - 1) : (n - 7 + (j - 8)) * n + 8;
        }
        int words = (n + 63) >>> 6;
        long[][] darkRows = new long[MASKS][n * words];
        long[][] darkCols = new long[MASKS][n * words];
        for (int j = 0; j < count; j++) {
            int y = dataPos[j] / n;
            int x = dataPos[j] - y * n;
            for (int k = 0; k < MASKS; k++) {
                if ((maskBits[j] >>> k & 1) != 0) {
                    darkRows[k][y * words + (x >>> 6)] |= 1L << x;
                    darkCols[k][x * words + (y >>> 6)] |= 1L << y;
                }
            }
        }
        return new Layout(n, dataPos, maskBits, f1, f2, words, darkRows, darkCols);
    }

    private static void fill(boolean[] a, int n, int x0, int y0, int w, int h) {
        for (int y = y0; y < y0 + h; y++) for (int x = x0; x < x0 + w; x++) a[y * n + x] = true;
    }

    /** ISO/IEC 18004 §7.8.2 data mask conditions (x = column, y = row), as ZXing's MaskUtil writes them. */
    static boolean maskDark(int k, int x, int y) {
        int t;
        return switch (k) {
            case 0 -> ((y + x) & 1) == 0;
            case 1 -> (y & 1) == 0;
            case 2 -> x % 3 == 0;
            case 3 -> (y + x) % 3 == 0;
            case 4 -> (((y / 2) + (x / 3)) & 1) == 0;
            case 5 -> {
                t = y * x;
                yield (t & 1) + (t % 3) == 0;
            }
            case 6 -> {
                t = y * x;
                yield (((t & 1) + (t % 3)) & 1) == 0;
            }
            case 7 -> {
                t = y * x;
                yield (((t % 3) + ((y + x) & 1)) & 1) == 0;
            }
            default -> throw new IllegalArgumentException("mask " + k);
        };
    }

    /** The 15 format-information bits (BCH(15,5), XOR 0x5412), least significant bit first in placement order. */
    static int typeInfoBits(ErrorCorrectionLevel level, int mask) {
        int info = (level.getBits() << 3) | mask;
        int v = info << 10;
        while (31 - Integer.numberOfLeadingZeros(v) >= 10) {
            v ^= TYPE_INFO_POLY << ((31 - Integer.numberOfLeadingZeros(v)) - 10);
        }
        return ((info << 10) | v) ^ TYPE_INFO_MASK;
    }

    /**
     * ZXing's penalty (MaskUtil rules 1–4, same weights and quirks) over bit sets of the rows and of the
     * columns ({@code w} words each; bits at n and above zero). Per line L (a row or a column), with
     * {@code L>>k} meaning bit x = module x+k:
     * <ul>
     * <li>rule 1: e = equal neighbours ({@code ~(L ^ L>>1)}, x &lt; n-1), c = 5 equal in a row from x
     * ({@code e & e>>1 & e>>2 & e>>3}); a run of r ≥ 5 costs 3 + (r-5) = (r-4) bits of c + 2 per run
     * start ({@code c & ~(c<<1)});
     * <li>rule 2 (rows only): 2×2 blocks of one colour, from the equal-neighbour masks of two rows;
     * <li>rule 3: 1011101 at x, with 4 light modules before it (x ≥ 4) or after it (x + 11 ≤ n);
     * <li>rule 4: dark modules by popcount.
     * </ul>
     */
    static int penalty(long[] rows, long[] cols, int n, int w) {
        int rule1 = 0;
        int rule2 = 0;
        int rule3 = 0;
        int dark = 0;
        for (int i = 0; i < n * w; i++) dark += Long.bitCount(rows[i]);
        long[] e = new long[w];
        long[] prevE = new long[w];
        long[] t = new long[w];
        for (int pass = 0; pass < 2; pass++) {
            long[] lines = pass == 0 ? rows : cols;
            for (int y = 0; y < n; y++) {
                int o = y * w;
                // e: equal neighbours, x in [0, n-2]
                for (int i = 0; i < w; i++) e[i] = ~(lines[o + i] ^ shr(lines, o, w, i, 1)) & valid(i, n - 1);
                // rule 1
                for (int i = 0; i < w; i++) t[i] = e[i] & shr(e, 0, w, i, 1) & shr(e, 0, w, i, 2) & shr(e, 0, w, i, 3);
                for (int i = 0; i < w; i++) rule1 += Long.bitCount(t[i]) + 2 * Long.bitCount(t[i] & ~shl(t, 0, i, 1));
                // rule 2 on rows: this row's and the previous row's neighbours equal, and the two rows equal
                if (pass == 0 && y > 0) {
                    for (int i = 0; i < w; i++) {
                        rule2 += Long.bitCount(e[i] & prevE[i] & ~(lines[o + i] ^ lines[o - w + i]));
                    }
                }
                // rule 3
                for (int i = 0; i < w; i++) {
                    long p = lines[o + i]
                            & ~shr(lines, o, w, i, 1)
                            & shr(lines, o, w, i, 2)
                            & shr(lines, o, w, i, 3)
                            & shr(lines, o, w, i, 4)
                            & ~shr(lines, o, w, i, 5)
                            & shr(lines, o, w, i, 6);
                    if (p == 0) continue;
                    long before =
                            ~(shl(lines, o, i, 1) | shl(lines, o, i, 2) | shl(lines, o, i, 3) | shl(lines, o, i, 4))
                                    & (i == 0 ? ~0xfL : ~0L);
                    long after = ~(shr(lines, o, w, i, 7)
                                    | shr(lines, o, w, i, 8)
                                    | shr(lines, o, w, i, 9)
                                    | shr(lines, o, w, i, 10))
                            & valid(i, n - 10);
                    rule3 += Long.bitCount(p & (before | after));
                }
                if (pass == 0) {
                    long[] swap = prevE;
                    prevE = e;
                    e = swap;
                }
            }
        }
        int total = n * n;
        int rule4 = Math.abs(dark * 2 - total) * 10 / total * 10;
        return rule1 + rule2 * 3 + rule3 * 40 + rule4;
    }

    /** Word i of the line at a[o..o+w) shifted towards bit 0 by k (1 ≤ k ≤ 63): bit x = bit x+k. */
    private static long shr(long[] a, int o, int w, int i, int k) {
        long v = a[o + i] >>> k;
        return i + 1 < w ? v | a[o + i + 1] << (64 - k) : v;
    }

    /** Word i of the line at a[o..) shifted away from bit 0 by k (1 ≤ k ≤ 63): bit x = bit x-k (0 below). */
    private static long shl(long[] a, int o, int i, int k) {
        long v = a[o + i] << k;
        return i > 0 ? v | a[o + i - 1] >>> (64 - k) : v;
    }

    /** Word i of the mask of bits [0, limit). */
    private static long valid(int i, int limit) {
        int bits = limit - 64 * i;
        return bits >= 64 ? ~0L : bits <= 0 ? 0L : (1L << bits) - 1;
    }

    /** ZXing's penalty (MaskUtil rules 1–4, same weights and quirks) over a row-major matrix, module by module. */
    static int penalty(byte[] m, int n) {
        int rule1 = 0;
        int rule2 = 0;
        int rule3 = 0;
        int dark = 0;
        for (int y = 0; y < n; y++) {
            int row = y * n;
            int run = 0;
            int prev = -1;
            for (int x = 0; x < n; x++) {
                int b = m[row + x];
                dark += b;
                if (b == prev) {
                    run++;
                } else {
                    if (run >= 5) rule1 += 3 + (run - 5);
                    run = 1;
                    prev = b;
                }
            }
            if (run >= 5) rule1 += 3 + (run - 5);
        }
        for (int x = 0; x < n; x++) {
            int run = 0;
            int prev = -1;
            for (int y = 0; y < n; y++) {
                int b = m[y * n + x];
                if (b == prev) {
                    run++;
                } else {
                    if (run >= 5) rule1 += 3 + (run - 5);
                    run = 1;
                    prev = b;
                }
            }
            if (run >= 5) rule1 += 3 + (run - 5);
        }
        for (int y = 0; y < n - 1; y++) {
            int r0 = y * n;
            int r1 = r0 + n;
            for (int x = 0; x < n - 1; x++) {
                int v = m[r0 + x];
                if (v == m[r0 + x + 1] && v == m[r1 + x] && v == m[r1 + x + 1]) rule2++;
            }
        }
        for (int y = 0; y < n; y++) {
            int row = y * n;
            for (int x = 0; x < n; x++) {
                int i = row + x;
                if (x + 6 < n
                        && m[i] == 1
                        && m[i + 1] == 0
                        && m[i + 2] == 1
                        && m[i + 3] == 1
                        && m[i + 4] == 1
                        && m[i + 5] == 0
                        && m[i + 6] == 1
                        && (whiteRun(m, row, x - 4, x, 1, n) || whiteRun(m, row, x + 7, x + 11, 1, n))) {
                    rule3++;
                }
                if (y + 6 < n
                        && m[i] == 1
                        && m[i + n] == 0
                        && m[i + 2 * n] == 1
                        && m[i + 3 * n] == 1
                        && m[i + 4 * n] == 1
                        && m[i + 5 * n] == 0
                        && m[i + 6 * n] == 1
                        && (whiteRun(m, x, y - 4, y, n, n) || whiteRun(m, x, y + 7, y + 11, n, n))) {
                    rule3++;
                }
            }
        }
        int total = n * n;
        int rule4 = Math.abs(dark * 2 - total) * 10 / total * 10;
        return rule1 + rule2 * 3 + rule3 * 40 + rule4;
    }

    /** True when modules from..to-1 along a line (start, step) are all light; false when out of range, as ZXing. */
    private static boolean whiteRun(byte[] m, int start, int from, int to, int step, int n) {
        if (from < 0 || n < to) return false;
        for (int i = from; i < to; i++) if (m[start + i * step] == 1) return false;
        return true;
    }
}
