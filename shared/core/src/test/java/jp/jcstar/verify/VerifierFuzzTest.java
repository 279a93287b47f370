package jp.jcstar.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.List;
import java.util.SplittableRandom;
import jp.jcstar.label.Fixtures;
import jp.jcstar.qr.QrText;
import jp.jcstar.signing.B64;
import jp.jcstar.signing.KeySet;
import jp.jcstar.signing.LabelSigner;
import jp.jcstar.testing.Props;
import org.junit.jupiter.api.Test;

/**
 * Property-based fuzzing of {@link LabelVerifier}: it never throws, whatever the input, and no mutation of a
 * genuine label is ever accepted unless it still carries exactly the signed bytes (no forgery). Tries per
 * property: 1,000 in the normal build; {@code -Pfuzz} (100,000) or {@code -Dfuzz.tries=N} for the big run
 * ({@link Props}).
 */
class VerifierFuzzTest {
    static final String SITE = "https://jcstar.example.jp";
    static final LabelVerifier VERIFIER = new LabelVerifier(KeySet.of(TestKeys.PRIMARY.publicKey()));
    /** Genuine labels to mutate: plain, compressed, and another label (TEST-ONLY key). */
    static final List<String> LABELS = List.of(
            new LabelSigner(TestKeys.PRIMARY.signer(), false).sign(Fixtures.typicalJapanese()),
            new LabelSigner(TestKeys.PRIMARY.signer(), true).sign(Fixtures.typicalJapanese()),
            new LabelSigner(TestKeys.PRIMARY.signer(), false).sign(Fixtures.withId("JC26-FUZZ0001", 0)));

    static final String B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    // --- never throws -----------------------------------------------------------------------------------------

    @Test
    void neverThrowsOnArbitraryStrings() {
        Props.forAll("arbitrary strings", r -> Props.anyString(r, 300), VerifierFuzzTest::checkedVerify);
    }

    @Test
    void neverThrowsOnJwsLikeStrings() {
        Props.forAll("JWS-like strings", VerifierFuzzTest::jwsLike, VerifierFuzzTest::checkedVerify);
    }

    @Test
    void neverThrowsOnQrLikeStrings() {
        Props.forAll("QR-like strings", VerifierFuzzTest::qrLike, VerifierFuzzTest::checkedVerify);
    }

    static String jwsLike(SplittableRandom r) {
        String alphabet = B64URL + "=+/ ";
        return Props.oneOf(r, "eyJ", "", "eyJhbGciOiJFUzI1NiJ9") + Props.string(r, alphabet, 0, 120) + "."
                + Props.string(r, alphabet, 0, 120) + "." + Props.string(r, alphabet, 0, 120);
    }

    static String qrLike(SplittableRandom r) {
        return Props.oneOf(r, "HTTPS://JCSTAR.EXAMPLE.JP/v#", "https://x/V#", "#", "/v#")
                + Props.oneOf(r, "1", "2", "", "ey", "\u202E", "\n", "\u0000")
                + Props.string(r, "0123456789", 0, 1200);
    }

    // --- mutations of genuine labels: no forgery --------------------------------------------------------------

    record Mutated(String label, List<Mutation> mutations) {}

    @Test
    void mutatedLabelIsNeverAForgery() {
        Props.forAll(
                "mutated labels",
                r -> new Mutated(Props.oneOf(r, LABELS), mutations(r)),
                m -> assertNoForgery(m.label(), m.label(), m.mutations()));
    }

    @Test
    void mutatedQrTextIsNeverAForgery() {
        Props.forAll(
                "mutated QR texts",
                r -> new Mutated(Props.oneOf(r, LABELS), mutations(r)),
                m -> assertNoForgery(m.label(), QrText.ofCompactHeader(SITE, m.label()), m.mutations()));
    }

    @Test
    void mutatedFormOneQrTextIsNeverAForgery() {
        Props.forAll(
                "mutated form-1 QR texts",
                r -> new Mutated(Props.oneOf(r, LABELS), mutations(r)),
                m -> assertNoForgery(m.label(), QrText.of(SITE, m.label()), m.mutations()));
    }

    static List<Mutation> mutations(SplittableRandom r) {
        String near = B64URL + ".=+/ \n#0123456789";
        return Props.list(r, 1, 4, x -> {
            int pos = x.nextInt(10_001);
            return switch (x.nextInt(7)) {
                case 0 -> new FlipBit(pos, x.nextInt(16));
                case 1 -> new Truncate(pos);
                case 2 -> new Insert(pos, x.nextBoolean() ? near.charAt(x.nextInt(near.length())) : Props.anyChar(x));
                case 3 -> new Replace(pos, near.charAt(x.nextInt(near.length())));
                case 4 -> new Delete(pos);
                case 5 -> new MoveDot(pos, x.nextInt(10_001));
                default -> new SwapParts(pos, x.nextInt(10_001));
            };
        });
    }

    private static void assertNoForgery(String genuine, String text, List<Mutation> mutations) {
        String mutated = text;
        for (Mutation m : mutations) mutated = m.apply(mutated);
        Verification result = checkedVerify(mutated);
        String signedPart = genuine.substring(0, genuine.lastIndexOf('.'));
        if (result instanceof Verification.Verified v) {
            // accepted only if it still carries exactly the signed bytes (e.g. whitespace around, or the URL's host
            // changed)
            assertEquals(signedPart, v.jws().substring(0, v.jws().lastIndexOf('.')), "forgery: " + mutations);
        }
    }

    /** A mutation of label text. Positions are taken modulo the text's length. */
    sealed interface Mutation {
        String apply(String s);
    }

    record FlipBit(int pos, int bit) implements Mutation {
        @Override
        public String apply(String s) {
            if (s.isEmpty()) return s;
            int i = pos % s.length();
            return s.substring(0, i) + (char) (s.charAt(i) ^ (1 << bit)) + s.substring(i + 1);
        }
    }

    record Truncate(int keep) implements Mutation {
        @Override
        public String apply(String s) {
            return s.substring(0, keep % (s.length() + 1));
        }
    }

    record Insert(int pos, char c) implements Mutation {
        @Override
        public String apply(String s) {
            int i = pos % (s.length() + 1);
            return s.substring(0, i) + c + s.substring(i);
        }
    }

    record Replace(int pos, char c) implements Mutation {
        @Override
        public String apply(String s) {
            if (s.isEmpty()) return s;
            int i = pos % s.length();
            return s.substring(0, i) + c + s.substring(i + 1);
        }
    }

    record Delete(int pos) implements Mutation {
        @Override
        public String apply(String s) {
            if (s.isEmpty()) return s;
            int i = pos % s.length();
            return s.substring(0, i) + s.substring(i + 1);
        }
    }

    /** Takes out one of the dots and puts a dot somewhere else. */
    record MoveDot(int which, int to) implements Mutation {
        @Override
        public String apply(String s) {
            int dots = (int) s.chars().filter(c -> c == '.').count();
            if (dots > 0) {
                int n = which % dots;
                int at = -1;
                for (int k = 0; k <= n; k++) at = s.indexOf('.', at + 1);
                s = s.substring(0, at) + s.substring(at + 1);
            }
            int i = to % (s.length() + 1);
            return s.substring(0, i) + "." + s.substring(i);
        }
    }

    /** Swaps two of the dot-separated parts (header, payload, signature). */
    record SwapParts(int a, int b) implements Mutation {
        @Override
        public String apply(String s) {
            String[] parts = s.split("\\.", -1);
            int i = a % parts.length;
            int j = b % parts.length;
            String t = parts[i];
            parts[i] = parts[j];
            parts[j] = t;
            return String.join(".", parts);
        }
    }

    // --- past the signature: the operator key signs garbage --------------------------------------------------

    /**
     * The checks after the signature (inflation, JSON, claims) are unreachable for a forger, so mutations above
     * never reach them: here the TEST key signs mutated payloads, with and without {@code zip: DEF}.
     */
    record Garbage(List<Mutation> mutations, boolean deflate, boolean compressAfterMutation) {}

    @Test
    void signedGarbagePayloadNeverThrows() {
        Props.forAll(
                "signed garbage payloads",
                r -> new Garbage(payloadMutations(r), r.nextBoolean(), r.nextBoolean()),
                g -> signedGarbage(g.mutations(), g.deflate(), g.compressAfterMutation()));
    }

    private static void signedGarbage(List<Mutation> mutations, boolean deflate, boolean compressAfterMutation) {
        String json = new String(GoldenFixtures.payload(), StandardCharsets.UTF_8);
        for (Mutation m : mutations) json = m.apply(json);
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        if (deflate && compressAfterMutation) payload = GoldenFixtures.deflate(payload);
        if (deflate && !compressAfterMutation) {
            // mutate the compressed bytes instead: exercises the inflater on corrupt streams
            byte[] z = GoldenFixtures.deflate(GoldenFixtures.payload());
            int i = Math.floorMod(json.hashCode(), z.length);
            z[i] ^= (byte) (1 << Math.floorMod(json.length(), 8));
            payload = z;
        }
        String header = GoldenFixtures.header("ES256", TestKeys.PRIMARY.kid());
        if (deflate) header = header.replace("}", ",\"zip\":\"DEF\"}");
        String input = B64.encode(header.getBytes(StandardCharsets.UTF_8)) + "." + B64.encode(payload);
        checkedVerify(input + "." + B64.encode(fastSign(input)), false);
    }

    static List<Mutation> payloadMutations(SplittableRandom r) {
        String jsonish = "{}[]\",:0123456789.-eE tfnul\\\u0000\u202E株";
        return Props.list(r, 0, 3, x -> {
            int pos = x.nextInt(10_001);
            return switch (x.nextInt(5)) {
                case 0 -> new FlipBit(pos, x.nextInt(8));
                case 1 -> new Truncate(pos);
                case 2 ->
                    new Insert(pos, x.nextBoolean() ? jsonish.charAt(x.nextInt(jsonish.length())) : Props.anyChar(x));
                case 3 -> new Replace(pos, jsonish.charAt(x.nextInt(jsonish.length())));
                default -> new Delete(pos);
            };
        });
    }

    private static byte[] fastSign(String input) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
            s.initSign(TestKeys.PRIMARY.privateKey());
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- encodings round-trip ---------------------------------------------------------------------------------

    record Parts(byte[] header, byte[] payload, byte[] signature) {}

    @Test
    void qrTextRoundTripsAnyCompactJwsBytes() {
        Props.forAll(
                "QR text round trip",
                r -> new Parts(Props.bytes(r, 0, 120), Props.bytes(r, 0, 1500), Props.bytes(r, 64, 64)),
                p -> {
                    String jws =
                            B64.encode(p.header()) + "." + B64.encode(p.payload()) + "." + B64.encode(p.signature());
                    String qr = QrText.of(SITE, jws);
                    assertTrue(qr.startsWith("HTTPS://JCSTAR.EXAMPLE.JP/v#1"), qr);
                    assertTrue(qr.substring(qr.indexOf('#') + 1).chars().allMatch(Character::isDigit), qr);
                    try {
                        assertEquals(jws, QrText.toCompactJws(qr));
                    } catch (QrText.FormatException e) {
                        throw new AssertionError(e);
                    }
                });
    }

    @Test
    void base64urlRoundTrips() {
        Props.forAll(
                "base64url round trip",
                r -> Props.bytes(r, 0, 1500),
                bytes -> assertArrayEquals(bytes, B64.decode(B64.encode(bytes))));
    }

    /** Canonical: every text B64 accepts is the one encoding of its bytes (so signed text and bytes correspond 1:1). */
    @Test
    void base64urlAcceptsOnlyCanonicalText() {
        Props.forAll("canonical base64url", r -> Props.string(r, B64URL + "=+/", 0, 12), text -> {
            byte[] bytes;
            try {
                bytes = B64.decode(text);
            } catch (IllegalArgumentException rejected) {
                return;
            }
            assertEquals(text, B64.encode(bytes));
        });
    }

    // ---------------------------------------------------------------------------------------------------------

    private static Verification checkedVerify(String input) {
        return checkedVerify(input, true);
    }

    /**
     * verify, failing the property on any exception, and checking a rejection always explains itself; with
     * {@code untrusted}, also that the detail is short and safe to show (only signed claims may echo more).
     */
    private static Verification checkedVerify(String input, boolean untrusted) {
        Verification result;
        try {
            result = VERIFIER.verify(input);
        } catch (RuntimeException | Error e) {
            fail("verify threw on " + abbreviate(input), e);
            return null;
        }
        assertNotNull(result);
        if (result instanceof Verification.Rejected r) {
            assertNotNull(r.reason());
            assertTrue(r.detail() != null && !r.detail().isBlank(), "blank detail for " + r.reason());
            if (!untrusted) return result;
            assertTrue(r.detail().length() <= 120, "overlong detail: " + r.detail());
            assertTrue(
                    r.detail().codePoints().noneMatch(VerifierFuzzTest::unsafeInDetail),
                    "unsafe character in detail: " + r.detail());
        }
        return result;
    }

    /** Characters a detail must not carry: it is shown on the verify page and written to logs. */
    static boolean unsafeInDetail(int cp) {
        return Character.isISOControl(cp)
                || (cp >= 0x202A && cp <= 0x202E)
                || (cp >= 0x2066 && cp <= 0x2069)
                || cp == 0x200E
                || cp == 0x200F
                || cp == 0x061C
                || Character.isSurrogate((char) cp);
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…(" + s.length() + " chars)";
    }
}
