package jp.jcstar.qr;

import com.google.zxing.common.BitMatrix;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import jp.jcstar.label.LabelClaims;

/**
 * The print-ready label a vendor puts on the box: an SVG (viewBox in millimetres) with the JC-STAR mark,
 * the star level (★ filled, ☆ empty, four places), the QR code as one vector path, the registration
 * number (the largest text), the vendor, the issuer and the support end date.
 *
 * <p>Sized for print: the QR code is drawn at a whole module size of at least {@value #DEFAULT_MODULE_MM}
 * mm (GS1's minimum for retail QR codes is 0.396 mm), so its side follows its version: a label with
 * many models is larger; {@link #svg(LabelClaims, BitMatrix, double)} may go down to
 * {@value #MIN_MODULE_MM} mm for small packaging. No text is smaller than 6 pt ({@link #MIN_TEXT_MM});
 * a long vendor name wraps onto two lines and the label grows wider rather than squeezing it. The label
 * is at least 30 mm wide. All text is XML-escaped (vendor names may hold {@code < & "}). Stateless
 * and thread-safe. {@link LabelArtworkPdf} draws the same {@link #layout layout} as PDF.
 */
public final class LabelArtwork {
    private LabelArtwork() {}

    /** The narrowest label. */
    public static final double MIN_WIDTH_MM = 30;

    public static final double DEFAULT_MODULE_MM = 0.4;
    public static final double MIN_MODULE_MM = 0.33;
    /** GS1's minimum module for retail QR codes: below it the artwork carries a warning. */
    public static final double GS1_MIN_MODULE_MM = 0.396;
    /** 6 pt in millimetres. */
    public static final double MIN_TEXT_MM = 6 * 25.4 / 72;

    static final double TEXT_MM = 2.2;
    static final double ID_MM = 3.6;
    static final double MARK_MM = 3.2;
    static final double MARGIN_MM = 1.2;

    /** The artwork for {@code claims} with {@code symbol} (from {@link QrCodes#encode}, quiet zone included), 0.4 mm modules. */
    public static String svg(LabelClaims claims, BitMatrix symbol) {
        return svg(claims, symbol, DEFAULT_MODULE_MM);
    }

    /** The artwork with modules of {@code moduleMm} ({@value #MIN_MODULE_MM}–2 mm). */
    public static String svg(LabelClaims claims, BitMatrix symbol, double moduleMm) {
        Layout l = layout(claims, symbol.getWidth(), moduleMm, LabelArtwork::em);
        double width = l.width();
        double height = l.height();
        StringBuilder body = new StringBuilder(16_384);
        for (Text t : l.texts()) {
            if (t.qrBefore()) {
                body.append("<g transform=\"translate(")
                        .append(num(l.qrX()))
                        .append(' ')
                        .append(num(l.qrY()))
                        .append(") scale(")
                        .append(num(moduleMm))
                        .append(")\" shape-rendering=\"crispEdges\"><rect width=\"")
                        .append(symbol.getWidth())
                        .append("\" height=\"")
                        .append(symbol.getWidth())
                        .append("\" fill=\"#fff\"/><path fill=\"#000\" d=\"")
                        .append(QrCodes.svgPathData(symbol))
                        .append("\"/></g>\n");
            }
            text(body, t.centreX(), t.baseline(), t.size(), t.bold() ? "bold" : null, t.text());
        }
        StringBuilder sb = new StringBuilder(body.length() + 1024);
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"")
                .append(num(width))
                .append("mm\" height=\"")
                .append(num(height))
                .append("mm\" viewBox=\"0 0 ")
                .append(num(width))
                .append(' ')
                .append(num(height))
                .append('"')
                .append(" font-family=\"'Noto Sans JP','Hiragino Sans','Yu Gothic',sans-serif\">\n")
                .append("<title>JC-STAR ")
                .append(escape(claims.id()))
                .append("</title>\n");
        if (moduleMm < GS1_MIN_MODULE_MM) {
            sb.append("<!-- ").append(smallModuleWarning(moduleMm)).append(" -->\n");
        }
        sb.append("<rect x=\"0.25\" y=\"0.25\" width=\"")
                .append(num(width - 0.5))
                .append("\" height=\"")
                .append(num(height - 0.5))
                .append("\" rx=\"1.5\" fill=\"#fff\" stroke=\"#000\" stroke-width=\"0.5\"/>\n");
        return sb.append(body).append("</svg>\n").toString();
    }

    /** The note carried by artwork whose modules are below GS1's minimum. */
    static String smallModuleWarning(double moduleMm) {
        return "modules of " + num(moduleMm)
                + " mm are below GS1's 0.396 mm minimum for retail QR codes: test-scan the print";
    }

    /** One line of text: centred on {@code centreX}, baseline at {@code baseline} (mm from the top); the QR code comes before it when {@code qrBefore}. */
    record Text(double centreX, double baseline, double size, boolean bold, String text, boolean qrBefore) {}

    /** Where everything goes, in millimetres from the top left corner: the label's size, the QR code's corner and the texts in drawing order. */
    record Layout(double width, double height, double qrX, double qrY, double moduleMm, List<Text> texts) {}

    /**
     * The layout shared by the SVG and the PDF artwork. {@code emWidth} measures a line in em: an
     * approximation for the SVG (the viewer's font is unknown), the embedded font's metrics for the PDF.
     */
    static Layout layout(LabelClaims claims, int symbolModules, double moduleMm, ToDoubleFunction<String> emWidth) {
        if (!(moduleMm >= MIN_MODULE_MM && moduleMm <= 2))
            throw new IllegalArgumentException("module size must be " + MIN_MODULE_MM + "–2 mm");
        double qr = symbolModules * moduleMm;
        String issuer = ISSUER;
        String support = supportLine(claims);
        double width = Math.max(MIN_WIDTH_MM, qr + 2 * MARGIN_MM);
        for (String line : List.of(claims.id()))
            width = Math.max(width, emWidth.applyAsDouble(line) * ID_MM + 2 * MARGIN_MM);
        for (String line : List.of(issuer, support, "JC-STAR"))
            width = Math.max(width, emWidth.applyAsDouble(line) * TEXT_MM + 2 * MARGIN_MM);
        List<String> vendor = wrap(claims.vendor(), (width - 2 * MARGIN_MM) / TEXT_MM, emWidth);
        for (String line : vendor) width = Math.max(width, emWidth.applyAsDouble(line) * TEXT_MM + 2 * MARGIN_MM);
        double qrX = (width - qr) / 2;
        double qrY = 9.4;
        double y = qrY + qr;
        List<Text> texts = new ArrayList<>();
        texts.add(new Text(width / 2, 4.4, MARK_MM, true, "JC-STAR", false));
        texts.add(new Text(width / 2, 8.4, MARK_MM, false, stars(claims.level()), false));
        y += ID_MM + 0.3;
        texts.add(new Text(width / 2, y, ID_MM, true, claims.id(), true));
        for (String line : vendor) {
            y += TEXT_MM + 0.6;
            texts.add(new Text(width / 2, y, TEXT_MM, false, line, false));
        }
        y += TEXT_MM + 0.6;
        texts.add(new Text(width / 2, y, TEXT_MM, false, issuer, false));
        y += TEXT_MM + 0.6;
        texts.add(new Text(width / 2, y, TEXT_MM, false, support, false));
        double height = y + 0.8 + MARGIN_MM;
        return new Layout(width, height, qrX, qrY, moduleMm, List.copyOf(texts));
    }

    static final String ISSUER = "IPA 発行";

    /** The support end line: {@code サポート期限 2031-03-31}. */
    static String supportLine(LabelClaims claims) {
        return "サポート期限 " + claims.supportEnd();
    }

    /** Approximate width in em: full-width characters about 1 em, others about 0.6 em. */
    static double em(String s) {
        double em = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            em += cp > 0x2E80 ? 1.0 : 0.6;
            i += Character.charCount(cp);
        }
        return em;
    }

    /**
     * {@code s} on one line if it fits {@code maxEm}, else on two lines of about equal width, broken
     * at the space nearest the middle (Latin names) or between two characters (Japanese names).
     */
    static List<String> wrap(String s, double maxEm) {
        return wrap(s, maxEm, LabelArtwork::em);
    }

    /** {@link #wrap(String, double)} with {@code emWidth} deciding whether the line fits. */
    static List<String> wrap(String s, double maxEm, ToDoubleFunction<String> emWidth) {
        if (emWidth.applyAsDouble(s) <= maxEm) return List.of(s);
        double half = em(s) / 2;
        int best = -1;
        double bestDistance = Double.MAX_VALUE;
        double acc = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (cp == ' ' && Math.abs(acc - half) < bestDistance && Math.abs(acc - half) < half / 2) {
                best = i;
                bestDistance = Math.abs(acc - half);
            }
            acc += cp > 0x2E80 ? 1.0 : 0.6;
            i += Character.charCount(cp);
        }
        if (best < 0) {
            acc = 0;
            for (int i = 0; i < s.length(); ) {
                int cp = s.codePointAt(i);
                acc += cp > 0x2E80 ? 1.0 : 0.6;
                i += Character.charCount(cp);
                if (acc >= half) {
                    best = i;
                    break;
                }
            }
        }
        String a = s.substring(0, best).strip();
        String b = s.substring(best).strip();
        return a.isEmpty() || b.isEmpty() ? List.of(s) : List.of(a, b);
    }

    /** The star level as four places: {@code ★★☆☆} for level 2. */
    public static String stars(int level) {
        if (level < 1 || level > 4) throw new IllegalArgumentException("level must be 1–4");
        return "★".repeat(level) + "☆".repeat(4 - level);
    }

    private static void text(StringBuilder sb, double x, double y, double size, String weight, String s) {
        sb.append("<text x=\"")
                .append(num(x))
                .append("\" y=\"")
                .append(num(y))
                .append("\" font-size=\"")
                .append(num(size))
                .append("\" text-anchor=\"middle\"");
        if (weight != null) sb.append(" font-weight=\"").append(weight).append('"');
        sb.append('>').append(escape(s)).append("</text>\n");
    }

    /** XML text and attribute escaping. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String num(double v) {
        String s = String.format(Locale.ROOT, "%.4f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
