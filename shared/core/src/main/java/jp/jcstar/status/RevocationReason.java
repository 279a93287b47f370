package jp.jcstar.status;

/** Why the operator revoked or suspended a label. Wire names are the lower-case codes. */
public enum RevocationReason {
    NONCONFORMITY("nonconformity"),
    VENDOR_REQUEST("vendor-request"),
    FRAUDULENT("fraudulent"),
    KEY_COMPROMISE("key-compromise"),
    SUPERSEDED("superseded"),
    SUPPORT_ENDED("support-ended"),
    UNDER_INVESTIGATION("under-investigation");

    private final String code;

    RevocationReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static RevocationReason fromCode(String code) {
        for (RevocationReason r : values()) if (r.code.equals(code)) return r;
        throw new IllegalArgumentException("unknown reason code: " + code);
    }
}
