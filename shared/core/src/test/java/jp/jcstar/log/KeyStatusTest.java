package jp.jcstar.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import jp.jcstar.json.Json;
import org.junit.jupiter.api.Test;

/**
 * The key-status document (signed note of the log key) and the rule every verifier applies
 * ({@link KeyStatusCheck}), on the vectors that the site's node test (keystatus.test.mjs) checks too.
 */
class KeyStatusTest {
    static final Instant T = Instant.parse("2026-11-30T00:00:00Z");
    static final LogKey KEY = LogKey.generate("example.org/log");

    static Path vectors() throws URISyntaxException {
        return Path.of(KeyStatusTest.class.getResource("key-compromise").toURI());
    }

    @Test
    void signedOpenedAndRefusedWhenTamperedOrOfAnotherKey() {
        KeyStatus s = KeyStatus.empty(KEY.name(), T).with(new KeyStatus.Compromise("abcDEF0123456789", T, 42), T);
        String note = s.sign(KEY);
        assertEquals(s, KeyStatus.open(new NoteVerifier(KEY.verifierKey()), note));
        String body = note.substring(0, note.indexOf("\n\n") + 1);
        assertEquals(
                "jcstar-key-status v1\nexample.org/log\n2026-11-30T00:00:00Z\n"
                        + "compromised abcDEF0123456789 2026-11-30T00:00:00Z 42\n",
                body);
        String tampered = note.replace(" 42\n", " 43\n");
        var e = assertThrows(
                LogVerificationException.class, () -> KeyStatus.open(new NoteVerifier(KEY.verifierKey()), tampered));
        assertEquals("the key-status document's signature does not verify", e.getMessage());
        LogKey other = LogKey.generate(KEY.name());
        assertThrows(LogVerificationException.class, () -> KeyStatus.open(new NoteVerifier(other.verifierKey()), note));
    }

    @Test
    void aCheckpointAndAKeyStatusDocumentNeverReadAsEachOther() {
        NoteVerifier v = new NoteVerifier(KEY.verifierKey());
        String checkpoint = KEY.sign(new Checkpoint(KEY.name(), 3, new byte[32]));
        assertThrows(LogVerificationException.class, () -> KeyStatus.open(v, checkpoint));
        String status = KeyStatus.empty(KEY.name(), T).sign(KEY);
        assertThrows(LogVerificationException.class, () -> v.open(status));
    }

    @Test
    void theParserTakesOnlyTheCanonicalForm() {
        String good = "jcstar-key-status v1\nexample.org/log\n2026-12-01T00:00:00Z\n"
                + "compromised abcDEF0123456789 2026-11-30T00:00:00Z 42\n";
        assertEquals(42, KeyStatus.parse(good).compromised().getFirst().logSizeAtT());
        for (String bad : List.of(
                good.replace(" 42", " 042"),
                good.replace("v1", "v2"),
                good.replace("compromised ", "withdrawn "),
                good.substring(0, good.length() - 1),
                good + "compromised abcDEF0123456789 2026-11-30T00:00:00Z 41\n",
                good.replace("2026-12-01T00:00:00Z", "2026-12-01T09:00:00+09:00"))) {
            assertThrows(IllegalArgumentException.class, () -> KeyStatus.parse(bad), bad);
        }
    }

    @Test
    void aMarkMovesBackNeverForward() {
        KeyStatus s = KeyStatus.empty(KEY.name(), T).with(new KeyStatus.Compromise("k1", T, 10), T);
        KeyStatus later = s.with(new KeyStatus.Compromise("k1", T.plusSeconds(60), 12), T.plusSeconds(90));
        assertEquals(new KeyStatus.Compromise("k1", T, 10), later.find("k1").orElseThrow());
        KeyStatus earlier = s.with(new KeyStatus.Compromise("k1", T.minusSeconds(60), 8), T.plusSeconds(90));
        assertEquals(
                new KeyStatus.Compromise("k1", T.minusSeconds(60), 8),
                earlier.find("k1").orElseThrow());
        assertEquals(1, earlier.compromised().size());
    }

    @Test
    void theRuleAcceptsOnlyAProvenIndexBelowN() {
        KeyStatus s = KeyStatus.empty(KEY.name(), T).with(new KeyStatus.Compromise("k1", T, 10), T);
        var plain = KeyStatusCheck.decide(s, "k2", "JC1", "a.b.c", (id, jws) -> {
            throw new AssertionError("an unlisted key needs no proof");
        });
        assertTrue(plain.accepted());
        assertEquals(null, plain.note());
        var before = KeyStatusCheck.decide(s, "k1", "JC1", "a.b.c", (id, jws) -> OptionalLong.of(9));
        assertTrue(before.accepted());
        assertEquals(
                "signed with key k1, withdrawn on 2026-11-30T00:00:00Z; logged before it as entry 9", before.note());
        var at = KeyStatusCheck.decide(s, "k1", "JC1", "a.b.c", (id, jws) -> OptionalLong.of(10));
        assertFalse(at.accepted());
        assertEquals(KeyStatusCheck.KEY_COMPROMISED, at.reason());
        var none = KeyStatusCheck.decide(s, "k1", "JC1", "a.b.c", (id, jws) -> OptionalLong.empty());
        assertEquals(KeyStatusCheck.KEY_COMPROMISED, none.reason());
        var unproven = KeyStatusCheck.decide(s, "k1", "JC1", "a.b.c", (id, jws) -> {
            throw new LogVerificationException("tile missing");
        });
        assertEquals(KeyStatusCheck.KEY_COMPROMISED, unproven.reason());
        assertTrue(unproven.detail().contains("tile missing"), unproven.detail());
    }

    /** The committed vectors: the Java rule over the static files gives the answers written with them. */
    @Test
    void theSharedVectorsDecideAsCommitted() throws Exception {
        Path dir = vectors();
        Path files = dir.resolve("files");
        java.util.function.Function<String, Optional<byte[]>> fetch = p -> {
            try {
                Path f = files.resolve(p);
                return Files.exists(f) ? Optional.of(Files.readAllBytes(f)) : Optional.empty();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        NoteVerifier key =
                new NoteVerifier(new String(fetch.apply(LogPublisher.KEY).orElseThrow(), StandardCharsets.UTF_8));
        KeyStatus status = KeyStatus.open(key, fetch.apply(KeyStatus.KEY).orElseThrow());
        assertThrows(
                LogVerificationException.class,
                () -> KeyStatus.open(
                        key, fetch.apply(KeyStatus.KEY + "-bad-signature").orElseThrow()));
        LogFollower follower = new LogFollower(key, fetch);
        Checkpoint c = follower.latest();
        JsonNode cases = Json.parse(Files.readAllBytes(dir.resolve("cases.json")));
        String kid = cases.path("kid").asText();
        int n = 0;
        for (JsonNode k : cases.path("labels")) {
            String jws = k.path("jws").asText();
            String id = labelId(jws);
            var d = KeyStatusCheck.decide(status, kid, id, jws, (labelId, j) -> {
                if (!k.has("logIndex")) return OptionalLong.empty();
                follower.provenIssuance(c, k.path("logIndex").asLong(), labelId, j);
                return OptionalLong.of(k.path("logIndex").asLong());
            });
            assertEquals(
                    k.path("accepted").asBoolean(), d.accepted(), k.path("name").asText() + ": " + d.detail());
            if (d.accepted()) assertEquals(k.path("note").asText(), d.note());
            else assertEquals(k.path("reason").asText(), d.reason());
            n++;
        }
        assertEquals(5, n);
    }

    /** The label id from the payload (these vectors' payloads are deflated JSON). */
    static String labelId(String jws) throws Exception {
        byte[] p = java.util.Base64.getUrlDecoder().decode(jws.split("\\.")[1]);
        var inf = new java.util.zip.Inflater(true);
        inf.setInput(p);
        byte[] out = new byte[4096];
        int len = inf.inflate(out);
        return Json.parse(java.util.Arrays.copyOf(out, len)).path("id").asText();
    }
}
