package jp.jcstar.qr;

import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.QRCode;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Benchmark baseline only: {@link QrCodes} as it was before the fixed-segment encoder and the direct PNG
 * writer (ZXing's minimal encoder with hint QR_COMPACT, one build with mask 0 and the byte-per-module {@link LegacyMaskChooser};
 * PNG through ImageIO), so that before and after are measured in the same JVM. In {@code jp.jcstar.qr}
 * for the package-private {@code QrCodes.zxing}.
 */
public final class LegacyQr {
    private LegacyQr() {}

    public static BitMatrix encode(String text) {
        ErrorCorrectionLevel level = QrCodes.DEFAULT_LEVEL;
        QRCode q = QrCodes.zxing(text, level, true, 0);
        LegacyMaskChooser.Choice c = LegacyMaskChooser.choose(q.getMatrix(), 0, q.getVersion(), level);
        int n = c.n();
        int qz = QrCodes.QUIET_ZONE;
        BitMatrix out = new BitMatrix(n + 2 * qz);
        byte[] m = c.modules();
        for (int y = 0; y < n; y++) for (int x = 0; x < n; x++) if (m[y * n + x] == 1) out.set(x + qz, y + qz);
        return out;
    }

    public static byte[] png(BitMatrix symbol) {
        int scale = QrCodes.DEFAULT_SCALE;
        int w = symbol.getWidth();
        int size = w * scale;
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_BINARY);
        byte[] data = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        int stride = (size + 7) / 8;
        byte[] line = new byte[stride];
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
}
