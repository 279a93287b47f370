package jp.jcstar.label;

import java.text.Normalizer;
import java.util.Locale;

/** Rules for human text in labels and applications, and the normalisation search uses. */
public final class Text {
    private Text() {}

    /**
     * True for 1..max code points of printable text on one line: no control characters
     * (NUL, newlines), no bidirectional overrides or isolates and no other invisible format
     * characters (zero-width joiner/space, soft hyphen, BOM: each can make a forged model number
     * look like a genuine one), no unpaired surrogates, no leading/trailing space.
     */
    public static boolean isCleanLine(String s, int max) {
        if (s == null || s.isEmpty() || s.isBlank()) return false;
        if (s.strip().length() != s.length()) return false;
        int n = s.codePointCount(0, s.length());
        if (n > max) return false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (Character.isISOControl(cp) || isBidiControl(cp) || Character.isSurrogate((char) cp)
                    || cp == 0xFEFF || Character.getType(cp) == Character.UNASSIGNED || Character.getType(cp) == Character.FORMAT) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }

    static boolean isBidiControl(int cp) {
        return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F || cp == 0x061C;
    }

    /** Search key: NFKC (full-width → half-width, etc.), lower case, inner spaces collapsed. */
    public static String searchKey(String s) {
        if (s == null) return "";
        return Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).strip().replaceAll("\\s+", " ");
    }
}
