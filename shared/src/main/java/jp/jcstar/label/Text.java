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

    /**
     * The version of {@link #searchKey}: stored search keys carry it, and a store holding keys of an
     * older version recomputes them ({@code LabelStore#migrateSearchKeys}). 1: NFKC, case, spaces
     * collapsed. 2: also without spaces, hyphens/dashes and the prolonged sound mark.
     */
    public static final int SEARCH_KEY_VERSION = 2;

    /**
     * Search key, the same for the stored text and the query (documented in docs/search.md): NFKC
     * (full-width ＡＢＣ１ → abc1, half-width ｶﾅ → カナ), lower case, and then without
     * <ul>
     *   <li>white space of any kind (「無線 LAN ルータ」 = 「無線LANルータ」),</li>
     *   <li>hyphens, dashes and minus signs, which Japanese input methods and fonts mix freely
     *       (- ‐ ‑ ‒ – — ― − ﹣ － 〜 …: every Unicode dash punctuation, plus − ˗ ⁃ ➖), and</li>
     *   <li>the prolonged sound mark ー (and half-width ｰ), written or left out at will in katakana
     *       loan words (「ルーター」 = 「ルータ」) and typed for a hyphen in model numbers (「SCー300」).</li>
     * </ul>
     * So {@code SC-300}, {@code sc300}, {@code ＳＣ－３００} and {@code SC ー 300} share the key
     * {@code sc300}. Substring and prefix matching then work on keys.
     */
    public static String searchKey(String s) {
        if (s == null) return "";
        String n = Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder b = new StringBuilder(n.length());
        for (int i = 0; i < n.length(); ) {
            int cp = n.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || isDash(cp) || cp == 0x30FC || cp == 0xFF70) continue;
            b.appendCodePoint(cp);
        }
        return b.toString();
    }

    private static boolean isDash(int cp) {
        return Character.getType(cp) == Character.DASH_PUNCTUATION || cp == 0x2212 || cp == 0x02D7 || cp == 0x2043 || cp == 0x2796;
    }
}
