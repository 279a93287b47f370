package jp.jcstar.status;

/**
 * The status a verification answers (DESIGN.md, status model). The first five are stored
 * states of a label; {@link #UNKNOWN} and {@link #INVALID} only ever describe a verification.
 */
public enum LabelState {
    VALID("valid"),
    SUPPORT_ENDED("support-ended"),
    EXPIRED("expired"),
    REVOKED("revoked"),
    SUSPENDED("suspended"),
    UNKNOWN("unknown"),
    INVALID("invalid");

    private final String code;

    LabelState(String code) {
        this.code = code;
    }

    /** The wire name, e.g. {@code support-ended}. */
    public String code() {
        return code;
    }

    public static LabelState fromCode(String code) {
        for (LabelState s : values()) if (s.code.equals(code)) return s;
        throw new IllegalArgumentException("unknown status: " + code);
    }
}
