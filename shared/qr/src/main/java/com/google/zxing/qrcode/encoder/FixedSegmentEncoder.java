package com.google.zxing.qrcode.encoder;

import com.google.zxing.WriterException;
import com.google.zxing.common.BitArray;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.decoder.Mode;
import com.google.zxing.qrcode.decoder.Version;

/**
 * QR encoding of a text with three known segments, {@code ALPHANUMERIC(text[0, a)) BYTE(text[a, n))
 * NUMERIC(text[n, end))}, without the search of ZXing's {@code MinimalEncoder} (hint {@code QR_COMPACT}),
 * which costs about 2 ms for a label text and, for label texts, finds exactly these segments
 * ({@code MixedModeSegmentsTest}). The smallest version at the level that holds the three segments is
 * chosen here; terminator and padding, the Reed–Solomon block split, and the matrix (function
 * patterns, placement, mask, format and version information) are ZXing's own package-private steps,
 * which is why this class lives in ZXing's package (our shared jar; a split package works on the class
 * path, and the shaded Lambda and CLI jars merge it). For the same segments and version the bits, and so
 * the symbol, are the ones ZXing's {@code Encoder} makes with {@code QR_COMPACT}
 * ({@code FixedSegmentEncoderTest}). The error correction bytes are computed here with log/antilog
 * tables and cached generator polynomials (ZXing's {@code ReedSolomonEncoder} allocates a polynomial
 * per step and took most of the remaining encoding time); same field (0x11D) and generator, same bytes.
 * Stateless apart from the generator cache; thread-safe.
 *
 * <p>Used through {@code jp.jcstar.qr.QrCodes}; not an API of its own.
 */
public final class FixedSegmentEncoder {
    private FixedSegmentEncoder() {}

    /**
     * The symbol of {@code text} in the three segments, built with {@code mask}; null when no version up
     * to 40 holds them (the caller then falls back to ZXing's own encoder, which may find a smaller
     * segmentation or report the text too large). The caller has checked the characters: alphanumeric
     * set (ISO/IEC 18004 table 5) before {@code byteStart}, ISO-8859-1 up to {@code numericStart}, digits
     * after; each segment may be empty.
     */
    public static QRCode encode(String text, int byteStart, int numericStart, ErrorCorrectionLevel level, int mask)
            throws WriterException {
        int nA = byteStart;
        int nB = numericStart - byteStart;
        int nN = text.length() - numericStart;
        Version version = smallestVersion(nA, nB, nN, level);
        if (version == null) return null;

        BitArray bits = new BitArray();
        if (nA > 0) {
            Encoder.appendModeInfo(Mode.ALPHANUMERIC, bits);
            Encoder.appendLengthInfo(nA, version, Mode.ALPHANUMERIC, bits);
            Encoder.appendAlphanumericBytes(text.substring(0, byteStart), bits);
        }
        if (nB > 0) {
            Encoder.appendModeInfo(Mode.BYTE, bits);
            Encoder.appendLengthInfo(nB, version, Mode.BYTE, bits);
            for (int i = byteStart; i < numericStart; i++) bits.appendBits(text.charAt(i), 8);
        }
        if (nN > 0) {
            Encoder.appendModeInfo(Mode.NUMERIC, bits);
            Encoder.appendLengthInfo(nN, version, Mode.NUMERIC, bits);
            Encoder.appendNumericBytes(text.substring(numericStart), bits);
        }

        Version.ECBlocks ecBlocks = version.getECBlocksForLevel(level);
        int numDataBytes = version.getTotalCodewords() - ecBlocks.getTotalECCodewords();
        Encoder.terminateBits(numDataBytes, bits);
        BitArray finalBits =
                interleaveWithECBytes(bits, version.getTotalCodewords(), numDataBytes, ecBlocks.getNumBlocks());

        QRCode q = new QRCode();
        q.setECLevel(level);
        // what ZXing's Encoder reports for QR_COMPACT (mixed) encodings
        q.setMode(Mode.BYTE);
        q.setVersion(version);
        q.setMaskPattern(mask);
        int n = version.getDimensionForVersion();
        ByteMatrix matrix = new ByteMatrix(n, n);
        MatrixUtil.buildMatrix(finalBits, level, version, mask, matrix);
        q.setMatrix(matrix);
        return q;
    }

    /** The smallest version at {@code level} holding the three segments, or null. */
    public static Version smallestVersion(int nA, int nB, int nN, ErrorCorrectionLevel level) {
        for (int v = 1; v <= 40; v++) {
            Version version = Version.getVersionForNumber(v);
            int bits = bits(nA, nB, nN, version);
            if (bits >= 0 && Encoder.willFit(bits, version, level)) return version;
        }
        return null;
    }

    /** Bits of the three segments (mode indicators, character counts, data) in {@code version}; -1 if a count overflows. */
    static int bits(int nA, int nB, int nN, Version version) {
        int total = 0;
        if (nA > 0) {
            int cc = Mode.ALPHANUMERIC.getCharacterCountBits(version);
            if (nA >= 1 << cc) return -1;
            total += 4 + cc + 11 * (nA / 2) + 6 * (nA % 2);
        }
        if (nB > 0) {
            int cc = Mode.BYTE.getCharacterCountBits(version);
            if (nB >= 1 << cc) return -1;
            total += 4 + cc + 8 * nB;
        }
        if (nN > 0) {
            int cc = Mode.NUMERIC.getCharacterCountBits(version);
            if (nN >= 1 << cc) return -1;
            int rest = nN % 3;
            total += 4 + cc + 10 * (nN / 3) + (rest == 1 ? 4 : rest == 2 ? 7 : 0);
        }
        return total;
    }

    /** ZXing's {@code Encoder.interleaveWithECBytes} (same blocks, same order) with table-driven Reed–Solomon. */
    static BitArray interleaveWithECBytes(BitArray bits, int numTotalBytes, int numDataBytes, int numRSBlocks)
            throws WriterException {
        if (bits.getSizeInBytes() != numDataBytes)
            throw new WriterException("Number of bits and data bytes does not match");
        byte[] data = new byte[numDataBytes];
        bits.toBytes(0, data, 0, numDataBytes);
        int[] dataOffset = new int[numRSBlocks];
        int[] dataLen = new int[numRSBlocks];
        byte[][] ec = new byte[numRSBlocks][];
        int[] nd = new int[1];
        int[] ne = new int[1];
        int offset = 0;
        int maxData = 0;
        int maxEc = 0;
        for (int b = 0; b < numRSBlocks; b++) {
            Encoder.getNumDataBytesAndNumECBytesForBlockID(numTotalBytes, numDataBytes, numRSBlocks, b, nd, ne);
            dataOffset[b] = offset;
            dataLen[b] = nd[0];
            ec[b] = reedSolomon(data, offset, nd[0], ne[0]);
            offset += nd[0];
            maxData = Math.max(maxData, nd[0]);
            maxEc = Math.max(maxEc, ne[0]);
        }
        if (offset != numDataBytes) throw new WriterException("Data bytes does not match offset");
        byte[] out = new byte[numTotalBytes];
        int o = 0;
        for (int i = 0; i < maxData; i++) {
            for (int b = 0; b < numRSBlocks; b++) if (i < dataLen[b]) out[o++] = data[dataOffset[b] + i];
        }
        for (int i = 0; i < maxEc; i++) {
            for (int b = 0; b < numRSBlocks; b++) if (i < ec[b].length) out[o++] = ec[b][i];
        }
        if (o != numTotalBytes)
            throw new WriterException("Interleaving error: " + numTotalBytes + " and " + o + " differ.");
        BitArray result = new BitArray(8 * numTotalBytes);
        // BitArray keeps bit i at (word i/32, bit i%32), first bit of a byte = its most significant
        for (int i = 0; i < numTotalBytes; i += 4) {
            int word = 0;
            for (int j = 0; j < 4; j++) word |= (i + j < numTotalBytes ? out[i + j] & 0xff : 0) << (24 - 8 * j);
            result.setBulk(8 * i, Integer.reverse(word));
        }
        return result;
    }

    private static final int[] EXP = new int[512];
    private static final int[] LOG = new int[256];

    static {
        int x = 1;
        for (int i = 0; i < 255; i++) {
            EXP[i] = x;
            LOG[x] = i;
            x <<= 1;
            if (x >= 256) x ^= 0x11D;
        }
        for (int i = 255; i < 512; i++) EXP[i] = EXP[i - 255];
    }
    /** Per number of EC bytes: logs of the generator coefficients below the leading 1, highest degree first. */
    private static final java.util.concurrent.atomic.AtomicReferenceArray<int[]> GENERATOR_LOGS =
            new java.util.concurrent.atomic.AtomicReferenceArray<>(256);

    /** Generator ∏(x − α^i), i &lt; degree (QR: generator base 0), as logs of its coefficients after the leading 1. */
    private static int[] generatorLogs(int degree) {
        int[] logs = GENERATOR_LOGS.get(degree);
        if (logs != null) return logs;
        int[] g = {1}; // coefficients, highest degree first
        for (int i = 0; i < degree; i++) {
            int[] next = new int[g.length + 1];
            for (int j = 0; j < g.length; j++) {
                next[j] ^= g[j];
                next[j + 1] ^= mul(g[j], EXP[i]);
            }
            g = next;
        }
        logs = new int[degree];
        for (int i = 0; i < degree; i++) logs[i] = LOG[g[i + 1]];
        GENERATOR_LOGS.compareAndSet(degree, null, logs);
        return logs;
    }

    private static int mul(int a, int b) {
        return a == 0 || b == 0 ? 0 : EXP[LOG[a] + LOG[b]];
    }

    /** The {@code numEc} error correction bytes of {@code data[off, off+len)}: remainder of data·x^numEc by the generator. */
    static byte[] reedSolomon(byte[] data, int off, int len, int numEc) {
        int[] g = generatorLogs(numEc);
        int[] r = new int[numEc];
        for (int i = 0; i < len; i++) {
            int factor = (data[off + i] & 0xff) ^ r[0];
            System.arraycopy(r, 1, r, 0, numEc - 1);
            r[numEc - 1] = 0;
            if (factor != 0) {
                int lf = LOG[factor];
                for (int j = 0; j < numEc; j++) r[j] ^= EXP[g[j] + lf];
            }
        }
        byte[] out = new byte[numEc];
        for (int j = 0; j < numEc; j++) out[j] = (byte) r[j];
        return out;
    }
}
