package jp.jcstar.offline;

import java.time.Duration;
import java.time.Instant;

/**
 * How old the status data behind an offline answer is.
 *
 * @param list        the status list number
 * @param issuedAt    the list token's {@code iat}: when the operator signed it
 * @param expiresAt   the token's {@code exp}: after it the list must not be relied upon
 * @param ttl         the token's {@code ttl}: how long a copy may be used before fetching again
 * @param lastChecked when a sync last confirmed this list with the server (downloaded it, or was told
 *                    it had not changed); {@code issuedAt} if the folder does not record it
 * @param age         {@code now − lastChecked} (never negative): how old the status data is
 * @param refreshDue  when the list should be fetched again: {@code lastChecked + ttl}, never after {@code exp}
 * @param overdue     {@code now} is at or past {@code refreshDue}: still usable until {@code exp}, but sync soon
 * @param expired     {@code now} is at or past {@code exp}: the list no longer says anything is valid
 */
public record Freshness(
        int list,
        Instant issuedAt,
        Instant expiresAt,
        Duration ttl,
        Instant lastChecked,
        Duration age,
        Instant refreshDue,
        boolean overdue,
        boolean expired) {

    /** A human phrase for {@link #age}, e.g. {@code 3 h 12 min}. */
    public String ageText() {
        return describe(age);
    }

    /** {@code 2 d 3 h}, {@code 3 h 12 min}, {@code 4 min 5 s}, {@code 12 s}. */
    public static String describe(Duration d) {
        long s = Math.max(0, d.getSeconds());
        long days = s / 86_400, hours = s % 86_400 / 3_600, min = s % 3_600 / 60, sec = s % 60;
        if (days > 0) return days + " d " + hours + " h";
        if (hours > 0) return hours + " h " + min + " min";
        if (min > 0) return min + " min " + sec + " s";
        return sec + " s";
    }
}
