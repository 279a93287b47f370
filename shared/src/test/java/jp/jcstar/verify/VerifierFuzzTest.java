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
import jp.jcstar.label.Fixtures;
import jp.jcstar.qr.QrText;
import jp.jcstar.signing.B64;
import jp.jcstar.signing.KeySet;
import jp.jcstar.signing.LabelSigner;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.statistics.Statistics;

/**
 * Property-based fuzzing of {@link LabelVerifier}: it never throws, whatever the input, and no mutation of a
 * genuine label is ever accepted unless it still carries exactly the signed bytes (no forgery). Tries per
 * property: jqwik's default of 1,000 in the normal build; {@code -Pfuzz} or {@code -Djqwik.tries.default=N}
 * for the big run.
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

    @Property
    void neverThrowsOnArbitraryStrings(@ForAll String input) {
        checkedVerify(input);
    }

    @Property
    void neverThrowsOnJwsLikeStrings(@ForAll("jwsLike") String input) {
        checkedVerify(input);
    }

    @Property
    void neverThrowsOnQrLikeStrings(@ForAll("qrLike") String input) {
        checkedVerify(input);
    }

    @Provide
    Arbitrary<String> jwsLike() {
        Arbitrary<String> part = Arbitraries.strings().withChars(B64URL + "=+/ ").ofMinLength(0).ofMaxLength(120);
        return Combinators.combine(part, part, part, Arbitraries.of("eyJ", "", "eyJhbGciOiJFUzI1NiJ9"))
                .as((h, p, s, prefix) -> prefix + h + "." + p + "." + s);
    }

    @Provide
    Arbitrary<String> qrLike() {
        Arbitrary<String> digits = Arbitraries.strings().withChars("0123456789").ofMinLength(0).ofMaxLength(1200);
        return Combinators.combine(Arbitraries.of("HTTPS://JCSTAR.EXAMPLE.JP/v#", "https://x/V#", "#", "/v#"), Arbitraries.of("1", "2", "", "ey", "\u202E", "\n", "\u0000"), digits)
                .as((url, version, d) -> url + version + d);
    }

    // --- mutations of genuine labels: no forgery --------------------------------------------------------------

    @Property
    void mutatedLabelIsNeverAForgery(@ForAll("labels") String label, @ForAll("mutations") List<Mutation> mutations) {
        assertNoForgery(label, label, mutations);
    }

    @Property
    void mutatedQrTextIsNeverAForgery(@ForAll("labels") String label, @ForAll("mutations") List<Mutation> mutations) {
        assertNoForgery(label, QrText.of(SITE, label), mutations);
    }

    @Provide
    Arbitrary<String> labels() {
        return Arbitraries.of(LABELS);
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Integer> pos = Arbitraries.integers().between(0, 10_000).withDistribution(RandomDistribution.uniform());
        Arbitrary<Character> anyChar = Arbitraries.chars();
        Arbitrary<Character> nearChar = Arbitraries.chars().with((B64URL + ".=+/ \n#0123456789").toCharArray());
        Arbitrary<Mutation> m = Arbitraries.oneOf(
                Combinators.combine(pos, Arbitraries.integers().between(0, 15)).as(FlipBit::new),
                pos.map(Truncate::new),
                Combinators.combine(pos, Arbitraries.oneOf(nearChar, anyChar)).as(Insert::new),
                Combinators.combine(pos, nearChar).as(Replace::new),
                pos.map(Delete::new),
                Combinators.combine(pos, pos).as(MoveDot::new),
                Combinators.combine(pos, pos).as(SwapParts::new));
        return m.list().ofMinSize(1).ofMaxSize(4);
    }

    private static void assertNoForgery(String genuine, String text, List<Mutation> mutations) {
        String mutated = text;
        for (Mutation m : mutations) mutated = m.apply(mutated);
        Verification result = checkedVerify(mutated);
        String signedPart = genuine.substring(0, genuine.lastIndexOf('.'));
        if (result instanceof Verification.Verified v) {
            // accepted only if it still carries exactly the signed bytes (e.g. whitespace around, or the URL's host changed)
            assertEquals(signedPart, v.jws().substring(0, v.jws().lastIndexOf('.')), "forgery: " + mutations);
            Statistics.label("outcome").collect("verified (same signed bytes)");
        } else {
            Statistics.label("outcome").collect(((Verification.Rejected) result).reason().code());
        }
    }

    /** A mutation of label text. Positions are taken modulo the text's length, so they shrink well. */
    sealed interface Mutation {
        String apply(String s);
    }

    record FlipBit(int pos, int bit) implements Mutation {
        public String apply(String s) {
            if (s.isEmpty()) return s;
            int i = pos % s.length();
            return s.substring(0, i) + (char) (s.charAt(i) ^ (1 << bit)) + s.substring(i + 1);
        }
    }

    record Truncate(int keep) implements Mutation {
        public String apply(String s) {
            return s.substring(0, keep % (s.length() + 1));
        }
    }

    record Insert(int pos, char c) implements Mutation {
        public String apply(String s) {
            int i = pos % (s.length() + 1);
            return s.substring(0, i) + c + s.substring(i);
        }
    }

    record Replace(int pos, char c) implements Mutation {
        public String apply(String s) {
            if (s.isEmpty()) return s;
            int i = pos % s.length();
            return s.substring(0, i) + c + s.substring(i + 1);
        }
    }

    record Delete(int pos) implements Mutation {
        public String apply(String s) {
            if (s.isEmpty()) return s;
            int i = pos % s.length();
            return s.substring(0, i) + s.substring(i + 1);
        }
    }

    /** Takes out one of the dots and puts a dot somewhere else. */
    record MoveDot(int which, int to) implements Mutation {
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
    @Property
    void signedGarbagePayloadNeverThrows(@ForAll("payloadMutations") List<Mutation> mutations, @ForAll boolean deflate,
                                         @ForAll boolean compressAfterMutation) {
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
        Verification result = checkedVerify(input + "." + B64.encode(fastSign(input)), false);
        Statistics.label("outcome").collect(result instanceof Verification.Rejected r ? r.reason().code() : "verified");
    }

    @Provide
    Arbitrary<List<Mutation>> payloadMutations() {
        Arbitrary<Integer> pos = Arbitraries.integers().between(0, 10_000).withDistribution(RandomDistribution.uniform());
        Arbitrary<Character> jsonish = Arbitraries.chars().with("{}[]\",:0123456789.-eE tfnul\\\u0000\u202E株".toCharArray());
        Arbitrary<Mutation> m = Arbitraries.oneOf(
                Combinators.combine(pos, Arbitraries.integers().between(0, 7)).as(FlipBit::new),
                pos.map(Truncate::new),
                Combinators.combine(pos, Arbitraries.oneOf(jsonish, Arbitraries.chars())).as(Insert::new),
                Combinators.combine(pos, jsonish).as(Replace::new),
                pos.map(Delete::new));
        return m.list().ofMinSize(0).ofMaxSize(3);
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

    @Property
    void qrTextRoundTripsAnyCompactJwsBytes(@ForAll("headers") byte[] header, @ForAll("payloads") byte[] payload,
                                            @ForAll("signatures") byte[] signature) throws QrText.FormatException {
        String jws = B64.encode(header) + "." + B64.encode(payload) + "." + B64.encode(signature);
        String qr = QrText.of(SITE, jws);
        assertTrue(qr.startsWith("HTTPS://JCSTAR.EXAMPLE.JP/v#1"), qr);
        assertTrue(qr.substring(qr.indexOf('#') + 1).chars().allMatch(Character::isDigit), qr);
        assertEquals(jws, QrText.toCompactJws(qr));
    }

    @Provide
    Arbitrary<byte[]> headers() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(120);
    }

    @Provide
    Arbitrary<byte[]> payloads() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(1500);
    }

    @Provide
    Arbitrary<byte[]> signatures() {
        return Arbitraries.bytes().array(byte[].class).ofSize(64);
    }

    @Property
    void base64urlRoundTrips(@ForAll("payloads") byte[] bytes) {
        String text = B64.encode(bytes);
        assertArrayEquals(bytes, B64.decode(text));
    }

    /** Canonical: every text B64 accepts is the one encoding of its bytes (so signed text and bytes correspond 1:1). */
    @Property
    void base64urlAcceptsOnlyCanonicalText(@ForAll("b64ish") String text) {
        byte[] bytes;
        try {
            bytes = B64.decode(text);
        } catch (IllegalArgumentException rejected) {
            Statistics.label("decode").collect("refused");
            return;
        }
        Statistics.label("decode").collect("accepted");
        assertEquals(text, B64.encode(bytes));
    }

    @Provide
    Arbitrary<String> b64ish() {
        return Arbitraries.strings().withChars(B64URL + "=+/").ofMinLength(0).ofMaxLength(12);
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
            assertTrue(r.detail().codePoints().noneMatch(VerifierFuzzTest::unsafeInDetail), "unsafe character in detail: " + r.detail());
        }
        return result;
    }

    /** Characters a detail must not carry: it is shown on the verify page and written to logs. */
    static boolean unsafeInDetail(int cp) {
        return Character.isISOControl(cp) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)
                || cp == 0x200E || cp == 0x200F || cp == 0x061C || Character.isSurrogate((char) cp);
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…(" + s.length() + " chars)";
    }
}
