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
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads the text of a QR code in an image file (ZXing javase): the finder-pattern detector in four
 * orientations, then, for clean artwork such as our own PNGs, the whole image as a pure symbol.
 */
public final class QrImages {
    private QrImages() {}

    /** Largest image decoded: 25 megapixels (a 24 MP phone photo; ≈ 100 MB decoded), at most 16,384 pixels a side. */
    public static final long MAX_PIXELS = 25_000_000L;

    public static final int MAX_SIDE = 16_384;

    /**
     * The text, or empty when no QR code is found; throws {@link IOException} when the file is no image or
     * is larger than {@link #MAX_PIXELS} / {@link #MAX_SIDE}. The size is read from the file's header before
     * any pixel is decoded: a 147 KB PNG can declare 30000×30000 pixels (4 GB decoded).
     */
    public static Optional<String> read(Path image) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(image.toFile())) {
            if (in == null) throw new IOException("cannot open " + image);
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext())
                throw new IOException(image + " is not an image ImageIO can read (PNG, JPEG, GIF, BMP)");
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (w > MAX_SIDE || h > MAX_SIDE || (long) w * h > MAX_PIXELS) {
                    throw new IOException(image + " is " + w + "×" + h + " pixels, more than jcstar decodes ("
                            + MAX_SIDE + " a side, " + MAX_PIXELS / 1_000_000 + " megapixels); crop it to the QR code");
                }
                BufferedImage img = reader.read(0);
                if (img == null)
                    throw new IOException(image + " is not an image ImageIO can read (PNG, JPEG, GIF, BMP)");
                return read(img);
            } catch (javax.imageio.IIOException e) {
                throw new IOException(image + " is not a readable image: " + e.getMessage(), e);
            } finally {
                reader.dispose();
            }
        }
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
        for (int y = 0; y < s.getHeight(); y++)
            for (int x = 0; x < s.getWidth(); x++) r.setRGB(s.getHeight() - 1 - y, x, s.getRGB(x, y));
        return r;
    }
}
