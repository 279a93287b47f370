package jp.jcstar.label;

import java.text.Normalizer;
import java.util.Locale;

/** Rules for human text in labels and applications, and the normalisation search uses. */
public final class Text {
    private Text() {}

    /**
     * True for 1..max code points of printable text on one line: no control characters
     * (NUL, newlines), no line or paragraph separator (U+2028, U+2029: they break the one-line rule),
     * no bidirectional overrides or isolates, no default-ignorable code point (zero-width joiner/space,
     * soft hyphen, BOM, combining grapheme joiner U+034F, variation selectors, Hangul fillers U+115F,
     * U+1160, U+3164, U+FFA0, tag characters: each can make a forged model number look like a genuine
     * one, or a blank look like text), no blank-looking braille pattern U+2800, no private-use or
     * unassigned code point, no unpaired surrogates, no leading/trailing space, and no combining mark
     * at the start (it has nothing to combine with).
     */
    public static boolean isCleanLine(String s, int max) {
        if (s == null || s.isEmpty() || s.isBlank()) return false;
        if (s.strip().length() != s.length()) return false;
        int n = s.codePointCount(0, s.length());
        if (n > max) return false;
        if (isMark(s.codePointAt(0))) return false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int type = Character.getType(cp);
            if (Character.isISOControl(cp)
                    || isBidiControl(cp)
                    || Character.isSurrogate((char) cp)
                    || cp == 0xFEFF
                    || type == Character.UNASSIGNED
                    || type == Character.FORMAT
                    || type == Character.PRIVATE_USE
                    || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR
                    || isDefaultIgnorable(cp)
                    || cp == 0x2800) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }

    /**
     * The stricter profile for model designations, on top of {@link #isCleanLine}: letters and digits of
     * the Latin, Han, Hiragana and Katakana scripts (half- or full-width), spaces, and the punctuation
     * model numbers use ({@code - _ . / ( ) + # & : , ' ～ ー ・} and their full-width forms); no combining
     * marks (U+0336 strikes a character through without changing what a search or a reader compares),
     * no symbols, no letters of other scripts (Cyrillic А looks like Latin A).
     */
    public static boolean isCleanModel(String s, int max) {
        if (!isCleanLine(s, max)) return false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            String nfkc = Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKC);
            if (nfkc.codePointCount(0, nfkc.length()) != 1) return false; // ™ → TM, ① → 1: not what it seems
            int folded = nfkc.codePointAt(0);
            if (folded < 0x80) {
                // ASCII itself, or its full-width form; other compatibility forms (①, ｍ², ℡) are not
                boolean plainOrFullWidth = cp < 0x80 || (cp >= 0xFF01 && cp <= 0xFF5E);
                if (plainOrFullWidth && (MODEL_ASCII.indexOf(folded) >= 0 || Character.isLetterOrDigit(folded)))
                    continue;
                return false;
            }
            if (cp == 0x3000 || cp == 0x301C || cp == 0xFF5E || cp == 0x30FC || cp == 0x30FB || cp == 0xFF70)
                continue; // ideographic space, wave dash, prolonged sound mark, middle dot
            if (!Character.isLetterOrDigit(cp)) return false;
            Character.UnicodeScript script = Character.UnicodeScript.of(cp);
            if (script != Character.UnicodeScript.LATIN
                    && script != Character.UnicodeScript.HAN
                    && script != Character.UnicodeScript.HIRAGANA
                    && script != Character.UnicodeScript.KATAKANA
                    && script != Character.UnicodeScript.COMMON) {
                return false;
            }
        }
        return true;
    }

    private static final String MODEL_ASCII = " -_./()+#&:,'";

    static boolean isMark(int cp) {
        int t = Character.getType(cp);
        return t == Character.NON_SPACING_MARK
                || t == Character.ENCLOSING_MARK
                || t == Character.COMBINING_SPACING_MARK;
    }

    /** Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt, Unicode 16), which Java does not expose. */
    static boolean isDefaultIgnorable(int cp) {
        return cp == 0x00AD
                || cp == 0x034F
                || cp == 0x061C
                || cp == 0x115F
                || cp == 0x1160
                || cp == 0x17B4
                || cp == 0x17B5
                || (cp >= 0x180B && cp <= 0x180F)
                || (cp >= 0x200B && cp <= 0x200F)
                || (cp >= 0x202A && cp <= 0x202E)
                || (cp >= 0x2060 && cp <= 0x206F)
                || cp == 0x3164
                || (cp >= 0xFE00 && cp <= 0xFE0F)
                || cp == 0xFEFF
                || cp == 0xFFA0
                || (cp >= 0xFFF0 && cp <= 0xFFF8)
                || (cp >= 0x1BCA0 && cp <= 0x1BCA3)
                || (cp >= 0x1D173 && cp <= 0x1D17A)
                || (cp >= 0xE0000 && cp <= 0xE0FFF);
    }

    static boolean isBidiControl(int cp) {
        return (cp >= 0x202A && cp <= 0x202E)
                || (cp >= 0x2066 && cp <= 0x2069)
                || cp == 0x200E
                || cp == 0x200F
                || cp == 0x061C;
    }

    /**
     * The version of {@link #searchKey}: stored search keys carry it, and a store holding keys of an
     * older version recomputes them ({@code LabelStore#migrateSearchKeys}). 1: NFKC, case, spaces
     * collapsed. 2: also without spaces, hyphens/dashes and the prolonged sound mark. 3: the same keys,
     * and each label also carries its model designations' confusable skeletons ({@link Confusables}), so
     * a migration gives them to labels stored before.
     */
    public static final int SEARCH_KEY_VERSION = 3;

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
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || isDash(cp) || cp == 0x30FC || cp == 0xFF70)
                continue;
            b.appendCodePoint(cp);
        }
        return b.toString();
    }

    private static boolean isDash(int cp) {
        return Character.getType(cp) == Character.DASH_PUNCTUATION
                || cp == 0x2212
                || cp == 0x02D7
                || cp == 0x2043
                || cp == 0x2796;
    }
}
