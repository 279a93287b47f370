package jp.jcstar.qr;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.Encoder;
import com.google.zxing.qrcode.encoder.FixedSegmentEncoder;
import com.google.zxing.qrcode.encoder.QRCode;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * QR codes of label texts ({@link QrText}): error correction level M or higher, a quiet zone of
 * {@link #QUIET_ZONE} modules, and mixed-mode segments, so the upper-cased URL goes in alphanumeric
 * mode, {@code v#} in byte mode and the digits in numeric mode: built directly for texts of that shape
 * ({@link FixedSegmentEncoder}), by ZXing's minimal encoder (hint {@code QR_COMPACT}) for any other.
 * The mask pattern is the one ZXing would pick, found with one matrix build
 * instead of eight ({@link MaskChooser}). Renders print-ready PNG and SVG. Stateless and thread-safe.
 */
public final class QrCodes {
    private QrCodes() {}

    /** Error correction level of every label QR code unless a higher one is asked for. */
    public static final ErrorCorrectionLevel DEFAULT_LEVEL = ErrorCorrectionLevel.M;
    /** Light modules around the symbol, as ISO/IEC 18004 requires. */
    public static final int QUIET_ZONE = 4;
    /** PNG pixels per module. */
    public static final int DEFAULT_SCALE = 8;

    /** A text too long for a version-40 symbol at the requested level. */
    public static final class TooLargeException extends IllegalArgumentException {
        public TooLargeException(String message) {
            super(message);
        }
    }

    /** The symbol of {@code text} at level M, quiet zone included (1 = dark). */
    public static BitMatrix encode(String text) {
        return encode(text, DEFAULT_LEVEL);
    }

    /** The symbol of {@code text} at {@code level} (M, Q or H), quiet zone included. */
    public static BitMatrix encode(String text, ErrorCorrectionLevel level) {
        MaskChooser.Choice c = choose(text, level);
        int n = c.n();
        int w = c.words();
        long[] rows = c.rows();
        BitMatrix out = new BitMatrix(n + 2 * QUIET_ZONE);
        for (int y = 0; y < n; y++) {
            for (int i = 0; i < w; i++) {
                for (long v = rows[y * w + i]; v != 0; v &= v - 1)
                    out.set(64 * i + Long.numberOfTrailingZeros(v) + QUIET_ZONE, y + QUIET_ZONE);
            }
        }
        return out;
    }

    static MaskChooser.Choice choose(String text, ErrorCorrectionLevel level) {
        QRCode q = fixedSegments(text, level, 0);
        if (q == null) q = zxing(text, level, true, 0);
        return MaskChooser.choose(q.getMatrix(), 0, q.getVersion(), level);
    }

    /**
     * The symbol (built with {@code mask}) of a label text of the shape {@code ALNUM v# DIGITS} — the
     * upper-cased verify URL up to its last {@code /}, then {@code v#}, then at least
     * {@link #FIXED_MIN_DIGITS} digits of the numeric form (see {@link QrText}) — in exactly those three segments, without ZXing's minimal-encoding search; null
     * for any other text (or if the three segments fit no version), which then takes ZXing's
     * {@code QR_COMPACT} path. For label texts both give the same segments, version and symbol
     * ({@code FixedSegmentEncoderTest}).
     */
    static QRCode fixedSegments(String text, ErrorCorrectionLevel level, int mask) {
        if (level == ErrorCorrectionLevel.L)
            throw new IllegalArgumentException("labels use error correction level M or higher");
        int hash = text.indexOf('#');
        int len = text.length();
        if (hash < 2 || len - hash - 1 < FIXED_MIN_DIGITS || text.charAt(hash - 1) != 'v') return null;
        int byteStart = hash - 1;
        for (int i = 0; i < byteStart; i++) if (!isAlphanumeric(text.charAt(i))) return null;
        for (int i = hash + 1; i < len; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') return null;
        }
        try {
            return FixedSegmentEncoder.encode(text, byteStart, hash + 1, level, mask);
        } catch (WriterException e) {
            throw new IllegalStateException("fixed-segment QR encoding failed", e);
        }
    }

    /**
     * Fewest digits for the fixed segments: for a short tail the minimal encoder may put the digits in
     * the byte segment instead (a numeric segment's header costs 14–18 bits), and we keep its symbol.
     * Label texts carry hundreds (the signature alone is 156).
     */
    static final int FIXED_MIN_DIGITS = 32;

    /** In the QR alphanumeric set: 0–9, A–Z, space and {@code $%*+-./:}. */
    private static boolean isAlphanumeric(char c) {
        return (c >= '0' && c <= '9')
                || (c >= 'A' && c <= 'Z')
                || c == ' '
                || c == '$'
                || c == '%'
                || c == '*'
                || c == '+'
                || c == '-'
                || c == '.'
                || c == '/'
                || c == ':';
    }

    /** The QR version (1–40) of {@code text} at level M with mixed-mode segments. */
    public static int version(String text) {
        return version(text, DEFAULT_LEVEL, true);
    }

    /**
     * The QR version of {@code text} at {@code level}; {@code compact} false makes ZXing use one mode for
     * the whole text (what a plain encoder does), for comparison.
     *
     * @throws TooLargeException when no version holds it
     */
    public static int version(String text, ErrorCorrectionLevel level, boolean compact) {
        QRCode q = compact ? fixedSegments(text, level, 0) : null;
        if (q == null) q = zxing(text, level, compact, 0);
        return q.getVersion().getVersionNumber();
    }

    /** ZXing's encoding; {@code mask} -1 lets ZXing search all eight patterns itself. */
    static QRCode zxing(String text, ErrorCorrectionLevel level, boolean compact, int mask) {
        if (level == ErrorCorrectionLevel.L)
            throw new IllegalArgumentException("labels use error correction level M or higher");
        for (int i = 0; i < text.length(); i++) {
            // Label texts are ASCII; anything else would need an ECI the verify page does not expect.
            if (text.charAt(i) > 0x7e || text.charAt(i) < 0x20)
                throw new IllegalArgumentException("QR text must be printable ASCII");
        }
        Map<EncodeHintType, Object> hints = new EnumMap<>(EncodeHintType.class);
        if (compact) hints.put(EncodeHintType.QR_COMPACT, Boolean.TRUE);
        if (mask >= 0) hints.put(EncodeHintType.QR_MASK_PATTERN, mask);
        try {
            return Encoder.encode(text, level, hints);
        } catch (WriterException e) {
            throw new TooLargeException(
                    "text of " + text.length() + " characters does not fit a QR code at level " + level);
        }
    }

    /** PNG at {@link #DEFAULT_SCALE} pixels per module. */
    public static byte[] png(BitMatrix symbol) {
        return png(symbol, DEFAULT_SCALE);
    }

    /**
     * A 1-bit black-and-white PNG, {@code scale} pixels per module, quiet zone included: greyscale at bit
     * depth 1 (0 = black), one IDAT of filter-0 scanlines deflated at {@link #PNG_DEFLATE_LEVEL}, written
     * here directly (ImageIO's writer took about as long as the whole QR encoding).
     */
    public static byte[] png(BitMatrix symbol, int scale) {
        if (scale < 1 || scale > 64) throw new IllegalArgumentException("scale must be 1–64 pixels per module");
        int w = symbol.getWidth();
        int h = symbol.getHeight();
        int width = w * scale;
        int height = h * scale;
        int stride = 1 + (width + 7) / 8; // filter-type byte, then the packed pixels
        byte[] raw = new byte[stride * height];
        byte[] line = new byte[stride];
        for (int y = 0; y < h; y++) {
            Arrays.fill(line, 1, stride, (byte) 0xff); // byte 0 stays 0: filter type None
            int x = 0;
            while (x < w) {
                if (!symbol.get(x, y)) {
                    x++;
                    continue;
                }
                int start = x;
                while (x < w && symbol.get(x, y)) x++;
                clearBits(line, 1, start * scale, x * scale);
            }
            // bits past the width in the last byte are ignored by decoders; left as 1 (white)
            for (int r = 0; r < scale; r++) System.arraycopy(line, 0, raw, (y * scale + r) * stride, stride);
        }
        byte[] idat = deflate(raw);
        byte[] out = new byte[PNG_SIGNATURE.length + (12 + 13) + (12 + idat.length) + 12];
        System.arraycopy(PNG_SIGNATURE, 0, out, 0, PNG_SIGNATURE.length);
        byte[] ihdr = new byte[13];
        putInt(ihdr, 0, width);
        putInt(ihdr, 4, height);
        ihdr[8] = 1; // bit depth
        ihdr[9] = 0; // colour type: greyscale; compression, filter method and interlace stay 0
        int o = chunk(out, PNG_SIGNATURE.length, "IHDR", ihdr, ihdr.length);
        o = chunk(out, o, "IDAT", idat, idat.length);
        chunk(out, o, "IEND", idat, 0);
        return out;
    }

    /** Clears (makes black) pixels [from, to) of the packed scanline starting at line[off], most significant bit first. */
    private static void clearBits(byte[] line, int off, int from, int to) {
        int first = from >>> 3;
        int last = (to - 1) >>> 3;
        int headMask = 0xff >>> (from & 7); // bits from `from` to the end of its byte
        int tailMask = 0xff << (7 - ((to - 1) & 7)) & 0xff; // bits from the start of the last byte to `to`
        if (first == last) {
            line[off + first] &= (byte) ~(headMask & tailMask);
            return;
        }
        line[off + first] &= (byte) ~headMask;
        if (last > first + 1) Arrays.fill(line, off + first + 1, off + last, (byte) 0);
        line[off + last] &= (byte) ~tailMask;
    }

    /** zlib level of PNG data: label PNGs repeat every scanline {@code scale} times, which the fastest level finds as well. */
    static final int PNG_DEFLATE_LEVEL = Deflater.BEST_SPEED;

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /** zlib stream (header and Adler-32, as PNG wants) of {@code raw}. */
    private static byte[] deflate(byte[] raw) {
        Deflater d = new Deflater(PNG_DEFLATE_LEVEL);
        try {
            d.setInput(raw);
            d.finish();
            byte[] buf = new byte[Math.max(1024, raw.length / 8)];
            int n = 0;
            while (!d.finished()) {
                if (n == buf.length) buf = Arrays.copyOf(buf, buf.length * 2);
                n += d.deflate(buf, n, buf.length - n);
            }
            return n == buf.length ? buf : Arrays.copyOf(buf, n);
        } finally {
            d.end();
        }
    }

    /** Writes chunk {@code type} with the first {@code len} bytes of {@code data} at {@code o}; returns the offset after it. */
    private static int chunk(byte[] out, int o, String type, byte[] data, int len) {
        putInt(out, o, len);
        for (int i = 0; i < 4; i++) out[o + 4 + i] = (byte) type.charAt(i);
        System.arraycopy(data, 0, out, o + 8, len);
        CRC32 crc = new CRC32();
        crc.update(out, o + 4, 4 + len);
        putInt(out, o + 8 + len, (int) crc.getValue());
        return o + 12 + len;
    }

    private static void putInt(byte[] b, int o, int v) {
        b[o] = (byte) (v >>> 24);
        b[o + 1] = (byte) (v >>> 16);
        b[o + 2] = (byte) (v >>> 8);
        b[o + 3] = (byte) v;
    }

    /** SVG scaled by its container: viewBox in modules, quiet zone included. */
    public static String svg(BitMatrix symbol) {
        return svg(symbol, 0);
    }

    /**
     * A print-ready SVG: one {@code <path>} of horizontal runs of dark modules, crisp edges, viewBox in
     * modules; {@code moduleMm} &gt; 0 also sets the printed width and height in millimetres.
     */
    public static String svg(BitMatrix symbol, double moduleMm) {
        int w = symbol.getWidth();
        StringBuilder sb = new StringBuilder(8192);
        sb.append(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\"");
        if (moduleMm > 0) {
            String mm = String.format(Locale.ROOT, "%.2fmm", w * moduleMm);
            sb.append(" width=\"").append(mm).append("\" height=\"").append(mm).append('"');
        }
        sb.append(" viewBox=\"0 0 ")
                .append(w)
                .append(' ')
                .append(w)
                .append("\" shape-rendering=\"crispEdges\">")
                .append("<rect width=\"")
                .append(w)
                .append("\" height=\"")
                .append(w)
                .append("\" fill=\"#fff\"/>")
                .append("<path fill=\"#000\" d=\"")
                .append(svgPathData(symbol))
                .append("\"/></svg>\n");
        return sb.toString();
    }

    /** The {@code d} of a path that draws every dark module in module units: one rectangle per horizontal run. */
    public static String svgPathData(BitMatrix symbol) {
        int w = symbol.getWidth();
        StringBuilder d = new StringBuilder(w * w / 2);
        for (int y = 0; y < symbol.getHeight(); y++) {
            int x = 0;
            while (x < w) {
                if (!symbol.get(x, y)) {
                    x++;
                    continue;
                }
                int start = x;
                while (x < w && symbol.get(x, y)) x++;
                d.append('M')
                        .append(start)
                        .append(' ')
                        .append(y)
                        .append('h')
                        .append(x - start)
                        .append("v1h-")
                        .append(x - start)
                        .append('z');
            }
        }
        return d.toString();
    }
}
