package jp.jcstar.qr;

import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.decoder.Version;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import java.util.concurrent.atomic.AtomicReferenceArray;

/** Benchmark baseline only: {@code MaskChooser} as it was before the bit-parallel penalty (byte per module). Original comment:
 *
 * Chooses a QR mask pattern the way ZXing's {@code Encoder} does (lowest penalty by ZXing's
 * {@code MaskUtil} rules 1–4, ties to the lower pattern number), but from one built matrix instead of
 * eight: ZXing rebuilds the whole symbol (function patterns, bit placement) for every pattern, while
 * here the symbol is built once with pattern 0 and each other pattern is derived by flipping the data
 * modules where the two patterns differ and rewriting the 15 format-information modules. The result is
 * the exact matrix ZXing builds for that pattern (QrCodesTest compares them module by module).
 * Stateless apart from a per-version layout cache; thread-safe.
 */
final class LegacyMaskChooser {
    private LegacyMaskChooser() {}

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
    private record Layout(int n, int[] dataPos, byte[] maskBits, int[] format1, int[] format2) {}

    private static final AtomicReferenceArray<Layout> LAYOUTS = new AtomicReferenceArray<>(41);

    /** The chosen pattern and its matrix, row-major, 1 = dark. */
    record Choice(int mask, int n, byte[] modules) {}

    /**
     * @param built   the symbol ZXing built with mask pattern {@code builtMask}
     */
    static Choice choose(ByteMatrix built, int builtMask, Version version, ErrorCorrectionLevel level) {
        Layout l = layout(version);
        int n = l.n;
        byte[] base = new byte[n * n];
        byte[][] rows = built.getArray();
        for (int y = 0; y < n; y++) System.arraycopy(rows[y], 0, base, y * n, n);

        byte[] work = new byte[n * n];
        byte[] best = null;
        int bestMask = -1;
        int bestPenalty = Integer.MAX_VALUE;
        for (int k = 0; k < MASKS; k++) {
            byte[] m = k == builtMask ? base : applyMask(l, base, builtMask, k, level, work);
            int penalty = penalty(m, n);
            if (penalty < bestPenalty) {
                bestPenalty = penalty;
                bestMask = k;
                best = m == work ? work.clone() : m;
            }
        }
        return new Choice(bestMask, n, best);
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
        return new Layout(n, dataPos, maskBits, f1, f2);
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

    /** ZXing's penalty (MaskUtil rules 1–4, same weights and quirks) over a row-major matrix. */
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
