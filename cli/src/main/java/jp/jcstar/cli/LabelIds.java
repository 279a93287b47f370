package jp.jcstar.cli;

import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;

/** Registration numbers: {@code JC} + two-digit year (JST) + {@code -} + 8 random Crockford base32 characters (40 bits). */
final class LabelIds {
    private LabelIds() {}

    private static final String CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final SecureRandom RANDOM = new SecureRandom();
    static final ZoneId JST = ZoneId.of("Asia/Tokyo");

    static String next() {
        StringBuilder sb = new StringBuilder("JC")
                .append(String.format(Locale.ROOT, "%02d", LocalDate.now(JST).getYear() % 100))
                .append('-');
        for (int i = 0; i < 8; i++) sb.append(CROCKFORD.charAt(RANDOM.nextInt(32)));
        return sb.toString();
    }

    /** A status-list index in [0, 131072): list size 2^17 entries of 2 bits. */
    static int statusIndex() {
        return RANDOM.nextInt(131_072);
    }
}
