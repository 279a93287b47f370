package jp.jcstar.qr;

import com.google.zxing.common.BitMatrix;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import jp.jcstar.label.LabelClaims;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;
import org.apache.pdfbox.util.Matrix;

/**
 * The print artwork of {@link LabelArtwork} as a one-page PDF (Apache PDFBox): the same layout, on a page of
 * exactly the label's size (millimetres × 72 / 25.4 points), the QR code as filled vector rectangles (one per
 * run of dark modules in a row, never a bitmap), the texts in Noto Sans JP Regular embedded as a subset
 * (only the glyphs the label uses; SIL Open Font License, {@code jp/jcstar/qr/font/OFL.txt}). The texts that
 * are bold in the SVG (JC-STAR, the registration number) are filled and stroked. Text widths come from the
 * font's own metrics, so a line is never wider than the label. Thread-safe: each call makes its own document;
 * the font file's bytes are read once.
 */
public final class LabelArtworkPdf {
    private LabelArtworkPdf() {}

    /** The font inside the artifact (fetched at build time, shared/pom.xml execution artwork-font). */
    public static final String FONT_RESOURCE = "/jp/jcstar/qr/font/NotoSansJP-Regular.ttf";

    static final double PT_PER_MM = 72 / 25.4;
    /** Stroke width of the bold texts, as a share of the font size. */
    static final double BOLD_STROKE = 0.035;

    /** Whether this artifact can draw PDFs: PDFBox and the font are both on the class path. */
    public static boolean available() {
        if (LabelArtworkPdf.class.getResource(FONT_RESOURCE) == null) return false;
        try {
            Class.forName("org.apache.pdfbox.pdmodel.PDDocument", false, LabelArtworkPdf.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** A character of the label that the embedded font has no glyph for. */
    public static final class UnprintableTextException extends IllegalArgumentException {
        UnprintableTextException(String message) {
            super(message);
        }
    }

    private static final class FontBytes {
        static final byte[] BYTES = load();

        private static byte[] load() {
            try (InputStream in = LabelArtworkPdf.class.getResourceAsStream(FONT_RESOURCE)) {
                if (in == null)
                    throw new IllegalStateException("the artwork font " + FONT_RESOURCE + " is not in this artifact");
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The artwork with 0.4 mm modules. */
    public static byte[] pdf(LabelClaims claims, BitMatrix symbol) {
        return pdf(claims, symbol, LabelArtwork.DEFAULT_MODULE_MM);
    }

    /**
     * The artwork for {@code claims} with {@code symbol} (quiet zone included) and modules of {@code moduleMm}
     * ({@value LabelArtwork#MIN_MODULE_MM}–2 mm; below GS1's minimum the document's subject says so).
     *
     * @throws UnprintableTextException if a text holds a character the font cannot draw
     */
    public static byte[] pdf(LabelClaims claims, BitMatrix symbol, double moduleMm) {
        try (TrueTypeFont ttf = new TTFParser().parse(new RandomAccessReadBuffer(FontBytes.BYTES));
                PDDocument doc = new PDDocument()) {
            var cmap = ttf.getUnicodeCmapLookup();
            for (String s : java.util.List.of(
                    claims.id(),
                    claims.vendor(),
                    LabelArtwork.supportLine(claims),
                    LabelArtwork.ISSUER,
                    LabelArtwork.stars(claims.level()))) {
                for (int i = 0; i < s.length(); ) {
                    int cp = s.codePointAt(i);
                    if (cp != ' ' && cmap.getGlyphId(cp) == 0) {
                        throw new UnprintableTextException(String.format(
                                java.util.Locale.ROOT, "the artwork font has no glyph for U+%04X in \"%s\"", cp, s));
                    }
                    i += Character.charCount(cp);
                }
            }
            PDType0Font font = PDType0Font.load(doc, ttf, true);
            LabelArtwork.Layout l = LabelArtwork.layout(claims, symbol.getWidth(), moduleMm, s -> em(font, s));
            PDPage page =
                    new PDPage(new PDRectangle((float) (l.width() * PT_PER_MM), (float) (l.height() * PT_PER_MM)));
            doc.addPage(page);
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle("JC-STAR " + claims.id());
            info.setCreator("JC-STAR label registry");
            if (moduleMm < LabelArtwork.GS1_MIN_MODULE_MM) info.setSubject(LabelArtwork.smallModuleWarning(moduleMm));
            double h = l.height();
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                // user space in millimetres, y up from the bottom edge
                cs.transform(Matrix.getScaleInstance((float) PT_PER_MM, (float) PT_PER_MM));
                border(cs, l.width(), h);
                for (LabelArtwork.Text t : l.texts()) {
                    if (t.qrBefore()) qr(cs, symbol, l.qrX(), h - l.qrY(), moduleMm);
                    double x = t.centreX() - em(font, t.text()) * t.size() / 2;
                    cs.beginText();
                    cs.setFont(font, (float) t.size());
                    if (t.bold()) {
                        cs.setRenderingMode(RenderingMode.FILL_STROKE);
                        cs.setLineWidth((float) (t.size() * BOLD_STROKE));
                    } else {
                        cs.setRenderingMode(RenderingMode.FILL);
                    }
                    cs.newLineAtOffset((float) x, (float) (h - t.baseline()));
                    cs.showText(t.text());
                    cs.endText();
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw the PDF artwork", e);
        }
    }

    /** {@code s}'s advance width in em, from the font's metrics. */
    static double em(PDType0Font font, String s) {
        try {
            return font.getStringWidth(s) / 1000;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The white label with a black 0.5 mm rounded border, as the SVG's rect (inset 0.25 mm, corner radius 1.5 mm). */
    private static void border(PDPageContentStream cs, double w, double h) throws IOException {
        double x0 = 0.25, y0 = 0.25, x1 = w - 0.25, y1 = h - 0.25, r = 1.5, k = 0.5523 * r;
        cs.setNonStrokingColor(1f, 1f, 1f);
        cs.setStrokingColor(0f, 0f, 0f);
        cs.setLineWidth(0.5f);
        cs.moveTo(f(x0 + r), f(y0));
        cs.lineTo(f(x1 - r), f(y0));
        cs.curveTo(f(x1 - r + k), f(y0), f(x1), f(y0 + r - k), f(x1), f(y0 + r));
        cs.lineTo(f(x1), f(y1 - r));
        cs.curveTo(f(x1), f(y1 - r + k), f(x1 - r + k), f(y1), f(x1 - r), f(y1));
        cs.lineTo(f(x0 + r), f(y1));
        cs.curveTo(f(x0 + r - k), f(y1), f(x0), f(y1 - r + k), f(x0), f(y1 - r));
        cs.lineTo(f(x0), f(y0 + r));
        cs.curveTo(f(x0), f(y0 + r - k), f(x0 + r - k), f(y0), f(x0 + r), f(y0));
        cs.closePath();
        cs.fillAndStroke();
        cs.setNonStrokingColor(0f, 0f, 0f);
    }

    /** The QR code with its top left corner at ({@code x}, {@code top}): white quiet zone, one black rectangle per run of dark modules. */
    private static void qr(PDPageContentStream cs, BitMatrix symbol, double x, double top, double m)
            throws IOException {
        int n = symbol.getWidth();
        cs.setNonStrokingColor(1f, 1f, 1f);
        cs.addRect(f(x), f(top - n * m), f(n * m), f(n * m));
        cs.fill();
        cs.setNonStrokingColor(0f, 0f, 0f);
        for (int row = 0; row < symbol.getHeight(); row++) {
            for (int col = 0; col < n; ) {
                if (!symbol.get(col, row)) {
                    col++;
                    continue;
                }
                int start = col;
                while (col < n && symbol.get(col, row)) col++;
                cs.addRect(f(x + start * m), f(top - (row + 1) * m), f((col - start) * m), f(m));
            }
        }
        cs.fill();
    }

    private static float f(double v) {
        return (float) v;
    }
}
