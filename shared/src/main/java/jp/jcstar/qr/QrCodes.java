package jp.jcstar.qr;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.Encoder;
import com.google.zxing.qrcode.encoder.QRCode;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * QR codes of label texts ({@link QrText}): error correction level M or higher, a quiet zone of
 * {@link #QUIET_ZONE} modules, and mixed-mode segments (ZXing's minimal encoder, hint
 * {@code QR_COMPACT}), so the upper-cased URL goes in alphanumeric mode, {@code v#} in byte mode and
 * the digits in numeric mode. The mask pattern is the one ZXing would pick, found with one matrix build
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
        BitMatrix out = new BitMatrix(n + 2 * QUIET_ZONE);
        byte[] m = c.modules();
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) if (m[y * n + x] == 1) out.set(x + QUIET_ZONE, y + QUIET_ZONE);
        }
        return out;
    }

    static MaskChooser.Choice choose(String text, ErrorCorrectionLevel level) {
        QRCode q = zxing(text, level, true, 0);
        return MaskChooser.choose(q.getMatrix(), 0, q.getVersion(), level);
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
        return zxing(text, level, compact, 0).getVersion().getVersionNumber();
    }

    /** ZXing's encoding; {@code mask} -1 lets ZXing search all eight patterns itself. */
    static QRCode zxing(String text, ErrorCorrectionLevel level, boolean compact, int mask) {
        if (level == ErrorCorrectionLevel.L) throw new IllegalArgumentException("labels use error correction level M or higher");
        for (int i = 0; i < text.length(); i++) {
            // Label texts are ASCII; anything else would need an ECI the verify page does not expect.
            if (text.charAt(i) > 0x7e || text.charAt(i) < 0x20) throw new IllegalArgumentException("QR text must be printable ASCII");
        }
        Map<EncodeHintType, Object> hints = new EnumMap<>(EncodeHintType.class);
        if (compact) hints.put(EncodeHintType.QR_COMPACT, Boolean.TRUE);
        if (mask >= 0) hints.put(EncodeHintType.QR_MASK_PATTERN, mask);
        try {
            return Encoder.encode(text, level, hints);
        } catch (WriterException e) {
            throw new TooLargeException("text of " + text.length() + " characters does not fit a QR code at level " + level);
        }
    }

    /** PNG at {@link #DEFAULT_SCALE} pixels per module. */
    public static byte[] png(BitMatrix symbol) {
        return png(symbol, DEFAULT_SCALE);
    }

    /** A 1-bit black-and-white PNG, {@code scale} pixels per module, quiet zone included. */
    public static byte[] png(BitMatrix symbol, int scale) {
        if (scale < 1 || scale > 64) throw new IllegalArgumentException("scale must be 1–64 pixels per module");
        int w = symbol.getWidth();
        int size = w * scale;
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_BINARY);
        byte[] data = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        int stride = (size + 7) / 8;
        byte[] line = new byte[stride];
        // the default palette of TYPE_BYTE_BINARY: bit 0 = black, 1 = white
        for (int y = 0; y < w; y++) {
            Arrays.fill(line, (byte) 0xff);
            for (int x = 0; x < w; x++) {
                if (!symbol.get(x, y)) continue;
                for (int p = x * scale, end = p + scale; p < end; p++) line[p >>> 3] &= (byte) ~(0x80 >>> (p & 7));
            }
            for (int r = 0; r < scale; r++) System.arraycopy(line, 0, data, (y * scale + r) * stride, stride);
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
                MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            // runs of identical scanlines compress well at any level; the fast one keeps issuance quick
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.75f);
            writer.write(null, new IIOImage(img, null, null), param);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding failed", e);
        } finally {
            writer.dispose();
        }
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
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\"");
        if (moduleMm > 0) {
            String mm = String.format(Locale.ROOT, "%.2fmm", w * moduleMm);
            sb.append(" width=\"").append(mm).append("\" height=\"").append(mm).append('"');
        }
        sb.append(" viewBox=\"0 0 ").append(w).append(' ').append(w).append("\" shape-rendering=\"crispEdges\">")
                .append("<rect width=\"").append(w).append("\" height=\"").append(w).append("\" fill=\"#fff\"/>")
                .append("<path fill=\"#000\" d=\"").append(svgPathData(symbol)).append("\"/></svg>\n");
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
                d.append('M').append(start).append(' ').append(y).append('h').append(x - start).append("v1h-").append(x - start).append('z');
            }
        }
        return d.toString();
    }
}
