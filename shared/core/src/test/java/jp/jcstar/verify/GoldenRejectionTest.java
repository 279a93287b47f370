package jp.jcstar.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import jp.jcstar.qr.QrText;
import jp.jcstar.verify.GoldenFixtures.Case;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rejection path of {@link LabelVerifier}, pinned by a committed golden fixture: the verifier must answer
 * each fixture's input with exactly its reason and detail. Fixtures are made by {@link GoldenFixtures#main}.
 */
class GoldenRejectionTest {
    static final LabelVerifier VERIFIER = new LabelVerifier(GoldenFixtures.keys());

    static List<Case> committed() throws IOException, URISyntaxException {
        return GoldenFixtures.readAll(
                Path.of(GoldenRejectionTest.class.getResource("golden").toURI()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("committed")
    void rejectedWithTheExactReasonAndDetail(Case c) {
        Verification result = VERIFIER.verify(c.input());
        var rejected = assertInstanceOf(Verification.Rejected.class, result, c.name() + ": " + c.rule());
        assertEquals(c.reason(), rejected.reason(), c.name() + ": " + c.rule());
        assertEquals(c.detail(), rejected.detail(), c.name() + ": " + c.rule());
    }

    @Test
    void everyRejectReasonHasAGoldenFixture() throws Exception {
        Set<RejectReason> covered = committed().stream()
                .map(Case::reason)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(RejectReason.class)));
        assertEquals(EnumSet.allOf(RejectReason.class), covered, "a RejectReason without a golden fixture");
    }

    @Test
    void committedFixturesAreExactlyWhatTheBuilderMakes() throws Exception {
        Map<String, Case> onDisk =
                committed().stream().collect(Collectors.toMap(Case::name, c -> c, (a, b) -> a, TreeMap::new));
        Map<String, Case> built = GoldenFixtures.cases().stream()
                .collect(Collectors.toMap(Case::name, c -> c, (a, b) -> a, TreeMap::new));
        assertEquals(built.keySet(), onDisk.keySet(), "fixture set is stale: run GoldenFixtures.main");
        built.forEach((name, c) -> assertEquals(c, onDisk.get(name), name + " is stale: run GoldenFixtures.main"));
    }

    /** The JWKS committed for the other verifiers (the site's node test) is the key set these cases are checked against. */
    @Test
    void committedJwksIsTheKeySetOfTheCases() throws Exception {
        Path file = GoldenFixtures.jwksFile(
                Path.of(GoldenRejectionTest.class.getResource("golden").toURI()));
        byte[] committed = java.nio.file.Files.readAllBytes(file);
        assertEquals(
                new String(GoldenFixtures.jwksJson(), java.nio.charset.StandardCharsets.UTF_8),
                new String(committed, java.nio.charset.StandardCharsets.UTF_8),
                file + " is stale: run GoldenFixtures.main");
        var fromFile = new LabelVerifier(
                jp.jcstar.signing.KeySet.parse(new String(committed, java.nio.charset.StandardCharsets.UTF_8)));
        assertInstanceOf(Verification.Verified.class, fromFile.verify(GoldenFixtures.label(true)));
    }

    /** The genuine labels committed for the other verifiers are the builder's, and each verifies here. */
    @Test
    void committedGenuineLabelsVerify() throws Exception {
        Path file = GoldenFixtures.validFile(
                Path.of(GoldenRejectionTest.class.getResource("golden").toURI()));
        assertEquals(
                new String(GoldenFixtures.validJson(), java.nio.charset.StandardCharsets.UTF_8),
                java.nio.file.Files.readString(file),
                file + " is stale: run GoldenFixtures.main");
        for (String input : GoldenFixtures.validInputs())
            assertInstanceOf(Verification.Verified.class, VERIFIER.verify(input), input);
    }

    /** The cases depart from a genuine label: if it did not verify, every case would be rejected for the wrong reason. */
    @Test
    void theGenuineLabelsTheCasesDepartFromVerify() {
        for (boolean deflate : new boolean[] {false, true}) {
            String jws = GoldenFixtures.label(deflate);
            for (String input : List.of(
                    jws,
                    QrText.of(GoldenFixtures.SITE, jws),
                    QrText.plain(GoldenFixtures.SITE, jws),
                    " " + jws + "\n")) {
                var v = assertInstanceOf(Verification.Verified.class, VERIFIER.verify(input), input);
                assertEquals(GoldenFixtures.KID, v.kid());
                assertEquals(jws, v.jws());
            }
        }
    }

    /** Boundaries that must pass: a 4,096-byte inflated payload (JSON padded with spaces) and an 8,192-character input. */
    @Test
    void limitsAreInclusive() {
        String zh = GoldenFixtures.header("ES256", GoldenFixtures.KID).replace("}", ",\"zip\":\"DEF\"}");
        assertInstanceOf(
                Verification.Verified.class,
                VERIFIER.verify(GoldenFixtures.signed(zh, GoldenFixtures.deflate(GoldenFixtures.padded(4096)))));
        String jws = GoldenFixtures.label(false);
        String atLimit = jws + " ".repeat(LabelVerifier.MAX_INPUT - jws.length());
        assertInstanceOf(Verification.Verified.class, VERIFIER.verify(atLimit));
    }
}
