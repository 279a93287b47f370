package jp.jcstar.status;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.zip.Inflater;
import jp.jcstar.json.Json;
import jp.jcstar.signing.B64;
import jp.jcstar.signing.KeySet;
import jp.jcstar.signing.LocalKeySigner;
import jp.jcstar.status.InvalidStatusListException.Reason;
import org.junit.jupiter.api.Test;

class StatusListTokenTest {
    static final LocalKeySigner KEY = LocalKeySigner.generate();
    static final LocalKeySigner OTHER = LocalKeySigner.generate();
    static final KeySet KEYS = KeySet.of(KEY.publicKey());
    static final String URI = "https://registry.jcstar.example.jp/v1/status-lists/1";
    static final Instant IAT = Instant.parse("2026-04-01T00:00:00Z");
    static final Instant EXP = IAT.plus(Duration.ofDays(1));
    static final Duration TTL = Duration.ofHours(1);

    static StatusList sample() {
        return StatusList.builder(StatusList.MIN_SIZE)
                .set(0, LabelState.REVOKED)
                .set(1, LabelState.SUSPENDED)
                .set(2, LabelState.SUPPORT_ENDED)
                .set(77_777, LabelState.REVOKED)
                .set(StatusList.MIN_SIZE - 1, LabelState.SUSPENDED)
                .build();
    }

    static String signedSample() {
        return new StatusListToken(URI, sample(), IAT, EXP, TTL).sign(KEY);
    }

    static Reason rejection(String token) {
        return assertThrows(InvalidStatusListException.class, () -> StatusListToken.parse(token, KEYS, URI, IAT))
                .reason();
    }

    @Test
    void signedTokenParsesBackToTheSameListAndTimes() throws Exception {
        StatusListToken original = new StatusListToken(URI, sample(), IAT.plusMillis(400), EXP, TTL);
        StatusListToken parsed = StatusListToken.parse(original.sign(KEY), KEYS, URI, IAT);
        assertEquals(original, parsed);
        assertEquals(IAT, parsed.issuedAt(), "times are whole seconds");
        assertEquals(LabelState.REVOKED, parsed.list().state(77_777));
        assertEquals(LabelState.VALID, parsed.list().state(77_778));
    }

    @Test
    void headerIsExactlyAlgKidTypAndPayloadCarriesTheDraftClaims() {
        String[] parts = signedSample().split("\\.");
        JsonNode h = Json.parse(B64.decode(parts[0]));
        assertEquals("{\"alg\":\"ES256\",\"kid\":\"" + KEY.keyId() + "\",\"typ\":\"statuslist+jwt\"}", h.toString());
        JsonNode p = Json.parse(B64.decode(parts[1]));
        assertEquals(URI, p.get("sub").textValue());
        assertEquals(IAT.getEpochSecond(), p.get("iat").longValue());
        assertEquals(EXP.getEpochSecond(), p.get("exp").longValue());
        assertEquals(3600, p.get("ttl").longValue());
        assertEquals(2, p.get("status_list").get("bits").intValue());
        assertEquals(2, p.get("status_list").size(), "status_list holds exactly bits and lst");
    }

    @Test
    void payloadLstDecodesWithPlainInflaterAndBitArithmetic() throws Exception {
        String payload =
                new String(Base64.getUrlDecoder().decode(signedSample().split("\\.")[1]), StandardCharsets.UTF_8);
        String lst = Json.parse(payload).get("status_list").get("lst").textValue();
        Inflater inf = new Inflater(); // ZLIB wrapper, not raw
        inf.setInput(Base64.getUrlDecoder().decode(lst));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (!inf.finished()) out.write(buf, 0, inf.inflate(buf));
        inf.end();
        byte[] bytes = out.toByteArray();
        assertEquals(StatusList.MIN_SIZE / 4, bytes.length);
        // entry i: byte i/4, shifted right by 2*(i%4), low two bits (draft §4.1)
        int[][] expected = {
            {0, 1}, {1, 2}, {2, 3}, {3, 0}, {77_776, 0}, {77_777, 1}, {77_778, 0}, {StatusList.MIN_SIZE - 1, 2}
        };
        for (int[] e : expected) {
            int i = e[0];
            assertEquals(e[1], (bytes[i / 4] >> (2 * (i % 4))) & 3, "entry " + i);
        }
        assertEquals(0b00_11_10_01, bytes[0] & 0xFF, "byte 0 = entries 3,2,1,0 = 00 11 10 01");
        int notValid = 0;
        for (byte b : bytes) for (int s = 0; s < 8; s += 2) if (((b >> s) & 3) != 0) notValid++;
        assertEquals(5, notValid);
    }

    @Test
    void tamperedPayloadIsRejectedAsBadSignature() {
        String[] parts = signedSample().split("\\.");
        String forged =
                new String(B64.decode(parts[1]), StandardCharsets.UTF_8).replace("\"ttl\":3600", "\"ttl\":3601");
        assertEquals(
                Reason.BAD_SIGNATURE,
                rejection(parts[0] + "." + B64.encode(forged.getBytes(StandardCharsets.UTF_8)) + "." + parts[2]));
        byte[] sig = B64.decode(parts[2]);
        sig[10] ^= 1;
        assertEquals(Reason.BAD_SIGNATURE, rejection(parts[0] + "." + parts[1] + "." + B64.encode(sig)));
    }

    @Test
    void tokenSignedWithAnotherKeyOfTheSameKidIsRejected() {
        String token = new StatusListToken(URI, sample(), IAT, EXP, TTL).sign(OTHER);
        String[] parts = token.split("\\.");
        String header = B64.encode(("{\"alg\":\"ES256\",\"kid\":\"" + KEY.keyId() + "\",\"typ\":\"statuslist+jwt\"}")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(Reason.BAD_SIGNATURE, rejection(header + "." + parts[1] + "." + parts[2]));
    }

    @Test
    void unknownKidIsRejected() {
        assertEquals(Reason.UNKNOWN_KID, rejection(new StatusListToken(URI, sample(), IAT, EXP, TTL).sign(OTHER)));
    }

    @Test
    void wrongOrMissingTypIsRejected() {
        String p = payloadJson(URI, IAT, EXP, 3600, 2, sample().lst());
        assertEquals(
                Reason.WRONG_TYP,
                rejection(signRaw("{\"alg\":\"ES256\",\"kid\":\"" + KEY.keyId() + "\",\"typ\":\"JWT\"}", p)));
        assertEquals(
                Reason.WRONG_TYP,
                rejection(signRaw(
                        "{\"alg\":\"ES256\",\"kid\":\"" + KEY.keyId() + "\",\"typ\":\"application/statuslist+jwt\"}",
                        p)));
        assertEquals(Reason.WRONG_TYP, rejection(signRaw("{\"alg\":\"ES256\",\"kid\":\"" + KEY.keyId() + "\"}", p)));
    }

    @Test
    void algOtherThanEs256AndTrustRedirectingOrUnknownHeaderParamsAreRejected() {
        String p = payloadJson(URI, IAT, EXP, 3600, 2, sample().lst());
        String kid = KEY.keyId();
        assertEquals(
                Reason.ALG_NOT_ALLOWED,
                rejection(signRaw("{\"alg\":\"none\",\"kid\":\"" + kid + "\",\"typ\":\"statuslist+jwt\"}", p)));
        assertEquals(
                Reason.ALG_NOT_ALLOWED,
                rejection(signRaw("{\"alg\":\"HS256\",\"kid\":\"" + kid + "\",\"typ\":\"statuslist+jwt\"}", p)));
        assertEquals(
                Reason.FORBIDDEN_HEADER_PARAM,
                rejection(signRaw(
                        "{\"alg\":\"ES256\",\"kid\":\"" + kid
                                + "\",\"typ\":\"statuslist+jwt\",\"jku\":\"https://evil.example\"}",
                        p)));
        assertEquals(
                Reason.UNEXPECTED_HEADER_PARAM,
                rejection(signRaw(
                        "{\"alg\":\"ES256\",\"kid\":\"" + kid + "\",\"typ\":\"statuslist+jwt\",\"cty\":\"x\"}", p)));
        assertEquals(Reason.MISSING_KID, rejection(signRaw("{\"alg\":\"ES256\",\"typ\":\"statuslist+jwt\"}", p)));
        assertEquals(
                Reason.BAD_HEADER,
                rejection(signRaw(
                        "{\"alg\":\"ES256\",\"alg\":\"ES256\",\"kid\":\"" + kid + "\",\"typ\":\"statuslist+jwt\"}",
                        p)));
    }

    @Test
    void expiredTokenParsesAndReportsItselfExpired() throws Exception {
        StatusListToken t = StatusListToken.parse(signedSample(), KEYS, URI, EXP.plusSeconds(1));
        assertTrue(t.isExpired(EXP.plusSeconds(1)));
        assertTrue(t.isExpired(EXP), "exp itself is expired");
        assertFalse(t.isExpired(EXP.minusSeconds(1)));
    }

    @Test
    void clientRefreshesAfterTtlButNeverLaterThanExp() throws Exception {
        StatusListToken t = StatusListToken.parse(signedSample(), KEYS, URI, IAT);
        assertEquals(IAT.plus(Duration.ofMinutes(70)), t.refreshAt(IAT.plus(Duration.ofMinutes(10))));
        assertEquals(EXP, t.refreshAt(EXP.minusSeconds(60)));
    }

    @Test
    void subjectOtherThanTheExpectedListIsRejected() {
        String token = new StatusListToken(URI.replace("/1", "/2"), sample(), IAT, EXP, TTL).sign(KEY);
        assertEquals(Reason.WRONG_SUBJECT, rejection(token));
    }

    @Test
    void bitsOtherThanTwoAreRejected() {
        String h = "{\"alg\":\"ES256\",\"kid\":\"" + KEY.keyId() + "\",\"typ\":\"statuslist+jwt\"}";
        assertEquals(
                Reason.UNSUPPORTED_BITS, rejection(signRaw(h, payloadJson(URI, IAT, EXP, 3600, 1, sample().lst()))));
        assertEquals(
                Reason.UNSUPPORTED_BITS, rejection(signRaw(h, payloadJson(URI, IAT, EXP, 3600, 8, sample().lst()))));
    }

    @Test
    void badClaimsAreRejectedByDefault() {
        String h = "{\"alg\":\"ES256\",\"kid\":\"" + KEY.keyId() + "\",\"typ\":\"statuslist+jwt\"}";
        String lst = sample().lst();
        String sl = "\"status_list\":{\"bits\":2,\"lst\":\"" + lst + "\"}";
        String base = "\"sub\":\"" + URI + "\",\"iat\":" + IAT.getEpochSecond() + ",\"exp\":" + EXP.getEpochSecond();
        assertEquals(Reason.MISSING_CLAIM, rejection(signRaw(h, "{" + base + "," + sl + "}")), "no ttl");
        assertEquals(Reason.UNKNOWN_CLAIM, rejection(signRaw(h, "{" + base + ",\"ttl\":60,\"foo\":1," + sl + "}")));
        assertEquals(Reason.BAD_CLAIM_TYPE, rejection(signRaw(h, "{" + base + ",\"ttl\":60.5," + sl + "}")));
        assertEquals(Reason.BAD_CLAIM_VALUE, rejection(signRaw(h, "{" + base + ",\"ttl\":0," + sl + "}")));
        assertEquals(
                Reason.BAD_CLAIM_VALUE,
                rejection(signRaw(h, payloadJson(URI, EXP, IAT, 60, 2, lst))),
                "exp before iat");
        assertEquals(
                Reason.UNKNOWN_CLAIM,
                rejection(signRaw(
                        h, "{" + base + ",\"ttl\":60,\"status_list\":{\"bits\":2,\"lst\":\"" + lst + "\",\"x\":1}}")));
        assertEquals(Reason.BAD_LIST, rejection(signRaw(h, payloadJson(URI, IAT, EXP, 60, 2, "eNo7!!"))));
        assertEquals(
                Reason.LIST_TOO_SMALL, rejection(signRaw(h, payloadJson(URI, IAT, EXP, 60, 2, "eNo76fITAAPfAgc"))));
        assertEquals(Reason.PAYLOAD_NOT_JSON, rejection(signRaw(h, "[1]")));
    }

    @Test
    void tokenIssuedInTheFutureBeyondClockSkewIsRejected() {
        String token = new StatusListToken(URI, sample(), IAT.plus(Duration.ofMinutes(6)), EXP, TTL).sign(KEY);
        assertEquals(Reason.NOT_YET_VALID, rejection(token));
        String withinSkew = new StatusListToken(URI, sample(), IAT.plus(Duration.ofMinutes(4)), EXP, TTL).sign(KEY);
        assertTrue(assertDoesNotReject(withinSkew).issuedAt().isAfter(IAT));
    }

    @Test
    void malformedInputIsRejectedWithItsReason() {
        assertEquals(Reason.EMPTY, rejection(""));
        assertEquals(Reason.NOT_COMPACT_JWS, rejection("a.b"));
        assertEquals(Reason.NOT_COMPACT_JWS, rejection("a.b.c.d"));
        assertEquals(Reason.BAD_BASE64URL, rejection("a=.b.c"));
        assertEquals(Reason.TOO_LARGE, rejection("a".repeat(StatusListToken.MAX_TOKEN_CHARS + 1)));
        String[] parts = signedSample().split("\\.");
        assertEquals(
                Reason.BAD_SIGNATURE_ENCODING, rejection(parts[0] + "." + parts[1] + "." + B64.encode(new byte[63])));
        assertEquals(
                Reason.SIGNATURE_OUT_OF_RANGE, rejection(parts[0] + "." + parts[1] + "." + B64.encode(new byte[64])));
    }

    @Test
    void aListSmallerThanMinSizeCannotBeSigned() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new StatusListToken(URI, StatusList.unchecked(12).build(), IAT, EXP, TTL));
        assertThrows(IllegalArgumentException.class, () -> new StatusListToken(URI, sample(), IAT, IAT, TTL));
        assertThrows(IllegalArgumentException.class, () -> new StatusListToken(URI, sample(), IAT, EXP, Duration.ZERO));
    }

    @Test
    void keysFromThePublishedJwksVerifyTheToken() throws Exception {
        KeySet fromJwks =
                KeySet.parse(KeySet.of(OTHER.publicKey(), KEY.publicKey()).toJson());
        assertEquals(
                sample(),
                StatusListToken.parse(signedSample(), fromJwks, URI, IAT).list());
    }

    private static StatusListToken assertDoesNotReject(String token) {
        try {
            return StatusListToken.parse(token, KEYS, URI, IAT);
        } catch (InvalidStatusListException e) {
            throw new AssertionError(e.reason() + ": " + e.getMessage());
        }
    }

    static String payloadJson(String sub, Instant iat, Instant exp, long ttl, int bits, String lst) {
        return "{\"sub\":\"" + sub + "\",\"iat\":" + iat.getEpochSecond() + ",\"exp\":" + exp.getEpochSecond()
                + ",\"ttl\":" + ttl + ",\"status_list\":{\"bits\":" + bits + ",\"lst\":\"" + lst + "\"}}";
    }

    /** A correctly signed JWS over any header and payload text (to reach the checks after the signature). */
    static String signRaw(String header, String payload) {
        String input = B64.encode(header.getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encode(payload.getBytes(StandardCharsets.UTF_8));
        return input + "." + B64.encode(KEY.sign(input.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void signRawHelperProducesTokensTheParserAccepts() throws Exception {
        String h = "{\"alg\":\"ES256\",\"kid\":\"" + KEY.keyId() + "\",\"typ\":\"statuslist+jwt\"}";
        StatusListToken t =
                StatusListToken.parse(signRaw(h, payloadJson(URI, IAT, EXP, 3600, 2, sample().lst())), KEYS, URI, IAT);
        assertArrayEquals(sample().bytes(), t.list().bytes());
    }
}
