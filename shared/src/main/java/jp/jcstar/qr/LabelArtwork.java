package jp.jcstar.qr;

import com.google.zxing.common.BitMatrix;
import java.util.Locale;
import jp.jcstar.label.LabelClaims;

/**
 * The print-ready label a vendor puts on the box: a 30 mm × 40 mm SVG (viewBox in millimetres) with the
 * JC-STAR mark, the star level (★ filled, ☆ empty, four places), the registration number, the vendor,
 * the issuer line, the support end date and the QR code as one vector path. All text is XML-escaped
 * (vendor names may hold {@code < & "}); long names are squeezed to the label width, never cut.
 * Stateless and thread-safe.
 */
public final class LabelArtwork {
    private LabelArtwork() {}

    public static final double WIDTH_MM = 30;
    public static final double HEIGHT_MM = 40;
    /** Side of the QR code including its quiet zone. */
    public static final double QR_MM = 24;

    /** The artwork for {@code claims} with {@code symbol} (from {@link QrCodes#encode}, quiet zone included). */
    public static String svg(LabelClaims claims, BitMatrix symbol) {
        double scale = QR_MM / symbol.getWidth();
        double qrX = (WIDTH_MM - QR_MM) / 2;
        double qrY = 9.2;
        StringBuilder sb = new StringBuilder(16_384);
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"30mm\" height=\"40mm\" viewBox=\"0 0 30 40\"")
                .append(" font-family=\"'Noto Sans JP','Hiragino Sans','Yu Gothic',sans-serif\">\n")
                .append("<title>JC-STAR ").append(escape(claims.id())).append("</title>\n")
                .append("<rect x=\"0.25\" y=\"0.25\" width=\"29.5\" height=\"39.5\" rx=\"1.5\" fill=\"#fff\" stroke=\"#000\" stroke-width=\"0.5\"/>\n");
        text(sb, 15, 4.2, 3.6, "bold", "JC-STAR");
        text(sb, 15, 8.3, 3.6, null, stars(claims.level()));
        sb.append("<g transform=\"translate(").append(num(qrX)).append(' ').append(num(qrY)).append(") scale(").append(num(scale))
                .append(")\" shape-rendering=\"crispEdges\"><rect width=\"").append(symbol.getWidth()).append("\" height=\"")
                .append(symbol.getWidth()).append("\" fill=\"#fff\"/><path fill=\"#000\" d=\"").append(QrCodes.svgPathData(symbol))
                .append("\"/></g>\n");
        text(sb, 15, 34.6, 2.0, "bold", claims.id());
        text(sb, 15, 36.7, 1.4, null, claims.vendor());
        text(sb, 15, 38.6, 1.3, null, "IPA 発行 · サポート期限 " + claims.supportEnd());
        return sb.append("</svg>\n").toString();
    }

    /** The star level as four places: {@code ★★☆☆} for level 2. */
    public static String stars(int level) {
        if (level < 1 || level > 4) throw new IllegalArgumentException("level must be 1–4");
        return "★".repeat(level) + "☆".repeat(4 - level);
    }

    private static void text(StringBuilder sb, double x, double y, double size, String weight, String s) {
        sb.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" font-size=\"").append(num(size))
                .append("\" text-anchor=\"middle\"");
        if (weight != null) sb.append(" font-weight=\"").append(weight).append('"');
        // full-width characters take about 1 em, others about 0.6 em; squeeze what would overflow
        double em = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            em += cp > 0x2E80 ? 1.0 : 0.6;
            i += Character.charCount(cp);
        }
        double max = WIDTH_MM - 2;
        if (em * size > max) sb.append(" textLength=\"").append(num(max)).append("\" lengthAdjust=\"spacingAndGlyphs\"");
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

    private static String num(double v) {
        String s = String.format(Locale.ROOT, "%.4f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
