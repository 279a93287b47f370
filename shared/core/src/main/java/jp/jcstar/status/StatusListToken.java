package jp.jcstar.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import jp.jcstar.json.Json;
import jp.jcstar.signing.B64;
import jp.jcstar.signing.KeySet;
import jp.jcstar.signing.Signer;
import jp.jcstar.status.InvalidStatusListException.Reason;

/**
 * A Status List Token in JWT format (draft-ietf-oauth-status-list §5.1), signed with the operator's
 * ES256 key.
 *
 * <pre>
 * header  {"alg":"ES256","kid":"…","typ":"statuslist+jwt"}
 * payload {"sub":"https://…/v1/status-lists/1","iat":…,"exp":…,"ttl":…,"status_list":{"bits":2,"lst":"…"}}
 * </pre>
 *
 * <p>{@link #parse} rejects by default, in this order: size; three canonical base64url parts; header a
 * JSON object with exactly {@code alg: ES256}, {@code kid} and {@code typ: statuslist+jwt} (anything
 * else, notably {@code jwk}, {@code jku}, {@code x5c}, {@code crit}, is refused); kid among the
 * published keys; a 64-byte signature with 0 &lt; r, s &lt; n that verifies; only then the payload:
 * exactly {@code sub} (equal to the expected URI), {@code iat}, {@code exp} (after {@code iat}),
 * {@code ttl} (positive), {@code status_list} with exactly {@code bits: 2} and {@code lst} (ZLIB,
 * inflated to at most {@link #MAX_LIST_BYTES}, at least {@link StatusList#MIN_SIZE} entries). An
 * expired token is <em>not</em> refused: {@link #isExpired(Instant)} says so, and the caller decides
 * (an offline verifier reports a stale list rather than nothing). Times are whole seconds.
 *
 * @param uri       the list's URI ({@code sub}); labels carry the list number, the URI is
 *                  {@code <base>/v1/status-lists/<n>}
 * @param list      the statuses
 * @param issuedAt  {@code iat}
 * @param expiresAt {@code exp}: after it the list must not be relied upon (draft §13.7)
 * @param ttl       {@code ttl}: how long a client may cache the token before fetching a fresh one
 */
public record StatusListToken(String uri, StatusList list, Instant issuedAt, Instant expiresAt, Duration ttl) {
    /** The JWT {@code typ} (draft §5.1). */
    public static final String TYP = "statuslist+jwt";
    /** The HTTP content type of a token (draft §8.2). */
    public static final String MEDIA_TYPE = "application/statuslist+jwt";
    /** Longest token accepted (characters); also keeps {@code lst} within the JSON string bound. */
    public static final int MAX_TOKEN_CHARS = 2_000_000;
    /** Most bytes {@code lst} may inflate to. */
    public static final int MAX_LIST_BYTES = StatusList.MAX_BYTES;
    /** How far in the future {@code iat} may lie (clock skew between operator and verifier). */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    private static final BigInteger N =
            new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);
    private static final Set<String> FORBIDDEN =
            Set.of("jwk", "jku", "x5u", "x5c", "x5t", "x5t#S256", "crit", "b64", "zip");
    private static final Set<String> CLAIMS = Set.of("sub", "iat", "exp", "ttl", "status_list");

    public StatusListToken {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(list, "list");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(ttl, "ttl");
        if (uri.isBlank()) throw new IllegalArgumentException("uri is blank");
        if (list.size() < StatusList.MIN_SIZE)
            throw new IllegalArgumentException(
                    "a published status list has at least " + StatusList.MIN_SIZE + " entries");
        issuedAt = issuedAt.truncatedTo(ChronoUnit.SECONDS);
        expiresAt = expiresAt.truncatedTo(ChronoUnit.SECONDS);
        ttl = ttl.truncatedTo(ChronoUnit.SECONDS);
        if (!expiresAt.isAfter(issuedAt)) throw new IllegalArgumentException("expiresAt must be after issuedAt");
        if (ttl.getSeconds() <= 0) throw new IllegalArgumentException("ttl must be at least one second");
    }

    /** True from {@code exp} on: the list must not be relied upon any longer (draft §8.3 step 4c, §13.7). */
    public boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /**
     * When a client that fetched this token at {@code fetchedAt} should fetch it again: after
     * {@code ttl}, and never later than {@code exp} (draft §8.3 step 4d, §13.7).
     */
    public Instant refreshAt(Instant fetchedAt) {
        Instant byTtl = fetchedAt.plus(ttl);
        return byTtl.isBefore(expiresAt) ? byTtl : expiresAt;
    }

    /** The compact JWS, signed by {@code signer} (ES256). */
    public String sign(Signer signer) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode h = f.objectNode();
        h.put("alg", "ES256");
        h.put("kid", signer.keyId());
        h.put("typ", TYP);
        ObjectNode p = f.objectNode();
        p.put("sub", uri);
        p.put("iat", issuedAt.getEpochSecond());
        p.put("exp", expiresAt.getEpochSecond());
        p.put("ttl", ttl.getSeconds());
        ObjectNode sl = p.putObject("status_list");
        sl.put("bits", StatusList.BITS);
        sl.put("lst", list.lst());
        String signingInput = B64.encode(Json.write(h)) + "." + B64.encode(Json.write(p));
        byte[] sig = signer.sign(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + B64.encode(sig);
    }

    /**
     * Verifies and reads a status list token (see the class comment for the steps).
     *
     * @param token       the compact JWS as fetched
     * @param keys        the operator's published keys
     * @param expectedUri the URI the token was fetched for (the label's status reference); {@code sub}
     *                    must equal it exactly (draft §8.3 step 4a)
     * @param now         the verifier's clock, to refuse a token issued in the future
     * @throws InvalidStatusListException with the exact reason
     */
    public static StatusListToken parse(String token, KeySet keys, String expectedUri, Instant now)
            throws InvalidStatusListException {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(expectedUri, "expectedUri");
        Objects.requireNonNull(now, "now");
        if (token == null || token.isBlank()) throw reject(Reason.EMPTY, "no token given");
        if (token.length() > MAX_TOKEN_CHARS)
            throw reject(Reason.TOO_LARGE, "token of " + token.length() + " characters");
        int d1 = token.indexOf('.');
        int d2 = d1 < 0 ? -1 : token.indexOf('.', d1 + 1);
        if (d1 <= 0 || d2 < 0 || token.indexOf('.', d2 + 1) >= 0 || d2 == d1 + 1 || d2 == token.length() - 1) {
            throw reject(Reason.NOT_COMPACT_JWS, "expected header.payload.signature");
        }
        ECPublicKey key = readHeader(b64(token.substring(0, d1), "header"), keys);
        byte[] payload = b64(token.substring(d1 + 1, d2), "payload");
        byte[] sig = b64(token.substring(d2 + 1), "signature");
        if (sig.length != 64)
            throw reject(Reason.BAD_SIGNATURE_ENCODING, "signature is " + sig.length + " bytes, not 64");
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(sig, 0, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
        if (r.signum() == 0 || s.signum() == 0 || r.compareTo(N) >= 0 || s.compareTo(N) >= 0) {
            throw reject(Reason.SIGNATURE_OUT_OF_RANGE, "r and s must lie in [1, n-1]");
        }
        boolean ok;
        try {
            Signature v = Signature.getInstance("SHA256withECDSAinP1363Format");
            v.initVerify(key);
            v.update(token.substring(0, d2).getBytes(StandardCharsets.US_ASCII));
            ok = v.verify(sig);
        } catch (GeneralSecurityException e) {
            ok = false;
        }
        if (!ok) throw reject(Reason.BAD_SIGNATURE, "signature does not verify");
        return readPayload(payload, expectedUri, now);
    }

    private static ECPublicKey readHeader(byte[] raw, KeySet keys) throws InvalidStatusListException {
        JsonNode h;
        try {
            h = Json.parse(raw);
        } catch (Json.BadJsonException e) {
            throw reject(Reason.BAD_HEADER, "header: " + e.getMessage());
        }
        if (!h.isObject()) throw reject(Reason.BAD_HEADER, "header is not a JSON object");
        JsonNode alg = h.get("alg");
        if (alg == null || !alg.isTextual() || !"ES256".equals(alg.textValue())) {
            throw reject(Reason.ALG_NOT_ALLOWED, "alg " + (alg == null ? "missing" : alg.toString()) + " is not ES256");
        }
        for (var e : h.properties()) {
            if (FORBIDDEN.contains(e.getKey()))
                throw reject(Reason.FORBIDDEN_HEADER_PARAM, "header parameter " + e.getKey() + " is refused");
        }
        JsonNode typ = h.get("typ");
        if (typ == null || !typ.isTextual() || !TYP.equals(typ.textValue())) {
            throw reject(Reason.WRONG_TYP, "typ " + (typ == null ? "missing" : typ.toString()) + " is not " + TYP);
        }
        for (var e : h.properties()) {
            String name = e.getKey();
            if (!name.equals("alg") && !name.equals("kid") && !name.equals("typ")) {
                throw reject(
                        Reason.UNEXPECTED_HEADER_PARAM,
                        "header parameter " + name + " is not part of the status list profile");
            }
        }
        JsonNode kid = h.get("kid");
        if (kid == null || !kid.isTextual()) throw reject(Reason.MISSING_KID, "header has no kid");
        return keys.find(kid.textValue())
                .orElseThrow(
                        () -> reject(Reason.UNKNOWN_KID, "kid " + kid.textValue() + " is not in the operator's JWKS"));
    }

    private static StatusListToken readPayload(byte[] raw, String expectedUri, Instant now)
            throws InvalidStatusListException {
        JsonNode p;
        try {
            p = Json.parse(raw);
        } catch (Json.BadJsonException e) {
            throw reject(Reason.PAYLOAD_NOT_JSON, "payload: " + e.getMessage());
        }
        if (!p.isObject()) throw reject(Reason.PAYLOAD_NOT_JSON, "payload is not a JSON object");
        for (var e : p.properties()) {
            if (!CLAIMS.contains(e.getKey()))
                throw reject(Reason.UNKNOWN_CLAIM, "claim " + e.getKey() + " is not part of the status list profile");
        }
        JsonNode sub = required(p, "sub");
        if (!sub.isTextual()) throw reject(Reason.BAD_CLAIM_TYPE, "sub must be a string");
        if (!sub.textValue().equals(expectedUri))
            throw reject(Reason.WRONG_SUBJECT, "sub " + sub + " is not the expected list");
        long iat = seconds(p, "iat");
        long exp = seconds(p, "exp");
        long ttl = seconds(p, "ttl");
        if (iat < 0) throw reject(Reason.BAD_CLAIM_VALUE, "iat must not be negative");
        if (exp <= iat) throw reject(Reason.BAD_CLAIM_VALUE, "exp must be after iat");
        if (ttl <= 0) throw reject(Reason.BAD_CLAIM_VALUE, "ttl must be positive");
        Instant issuedAt;
        Instant expiresAt;
        try {
            issuedAt = Instant.ofEpochSecond(iat);
            expiresAt = Instant.ofEpochSecond(exp);
        } catch (java.time.DateTimeException e) {
            throw reject(Reason.BAD_CLAIM_VALUE, "iat or exp out of range");
        }
        if (issuedAt.isAfter(now.plus(MAX_CLOCK_SKEW)))
            throw reject(Reason.NOT_YET_VALID, "iat " + issuedAt + " is in the future");

        JsonNode sl = required(p, "status_list");
        if (!sl.isObject()) throw reject(Reason.BAD_CLAIM_TYPE, "status_list must be an object");
        for (var e : sl.properties()) {
            if (!e.getKey().equals("bits") && !e.getKey().equals("lst")) {
                throw reject(
                        Reason.UNKNOWN_CLAIM,
                        "status_list member " + e.getKey() + " is not part of the status list profile");
            }
        }
        JsonNode bits = sl.get("bits");
        if (bits == null) throw reject(Reason.MISSING_CLAIM, "status_list.bits is missing");
        if (!bits.isIntegralNumber()) throw reject(Reason.BAD_CLAIM_TYPE, "status_list.bits must be an integer");
        if (!bits.canConvertToInt() || bits.intValue() != StatusList.BITS)
            throw reject(Reason.UNSUPPORTED_BITS, "status_list.bits is " + bits + ", not 2");
        JsonNode lst = sl.get("lst");
        if (lst == null) throw reject(Reason.MISSING_CLAIM, "status_list.lst is missing");
        if (!lst.isTextual()) throw reject(Reason.BAD_CLAIM_TYPE, "status_list.lst must be a string");
        StatusList list;
        try {
            list = StatusList.fromLst(lst.textValue(), MAX_LIST_BYTES);
        } catch (IllegalArgumentException e) {
            throw reject(Reason.BAD_LIST, e.getMessage());
        }
        if (list.size() < StatusList.MIN_SIZE)
            throw reject(
                    Reason.LIST_TOO_SMALL, "list of " + list.size() + " entries, fewer than " + StatusList.MIN_SIZE);
        return new StatusListToken(sub.textValue(), list, issuedAt, expiresAt, Duration.ofSeconds(ttl));
    }

    private static JsonNode required(JsonNode p, String name) throws InvalidStatusListException {
        JsonNode n = p.get(name);
        if (n == null) throw reject(Reason.MISSING_CLAIM, name + " is missing");
        return n;
    }

    private static long seconds(JsonNode p, String name) throws InvalidStatusListException {
        JsonNode n = required(p, name);
        if (!n.isIntegralNumber() || !n.canConvertToLong())
            throw reject(Reason.BAD_CLAIM_TYPE, name + " must be an integer number of seconds");
        return n.longValue();
    }

    private static byte[] b64(String s, String part) throws InvalidStatusListException {
        try {
            return B64.decode(s);
        } catch (IllegalArgumentException e) {
            throw reject(Reason.BAD_BASE64URL, part + ": " + e.getMessage());
        }
    }

    private static InvalidStatusListException reject(Reason reason, String message) {
        return new InvalidStatusListException(reason, message);
    }

    @Override
    public String toString() {
        return "StatusListToken[uri=" + uri + ", iat=" + issuedAt + ", exp=" + expiresAt + ", ttl=" + ttl + ", " + list
                + "]";
    }
}
