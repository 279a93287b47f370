package jp.jcstar.offline;

import jp.jcstar.status.LabelState;

/**
 * The answer of an offline verification: the status model's answers (DESIGN.md) plus {@link #STALE},
 * for a label whose status list has passed its {@code exp}: the data is too old to call the label valid.
 */
public enum OfflineStatus {
    VALID("valid", true),
    REVOKED("revoked", true),
    SUSPENDED("suspended", true),
    SUPPORT_ENDED("support-ended", true),
    EXPIRED("expired", true),
    INVALID("invalid", true),
    /** Genuine label, but its status cannot be read from the synced data (list missing, unreadable, or too short). */
    UNKNOWN("unknown", false),
    /** Genuine label, but its status list has expired ({@code exp} passed): sync before relying on it. */
    STALE("stale", false);

    private final String code;
    private final boolean decided;

    OfflineStatus(String code, boolean decided) {
        this.code = code;
        this.decided = decided;
    }

    /** The wire name, e.g. {@code support-ended}, {@code stale}. */
    public String code() {
        return code;
    }

    /**
     * True for a definite answer; false for {@link #UNKNOWN} and {@link #STALE}, which only say that the
     * offline data cannot decide (sync, then verify again).
     */
    public boolean decided() {
        return decided;
    }

    /** The offline status for a label state computed from the list and the label's dates. */
    static OfflineStatus of(LabelState s) {
        return switch (s) {
            case VALID -> VALID;
            case REVOKED -> REVOKED;
            case SUSPENDED -> SUSPENDED;
            case SUPPORT_ENDED -> SUPPORT_ENDED;
            case EXPIRED -> EXPIRED;
            case INVALID -> INVALID;
            case UNKNOWN -> UNKNOWN;
        };
    }
}
