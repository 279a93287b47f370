package jp.jcstar.qr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.QRCode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import jp.jcstar.label.Fixtures;
import jp.jcstar.signing.LabelSigner;
import jp.jcstar.signing.LocalKeySigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class QrCodesTest {
    static final String SITE = "https://jcstar.example.jp";
    static final LocalKeySigner KEY = LocalKeySigner.generate();

    /** Texts of many sizes (versions below and above 7, where version information appears). */
    static Stream<String> texts() {
        List<String> out = new ArrayList<>();
        LabelSigner signer = new LabelSigner(KEY, false);
        for (int i = 0; i < 6; i++) {
            String jws = signer.sign(Fixtures.withId("JC26-TEST000" + i, 1000 + i));
            out.add(QrText.of(SITE, jws));
            out.add(QrText.plain(SITE, jws));
        }
        out.add("HTTPS://A.JP/v#1");
        out.add("HTTPS://JCSTAR.EXAMPLE.JP/v#1" + "0123456789".repeat(20));
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("texts")
    void derivedMatrixOfEveryMaskIsTheOneZxingBuildsAndTheChoiceIsZxings(String text) {
        for (ErrorCorrectionLevel level :
                List.of(ErrorCorrectionLevel.M, ErrorCorrectionLevel.Q, ErrorCorrectionLevel.H)) {
            QRCode base = QrCodes.zxing(text, level, true, 0);
            int n = base.getMatrix().getWidth();
            var layout = MaskChooser.layout(base.getVersion());
            byte[] flat = flat(base);
            for (int k = 0; k < 8; k++) {
                byte[] derived = MaskChooser.applyMask(layout, flat, 0, k, level, new byte[n * n]);
                assertArrayEquals(flat(QrCodes.zxing(text, level, true, k)), derived, "mask " + k + " level " + level);
                assertEquals(
                        MaskChooser.penalty(derived, n),
                        bitPenalty(derived, n),
                        "bit-parallel penalty, mask " + k + " level " + level);
            }
            QRCode zxingChoice = QrCodes.zxing(text, level, true, -1);
            MaskChooser.Choice ours = QrCodes.choose(text, level);
            assertEquals(zxingChoice.getMaskPattern(), ours.mask(), "chosen mask, level " + level);
            assertArrayEquals(flat(zxingChoice), ours.modules());
        }
    }

    /**
     * Every code decodes at symbol level (format, version, data and error correction all checked) from
     * the printed PNG, and ZXing's finder-pattern detector locates it in the image. On flawless synthetic
     * images ZXing's detector misses about 3 % of symbols in one orientation (ZXing's own QRCodeWriter
     * output too: the matrices are identical, see above), hence four orientations and a 95 % floor.
     */
    @Test
    void everyGeneratedLabelCodeScansBackToItsText() {
        int detected = 0;
        for (boolean deflate : new boolean[] {false, true}) {
            LabelSigner signer = new LabelSigner(KEY, deflate);
            for (int i = 0; i < 40; i++) {
                String text = QrText.of(
                        SITE,
                        signer.sign(Fixtures.withId("JC26-SCAN" + String.format(Locale.ROOT, "%04d", i), i * 3001)));
                BitMatrix m = QrCodes.encode(text);
                byte[] png = QrCodes.png(m);
                assertEquals(text, QrScan.pure(png));
                String seen = QrScan.detect(png);
                if (seen != null) {
                    assertEquals(text, seen);
                    detected++;
                }
            }
        }
        assertTrue(detected >= 76, "detector found " + detected + " of 80");
    }

    @Test
    void pngHasQuietZoneAndScale() throws Exception {
        String text = QrText.of(SITE, new LabelSigner(KEY, false).sign(Fixtures.typicalJapanese()));
        BitMatrix m = QrCodes.encode(text);
        int modules = 17 + 4 * QrCodes.version(text);
        assertEquals(modules + 2 * QrCodes.QUIET_ZONE, m.getWidth());
        var img = ImageIO.read(new ByteArrayInputStream(QrCodes.png(m)));
        assertEquals(m.getWidth() * QrCodes.DEFAULT_SCALE, img.getWidth());
        for (int p = 0; p < QrCodes.QUIET_ZONE * QrCodes.DEFAULT_SCALE; p++) {
            assertEquals(0xffffffff, img.getRGB(p, p), "quiet zone is white");
        }
        assertEquals(
                0xff000000,
                img.getRGB(QrCodes.QUIET_ZONE * QrCodes.DEFAULT_SCALE, QrCodes.QUIET_ZONE * QrCodes.DEFAULT_SCALE),
                "finder pattern corner is black");
    }

    /**
     * The PNG is written directly (no ImageIO): 1-bit greyscale, and ImageIO reads back exactly the
     * symbol, pixel for pixel, also at scales whose width is not a whole number of bytes.
     */
    @Test
    void pngIsOneBitGreyscaleAndImageIoReadsTheSymbolPixelForPixel() throws Exception {
        String text = QrText.ofCompactHeader(SITE, new LabelSigner(KEY, true).sign(Fixtures.typicalJapanese()));
        BitMatrix m = QrCodes.encode(text);
        for (int scale : new int[] {1, 3, QrCodes.DEFAULT_SCALE}) {
            byte[] png = QrCodes.png(m, scale);
            assertArrayEquals(
                    new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, java.util.Arrays.copyOf(png, 8));
            assertEquals("IHDR", new String(png, 12, 4, java.nio.charset.StandardCharsets.US_ASCII));
            assertEquals(1, png[24], "bit depth");
            assertEquals(0, png[25], "colour type greyscale");
            var img = ImageIO.read(new ByteArrayInputStream(png));
            int size = m.getWidth() * scale;
            assertEquals(size, img.getWidth());
            assertEquals(size, img.getHeight());
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int expected = m.get(x / scale, y / scale) ? 0xff000000 : 0xffffffff;
                    if (img.getRGB(x, y) != expected)
                        throw new AssertionError("pixel " + x + "," + y + " at scale " + scale);
                }
            }
        }
        // read as a symbol; the detector's rate over many symbols is everyGeneratedLabelCodeScansBackToItsText's
        assertEquals(text, QrScan.pure(QrCodes.png(m)));
    }

    @Test
    void svgIsOnePathOfRunsCoveringExactlyTheDarkModules() throws Exception {
        String text = QrText.of(SITE, new LabelSigner(KEY, false).sign(Fixtures.typicalJapanese()));
        BitMatrix m = QrCodes.encode(text);
        String svg = QrCodes.svg(m, 0.4);
        var doc = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals(1, doc.getElementsByTagName("path").getLength());
        assertTrue(svg.contains("shape-rendering=\"crispEdges\""));
        assertTrue(svg.contains("viewBox=\"0 0 " + m.getWidth() + " " + m.getWidth() + "\""));
        // replay the path: every run must cover dark modules only, and every dark module once
        BitMatrix replay = new BitMatrix(m.getWidth());
        var runs =
                java.util.regex.Pattern.compile("M(\\d+) (\\d+)h(\\d+)v1h-\\3z").matcher(QrCodes.svgPathData(m));
        int covered = 0;
        while (runs.find()) {
            int x = Integer.parseInt(runs.group(1)),
                    y = Integer.parseInt(runs.group(2)),
                    len = Integer.parseInt(runs.group(3));
            replay.setRegion(x, y, len, 1);
            covered += len;
        }
        assertEquals(m, replay);
        int dark = 0;
        for (int y = 0; y < m.getHeight(); y++) for (int x = 0; x < m.getWidth(); x++) if (m.get(x, y)) dark++;
        assertEquals(dark, covered);
    }

    @Test
    void levelBelowMIsRefusedAndOversizedTextSaysSo() {
        assertThrows(IllegalArgumentException.class, () -> QrCodes.encode("HTTPS://A.JP/v#1", ErrorCorrectionLevel.L));
        assertThrows(QrCodes.TooLargeException.class, () -> QrCodes.version("x".repeat(3000)));
    }

    /** {@link MaskChooser#penalty(long[], long[], int, int)} of a row-major matrix. */
    static int bitPenalty(byte[] m, int n) {
        int w = (n + 63) / 64;
        long[] rows = new long[n * w];
        long[] cols = new long[n * w];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                if (m[y * n + x] == 1) {
                    rows[y * w + x / 64] |= 1L << x;
                    cols[x * w + y / 64] |= 1L << y;
                }
            }
        }
        return MaskChooser.penalty(rows, cols, n, w);
    }

    /** Bit-parallel and module-by-module penalties agree on random matrices of every QR size (each rule stressed by the density). */
    @Test
    void bitParallelPenaltyEqualsTheModuleByModuleOne() {
        java.util.Random r = new java.util.Random(3);
        for (int v = 1; v <= 40; v++) {
            int n = 17 + 4 * v;
            for (int density : new int[] {10, 50, 90}) {
                byte[] m = new byte[n * n];
                for (int i = 0; i < m.length; i++) m[i] = (byte) (r.nextInt(100) < density ? 1 : 0);
                assertEquals(MaskChooser.penalty(m, n), bitPenalty(m, n), "n " + n + " density " + density);
            }
        }
    }

    private static byte[] flat(QRCode q) {
        byte[][] a = q.getMatrix().getArray();
        int n = a.length;
        byte[] out = new byte[n * n];
        for (int y = 0; y < n; y++) System.arraycopy(a[y], 0, out, y * n, n);
        return out;
    }
}
