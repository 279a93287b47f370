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
 * chosen here; terminator and padding, Reed–Solomon blocks and interleaving, and the matrix (function
 * patterns, placement, mask, format and version information) are ZXing's own package-private steps,
 * which is why this class lives in ZXing's package (our shared jar; a split package works on the class
 * path, and the shaded Lambda and CLI jars merge it). For the same segments and version the bits, and so
 * the symbol, are the ones ZXing's {@code Encoder} makes with {@code QR_COMPACT}
 * ({@code FixedSegmentEncoderTest}). Stateless and thread-safe.
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
        BitArray finalBits = Encoder.interleaveWithECBytes(bits, version.getTotalCodewords(), numDataBytes, ecBlocks.getNumBlocks());

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
}
