package jp.jcstar.qr;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.ReaderException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import javax.imageio.ImageIO;

/** Test helper: reads QR code images back to text with ZXing javase. */
public final class QrScan {
    private QrScan() {}

    /**
     * Through ZXing's full detector (finder patterns located in the image, as a scanner app does), trying
     * the four orientations a phone may see the box in; null when none is found.
     */
    public static String detect(byte[] png) {
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
            for (int turn = 0; turn < 4; turn++) {
                try {
                    var bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(img)));
                    return new QRCodeReader()
                            .decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE))
                            .getText();
                } catch (ReaderException e) {
                    img = rotate(img);
                }
            }
            return null;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static BufferedImage rotate(BufferedImage s) {
        BufferedImage r = new BufferedImage(s.getHeight(), s.getWidth(), BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < s.getHeight(); y++)
            for (int x = 0; x < s.getWidth(); x++) r.setRGB(s.getHeight() - 1 - y, x, s.getRGB(x, y));
        return r;
    }

    /** Symbol only (PURE_BARCODE: no detection): proves format, version, data and error correction. */
    public static String pure(byte[] png) {
        return decode(png, Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE));
    }

    private static String decode(byte[] png, Map<DecodeHintType, ?> hints) {
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
            var bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(img)));
            return new QRCodeReader().decode(bitmap, hints).getText();
        } catch (IOException | ReaderException e) {
            throw new AssertionError("QR code does not scan: " + e, e);
        }
    }
}
