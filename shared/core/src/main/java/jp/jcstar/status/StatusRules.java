package jp.jcstar.status;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import jp.jcstar.label.LabelClaims;

/**
 * The status model's time rules. A support period ends at the end of its last day in Japan time
 * (the scheme's dates are JST dates). Precedence: revoked, suspended, support-ended, expired, valid —
 * an operator's decision is never hidden by a date, and a product that lost support says so even
 * after its label's validity also ran out.
 */
public final class StatusRules {
    private StatusRules() {}

    public static final ZoneId JST = ZoneId.of("Asia/Tokyo");

    /** The instant support ends: 00:00 JST on the day after {@code supportEnd}. */
    public static Instant supportEndsAt(LocalDate supportEnd) {
        return supportEnd.plusDays(1).atStartOfDay(JST).toInstant();
    }

    public static boolean supportEnded(LabelClaims c, Instant now) {
        return !now.isBefore(supportEndsAt(c.supportEnd()));
    }

    public static boolean expired(LabelClaims c, Instant now) {
        return !now.isBefore(c.validUntil());
    }

    /** The state to report given the stored one and the clock. */
    public static LabelState effective(LabelState stored, LabelClaims c, Instant now) {
        if (stored == LabelState.REVOKED || stored == LabelState.SUSPENDED) return stored;
        if (stored == LabelState.SUPPORT_ENDED || supportEnded(c, now)) return LabelState.SUPPORT_ENDED;
        if (stored == LabelState.EXPIRED || expired(c, now)) return LabelState.EXPIRED;
        return LabelState.VALID;
    }

    /** When the date-driven state began, for a label that is support-ended or expired by date. */
    public static Instant dateEffectiveAt(LabelState state, LabelClaims c) {
        return switch (state) {
            case SUPPORT_ENDED -> supportEndsAt(c.supportEnd());
            case EXPIRED -> c.validUntil();
            default -> null;
        };
    }

    /**
     * False for {@code under-investigation}: an investigation is not a finding, so it suspends (reversible)
     * and never revokes (final); the label page would otherwise say 「失効 理由: 調査中」.
     */
    public static boolean isRevocationReason(RevocationReason reason) {
        return reason != RevocationReason.UNDER_INVESTIGATION;
    }
}
