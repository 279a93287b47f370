package jp.jcstar.verify;

/**
 * Why a label was rejected as {@code invalid}. Each has a stable wire code (the {@code reason} of a
 * verification answer and the tail of the problem {@code type}); golden fixtures pin every one.
 */
public enum RejectReason {
    EMPTY("empty", "no label given"),
    TOO_LARGE("too-large", "input longer than any label"),
    BAD_QR_TEXT("bad-qr-text", "the QR text is not a JC-STAR label URL"),
    NOT_COMPACT_JWS("not-compact-jws", "not three base64url parts separated by dots"),
    BAD_BASE64URL("bad-base64url", "a part is not canonical base64url"),
    BAD_HEADER("bad-header", "the JWS header is not a JSON object"),
    ALG_NOT_ALLOWED("alg-not-allowed", "only ES256 is accepted"),
    FORBIDDEN_HEADER_PARAM(
            "forbidden-header-param",
            "header parameter that could redirect trust (jwk, jku, x5u, x5c, x5t, crit, b64)"),
    UNEXPECTED_HEADER_PARAM("unexpected-header-param", "header parameter that format 1 does not define"),
    MISSING_KID("missing-kid", "the header names no key"),
    UNKNOWN_KID("unknown-kid", "the key is not one of the operator's published keys"),
    BAD_SIGNATURE_ENCODING("bad-signature-encoding", "an ES256 signature is 64 bytes"),
    SIGNATURE_OUT_OF_RANGE("signature-out-of-range", "r or s is zero or not below the curve order"),
    HIGH_S("high-s", "s is above half the curve order: the malleated twin of a signature (labels are signed low-s)"),
    BAD_SIGNATURE("bad-signature", "the signature does not match the label"),
    BAD_COMPRESSION("bad-compression", "the compressed payload cannot be inflated"),
    PAYLOAD_NOT_JSON("payload-not-json", "the payload is not a JSON object"),
    DUPLICATE_KEY("duplicate-key", "the payload repeats a claim name"),
    UNSUPPORTED_VERSION("unsupported-version", "label format version not supported"),
    MISSING_CLAIM("missing-claim", "a required claim is missing"),
    BAD_CLAIM_TYPE("bad-claim-type", "a claim has the wrong JSON type"),
    UNKNOWN_CLAIM("unknown-claim", "a claim that format 1 does not define"),
    BAD_CLAIM_VALUE("bad-claim-value", "a claim value breaks the label rules");

    private final String code;
    private final String description;

    RejectReason(String code, String description) {
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
