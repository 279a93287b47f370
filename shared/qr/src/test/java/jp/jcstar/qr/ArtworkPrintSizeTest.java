package jp.jcstar.qr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.jcstar.label.Fixtures;
import jp.jcstar.label.LabelClaims;
import jp.jcstar.signing.LabelSigner;
import jp.jcstar.signing.LocalKeySigner;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The artwork measured as printed: module size from the QR group's scale (mm per module), text height
 * from every text's font size (mm), for a typical label and for one with eight models (a larger QR
 * version); long vendor names wrap and never shrink; the QR drawn from the SVG's own path scans.
 */
class ArtworkPrintSizeTest {
    static final LocalKeySigner KEY = LocalKeySigner.generate();
    static final Pattern SCALE = Pattern.compile("translate\\(([0-9.]+) ([0-9.]+)\\) scale\\(([0-9.]+)\\)");

    static LabelClaims claims(List<String> models, String vendor) {
        LabelClaims t = Fixtures.typicalJapanese();
        return new LabelClaims(
                t.id(),
                t.level(),
                models,
                t.product(),
                vendor,
                t.category(),
                t.supportEnd(),
                t.issuedAt(),
                t.validUntil(),
                t.status());
    }

    static String qrText(LabelClaims c) {
        return QrText.ofCompactHeader("https://jcstar.example.jp", new LabelSigner(KEY, true).sign(c));
    }

    record Measured(
            double moduleMm,
            double qrXmm,
            double qrYmm,
            double widthMm,
            double heightMm,
            List<Double> textMm,
            List<String> texts) {}

    static Measured measure(String svg) throws Exception {
        Document d = LabelArtworkTest.parse(svg);
        Matcher m = SCALE.matcher(svg);
        assertTrue(m.find(), svg);
        String[] box = d.getDocumentElement().getAttribute("viewBox").split(" ");
        assertEquals(box[2] + "mm", d.getDocumentElement().getAttribute("width"), "the viewBox is in millimetres");
        List<Double> sizes = new ArrayList<>();
        var nodes = d.getElementsByTagName("text");
        for (int i = 0; i < nodes.getLength(); i++) {
            Element t = (Element) nodes.item(i);
            sizes.add(Double.parseDouble(t.getAttribute("font-size")));
            assertFalse(t.hasAttribute("textLength"), "no squeezed text: " + t.getTextContent());
        }
        return new Measured(
                Double.parseDouble(m.group(3)),
                Double.parseDouble(m.group(1)),
                Double.parseDouble(m.group(2)),
                Double.parseDouble(box[2]),
                Double.parseDouble(box[3]),
                sizes,
                LabelArtworkTest.texts(d));
    }

    @Test
    void modulesAreAtLeastPointFourMillimetresAndTextSixPointForTypicalAndEightModelLabels() throws Exception {
        List<String> eight = List.of(
                "TN-WR5400",
                "TN-WR5400S",
                "TN-WR5400B",
                "TN-WR5400W",
                "TN-WR5400P",
                "TN-WR5400X",
                "TN-WR5400M",
                "TN-WR5400L");
        for (LabelClaims c : List.of(Fixtures.typicalJapanese(), claims(eight, "東都ネットワークス株式会社"))) {
            BitMatrix symbol = QrCodes.encode(qrText(c));
            Measured m = measure(LabelArtwork.svg(c, symbol));
            assertTrue(m.moduleMm() >= 0.4, "module " + m.moduleMm() + " mm");
            for (double t : m.textMm())
                assertTrue(t >= 6 * 25.4 / 72 - 1e-9, "text " + t + " mm is below 6 pt: " + m.texts());
            double qrSide = symbol.getWidth() * m.moduleMm();
            assertTrue(m.widthMm() >= qrSide + 2 * 1.0 && m.widthMm() >= 30, m.toString());
            assertTrue(m.qrXmm() + qrSide <= m.widthMm() && m.qrYmm() + qrSide < m.heightMm(), m.toString());
            // the registration number is the largest text
            int id = m.texts().indexOf(c.id());
            assertTrue(id >= 0, m.texts().toString());
            assertEquals(
                    m.textMm().stream().mapToDouble(Double::doubleValue).max().orElseThrow(),
                    m.textMm().get(id),
                    1e-9);
        }
    }

    @Test
    void aSmallerModuleIsAnOptionDownToPointThreeThreeWithAWarning() throws Exception {
        LabelClaims c = Fixtures.typicalJapanese();
        BitMatrix symbol = QrCodes.encode(qrText(c));
        String small = LabelArtwork.svg(c, symbol, 0.33);
        assertEquals(0.33, measure(small).moduleMm(), 1e-9);
        assertTrue(small.contains("below GS1's 0.396 mm minimum"), small);
        assertFalse(LabelArtwork.svg(c, symbol).contains("below GS1"));
        assertThrows(IllegalArgumentException.class, () -> LabelArtwork.svg(c, symbol, 0.3));
    }

    @Test
    void aLongVendorNameWrapsOntoTwoLinesAtFullSize() throws Exception {
        String longJa = "株式会社東日本スマートホームネットワークソリューションズ研究所";
        String longEn = "Northern Hemisphere Consolidated Smart Home Appliance Manufacturing Co., Ltd.";
        for (String vendor : List.of(longJa, longEn)) {
            LabelClaims c = claims(Fixtures.typicalJapanese().models(), vendor);
            Measured m = measure(LabelArtwork.svg(c, QrCodes.encode(qrText(c))));
            List<String> lines = m.texts().stream()
                    .filter(t -> vendor.contains(t) && !t.isBlank())
                    .toList();
            assertEquals(2, lines.size(), m.texts().toString());
            assertEquals(vendor.replace(" ", ""), String.join("", lines).replace(" ", ""), "nothing is cut off");
            for (double t : m.textMm())
                assertTrue(t >= 6 * 25.4 / 72 - 1e-9, m.texts().toString());
            for (String line : lines)
                assertTrue(
                        LabelArtwork.em(line) * LabelArtwork.TEXT_MM <= m.widthMm() - 2, line + " fits " + m.widthMm());
        }
    }

    @org.junit.jupiter.api.RepeatedTest(25) // each run signs anew, so each draws another symbol
    void theQrDrawnFromTheSvgPathScansBackToTheLabel() throws Exception {
        LabelClaims c = Fixtures.typicalJapanese();
        String text = qrText(c);
        String svg = LabelArtwork.svg(c, QrCodes.encode(text));
        Matcher pm = Pattern.compile("<path fill=\"#000\" d=\"([^\"]+)\"").matcher(svg);
        assertTrue(pm.find());
        // rasterise the path at 4 px per module (it is made of M x y h1 v1 h-1 z style rectangles), with the
        // 4-module quiet zone a printed label has around the code: without it the finder patterns touch the
        // image's edge and the reader misses some symbols (the signature, so the symbol, differs at every run)
        BitMatrix symbol = QrCodes.encode(text);
        int px = 4;
        int quiet = 4;
        int side = (symbol.getWidth() + 2 * quiet) * px;
        BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(java.awt.Color.BLACK);
        g.scale(px, px);
        g.translate(quiet, quiet);
        g.fill(new java.awt.geom.Path2D.Double(SvgPath.parse(pm.group(1))));
        g.dispose();
        // the path draws exactly the symbol's dark modules (sampled at each module's centre) ...
        for (int y = 0; y < symbol.getHeight(); y++)
            for (int x = 0; x < symbol.getWidth(); x++) {
                boolean dark = (img.getRGB((quiet + x) * px + px / 2, (quiet + y) * px + px / 2) & 0xFFFFFF) == 0;
                assertEquals(symbol.get(x, y), dark, "module (" + x + ", " + y + ")");
            }
        // ... and the drawing scans back. PURE_BARCODE: the image is a symbol and its quiet zone only, which
        // the reader then samples module by module; its finder-pattern search alone missed about one freshly
        // signed symbol in 25 of these (a property of the search, not of the drawing, which the loop above holds)
        String scanned = new QRCodeReader()
                .decode(
                        new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(img))),
                        java.util.Map.of(com.google.zxing.DecodeHintType.PURE_BARCODE, Boolean.TRUE))
                .getText();
        assertEquals(text, scanned);
    }

    /** Just enough of SVG path syntax for QrCodes.svgPathData (M, m, H, h, V, v, L, l, Z, z with absolute/relative numbers). */
    static final class SvgPath {
        static java.awt.geom.Path2D.Double parse(String d) {
            var p = new java.awt.geom.Path2D.Double();
            Matcher t = Pattern.compile("([MmHhVvLlZz])|(-?[0-9.]+)").matcher(d);
            List<String> tokens = new ArrayList<>();
            while (t.find()) tokens.add(t.group());
            double x = 0, y = 0, sx = 0, sy = 0;
            char cmd = 'M';
            for (int i = 0; i < tokens.size(); ) {
                String tok = tokens.get(i);
                if (Character.isLetter(tok.charAt(0))) {
                    cmd = tok.charAt(0);
                    i++;
                    if (cmd == 'Z' || cmd == 'z') {
                        p.closePath();
                        x = sx;
                        y = sy;
                    }
                    continue;
                }
                switch (cmd) {
                    case 'M', 'm' -> {
                        double a = Double.parseDouble(tokens.get(i++)), b = Double.parseDouble(tokens.get(i++));
                        x = cmd == 'm' ? x + a : a;
                        y = cmd == 'm' ? y + b : b;
                        p.moveTo(x, y);
                        sx = x;
                        sy = y;
                        cmd = cmd == 'm' ? 'l' : 'L';
                    }
                    case 'L', 'l' -> {
                        double a = Double.parseDouble(tokens.get(i++)), b = Double.parseDouble(tokens.get(i++));
                        x = cmd == 'l' ? x + a : a;
                        y = cmd == 'l' ? y + b : b;
                        p.lineTo(x, y);
                    }
                    case 'H', 'h' -> {
                        double a = Double.parseDouble(tokens.get(i++));
                        x = cmd == 'h' ? x + a : a;
                        p.lineTo(x, y);
                    }
                    case 'V', 'v' -> {
                        double a = Double.parseDouble(tokens.get(i++));
                        y = cmd == 'v' ? y + a : a;
                        p.lineTo(x, y);
                    }
                    default -> throw new IllegalArgumentException("path command " + cmd);
                }
            }
            return p;
        }
    }
}
