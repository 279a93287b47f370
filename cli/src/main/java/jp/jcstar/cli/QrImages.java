package jp.jcstar.cli;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.ReaderException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * Reads the text of a QR code in an image file (ZXing javase): the finder-pattern detector in four
 * orientations, then, for clean artwork such as our own PNGs, the whole image as a pure symbol.
 */
public final class QrImages {
    private QrImages() {}

    /** The text, or empty when no QR code is found; throws {@link IOException} when the file is no image. */
    public static Optional<String> read(Path image) throws IOException {
        BufferedImage img = ImageIO.read(image.toFile());
        if (img == null) throw new IOException(image + " is not an image ImageIO can read (PNG, JPEG, GIF, BMP)");
        return read(img);
    }

    public static Optional<String> read(BufferedImage img) {
        BufferedImage turned = img;
        for (int turn = 0; turn < 4; turn++) {
            Optional<String> t = decode(turned, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE));
            if (t.isPresent()) return t;
            turned = rotate(turned);
        }
        return decode(img, Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE));
    }

    private static Optional<String> decode(BufferedImage img, Map<DecodeHintType, ?> hints) {
        try {
            var bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(img)));
            return Optional.of(new QRCodeReader().decode(bitmap, hints).getText());
        } catch (ReaderException e) {
            return Optional.empty();
        }
    }

    private static BufferedImage rotate(BufferedImage s) {
        BufferedImage r = new BufferedImage(s.getHeight(), s.getWidth(), BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < s.getHeight(); y++) for (int x = 0; x < s.getWidth(); x++) r.setRGB(s.getHeight() - 1 - y, x, s.getRGB(x, y));
        return r;
    }
}
