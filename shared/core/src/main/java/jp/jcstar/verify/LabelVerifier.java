package jp.jcstar.verify;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import jp.jcstar.json.Json;
import jp.jcstar.label.LabelClaims;
import jp.jcstar.label.LabelCodec;
import jp.jcstar.qr.QrText;
import jp.jcstar.signing.B64;
import jp.jcstar.signing.KeySet;
import jp.jcstar.signing.PublicKeys;

/**
 * Verifies a label offline against the operator's {@link KeySet}: rejects by default. The steps, in
 * order (docs/label-format.md §Verification): size; QR text to compact JWS; three canonical base64url
 * parts; header a JSON object with exactly {@code alg: ES256}, {@code kid} and optionally
 * {@code zip: DEF} (trust-redirecting parameters such as {@code jwk}, {@code jku}, {@code x5c},
 * {@code crit} are refused, as is anything else); kid among the published keys; signature 64 bytes with
 * 0 &lt; r, s &lt; n; ECDSA P-256/SHA-256 verification; only then payload inflation (bounded) and strict
 * claim parsing. The payload of a forged label is never parsed. Thread-safe.
 */
public final class LabelVerifier {
    /** Longer than any QR code can hold (7,089 digits at level L). */
    public static final int MAX_INPUT = 8_192;

    static final int MAX_PAYLOAD = 4_096;
    private static final BigInteger N =
            new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);
    private static final Set<String> FORBIDDEN = Set.of("jwk", "jku", "x5u", "x5c", "x5t", "x5t#S256", "crit", "b64");

    private final PublicKeys keys;
    /**
     * Validated headers by their base64url text: every label of one key shares one header. The key is
     * looked up for every label, not cached with the header, so a key the source drops stops verifying.
     */
    private final Map<String, Header> headerCache = new ConcurrentHashMap<>();

    private record Header(String kid, boolean deflated) {}

    /**
     * @param keys the operator's keys: a fixed {@link KeySet}, or a source that can learn keys added
     *             later (looked up by kid for every label whose header this verifier has not cached)
     */
    public LabelVerifier(PublicKeys keys) {
        this.keys = java.util.Objects.requireNonNull(keys, "keys");
    }

    /** The keys known now. */
    public KeySet keys() {
        return keys.current();
    }

    public Verification verify(String input) {
        try {
            return verifyOrThrow(input);
        } catch (Reject r) {
            return new Verification.Rejected(r.reason, r.getMessage());
        }
    }

    private Verification verifyOrThrow(String input) throws Reject {
        if (input == null || input.isBlank()) throw new Reject(RejectReason.EMPTY, "no label given");
        if (input.length() > MAX_INPUT)
            throw new Reject(RejectReason.TOO_LARGE, "input of " + input.length() + " characters");
        String jws;
        try {
            jws = QrText.toCompactJws(input);
        } catch (QrText.FormatException e) {
            throw new Reject(RejectReason.BAD_QR_TEXT, e.getMessage());
        }
        int d1 = jws.indexOf('.');
        int d2 = d1 < 0 ? -1 : jws.indexOf('.', d1 + 1);
        if (d1 <= 0 || d2 < 0 || jws.indexOf('.', d2 + 1) >= 0 || d2 == d1 + 1 || d2 == jws.length() - 1) {
            throw new Reject(RejectReason.NOT_COMPACT_JWS, "expected header.payload.signature");
        }
        String h64 = jws.substring(0, d1);
        String p64 = jws.substring(d1 + 1, d2);
        String s64 = jws.substring(d2 + 1);
        Header cached = headerCache.get(h64);
        Header header = cached != null ? cached : readHeader(h64);
        String kid = header.kid;
        ECPublicKey key = keys.find(kid)
                .orElseThrow(() ->
                        new Reject(RejectReason.UNKNOWN_KID, "kid " + shown(kid) + " is not in the operator's JWKS"));
        // only headers naming a known key are cached: forged headers cannot crowd out the real ones
        if (cached == null && headerCache.size() < 64) headerCache.put(h64, header);
        byte[] payload = b64(p64, "payload");
        byte[] sig = b64(s64, "signature");
        if (sig.length != 64)
            throw new Reject(RejectReason.BAD_SIGNATURE_ENCODING, "signature is " + sig.length + " bytes, not 64");
        BigInteger r = new BigInteger(1, java.util.Arrays.copyOfRange(sig, 0, 32));
        BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(sig, 32, 64));
        if (r.signum() == 0 || s.signum() == 0 || r.compareTo(N) >= 0 || s.compareTo(N) >= 0) {
            throw new Reject(RejectReason.SIGNATURE_OUT_OF_RANGE, "r and s must lie in [1, n-1]");
        }
        // (r, n - s) verifies too: labels are signed low-s, so the high form is a malleated copy
        if (s.compareTo(jp.jcstar.signing.LowS.HALF_N) > 0)
            throw new Reject(RejectReason.HIGH_S, "s must not exceed n/2 (labels are signed low-s)");
        boolean ok;
        try {
            Signature v = Signature.getInstance("SHA256withECDSAinP1363Format");
            v.initVerify(key);
            v.update(jws.substring(0, d2).getBytes(StandardCharsets.US_ASCII));
            ok = v.verify(sig);
        } catch (GeneralSecurityException e) {
            ok = false;
        }
        if (!ok) throw new Reject(RejectReason.BAD_SIGNATURE, "signature does not verify with key " + header.kid);
        if (header.deflated) payload = inflate(payload);
        try {
            LabelClaims claims = LabelCodec.decode(payload);
            return new Verification.Verified(claims, header.kid, jws);
        } catch (LabelCodec.ClaimsException e) {
            throw new Reject(RejectReason.valueOf(e.problem().name()), e.getMessage());
        }
    }

    private Header readHeader(String h64) throws Reject {
        byte[] raw = b64(h64, "header");
        JsonNode h;
        try {
            h = Json.parse(raw);
        } catch (Json.BadJsonException e) {
            throw new Reject(RejectReason.BAD_HEADER, "header: " + e.getMessage());
        }
        if (!h.isObject()) throw new Reject(RejectReason.BAD_HEADER, "header is not a JSON object");
        JsonNode alg = h.get("alg");
        if (alg == null || !alg.isTextual() || !"ES256".equals(alg.textValue())) {
            throw new Reject(
                    RejectReason.ALG_NOT_ALLOWED,
                    "alg " + (alg == null ? "missing" : shown(alg.toString())) + " is not ES256");
        }
        for (var e : h.properties()) {
            String name = e.getKey();
            if (FORBIDDEN.contains(name))
                throw new Reject(RejectReason.FORBIDDEN_HEADER_PARAM, "header parameter " + name + " is refused");
        }
        boolean deflated = false;
        for (var e : h.properties()) {
            String name = e.getKey();
            if (name.equals("alg") || name.equals("kid")) continue;
            if (name.equals("zip")
                    && e.getValue().isTextual()
                    && "DEF".equals(e.getValue().textValue())) {
                deflated = true;
                continue;
            }
            throw new Reject(
                    RejectReason.UNEXPECTED_HEADER_PARAM,
                    "header parameter " + shown(name) + " is not part of format 1");
        }
        JsonNode kid = h.get("kid");
        if (kid == null || !kid.isTextual()) throw new Reject(RejectReason.MISSING_KID, "header has no kid");
        return new Header(kid.textValue(), deflated);
    }

    /**
     * Untrusted header text as a detail may show it: at most 40 characters, anything but printable ASCII as
     * {@code \\uXXXX}. A forged label must not put line breaks into logs, bidi overrides into the verify page
     * (where they could make a refusal read like a pass) or kilobytes into every answer.
     */
    static String shown(String untrusted) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < untrusted.length() && i < 40; i++) {
            char c = untrusted.charAt(i);
            if (c >= 0x20 && c < 0x7F) b.append(c);
            else b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
        }
        return untrusted.length() > 40 ? b.append("...").toString() : b.toString();
    }

    private static byte[] b64(String s, String part) throws Reject {
        try {
            return B64.decode(s);
        } catch (IllegalArgumentException e) {
            throw new Reject(RejectReason.BAD_BASE64URL, part + ": " + e.getMessage());
        }
    }

    /** One inflater per thread, reset between labels: creating one costs more than inflating a label. */
    private static final ThreadLocal<Inflater> INFLATER = ThreadLocal.withInitial(() -> new Inflater(true));

    private static byte[] inflate(byte[] in) throws Reject {
        Inflater inf = INFLATER.get();
        inf.reset();
        try {
            inf.setInput(in);
            ByteArrayOutputStream out = new ByteArrayOutputStream(512);
            byte[] buf = new byte[512];
            while (!inf.finished()) {
                int n = inf.inflate(buf);
                if (n == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    throw new Reject(RejectReason.BAD_COMPRESSION, "truncated DEFLATE stream");
                }
                out.write(buf, 0, n);
                if (out.size() > MAX_PAYLOAD)
                    throw new Reject(RejectReason.BAD_COMPRESSION, "payload inflates beyond " + MAX_PAYLOAD + " bytes");
            }
            if (inf.getRemaining() > 0)
                throw new Reject(RejectReason.BAD_COMPRESSION, "bytes after the DEFLATE stream");
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new Reject(RejectReason.BAD_COMPRESSION, "not a DEFLATE stream");
        }
    }

    private static final class Reject extends Exception {
        final RejectReason reason;

        Reject(RejectReason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }
}
