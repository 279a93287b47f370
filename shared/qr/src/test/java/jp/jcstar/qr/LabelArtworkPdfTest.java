package jp.jcstar.qr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.decoder.Decoder;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import jp.jcstar.label.Fixtures;
import jp.jcstar.label.LabelClaims;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.contentstream.PDFGraphicsStreamEngine;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.graphics.image.PDImage;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.junit.jupiter.api.Test;

/**
 * The PDF artwork read back with PDFBox as a printer would get it: page size equal to the artwork's (in
 * points from millimetres), module size from the drawn rectangles, every text's size in points, the
 * Japanese text extracted back exactly from an embedded font subset, and the page rendered at 300 dpi and
 * scanned with ZXing — for a typical label and for one with eight long model designations (the case that
 * used to print 0.26 mm modules).
 */
class LabelArtworkPdfTest {
    static final double MM = 72 / 25.4;
    static final List<String> EIGHT_LONG = List.of(
            "TN-WR5400AX-PRO-BLACK-JP",
            "TN-WR5400AX-PRO-WHITE-JP",
            "TN-WR5400AX-LITE-BLACK-JP",
            "TN-WR5400AX-LITE-WHITE-JP",
            "TN-WR5400AX-MESH-2PACK-JP",
            "TN-WR5400AX-MESH-3PACK-JP",
            "TN-WR5400AX-OUTDOOR-IP67-JP",
            "TN-WR5400AX-BUSINESS-RACK-JP");

    /** Everything a measurement of the page needs. */
    record Read(
            double pageWmm,
            double pageHmm,
            List<double[]> rectsMm,
            List<String> lines,
            List<Float> textPt,
            List<PDFont> fonts,
            BufferedImage page300dpi,
            int images) {}

    static final int DPI = 300;

    static Read read(byte[] pdf) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertEquals(1, doc.getNumberOfPages());
            PDPage page = doc.getPage(0);
            List<double[]> rects = new ArrayList<>();
            int[] images = {0};
            new PDFGraphicsStreamEngine(page) {
                @Override
                public void appendRectangle(Point2D p0, Point2D p1, Point2D p2, Point2D p3) {
                    // the points are in device space (points): back to millimetres
                    rects.add(
                            new double[] {Math.abs(p2.getX() - p0.getX()) / MM, Math.abs(p2.getY() - p0.getY()) / MM});
                }

                @Override
                public void drawImage(PDImage pdImage) {
                    images[0]++;
                }

                @Override
                public void clip(int windingRule) {}

                @Override
                public void moveTo(float x, float y) {}

                @Override
                public void lineTo(float x, float y) {}

                @Override
                public void curveTo(float x1, float y1, float x2, float y2, float x3, float y3) {}

                @Override
                public Point2D getCurrentPoint() {
                    return new Point2D.Float();
                }

                @Override
                public void closePath() {}

                @Override
                public void endPath() {}

                @Override
                public void strokePath() {}

                @Override
                public void fillPath(int windingRule) {}

                @Override
                public void fillAndStrokePath(int windingRule) {}

                @Override
                public void shadingFill(COSName shadingName) {}

                void run() throws IOException {
                    processPage(getPage());
                }
            }.run();
            List<Float> sizes = new ArrayList<>();
            PDFTextStripper stripper = new PDFTextStripper() {
                @Override
                protected void writeString(String text, List<TextPosition> positions) throws IOException {
                    // the text rendering matrix (font size × text matrix × CTM): the glyphs' em on the page, in points
                    for (TextPosition p : positions) sizes.add(p.getTextMatrix().getScalingFactorY());
                    super.writeString(text, positions);
                }
            };
            stripper.setSortByPosition(true);
            List<String> lines = stripper.getText(doc)
                    .lines()
                    .map(String::strip)
                    .filter(s -> !s.isEmpty())
                    .toList();
            List<PDFont> fonts = new ArrayList<>();
            for (COSName n : page.getResources().getFontNames())
                fonts.add(page.getResources().getFont(n));
            BufferedImage img = new PDFRenderer(doc).renderImageWithDPI(0, DPI, ImageType.GRAY);
            PDPage p = doc.getPage(0);
            return new Read(
                    p.getMediaBox().getWidth() / MM,
                    p.getMediaBox().getHeight() / MM,
                    rects,
                    lines,
                    sizes,
                    fonts,
                    img,
                    images[0]);
        }
    }

    static void assertPrintable(LabelClaims c, double moduleMm) throws IOException {
        String text = ArtworkPrintSizeTest.qrText(c);
        BitMatrix symbol = QrCodes.encode(text);
        Read r = read(LabelArtworkPdf.pdf(c, symbol, moduleMm));
        // page = artwork: the same layout the SVG uses, with the embedded font's widths
        var layout = LabelArtwork.layout(c, symbol.getWidth(), moduleMm, s -> LabelArtworkPdfTest.em(s));
        assertEquals(layout.height(), r.pageHmm(), 1e-3, "page height");
        assertTrue(r.pageWmm() >= 30 && r.pageWmm() >= symbol.getWidth() * moduleMm + 2, "page width " + r.pageWmm());
        // the QR code is vector rectangles: the quiet-zone square, then one per run of dark modules, each one module
        // high
        assertEquals(0, r.images(), "no bitmap");
        List<double[]> modules = r.rectsMm().stream().filter(d -> d[1] < 1).toList();
        assertTrue(modules.size() > symbol.getWidth(), "runs: " + modules.size());
        double module =
                modules.stream().mapToDouble(d -> Math.min(d[0], d[1])).min().orElseThrow();
        assertTrue(module >= 0.4 - 1e-4 || moduleMm < 0.4, "module " + module + " mm");
        assertEquals(moduleMm, module, 1e-4);
        for (double[] d : modules) {
            assertEquals(moduleMm, d[1], 1e-4, "run height");
            assertEquals(0, Math.IEEEremainder(d[0], moduleMm), 1e-3, "run width " + d[0] + " is whole modules");
        }
        double qrSide = symbol.getWidth() * moduleMm;
        assertTrue(
                r.rectsMm().stream().anyMatch(d -> Math.abs(d[0] - qrSide) < 1e-3 && Math.abs(d[1] - qrSide) < 1e-3),
                "quiet zone square");
        // every text at 6 pt or more; the registration number the largest
        assertFalse(r.textPt().isEmpty());
        for (float pt : r.textPt()) assertTrue(pt >= 6 - 1e-3, "text of " + pt + " pt: " + r.lines());
        // the texts come back exactly, Japanese included, from the embedded subset
        List<String> expected = new ArrayList<>(List.of("JC-STAR", LabelArtwork.stars(c.level()), c.id()));
        expected.addAll(LabelArtwork.wrap(
                c.vendor(),
                (layout.width() - 2 * LabelArtwork.MARGIN_MM) / LabelArtwork.TEXT_MM,
                LabelArtworkPdfTest::em));
        expected.addAll(List.of("IPA 発行", "サポート期限 " + c.supportEnd()));
        assertEquals(expected, r.lines());
        assertEquals(1, r.fonts().size(), "one font");
        assertTrue(r.fonts().get(0).isEmbedded(), "font embedded");
        assertTrue(
                r.fonts().get(0).getName().matches("[A-Z]{6}\\+NotoSansJP.*"),
                "a subset: " + r.fonts().get(0).getName());
        // printed and read back: the page rendered at 300 dpi shows exactly the symbol's modules where the layout
        // puts them (sampled at each module's centre, the quiet zone light), and the modules read off the page
        // decode to the text. The grid goes to ZXing's decoder directly: its finder-pattern search misses a few
        // per cent of freshly signed symbols depending on the pixels per module (one symbol fails at 4 px and
        // reads at 3 and 8; at 0.33 mm and 300 dpi a module is 3.9 px), a property of the search, not of the print
        double px = DPI / 25.4;
        BufferedImage page = r.page300dpi();
        int q = QrCodes.QUIET_ZONE;
        BitMatrix printed = new BitMatrix(symbol.getWidth() - 2 * q);
        for (int y = 0; y < symbol.getHeight(); y++)
            for (int x = 0; x < symbol.getWidth(); x++) {
                int gx = (int) ((layout.qrX() + (x + 0.5) * moduleMm) * px);
                int gy = (int) ((layout.qrY() + (y + 0.5) * moduleMm) * px);
                boolean dark = (page.getRGB(gx, gy) & 0xFF) < 128;
                assertEquals(symbol.get(x, y), dark, "module (" + x + ", " + y + ") at " + moduleMm + " mm");
                if (dark) printed.set(x - q, y - q);
            }
        String scanned;
        try {
            scanned = new Decoder().decode(printed).getText();
        } catch (Exception e) {
            scanned = "(the printed modules do not decode: " + e + ")";
        }
        assertEquals(text, scanned, "the QR code read off the page rendered at 300 dpi");
    }

    /** The embedded font's width in em, as LabelArtworkPdf measures (read from a PDF it made). */
    static double em(String s) {
        try (PDDocument doc = new PDDocument();
                var in = LabelArtworkPdf.class.getResourceAsStream(LabelArtworkPdf.FONT_RESOURCE)) {
            return org.apache.pdfbox.pdmodel.font.PDType0Font.load(doc, in, true)
                            .getStringWidth(s)
                    / 1000;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aTypicalLabelPrintsAtPointFourMillimetreModulesSixPointTextWithTheJapaneseFontEmbeddedAndScans()
            throws IOException {
        assertPrintable(Fixtures.typicalJapanese(), LabelArtwork.DEFAULT_MODULE_MM);
    }

    @Test
    void eightLongModelDesignationsGrowTheArtworkInsteadOfShrinkingTheModulesInSvgAndPdf() throws Exception {
        LabelClaims c = ArtworkPrintSizeTest.claims(EIGHT_LONG, "東都ネットワークス株式会社");
        LabelClaims typical = Fixtures.typicalJapanese();
        BitMatrix big = QrCodes.encode(ArtworkPrintSizeTest.qrText(c));
        BitMatrix small = QrCodes.encode(ArtworkPrintSizeTest.qrText(typical));
        assertTrue(
                big.getWidth() > small.getWidth(),
                "a larger QR version: " + big.getWidth() + " vs " + small.getWidth() + " modules");
        // the SVG: 0.4 mm modules, so the QR side (and the label) grows with the version
        var svg = ArtworkPrintSizeTest.measure(LabelArtwork.svg(c, big));
        assertTrue(svg.moduleMm() >= 0.4, "SVG module " + svg.moduleMm());
        var svgTypical = ArtworkPrintSizeTest.measure(LabelArtwork.svg(typical, small));
        assertTrue(svg.widthMm() > svgTypical.widthMm() || svg.heightMm() > svgTypical.heightMm(), "the label grows");
        assertTrue(
                big.getWidth() * svg.moduleMm() > 24,
                "QR side " + big.getWidth() * svg.moduleMm() + " mm (it was fixed at 24 mm)");
        // the PDF: the same, measured from its rectangles, its texts and a scan
        assertPrintable(c, LabelArtwork.DEFAULT_MODULE_MM);
    }

    @Test
    void longVendorNamesWrapAndTheSmallModuleOptionIsMarked() throws IOException {
        assertPrintable(
                ArtworkPrintSizeTest.claims(Fixtures.typicalJapanese().models(), "株式会社東日本スマートホームネットワークソリューションズ研究所"),
                0.4);
        assertPrintable(
                ArtworkPrintSizeTest.claims(
                        Fixtures.typicalJapanese().models(),
                        "Northern Hemisphere Consolidated Smart Home Appliance Manufacturing Co., Ltd."),
                0.33);
        LabelClaims c = Fixtures.typicalJapanese();
        BitMatrix symbol = QrCodes.encode(ArtworkPrintSizeTest.qrText(c));
        try (PDDocument doc = Loader.loadPDF(LabelArtworkPdf.pdf(c, symbol, 0.33))) {
            assertTrue(doc.getDocumentInformation().getSubject().contains("below GS1's 0.396 mm minimum"));
        }
        try (PDDocument doc = Loader.loadPDF(LabelArtworkPdf.pdf(c, symbol))) {
            assertEquals(null, doc.getDocumentInformation().getSubject());
            assertEquals("JC-STAR " + c.id(), doc.getDocumentInformation().getTitle());
        }
        assertThrows(IllegalArgumentException.class, () -> LabelArtworkPdf.pdf(c, symbol, 0.3));
    }

    @Test
    void aCharacterTheFontCannotDrawIsRefusedNotDroppedOrBoxed() {
        LabelClaims c = ArtworkPrintSizeTest.claims(Fixtures.typicalJapanese().models(), "Sakura 🌸 Denki");
        var e = assertThrows(
                LabelArtworkPdf.UnprintableTextException.class,
                () -> LabelArtworkPdf.pdf(c, QrCodes.encode(ArtworkPrintSizeTest.qrText(c))));
        assertTrue(e.getMessage().contains("U+1F338"), e.getMessage());
        assertTrue(LabelArtworkPdf.available());
    }
}
