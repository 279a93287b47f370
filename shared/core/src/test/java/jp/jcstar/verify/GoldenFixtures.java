package jp.jcstar.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import jp.jcstar.json.Json;
import jp.jcstar.label.Category;
import jp.jcstar.label.Fixtures;
import jp.jcstar.label.LabelClaims;
import jp.jcstar.label.LabelCodec;
import jp.jcstar.qr.QrText;
import jp.jcstar.signing.B64;
import jp.jcstar.signing.KeySet;
import jp.jcstar.signing.LabelSigner;
import jp.jcstar.verify.TestKeys.TestKey;

/**
 * Builds the golden rejection fixtures in {@code src/test/resources/jp/jcstar/verify/golden/}: one JSON file per
 * case with the input text, the rule it breaks, and the {@link RejectReason} code and exact detail the verifier
 * must answer; and their JWKS, {@code golden-jwks.json} beside that folder. They are the test vectors of every
 * verifier: this module's {@link LabelVerifier} ({@code GoldenRejectionTest}) and the site's {@code verify.js}
 * ({@code registry-site/test/golden.test.mjs}, same reason code for every case). The expected answer is written here by hand, never copied from the verifier.
 *
 * <p>Every signed input is signed by the TEST-ONLY keys of {@link TestKeys} (derived from public seeds, never
 * real keys); the verifier under test trusts {@link #keys()}, i.e. {@link TestKeys#PRIMARY} alone. Signing is
 * deterministic, so running {@link #main} again rewrites identical files; {@code GoldenRejectionTest} fails if
 * the committed files and this builder disagree.
 *
 * <p>Regenerate (from the repository root; the only argument, optional, is the output folder):
 * <pre>  mvn -B -pl shared test-compile exec:java -Dexec.mainClass=jp.jcstar.verify.GoldenFixtures -Dexec.classpathScope=test</pre>
 * To add a case: add it in {@link #cases()} with its rule, reason and exact detail, regenerate, commit the new file.
 */
public final class GoldenFixtures {
    private GoldenFixtures() {}

    public static final Path DEFAULT_DIR = Path.of("shared/core/src/test/resources/jp/jcstar/verify/golden");
    static final String SITE = "https://jcstar.example.jp";
    static final TestKey KEY = TestKeys.PRIMARY;
    static final TestKey ATTACKER = TestKeys.SECOND;
    static final String KID = KEY.kid();
    static final BigInteger N = KEY.curve().n();

    /** One golden case. {@code name} is unique; the file is {@code <reason code>--<name>.json}. */
    public record Case(String name, String rule, String input, RejectReason reason, String detail) {
        public String fileName() {
            return reason.code() + "--" + name + ".json";
        }

        byte[] toJson() {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.put("name", name);
            o.put("rule", rule);
            o.put("reason", reason.code());
            o.put("detail", detail);
            o.put("input", input);
            try {
                return (Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n")
                        .getBytes(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        static Case fromJson(byte[] json) {
            JsonNode o = Json.parse(json);
            RejectReason reason = Arrays.stream(RejectReason.values())
                    .filter(r -> r.code().equals(o.get("reason").textValue()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown reason " + o.get("reason")));
            return new Case(
                    o.get("name").textValue(),
                    o.get("rule").textValue(),
                    o.get("input").textValue(),
                    reason,
                    o.get("detail").textValue());
        }
    }

    /** The operator keys the verifier under test trusts. */
    public static KeySet keys() {
        return KeySet.of(KEY.publicKey());
    }

    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : DEFAULT_DIR;
        if (args.length == 0 && !Files.exists(Path.of("shared/core/pom.xml")))
            dir = Path.of("src/test/resources/jp/jcstar/verify/golden"); // run from shared/core/
        Files.createDirectories(dir);
        try (Stream<Path> old = Files.list(dir)) {
            for (Path p : old.filter(p -> p.toString().endsWith(".json")).toList()) Files.delete(p);
        }
        List<Case> all = cases();
        for (Case c : all) Files.write(dir.resolve(c.fileName()), c.toJson());
        Files.write(jwksFile(dir), jwksJson());
        Files.write(validFile(dir), validJson());
        System.out.println("wrote " + all.size() + " golden fixtures to " + dir.toAbsolutePath() + " and their JWKS to "
                + jwksFile(dir));
    }

    /**
     * The JWKS of {@link #keys()}, committed beside the fixture folder ({@code golden-jwks.json}): the site's
     * node test ({@code registry-site/test/golden.test.mjs}) verifies every fixture against it, so the Java and
     * the JavaScript verifiers run one corpus.
     */
    static Path jwksFile(Path dir) {
        return dir.resolveSibling("golden-jwks.json");
    }

    /** The genuine labels the cases depart from, in every form a verifier must accept ({@code golden-valid.json}). */
    static Path validFile(Path dir) {
        return dir.resolveSibling("golden-valid.json");
    }

    static List<String> validInputs() {
        List<String> out = new ArrayList<>();
        for (boolean deflate : new boolean[] {false, true}) {
            String jws = label(deflate);
            out.addAll(List.of(
                    jws,
                    QrText.of(SITE, jws),
                    QrText.ofCompactHeader(SITE, jws),
                    QrText.plain(SITE, jws),
                    " " + jws + "\n"));
        }
        return out;
    }

    static byte[] validJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("rule", "genuine labels signed by the key of golden-jwks.json: every verifier accepts each of them");
        ArrayNode list = o.putArray("labels");
        validInputs().forEach(list::add);
        try {
            return (Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] jwksJson() {
        ObjectNode jwks = JsonNodeFactory.instance.objectNode();
        ArrayNode list = jwks.putArray("keys");
        for (String jwk : keys().publicJwks()) {
            ObjectNode k = (ObjectNode) Json.parse(jwk.getBytes(StandardCharsets.UTF_8));
            k.put("alg", "ES256");
            k.put("use", "sig");
            list.add(k);
        }
        try {
            return (Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(jwks) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    private static final class Cases {
        final Map<String, Case> byName = new LinkedHashMap<>();

        void add(String name, String rule, String input, RejectReason reason, String detail) {
            if (byName.put(name, new Case(name, rule, input, reason, detail)) != null)
                throw new IllegalStateException("dup " + name);
        }
    }

    public static List<Case> cases() {
        Cases c = new Cases();
        String valid = label(false);
        String validZip = label(true);
        String[] v = valid.split("\\.");
        String qr = QrText.of(SITE, valid);
        String badSig = "signature does not verify with key " + KID;

        // --- empty, size ---------------------------------------------------------------------------------------
        c.add("empty-string", "an empty input is no label", "", RejectReason.EMPTY, "no label given");
        c.add("only-whitespace", "whitespace alone is no label", " \t\r\n ", RejectReason.EMPTY, "no label given");
        c.add(
                "oversize-input",
                "inputs longer than any QR code can hold are refused before any parsing",
                valid + "A".repeat(LabelVerifier.MAX_INPUT + 1 - valid.length()),
                RejectReason.TOO_LARGE,
                "input of 8193 characters");
        c.add(
                "oversize-qr-text",
                "the size limit applies to QR text too",
                qr + "0".repeat(9000 - qr.length()),
                RejectReason.TOO_LARGE,
                "input of 9000 characters");

        // --- QR text --------------------------------------------------------------------------------------------
        int hash = qr.indexOf('#');
        String frag = qr.substring(hash + 1);
        String digits = frag.substring(8);
        c.add(
                "qr-non-digit",
                "the numeric form holds digits only (a letter O for a zero)",
                qr.substring(0, hash + 1 + 20) + "O" + qr.substring(hash + 1 + 21),
                RejectReason.BAD_QR_TEXT,
                "numeric form holds a non-digit at 20");
        c.add(
                "qr-space-in-digits",
                "the numeric form holds digits only",
                qr.substring(0, hash + 1 + 30) + " " + qr.substring(hash + 1 + 30),
                RejectReason.BAD_QR_TEXT,
                "numeric form holds a non-digit at 30");
        int hLen = Integer.parseInt(frag.substring(1, 4));
        c.add(
                "qr-header-length-wrong",
                "header and payload lengths must add up to the bytes carried",
                qr.substring(0, hash + 2) + String.format(Locale.ROOT, "%03d", hLen + 1) + frag.substring(4),
                RejectReason.BAD_QR_TEXT,
                "numeric form lengths do not add up");
        c.add(
                "qr-payload-length-wrong",
                "header and payload lengths must add up to the bytes carried",
                qr.substring(0, hash + 5) + "0001" + frag.substring(8),
                RejectReason.BAD_QR_TEXT,
                "numeric form lengths do not add up");
        int drop = invalidDigitDrop(digits.length());
        c.add(
                "qr-digit-count-invalid",
                "a digit count no chunk layout produces is refused",
                qr.substring(0, qr.length() - drop),
                RejectReason.BAD_QR_TEXT,
                "digit count " + (digits.length() - drop) + " is not a valid encoding");
        c.add(
                "qr-digits-dropped-one-chunk",
                "dropping a whole 17-digit chunk leaves well-formed digits that are too few",
                qr.substring(0, hash + 9) + digits.substring(17),
                RejectReason.BAD_QR_TEXT,
                "numeric form lengths do not add up");
        c.add(
                "qr-digits-dropped-at-end",
                "cutting 17 digits off the end shifts the last chunk out of range",
                qr.substring(0, qr.length() - 17),
                RejectReason.BAD_QR_TEXT,
                "digit chunk out of range at " + (digits.length() - 17 - tailDigits(digits.length())));
        c.add(
                "qr-chunk-out-of-range",
                "a 17-digit chunk must be below 256^7 (each byte string has one digit form)",
                qr.substring(0, hash + 9) + "99999999999999999" + digits.substring(17),
                RejectReason.BAD_QR_TEXT,
                "digit chunk out of range at 0");
        c.add(
                "qr-chunk-exactly-256-pow-7",
                "256^7 itself is out of range",
                qr.substring(0, hash + 9) + "72057594037927936" + digits.substring(17),
                RejectReason.BAD_QR_TEXT,
                "digit chunk out of range at 0");
        int tailBytes = tailBytes(digits.length());
        int[] tailDigits = {0, 3, 5, 8, 10, 13, 15};
        if (tailBytes == 0) throw new IllegalStateException("the fixture label should end in a short chunk");
        c.add(
                "qr-tail-chunk-out-of-range",
                "the final short chunk of k bytes must be below 256^k",
                qr.substring(0, qr.length() - tailDigits[tailBytes]) + "9".repeat(tailDigits[tailBytes]),
                RejectReason.BAD_QR_TEXT,
                "digit chunk out of range at " + (digits.length() - tailDigits[tailBytes]));
        c.add(
                "qr-format-version-3",
                "only QR forms 1 and 2 are defined",
                qr.substring(0, hash + 1) + "3" + frag.substring(1),
                RejectReason.BAD_QR_TEXT,
                "unsupported QR format version 3");
        c.add(
                "qr-format-version-bidi-override",
                "an untrusted version character is shown escaped",
                qr.substring(0, hash + 1) + "\u202E" + frag.substring(1),
                RejectReason.BAD_QR_TEXT,
                "unsupported QR format version \\u202e");
        c.add(
                "qr-too-short",
                "the numeric form starts with version, 3-digit and 4-digit lengths",
                "HTTPS://JCSTAR.EXAMPLE.JP/v#1234",
                RejectReason.BAD_QR_TEXT,
                "numeric form too short");
        c.add(
                "qr-url-not-verify-page",
                "the QR URL must be the verify page /v",
                qr.replace("/v#", "/x#"),
                RejectReason.BAD_QR_TEXT,
                "not a JC-STAR verify URL");
        c.add(
                "qr-url-verify-suffix",
                "the path must end in /v, not merely contain it",
                qr.replace("/v#", "/v/verify#"),
                RejectReason.BAD_QR_TEXT,
                "not a JC-STAR verify URL");
        c.add(
                "qr-url-no-fragment",
                "a URL without a label after # carries nothing to verify",
                "https://jcstar.example.jp/v",
                RejectReason.BAD_QR_TEXT,
                "URL has no label after #");
        c.add(
                "qr-url-empty-fragment",
                "an empty fragment carries nothing to verify",
                "HTTPS://JCSTAR.EXAMPLE.JP/v#",
                RejectReason.BAD_QR_TEXT,
                "URL has no label after #");
        c.add(
                "qr-fragment-only",
                "a bare fragment has no verify URL",
                "#" + frag,
                RejectReason.BAD_QR_TEXT,
                "not a JC-STAR verify URL");

        // --- compact JWS shape ----------------------------------------------------------------------------------
        String shape = "expected header.payload.signature";
        c.add("no-dots", "a compact JWS has three parts", v[0], RejectReason.NOT_COMPACT_JWS, shape);
        c.add("two-parts", "a compact JWS has three parts", v[0] + "." + v[1], RejectReason.NOT_COMPACT_JWS, shape);
        c.add(
                "four-parts",
                "a compact JWS has three parts (JWE has five)",
                valid + ".AAAA",
                RejectReason.NOT_COMPACT_JWS,
                shape);
        c.add(
                "five-parts-jwe",
                "a JWE (five parts) is not a label",
                v[0] + ".." + v[1] + ".AAAA." + v[2],
                RejectReason.NOT_COMPACT_JWS,
                shape);
        c.add("empty-header", "no part may be empty", "." + v[1] + "." + v[2], RejectReason.NOT_COMPACT_JWS, shape);
        c.add(
                "empty-payload",
                "no part may be empty (detached payloads are not labels)",
                v[0] + ".." + v[2],
                RejectReason.NOT_COMPACT_JWS,
                shape);
        c.add("empty-signature", "no part may be empty", v[0] + "." + v[1] + ".", RejectReason.NOT_COMPACT_JWS, shape);
        c.add(
                "alg-none-unsigned",
                "the classic unsecured JWS (alg none, empty signature) is refused by its shape",
                b64("{\"alg\":\"none\",\"kid\":\"" + KID + "\"}") + "." + v[1] + ".",
                RejectReason.NOT_COMPACT_JWS,
                shape);
        c.add(
                "at-size-limit-no-dots",
                "an input of exactly MAX_INPUT characters passes the size check",
                "A".repeat(LabelVerifier.MAX_INPUT),
                RejectReason.NOT_COMPACT_JWS,
                shape);
        c.add(
                "plain-url-four-parts",
                "the plain QR form carries a compact JWS after #",
                QrText.plain(SITE, valid) + ".AAAA",
                RejectReason.NOT_COMPACT_JWS,
                shape);

        // --- base64url ------------------------------------------------------------------------------------------
        c.add(
                "padding-in-signature",
                "base64url without padding only (RFC 7515 §2)",
                valid + "==",
                RejectReason.BAD_BASE64URL,
                "signature: character outside base64url at " + v[2].length());
        int plus = firstOf(v[1], '-', '_');
        c.add(
                "standard-base64-in-payload",
                "the URL-safe alphabet only: + and / are refused",
                v[0] + "." + v[1].replace('-', '+').replace('_', '/') + "." + v[2],
                RejectReason.BAD_BASE64URL,
                "payload: character outside base64url at " + plus);
        c.add(
                "slash-in-header",
                "the URL-safe alphabet only",
                v[0].substring(0, 5) + "/" + v[0].substring(6) + "." + v[1] + "." + v[2],
                RejectReason.BAD_BASE64URL,
                "header: character outside base64url at 5");
        c.add(
                "non-canonical-last-char",
                "one text per byte string: the unused low bits of the last character must be zero",
                v[0] + "." + v[1] + "." + v[2].substring(0, v[2].length() - 1)
                        + setLowBit(v[2].charAt(v[2].length() - 1)),
                RejectReason.BAD_BASE64URL,
                "signature: non-canonical base64url");
        c.add(
                "impossible-length-payload",
                "a base64url text of length 4k+1 encodes no byte string",
                v[0] + "." + v[1] + "A".repeat(Math.floorMod(1 - v[1].length(), 4)) + "." + v[2],
                RejectReason.BAD_BASE64URL,
                "payload: impossible base64url length");
        String lineBreak =
                (v[1].length() + 1) % 4 == 1 ? "\r\n" : "\n"; // keep the length possible: it is checked first
        c.add(
                "line-break-in-payload",
                "no whitespace inside a part (a wrapped label is refused, not repaired)",
                v[0] + "." + v[1].substring(0, 10) + lineBreak + v[1].substring(10) + "." + v[2],
                RejectReason.BAD_BASE64URL,
                "payload: character outside base64url at 10");
        c.add(
                "one-char-inserted-payload",
                "a length of 4k+1 is refused before the alphabet is looked at",
                v[0] + "." + v[1].substring(0, 10) + "A".repeat(Math.floorMod(1 - v[1].length(), 4))
                        + v[1].substring(10) + "." + v[2],
                RejectReason.BAD_BASE64URL,
                "payload: impossible base64url length");
        c.add(
                "non-ascii-in-signature",
                "the alphabet is ASCII",
                v[0] + "." + v[1] + "." + v[2].substring(0, 7) + "é" + v[2].substring(8),
                RejectReason.BAD_BASE64URL,
                "signature: character outside base64url at 7");
        String paddedHeader = java.util.Base64.getUrlEncoder().encodeToString(utf8(header("ES256", KID) + " "));
        c.add(
                "padded-header",
                "padding is refused in the header too",
                paddedHeader + "." + v[1] + "." + v[2],
                RejectReason.BAD_BASE64URL,
                "header: character outside base64url at " + paddedHeader.indexOf('='));

        // --- header ---------------------------------------------------------------------------------------------
        c.add(
                "header-not-json",
                "the header is JSON",
                b64("ES256") + "." + v[1] + "." + v[2],
                RejectReason.BAD_HEADER,
                "header: not well-formed JSON");
        c.add(
                "header-array",
                "the header is a JSON object",
                b64("[\"ES256\",\"" + KID + "\"]") + "." + v[1] + "." + v[2],
                RejectReason.BAD_HEADER,
                "header is not a JSON object");
        c.add(
                "header-null",
                "the header is a JSON object",
                b64("null") + "." + v[1] + "." + v[2],
                RejectReason.BAD_HEADER,
                "header is not a JSON object");
        c.add(
                "header-duplicate-alg",
                "duplicate header names are refused (parsers disagree on which wins)",
                signed("{\"alg\":\"ES256\",\"kid\":\"" + KID + "\",\"alg\":\"none\"}", payload()),
                RejectReason.BAD_HEADER,
                "header: duplicate key");
        c.add(
                "header-trailing-garbage",
                "nothing may follow the header object",
                signed("{\"alg\":\"ES256\",\"kid\":\"" + KID + "\"}{}", payload()),
                RejectReason.BAD_HEADER,
                "header: not well-formed JSON");
        c.add(
                "header-comment",
                "comments are not JSON",
                signed("{/*ok*/\"alg\":\"ES256\",\"kid\":\"" + KID + "\"}", payload()),
                RejectReason.BAD_HEADER,
                "header: not well-formed JSON");
        c.add(
                "header-too-deep",
                "nesting is bounded",
                signed(
                        "{\"alg\":\"ES256\",\"kid\":\"" + KID + "\",\"x\":" + "[".repeat(40) + "]".repeat(40) + "}",
                        payload()),
                RejectReason.BAD_HEADER,
                "header: JSON too deep or too large");

        // --- algorithm ------------------------------------------------------------------------------------------
        c.add(
                "alg-none-with-signature",
                "alg none is refused even when a signature part is present",
                signed(header("none", KID), payload()),
                RejectReason.ALG_NOT_ALLOWED,
                "alg \"none\" is not ES256");
        c.add(
                "alg-none-capitalised",
                "alg matching is exact: None is not none is not ES256",
                signed(header("None", KID), payload()),
                RejectReason.ALG_NOT_ALLOWED,
                "alg \"None\" is not ES256");
        c.add(
                "alg-es256-lower-case",
                "alg matching is exact and case-sensitive",
                signed(header("es256", KID), payload()),
                RejectReason.ALG_NOT_ALLOWED,
                "alg \"es256\" is not ES256");
        c.add(
                "alg-missing",
                "alg is required",
                signed("{\"kid\":\"" + KID + "\"}", payload()),
                RejectReason.ALG_NOT_ALLOWED,
                "alg missing is not ES256");
        c.add(
                "alg-null",
                "alg is a string",
                signed("{\"alg\":null,\"kid\":\"" + KID + "\"}", payload()),
                RejectReason.ALG_NOT_ALLOWED,
                "alg null is not ES256");
        c.add(
                "alg-array",
                "alg is a string, not a list to pick from",
                signed("{\"alg\":[\"ES256\"],\"kid\":\"" + KID + "\"}", payload()),
                RejectReason.ALG_NOT_ALLOWED,
                "alg [\"ES256\"] is not ES256");
        String hs = b64(header("HS256", KID)) + "." + v[1];
        c.add(
                "alg-hs256-public-key-as-hmac-secret",
                "key confusion: HMAC keyed with the operator's public key (X.509 DER) is refused by the algorithm pin",
                hs + "." + B64.encode(hmac(KEY.publicKey().getEncoded(), hs)),
                RejectReason.ALG_NOT_ALLOWED,
                "alg \"HS256\" is not ES256");
        String hsPoint = b64(header("HS256", KID)) + "." + v[1];
        c.add(
                "alg-hs256-public-point-as-hmac-secret",
                "key confusion, with the raw uncompressed point as the HMAC secret",
                hsPoint + "." + B64.encode(hmac(KEY.publicPoint(), hsPoint)) + "",
                RejectReason.ALG_NOT_ALLOWED,
                "alg \"HS256\" is not ES256");
        String rs = b64(header("RS256", KID)) + "." + v[1];
        c.add(
                "alg-rs256",
                "RSA signatures are refused",
                rs + "." + B64.encode(rsaSign(rs)),
                RejectReason.ALG_NOT_ALLOWED,
                "alg \"RS256\" is not ES256");
        TestKey p384 = TestKey.derive(TestKeys.P384, "jcstar TEST P-384 key - public seed");
        c.add(
                "alg-es384",
                "ECDSA on another curve is refused",
                signedWith(p384, header("ES384", KID), payload()),
                RejectReason.ALG_NOT_ALLOWED,
                "alg \"ES384\" is not ES256");
        TestKey k1 = TestKey.derive(TestKeys.SECP256K1, "jcstar TEST secp256k1 key - public seed");
        c.add(
                "alg-es256k",
                "ES256K (secp256k1) is refused although its signature is 64 bytes too",
                signedWith(k1, header("ES256K", KID), payload()),
                RejectReason.ALG_NOT_ALLOWED,
                "alg \"ES256K\" is not ES256");
        c.add(
                "alg-eddsa",
                "EdDSA is refused",
                signed(header("EdDSA", KID), payload()),
                RejectReason.ALG_NOT_ALLOWED,
                "alg \"EdDSA\" is not ES256");
        c.add(
                "alg-overlong",
                "a long alg is shown cut short",
                signed(header("ES256" + "X".repeat(200), KID), payload()),
                RejectReason.ALG_NOT_ALLOWED,
                "alg \"ES256" + "X".repeat(34) + "... is not ES256");
        c.add(
                "alg-with-control-chars",
                "untrusted text in a detail is shown escaped (no line breaks, no bidi overrides)",
                signed("{\"alg\":\"ES256\\n\u202Eevil\",\"kid\":\"" + KID + "\"}", payload()),
                RejectReason.ALG_NOT_ALLOWED,
                "alg \"ES256\\n\\u202eevil\" is not ES256");

        // --- header parameters that would redirect trust ------------------------------------------------------
        ECKey attackerJwk = new ECKey.Builder(Curve.P_256, ATTACKER.publicKey()).build();
        Map<String, String> forbidden = new LinkedHashMap<>();
        forbidden.put("jwk", attackerJwk.toJSONString());
        forbidden.put("jku", "\"https://attacker.example/jwks.json\"");
        forbidden.put("x5u", "\"https://attacker.example/cert.pem\"");
        forbidden.put("x5c", "[\"MIIBszCCAVmgAwIBAgIUTESTONLY\"]");
        forbidden.put("x5t", "\"" + B64.encode(new byte[20]) + "\"");
        forbidden.put("x5t#S256", "\"" + B64.encode(new byte[32]) + "\"");
        forbidden.put("crit", "[\"exp\"]");
        forbidden.put("b64", "false");
        forbidden.forEach((name, value) -> c.add(
                "header-" + name.replace('#', '-').toLowerCase(Locale.ROOT),
                name + " could make a verifier trust a key or payload the attacker chose; refused outright",
                signedWith(
                        ATTACKER,
                        "{\"alg\":\"ES256\",\"kid\":\"" + KID + "\",\"" + name + "\":" + value + "}",
                        payload()),
                RejectReason.FORBIDDEN_HEADER_PARAM,
                "header parameter " + name + " is refused"));
        c.add(
                "header-jwk-attacker-kid",
                "an embedded jwk is refused even with the attacker's own kid (checked before the kid)",
                signedWith(
                        ATTACKER,
                        "{\"alg\":\"ES256\",\"kid\":\"" + ATTACKER.kid() + "\",\"jwk\":" + attackerJwk.toJSONString()
                                + "}",
                        payload()),
                RejectReason.FORBIDDEN_HEADER_PARAM,
                "header parameter jwk is refused");

        // --- other header parameters --------------------------------------------------------------------------
        c.add(
                "header-typ",
                "format 1 headers hold alg, kid and optionally zip; typ is refused",
                signed("{\"alg\":\"ES256\",\"kid\":\"" + KID + "\",\"typ\":\"JWT\"}", payload()),
                RejectReason.UNEXPECTED_HEADER_PARAM,
                "header parameter typ is not part of format 1");
        c.add(
                "header-unknown-extra",
                "unknown header parameters are refused",
                signed("{\"alg\":\"ES256\",\"kid\":\"" + KID + "\",\"x-note\":1}", payload()),
                RejectReason.UNEXPECTED_HEADER_PARAM,
                "header parameter x-note is not part of format 1");
        c.add(
                "header-zip-gzip",
                "zip is DEF or absent",
                signed("{\"alg\":\"ES256\",\"kid\":\"" + KID + "\",\"zip\":\"GZIP\"}", payload()),
                RejectReason.UNEXPECTED_HEADER_PARAM,
                "header parameter zip is not part of format 1");
        c.add(
                "header-zip-not-string",
                "zip is the string DEF",
                signed("{\"alg\":\"ES256\",\"kid\":\"" + KID + "\",\"zip\":true}", payload()),
                RejectReason.UNEXPECTED_HEADER_PARAM,
                "header parameter zip is not part of format 1");
        c.add(
                "header-name-with-bidi-override",
                "an untrusted parameter name is shown escaped",
                signed("{\"alg\":\"ES256\",\"kid\":\"" + KID + "\",\"\u202Eevil\\r\\n\":1}", payload()),
                RejectReason.UNEXPECTED_HEADER_PARAM,
                "header parameter \\u202eevil\\u000d\\u000a is not part of format 1");
        c.add(
                "header-name-overlong",
                "an untrusted parameter name is shown cut short",
                signed("{\"alg\":\"ES256\",\"kid\":\"" + KID + "\",\"" + "n".repeat(500) + "\":1}", payload()),
                RejectReason.UNEXPECTED_HEADER_PARAM,
                "header parameter " + "n".repeat(40) + "... is not part of format 1");

        // --- kid ------------------------------------------------------------------------------------------------
        c.add(
                "kid-missing",
                "kid is required",
                signed("{\"alg\":\"ES256\"}", payload()),
                RejectReason.MISSING_KID,
                "header has no kid");
        c.add(
                "kid-number",
                "kid is a string",
                signed("{\"alg\":\"ES256\",\"kid\":1}", payload()),
                RejectReason.MISSING_KID,
                "header has no kid");
        c.add(
                "kid-null",
                "kid is a string",
                signed("{\"alg\":\"ES256\",\"kid\":null}", payload()),
                RejectReason.MISSING_KID,
                "header has no kid");
        c.add(
                "kid-unknown-attacker-key",
                "a key that is not in the operator's JWKS is unknown, however well it signs",
                signedWith(ATTACKER, header("ES256", ATTACKER.kid()), payload()),
                RejectReason.UNKNOWN_KID,
                "kid " + ATTACKER.kid() + " is not in the operator's JWKS");
        String fullThumb = thumbprint();
        c.add(
                "kid-full-thumbprint",
                "the kid is exactly the 16-character thumbprint prefix",
                signed(header("ES256", fullThumb), payload()),
                RejectReason.UNKNOWN_KID,
                "kid " + fullThumb.substring(0, 40) + "... is not in the operator's JWKS");
        c.add(
                "kid-lower-case",
                "kid matching is exact",
                signed(header("ES256", KID.toLowerCase(Locale.ROOT)), payload()),
                RejectReason.UNKNOWN_KID,
                "kid " + KID.toLowerCase(Locale.ROOT) + " is not in the operator's JWKS");
        c.add(
                "kid-empty",
                "an empty kid names no key",
                signed(header("ES256", ""), payload()),
                RejectReason.UNKNOWN_KID,
                "kid  is not in the operator's JWKS");
        c.add(
                "kid-with-bidi-and-newline",
                "an untrusted kid is shown escaped (it could spoof the verify page)",
                signed("{\"alg\":\"ES256\",\"kid\":\"\u202E" + KID + "\\n\"}", payload()),
                RejectReason.UNKNOWN_KID,
                "kid \\u202e" + KID + "\\u000a is not in the operator's JWKS");
        c.add(
                "kid-overlong",
                "an untrusted kid is shown cut short",
                signed(header("ES256", "K".repeat(3000)), payload()),
                RejectReason.UNKNOWN_KID,
                "kid " + "K".repeat(40) + "... is not in the operator's JWKS");

        // --- signature form -------------------------------------------------------------------------------------
        byte[] sig = B64.decode(v[2]);
        String in = v[0] + "." + v[1] + ".";
        c.add(
                "signature-63-bytes",
                "an ES256 signature is exactly 64 bytes",
                in + B64.encode(Arrays.copyOf(sig, 63)),
                RejectReason.BAD_SIGNATURE_ENCODING,
                "signature is 63 bytes, not 64");
        c.add(
                "signature-65-bytes",
                "an ES256 signature is exactly 64 bytes",
                in + B64.encode(TestKeys.concat(sig, new byte[1])),
                RejectReason.BAD_SIGNATURE_ENCODING,
                "signature is 65 bytes, not 64");
        c.add(
                "signature-65-bytes-leading-zero",
                "no sign byte: R and S are exactly 32 bytes each",
                in + B64.encode(TestKeys.concat(new byte[1], sig)),
                RejectReason.BAD_SIGNATURE_ENCODING,
                "signature is 65 bytes, not 64");
        byte[] der = TestKeys.toDer(sig);
        c.add(
                "signature-der",
                "a DER-encoded (JCA default) signature is not the JOSE form",
                in + B64.encode(der),
                RejectReason.BAD_SIGNATURE_ENCODING,
                "signature is " + der.length + " bytes, not 64");
        c.add(
                "signature-p384-size",
                "96-byte signature under an ES256 header",
                in + B64.encode(p384.sign(in.getBytes(StandardCharsets.US_ASCII))),
                RejectReason.BAD_SIGNATURE_ENCODING,
                "signature is 96 bytes, not 64");
        c.add(
                "signature-one-byte",
                "an ES256 signature is exactly 64 bytes",
                in + "AA",
                RejectReason.BAD_SIGNATURE_ENCODING,
                "signature is 1 bytes, not 64");

        // --- signature range ------------------------------------------------------------------------------------
        String range = "r and s must lie in [1, n-1]";
        BigInteger r0 = new BigInteger(1, Arrays.copyOfRange(sig, 0, 32));
        BigInteger s0 = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
        c.add(
                "signature-r-s-zero",
                "r = s = 0 verifies everything in broken verifiers (CVE-2022-21449); refused",
                in + B64.encode(new byte[64]),
                RejectReason.SIGNATURE_OUT_OF_RANGE,
                range);
        c.add(
                "signature-r-zero",
                "r = 0 is refused",
                in + B64.encode(rs(BigInteger.ZERO, s0)),
                RejectReason.SIGNATURE_OUT_OF_RANGE,
                range);
        c.add(
                "signature-s-zero",
                "s = 0 is refused",
                in + B64.encode(rs(r0, BigInteger.ZERO)),
                RejectReason.SIGNATURE_OUT_OF_RANGE,
                range);
        c.add(
                "signature-r-equals-n",
                "r = n is refused (r is reduced mod n)",
                in + B64.encode(rs(N, s0)),
                RejectReason.SIGNATURE_OUT_OF_RANGE,
                range);
        c.add(
                "signature-s-equals-n",
                "s = n is refused",
                in + B64.encode(rs(r0, N)),
                RejectReason.SIGNATURE_OUT_OF_RANGE,
                range);
        c.add(
                "signature-r-n-plus-1",
                "r = n + 1 is refused, not reduced to 1",
                in + B64.encode(rs(N.add(BigInteger.ONE), s0)),
                RejectReason.SIGNATURE_OUT_OF_RANGE,
                range);
        c.add(
                "signature-all-ones",
                "r, s = 2^256 - 1 exceed n",
                in + B64.encode(filled(64, 0xFF)),
                RejectReason.SIGNATURE_OUT_OF_RANGE,
                range);
        String highS = "s must not exceed n/2 (labels are signed low-s)";
        c.add(
                "signature-high-s-twin",
                "(r, n - s) of a genuine label verifies mathematically; labels are signed low-s, so it is refused",
                in + B64.encode(rs(r0, N.subtract(s0))),
                RejectReason.HIGH_S,
                highS);
        c.add(
                "signature-s-n-minus-1",
                "s = n - 1 is in range but high",
                in + B64.encode(rs(r0, N.subtract(BigInteger.ONE))),
                RejectReason.HIGH_S,
                highS);
        c.add(
                "signature-s-half-n-plus-1",
                "s = (n - 1)/2 + 1, the smallest high s",
                in + B64.encode(rs(r0, N.shiftRight(1).add(BigInteger.ONE))),
                RejectReason.HIGH_S,
                highS);

        // --- signature value ------------------------------------------------------------------------------------
        c.add(
                "second-key-under-first-kid",
                "a label signed by another key but naming the operator key's kid",
                new LabelSigner(ATTACKER.signer(KID), false).sign(Fixtures.typicalJapanese()),
                RejectReason.BAD_SIGNATURE,
                badSig);
        c.add(
                "second-key-under-first-kid-deflated",
                "the same, compressed",
                new LabelSigner(ATTACKER.signer(KID), true).sign(Fixtures.typicalJapanese()),
                RejectReason.BAD_SIGNATURE,
                badSig);
        c.add(
                "second-key-under-first-kid-qr",
                "the same, as QR text",
                QrText.of(SITE, new LabelSigner(ATTACKER.signer(KID), false).sign(Fixtures.typicalJapanese())),
                RejectReason.BAD_SIGNATURE,
                badSig);
        ObjectNode upgraded = claims();
        upgraded.put("lv", 4);
        c.add(
                "payload-tampered-level",
                "raising the star level breaks the signature",
                v[0] + "." + B64.encode(Json.write(upgraded)) + "." + v[2],
                RejectReason.BAD_SIGNATURE,
                badSig);
        String other = new LabelSigner(KEY.signer(), false).sign(Fixtures.withId("JC26-ZZZZ0000", 7));
        c.add(
                "signature-from-another-label",
                "a genuine signature of another label does not transfer",
                v[0] + "." + v[1] + "." + other.split("\\.")[2],
                RejectReason.BAD_SIGNATURE,
                badSig);
        c.add(
                "header-reencoded",
                "the signature covers the header text: re-encoding it (here with a space) breaks it",
                b64("{\"alg\":\"ES256\", \"kid\":\"" + KID + "\"}") + "." + v[1] + "." + v[2],
                RejectReason.BAD_SIGNATURE,
                badSig);
        c.add(
                "header-zip-added",
                "adding zip to a plain label's header breaks the signature",
                b64("{\"alg\":\"ES256\",\"kid\":\"" + KID + "\",\"zip\":\"DEF\"}") + "." + v[1] + "." + v[2],
                RejectReason.BAD_SIGNATURE,
                badSig);
        // swapped, s takes r's value, which is above n/2 half the time: then the high-s rule answers first
        if (r0.compareTo(N.shiftRight(1)) > 0) {
            c.add(
                    "signature-r-s-swapped",
                    "r and s in the wrong order (this label's r is above n/2, so the swapped s is high)",
                    in + B64.encode(rs(s0, r0)),
                    RejectReason.HIGH_S,
                    highS);
        } else {
            c.add(
                    "signature-r-s-swapped",
                    "r and s in the wrong order",
                    in + B64.encode(rs(s0, r0)),
                    RejectReason.BAD_SIGNATURE,
                    badSig);
        }
        c.add(
                "signature-r-s-one",
                "r = s = 1 lies in range but does not verify",
                in + B64.encode(rs(BigInteger.ONE, BigInteger.ONE)),
                RejectReason.BAD_SIGNATURE,
                badSig);
        String[] z = validZip.split("\\.");
        c.add(
                "deflated-payload-tampered",
                "the signature covers the compressed bytes",
                z[0] + "." + B64.encode(deflate(Json.write(upgraded))) + "." + z[2],
                RejectReason.BAD_SIGNATURE,
                badSig);
        c.add(
                "plain-url-tampered",
                "the plain QR form is verified the same way",
                QrText.plain(SITE, v[0] + "." + B64.encode(Json.write(upgraded)) + "." + v[2]),
                RejectReason.BAD_SIGNATURE,
                badSig);
        c.add(
                "signed-over-json-not-base64",
                "the signing input is the base64url text, not the decoded JSON",
                v[0] + "." + v[1] + "."
                        + B64.encode(KEY.sign(TestKeys.concat(
                                B64.decode(v[0]), ".".getBytes(StandardCharsets.US_ASCII), B64.decode(v[1])))),
                RejectReason.BAD_SIGNATURE,
                badSig);

        // --- compression (all validly signed so that inflation is reached) --------------------------------------
        String zh = header("ES256", KID).replace("}", ",\"zip\":\"DEF\"}");
        c.add(
                "deflate-bomb",
                "a payload inflating beyond 4096 bytes is refused while inflating (1 MB of spaces here)",
                signed(
                        zh,
                        deflate(TestKeys.concat(payload(), " ".repeat(1_000_000).getBytes(StandardCharsets.US_ASCII)))),
                RejectReason.BAD_COMPRESSION,
                "payload inflates beyond 4096 bytes");
        c.add(
                "deflate-just-over-limit",
                "4097 inflated bytes are one too many",
                signed(zh, deflate(padded(4097))),
                RejectReason.BAD_COMPRESSION,
                "payload inflates beyond 4096 bytes");
        c.add(
                "deflate-garbage",
                "bytes that are no DEFLATE stream (block type 3 is reserved)",
                signed(zh, filled(16, 0xFF)),
                RejectReason.BAD_COMPRESSION,
                "not a DEFLATE stream");
        byte[] full = deflate(payload());
        c.add(
                "deflate-truncated",
                "a stream cut short",
                signed(zh, Arrays.copyOf(full, full.length - 4)),
                RejectReason.BAD_COMPRESSION,
                "truncated DEFLATE stream");
        c.add(
                "deflate-trailing-bytes",
                "nothing may follow the stream",
                signed(zh, TestKeys.concat(full, new byte[] {1, 2, 3})),
                RejectReason.BAD_COMPRESSION,
                "bytes after the DEFLATE stream");
        c.add(
                "deflate-zlib-wrapped",
                "zip DEF is raw DEFLATE (RFC 1951), without the zlib wrapper",
                signed(zh, zlib(payload())),
                RejectReason.BAD_COMPRESSION,
                "not a DEFLATE stream");
        c.add(
                "deflate-uncompressed-payload",
                "a zip DEF header over an uncompressed payload",
                signed(zh, payload()),
                RejectReason.BAD_COMPRESSION,
                "not a DEFLATE stream");

        // --- payload JSON (validly signed) ----------------------------------------------------------------------
        String h = header("ES256", KID);
        c.add(
                "payload-not-json",
                "the payload is JSON",
                signed(h, utf8("JC26-4F7K2M9Q level 1")),
                RejectReason.PAYLOAD_NOT_JSON,
                "not well-formed JSON");
        ArrayNode arr = JsonNodeFactory.instance.arrayNode().add(claims());
        c.add(
                "payload-json-array",
                "the payload is a JSON object, not an array of them",
                signed(h, Json.write(arr)),
                RejectReason.PAYLOAD_NOT_JSON,
                "payload is not a JSON object");
        c.add(
                "payload-json-string",
                "the payload is a JSON object",
                signed(h, utf8("\"JC26-4F7K2M9Q\"")),
                RejectReason.PAYLOAD_NOT_JSON,
                "payload is not a JSON object");
        c.add(
                "payload-trailing-garbage",
                "nothing may follow the payload object",
                signed(h, TestKeys.concat(payload(), utf8("{}"))),
                RejectReason.PAYLOAD_NOT_JSON,
                "not well-formed JSON");
        byte[] badUtf8 = payload().clone();
        int at = indexOf(badUtf8, utf8("株式会社"));
        badUtf8[at + 1] = (byte) 0x28;
        c.add(
                "payload-invalid-utf8",
                "the payload is UTF-8",
                signed(h, badUtf8),
                RejectReason.PAYLOAD_NOT_JSON,
                "not well-formed UTF-8");
        c.add(
                "payload-too-deep",
                "nesting is bounded",
                signed(h, utf8("{\"v\":1,\"x\":" + "[".repeat(40) + "]".repeat(40) + "}")),
                RejectReason.PAYLOAD_NOT_JSON,
                "JSON too deep or too large");
        c.add(
                "payload-not-json-deflated",
                "the inflated payload is JSON",
                signed(zh, deflate(utf8("hello"))),
                RejectReason.PAYLOAD_NOT_JSON,
                "not well-formed JSON");
        String json = new String(payload(), StandardCharsets.UTF_8);
        c.add(
                "payload-duplicate-claim",
                "a repeated claim name is refused (which lv would a second parser read?)",
                signed(h, utf8(json.replace("\"lv\":1,", "\"lv\":4,\"lv\":1,"))),
                RejectReason.DUPLICATE_KEY,
                "duplicate key");
        c.add(
                "payload-duplicate-claim-deflated",
                "the same, compressed",
                signed(zh, deflate(utf8(json.replace("\"lv\":1,", "\"lv\":1,\"lv\":4,")))),
                RejectReason.DUPLICATE_KEY,
                "duplicate key");

        // --- claims (validly signed) ----------------------------------------------------------------------------
        c.add(
                "version-2",
                "only format version 1 is read",
                claimsCase(o -> o.put("v", 2)),
                RejectReason.UNSUPPORTED_VERSION,
                "label format version 2 is not supported (1 is)");
        c.add(
                "version-string",
                "the version is the number 1",
                claimsCase(o -> o.put("v", "1")),
                RejectReason.UNSUPPORTED_VERSION,
                "label format version \"1\" is not supported (1 is)");
        c.add(
                "version-float",
                "the version is the integer 1",
                claimsCase(o -> o.put("v", 1.0)),
                RejectReason.UNSUPPORTED_VERSION,
                "label format version 1.0 is not supported (1 is)");
        BigInteger wraps = BigInteger.TWO.pow(64).add(BigInteger.ONE);
        c.add(
                "version-wraps-to-1",
                "2^64 + 1 is not 1, although its low 64 bits are",
                claimsCase(o -> o.put("v", wraps)),
                RejectReason.UNSUPPORTED_VERSION,
                "label format version 18446744073709551617 is not supported (1 is)");
        c.add(
                "claim-v-missing",
                "the version claim is required",
                claimsCase(o -> o.remove("v")),
                RejectReason.MISSING_CLAIM,
                "missing claim v");
        c.add(
                "claim-exp-missing",
                "every claim of format 1 is required",
                claimsCase(o -> o.remove("exp")),
                RejectReason.MISSING_CLAIM,
                "missing claim exp");
        c.add(
                "claim-m-missing",
                "the model designations are required (requirement 3-14)",
                claimsCase(o -> o.remove("m")),
                RejectReason.MISSING_CLAIM,
                "missing claim m");
        c.add(
                "claim-p-null",
                "null is no value",
                claimsCase(o -> o.putNull("p")),
                RejectReason.MISSING_CLAIM,
                "missing claim p");
        c.add(
                "claim-lv-string",
                "lv is an integer",
                claimsCase(o -> o.put("lv", "1")),
                RejectReason.BAD_CLAIM_TYPE,
                "claim lv must be an integer");
        c.add(
                "claim-m-string",
                "m is an array of strings",
                claimsCase(o -> o.put("m", "SC-300")),
                RejectReason.BAD_CLAIM_TYPE,
                "claim m must be an array of strings");
        c.add(
                "claim-m-numbers",
                "m is an array of strings",
                claimsCase(o -> o.putArray("m").add(300)),
                RejectReason.BAD_CLAIM_TYPE,
                "claim m must be an array of strings");
        c.add(
                "claim-iat-float",
                "times are whole seconds",
                claimsCase(o -> o.put("iat", 1775001600.5)),
                RejectReason.BAD_CLAIM_TYPE,
                "claim iat must be an integer");
        c.add(
                "claim-exp-beyond-long",
                "numbers beyond 64 bits are no times",
                claimsCase(o -> o.put("exp", new BigInteger("99999999999999999999"))),
                RejectReason.BAD_CLAIM_TYPE,
                "claim exp must be an integer");
        c.add(
                "claim-p-number",
                "p is a string",
                claimsCase(o -> o.put("p", 300)),
                RejectReason.BAD_CLAIM_TYPE,
                "claim p must be a string");
        c.add(
                "claim-s-three-elements",
                "s is [list, index]",
                claimsCase(o -> o.putArray("s").add(1).add(2).add(3)),
                RejectReason.BAD_CLAIM_TYPE,
                "claim s must be [list, index]");
        c.add(
                "claim-s-index-beyond-int",
                "the status index fits 31 bits",
                claimsCase(o -> o.putArray("s").add(1).add(1L << 31)),
                RejectReason.BAD_CLAIM_TYPE,
                "claim s must be [list, index]");
        c.add(
                "claim-unknown",
                "claims format 1 does not define are refused",
                claimsCase(o -> o.put("nbf", 0)),
                RejectReason.UNKNOWN_CLAIM,
                "unknown claim nbf");
        c.add(
                "claim-unknown-long-name",
                "claims format 1 does not define are refused",
                claimsCase(o -> o.put("level", 4)),
                RejectReason.UNKNOWN_CLAIM,
                "unknown claim level");
        c.add(
                "claim-lv-5",
                "star levels are 1 to 4",
                claimsCase(o -> o.put("lv", 5)),
                RejectReason.BAD_CLAIM_VALUE,
                "level must be 1, 2, 3 or 4");
        c.add(
                "claim-lv-0",
                "star levels are 1 to 4",
                claimsCase(o -> o.put("lv", 0)),
                RejectReason.BAD_CLAIM_VALUE,
                "claim lv out of range");
        c.add(
                "claim-lv-huge",
                "star levels are 1 to 4",
                claimsCase(o -> o.put("lv", 4294967297L)),
                RejectReason.BAD_CLAIM_VALUE,
                "claim lv out of range");
        long iat = Fixtures.ISSUED.getEpochSecond();
        c.add(
                "validity-over-2-years",
                "a label is valid at most 2 years (731 days) from issue",
                claimsCase(o -> o.put("exp", iat + 732L * 86400)),
                RejectReason.BAD_CLAIM_VALUE,
                "validUntil must be at most 2 years after issuedAt");
        c.add(
                "validity-one-second-over",
                "the 731-day bound is exact",
                claimsCase(o -> o.put("exp", iat + 731L * 86400 + 1)),
                RejectReason.BAD_CLAIM_VALUE,
                "validUntil must be at most 2 years after issuedAt");
        c.add(
                "exp-before-iat",
                "validity ends after issue",
                claimsCase(o -> o.put("exp", iat - 1)),
                RejectReason.BAD_CLAIM_VALUE,
                "validUntil must be after issuedAt");
        c.add(
                "iat-negative",
                "times are after 1970",
                claimsCase(o -> o.put("iat", -1)),
                RejectReason.BAD_CLAIM_VALUE,
                "claim iat out of range");
        c.add(
                "models-empty",
                "a label names at least one model",
                claimsCase(o -> o.putArray("m")),
                RejectReason.BAD_CLAIM_VALUE,
                "models must name at least one model");
        c.add(
                "models-21",
                "at most 20 models",
                claimsCase(o -> {
                    ArrayNode m = o.putArray("m");
                    for (int i = 0; i < 21; i++) m.add("SC-" + i);
                }),
                RejectReason.BAD_CLAIM_VALUE,
                "models at most 20 models");
        c.add(
                "model-bidi-override",
                "a right-to-left override could show a forged model number as a genuine one",
                claimsCase(o -> o.putArray("m").add("SC-\u202E003")),
                RejectReason.BAD_CLAIM_VALUE,
                "models each model designation must be 1–40 printable characters");
        c.add(
                "model-duplicate",
                "model designations are distinct",
                claimsCase(o -> o.putArray("m").add("SC-300").add("SC-300")),
                RejectReason.BAD_CLAIM_VALUE,
                "models model designations must be distinct");
        c.add(
                "product-nul",
                "no control characters in names (NUL cuts strings in C consumers)",
                claimsCase(o -> o.put("p", "スマートホームカメラ\u0000SC-300")),
                RejectReason.BAD_CLAIM_VALUE,
                "product must be 1–100 printable characters");
        c.add(
                "vendor-newline",
                "names are one line",
                claimsCase(o -> o.put("vn", "株式会社サクラ電機\n(正規品)")),
                RejectReason.BAD_CLAIM_VALUE,
                "vendor must be 1–100 printable characters");
        c.add(
                "category-unknown",
                "the category is one of the scheme's codes",
                claimsCase(o -> o.put("c", "toaster")),
                RejectReason.BAD_CLAIM_VALUE,
                "category must be one of " + Category.codes());
        c.add(
                "id-lower-case",
                "registration numbers are upper-case",
                claimsCase(o -> o.put("id", "jc26-4f7k2m9q")),
                RejectReason.BAD_CLAIM_VALUE,
                "id must match " + LabelClaims.ID.pattern());
        c.add(
                "se-not-a-date",
                "the support end is a real date",
                claimsCase(o -> o.put("se", "2031-02-30")),
                RejectReason.BAD_CLAIM_VALUE,
                "claim se must be a date YYYY-MM-DD");
        c.add(
                "se-with-time",
                "the support end is a date, not a time",
                claimsCase(o -> o.put("se", "2031-03-31T23:59")),
                RejectReason.BAD_CLAIM_VALUE,
                "claim se must be a date YYYY-MM-DD");
        c.add(
                "status-list-zero",
                "status lists are numbered from 1",
                claimsCase(o -> o.putArray("s").add(0).add(5)),
                RejectReason.BAD_CLAIM_VALUE,
                "status list number must be >= 1");

        return List.copyOf(c.byName.values());
    }

    // --- builders -------------------------------------------------------------------------------------------------

    /** The genuine label every case departs from. */
    static String label(boolean deflate) {
        return new LabelSigner(KEY.signer(), deflate).sign(Fixtures.typicalJapanese());
    }

    static ObjectNode claims() {
        return LabelCodec.toNode(Fixtures.typicalJapanese());
    }

    static byte[] payload() {
        return LabelCodec.encode(Fixtures.typicalJapanese());
    }

    static String header(String alg, String kid) {
        ObjectNode h = JsonNodeFactory.instance.objectNode();
        h.put("alg", alg);
        h.put("kid", kid);
        return Json.writeString(h);
    }

    private static String claimsCase(Consumer<ObjectNode> change) {
        ObjectNode o = claims();
        change.accept(o);
        return signed(header("ES256", KID), Json.write(o));
    }

    static String signed(String headerJson, byte[] payload) {
        return signedWith(KEY, headerJson, payload);
    }

    static String signedWith(TestKey key, String headerJson, byte[] payload) {
        String input = b64(headerJson) + "." + B64.encode(payload);
        return input + "." + B64.encode(key.sign(input.getBytes(StandardCharsets.US_ASCII)));
    }

    static String b64(String s) {
        return B64.encode(utf8(s));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] rs(BigInteger r, BigInteger s) {
        return TestKeys.concat(TestKeys.fixed(r, 32), TestKeys.fixed(s, 32));
    }

    static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    /** A JSON object of exactly {@code size} bytes: the genuine claims followed by spaces. */
    static byte[] padded(int size) {
        byte[] p = payload();
        return TestKeys.concat(p, " ".repeat(size - p.length).getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] deflate(byte[] in) {
        return compress(in, true);
    }

    static byte[] zlib(byte[] in) {
        return compress(in, false);
    }

    private static byte[] compress(byte[] in, boolean raw) {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, raw);
        try {
            d.setInput(in);
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            while (!d.finished()) out.write(buf, 0, d.deflate(buf));
            return out.toByteArray();
        } finally {
            d.end();
        }
    }

    private static byte[] hmac(byte[] secret, String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A TEST-ONLY 2048-bit RSA key made from a seeded SHA1PRNG (deterministic, public seed); made once. */
    private static final class Rsa {
        static final java.security.PrivateKey KEY;

        static {
            try {
                SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
                seeded.setSeed(utf8("jcstar TEST RSA key - public seed"));
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(2048, seeded);
                KEY = g.generateKeyPair().getPrivate();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static byte[] rsaSign(String input) {
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(Rsa.KEY);
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String thumbprint() {
        try {
            return new ECKey.Builder(Curve.P_256, KEY.publicKey())
                    .build()
                    .computeThumbprint()
                    .toString();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static char setLowBit(char c) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        return alphabet.charAt(alphabet.indexOf(c) | 1);
    }

    private static int firstOf(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        if (i < 0 && j < 0) throw new IllegalStateException("the fixture payload has neither - nor _");
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        throw new IllegalStateException("not found");
    }

    /** How many trailing digits to drop so that the remaining count is no valid chunk layout (17q + {0,3,5,8,10,13,15}). */
    private static int invalidDigitDrop(int count) {
        List<Integer> valid = List.of(0, 3, 5, 8, 10, 13, 15);
        for (int drop = 1; ; drop++) if (!valid.contains((count - drop) % 17)) return drop;
    }

    private static int tailDigits(int digitCount) {
        return new int[] {0, 3, 5, 8, 10, 13, 15}[tailBytes(digitCount)];
    }

    private static int tailBytes(int digitCount) {
        int[] tail = {0, 3, 5, 8, 10, 13, 15};
        int rest = digitCount % 17;
        for (int k = 0; k < tail.length; k++) if (tail[k] == rest) return k;
        throw new IllegalStateException("digit count " + digitCount);
    }

    static List<Case> readAll(Path dir) throws IOException {
        List<Case> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p :
                    files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                Case c = Case.fromJson(Files.readAllBytes(p));
                if (!p.getFileName().toString().equals(c.fileName()))
                    throw new IllegalStateException(p + " should be named " + c.fileName());
                out.add(c);
            }
        }
        return out;
    }
}
