package jp.jcstar.label;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The registration number (label id, the largest text on a printed label: {@code JC26-7K3M9QXA}) as
 * people type it: full-width or lower case, with or without the hyphen or with another dash, with
 * spaces, and with the letters Crockford base 32 leaves out read as the digits they look like (O → 0,
 * I and L → 1). The same rules as the site's {@code regno.js}.
 */
public final class RegistrationNumber {
    private RegistrationNumber() {}

    private static final Pattern TYPED = Pattern.compile("JC([0-9]{2})([0-9A-HJKMNP-TV-Z]{8})");

    /** The canonical id ({@code JCyy-XXXXXXXX}) for what was typed, or empty when it cannot be one. */
    public static Optional<String> canonical(String typed) {
        if (typed == null || typed.length() > 64) return Optional.empty();
        String n = Normalizer.normalize(typed, Normalizer.Form.NFKC).toUpperCase(Locale.ROOT);
        StringBuilder b = new StringBuilder(n.length());
        for (int i = 0; i < n.length(); ) {
            int cp = n.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isWhitespace(cp)
                    || Character.isSpaceChar(cp)
                    || Character.getType(cp) == Character.DASH_PUNCTUATION
                    || cp == 0x2212
                    || cp == 0x30FC) continue;
            b.appendCodePoint(cp);
        }
        if (b.length() < 4 || !b.substring(0, 2).equals("JC")) return Optional.empty();
        // after "JCyy": the Crockford look-alikes
        StringBuilder fixed = new StringBuilder(b.substring(0, 2));
        for (int i = 2; i < b.length(); i++) {
            char c = b.charAt(i);
            fixed.append(c == 'O' ? '0' : c == 'I' || c == 'L' ? '1' : c);
        }
        Matcher m = TYPED.matcher(fixed);
        return m.matches() ? Optional.of("JC" + m.group(1) + "-" + m.group(2)) : Optional.empty();
    }
}
