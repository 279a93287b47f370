package jp.jcstar.status;

/**
 * A status list token was refused. {@link #reason()} is a stable wire code, like a label's
 * {@code RejectReason}; the message says exactly what was wrong and never echoes key material.
 */
public final class InvalidStatusListException extends Exception {
    /** Why a status list token was refused. */
    public enum Reason {
        EMPTY("empty", "no token given"),
        TOO_LARGE("too-large", "token longer than any status list token"),
        NOT_COMPACT_JWS("not-compact-jws", "not three base64url parts separated by dots"),
        BAD_BASE64URL("bad-base64url", "a part is not canonical base64url"),
        BAD_HEADER("bad-header", "the JWS header is not a JSON object"),
        ALG_NOT_ALLOWED("alg-not-allowed", "only ES256 is accepted"),
        WRONG_TYP("wrong-typ", "typ is not statuslist+jwt"),
        FORBIDDEN_HEADER_PARAM("forbidden-header-param", "header parameter that could redirect trust"),
        UNEXPECTED_HEADER_PARAM("unexpected-header-param", "header parameter this profile does not define"),
        MISSING_KID("missing-kid", "the header names no key"),
        UNKNOWN_KID("unknown-kid", "the key is not one of the operator's published keys"),
        BAD_SIGNATURE_ENCODING("bad-signature-encoding", "an ES256 signature is 64 bytes"),
        SIGNATURE_OUT_OF_RANGE("signature-out-of-range", "r or s is zero or not below the curve order"),
        BAD_SIGNATURE("bad-signature", "the signature does not match the token"),
        PAYLOAD_NOT_JSON("payload-not-json", "the payload is not a JSON object"),
        MISSING_CLAIM("missing-claim", "a required claim is missing"),
        BAD_CLAIM_TYPE("bad-claim-type", "a claim has the wrong JSON type"),
        UNKNOWN_CLAIM("unknown-claim", "a claim this profile does not define"),
        BAD_CLAIM_VALUE("bad-claim-value", "a claim value breaks the profile"),
        WRONG_SUBJECT("wrong-subject", "sub is not the URI of the list that was asked for"),
        UNSUPPORTED_BITS("unsupported-bits", "bits is not 2"),
        BAD_LIST("bad-list", "lst cannot be decoded or inflated within bounds"),
        LIST_TOO_SMALL("list-too-small", "fewer entries than the herd-privacy minimum"),
        NOT_YET_VALID("not-yet-valid", "issued in the future beyond the allowed clock skew");

        private final String code;
        private final String description;

        Reason(String code, String description) {
            this.code = code;
            this.description = description;
        }

        public String code() {
            return code;
        }

        public String description() {
            return description;
        }
    }

    private final Reason reason;

    public InvalidStatusListException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
