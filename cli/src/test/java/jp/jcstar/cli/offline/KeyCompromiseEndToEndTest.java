package jp.jcstar.cli.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;
import jp.jcstar.functions.Wiring;
import jp.jcstar.json.Json;
import jp.jcstar.label.Fixtures;
import jp.jcstar.label.LabelClaims;
import jp.jcstar.local.LocalServer;
import jp.jcstar.local.OperatorToken;
import jp.jcstar.log.KeyStatus;
import jp.jcstar.log.KeyStatusCheck;
import jp.jcstar.offline.OfflineAnswer;
import jp.jcstar.offline.OfflineFolder;
import jp.jcstar.offline.OfflineStatus;
import jp.jcstar.offline.OfflineVerifier;
import jp.jcstar.registry.ApplicationJson;
import jp.jcstar.registry.KeyCompromise;
import jp.jcstar.registry.VerifyAnswer;
import jp.jcstar.signing.Kids;
import jp.jcstar.signing.LabelSigner;
import jp.jcstar.status.LabelState;
import jp.jcstar.verify.LabelVerifier;
import jp.jcstar.verify.Verification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A key compromise without reprinting, end to end on the laptop wiring (docs/transparency-log.md, "Key
 * compromise"): labels issued with key K, K marked compromised as of T, then a label the registry issues with
 * K after T, a label the thief signs with K outside the registry, and a thief's label reusing a genuine label's
 * id. The API's verifier ({@code POST /v1/verify}) and the offline verifier ({@code jcstar sync} then
 * {@link OfflineVerifier}) accept only the labels the log proves logged before T, with the note, and refuse the
 * rest with {@code key-compromised}; a key-status document with a bad signature refuses every label (fail
 * closed). With {@code -Djcstar.writeKeyCompromiseVectors=DIR} it also writes the files and answers that the
 * site's node test ({@code registry-site/test/keystatus.test.mjs}) checks {@code keystatus.js} against.
 */
class KeyCompromiseEndToEndTest {
    @TempDir
    Path home;

    @TempDir
    Path offline;

    LocalServer server;
    Wiring wiring;
    String base;
    String token;
    final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    final Instant t = now.minus(Duration.ofHours(1));

    @BeforeEach
    void start() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        base = "http://127.0.0.1:" + port;
        wiring = Wiring.embedded(home, base, Clock.systemUTC());
        OperatorToken tk = OperatorToken.loadOrCreate(home.resolve("operator-token"));
        token = tk.value();
        server = new LocalServer(wiring, tk, "127.0.0.1", port);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    String issueAt(Instant at, int n) {
        var app = ApplicationJson.parse(
                Fixtures.starOneApplication("KEY-COMPROMISE-" + n, List.of("KC-" + n), r -> "試験で確認"));
        return wiring.registryAt(Clock.fixed(at, ZoneOffset.UTC))
                .issue(app)
                .label()
                .record()
                .jws();
    }

    VerifyAnswer api(String jws) throws Exception {
        // through the HTTP route, as a verifier calls it; the registry's answer is read back from its JSON
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("label", jws);
        var r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(base + "/v1/verify"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        var j = Json.parse(r.body().getBytes(StandardCharsets.UTF_8));
        return new VerifyAnswer(
                j.path("valid").asBoolean(),
                LabelState.fromCode(j.path("status").asText()),
                j.path("reason").isTextual() ? j.path("reason").asText() : null,
                j.path("detail").isTextual() ? j.path("detail").asText() : null,
                null,
                null);
    }

    String[] jcstar(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = jp.jcstar.cli.Jcstar.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new String[] {Integer.toString(exit), out.toString(), err.toString()};
    }

    String[] sync() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new SyncCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(offline.toString(), "--server", base);
        return new String[] {Integer.toString(exit), out.toString(), err.toString()};
    }

    @Test
    void labelsLoggedBeforeTheCompromisePassTheOthersFailWithTheirOwnReasonInEveryVerifier() throws Exception {
        String pre1 = issueAt(now.minus(Duration.ofHours(3)), 1);
        String pre2 = issueAt(now.minus(Duration.ofHours(2)), 2);
        String kid = Kids.of(wiring.signer().publicKey());

        // before any mark: plain answers, no note
        VerifyAnswer plain = api(pre1);
        assertTrue(plain.valid(), plain.detail());
        assertNull(plain.detail());

        // the operator marks K through the CLI, which calls the operator route (the use case behind both)
        String[] marked =
                jcstar("keys", "compromise", "--kid", kid, "--since", t.toString(), "--server", base, "--token", token);
        assertEquals("0", marked[0], marked[2]);
        assertTrue(
                marked[1].contains(
                        kid + "  compromised since " + t + "  its labels among log entries 0..1 keep verifying"),
                marked[1]);
        KeyStatus.Compromise mark =
                wiring.keyCompromise().current().orElseThrow().find(kid).orElseThrow();
        assertEquals(2, mark.logSizeAtT(), "both labels were logged before T");
        assertEquals(t, mark.compromisedAt());
        // the key stays in the JWKS: old labels still verify by signature
        assertTrue(wiring.keys().find(kid).isPresent());

        // the thief: the registry (with the stolen key) after T, and K used outside the registry
        String post = issueAt(now.minus(Duration.ofMinutes(30)), 3);
        String forged = new LabelSigner(wiring.signer(), true).sign(Fixtures.typicalJapanese());
        LabelClaims genuine = ((Verification.Verified) new LabelVerifier(wiring.keys()).verify(pre1)).claims();
        // the thief reuses a genuine label's id (and list entry) for another product
        String copied = new LabelSigner(wiring.signer(), true)
                .sign(new LabelClaims(
                        genuine.id(),
                        genuine.level(),
                        List.of("FAKE-1"),
                        "偽造品",
                        genuine.vendor(),
                        genuine.category(),
                        genuine.supportEnd(),
                        genuine.issuedAt(),
                        genuine.validUntil(),
                        genuine.status()));

        // the API
        for (String pre : List.of(pre1, pre2)) {
            VerifyAnswer a = api(pre);
            assertTrue(a.valid(), a.detail());
            assertEquals(LabelState.VALID, a.status());
            assertTrue(
                    a.detail()
                            .matches("signed with key " + kid + ", withdrawn on " + t
                                    + "; logged before it as entry [01]"),
                    a.detail());
        }
        VerifyAnswer late = api(post);
        assertFalse(late.valid());
        assertEquals(LabelState.INVALID, late.status());
        assertEquals(KeyStatusCheck.KEY_COMPROMISED, late.reason());
        assertTrue(
                late.detail().endsWith("logged as entry 2, after the 2 entries logged before the withdrawal"),
                late.detail());
        VerifyAnswer thief = api(forged);
        assertEquals(KeyStatusCheck.KEY_COMPROMISED, thief.reason(), thief.detail());
        assertTrue(thief.detail().endsWith("; not in the log"), thief.detail());
        VerifyAnswer copy = api(copied);
        assertEquals(KeyStatusCheck.KEY_COMPROMISED, copy.reason(), copy.detail());
        assertTrue(copy.detail().contains("is not the issuance of this label"), copy.detail());
        // the refusal is its own reason, not the signature's: the signatures are genuine
        assertFalse(List.of("bad-signature", "unknown-kid").contains(thief.reason()));

        // offline: jcstar sync stores the document and the log's issuances before N
        String[] synced = sync();
        assertEquals("0", synced[0], synced[2]);
        assertTrue(synced[1].contains("withdrawn keys") && synced[1].contains(kid + " since " + t), synced[1]);
        OfflineVerifier ov = OfflineVerifier.open(offline, Clock.systemUTC());
        for (String pre : List.of(pre1, pre2)) {
            OfflineAnswer a = ov.verify(pre);
            assertTrue(a.valid(), a.detail());
            assertTrue(a.detail().contains("logged before it as entry"), a.detail());
        }
        for (String bad : List.of(post, forged, copied)) {
            OfflineAnswer a = ov.verify(bad);
            assertFalse(a.valid());
            assertEquals(OfflineStatus.INVALID, a.status());
            assertEquals(KeyStatusCheck.KEY_COMPROMISED, a.reason(), a.detail());
            assertNull(a.claims(), "a refused label's claims are not shown");
        }

        String vectors = System.getProperty("jcstar.writeKeyCompromiseVectors");
        if (vectors != null) writeVectors(Path.of(vectors), kid, List.of(pre1, pre2, post, forged, copied), ov);

        // a key-status document with a bad signature: refused, and no label passes (fail closed)
        Path doc = home.resolve("files").resolve(KeyStatus.KEY);
        String good = Files.readString(doc);
        Files.writeString(doc, tampered(good));
        wiring.keyStatus().refresh();
        for (String any : List.of(pre1, pre2, post)) {
            VerifyAnswer a = api(any);
            assertFalse(a.valid());
            assertEquals(LabelState.UNKNOWN, a.status());
            assertEquals(KeyStatusCheck.KEY_STATUS_UNVERIFIED, a.reason(), a.detail());
        }
        String[] refused = sync();
        assertEquals("1", refused[0], refused[1]);
        assertTrue(refused[2].contains("key-status document's signature does not verify"), refused[2]);
        assertEquals(
                good,
                Files.readString(offline.resolve(OfflineFolder.KEY_STATUS)),
                "a refused sync leaves the folder as it was");
        Files.writeString(offline.resolve(OfflineFolder.KEY_STATUS), tampered(good));
        OfflineAnswer closed = OfflineVerifier.open(offline, Clock.systemUTC()).verify(pre1);
        assertFalse(closed.valid());
        assertEquals(KeyStatusCheck.KEY_STATUS_UNVERIFIED, closed.reason(), closed.detail());

        // a document removed after it was synced: the sync refuses (a mark is never undone)
        Files.writeString(offline.resolve(OfflineFolder.KEY_STATUS), good);
        Files.delete(doc);
        String[] gone = sync();
        assertEquals("1", gone[0]);
        assertTrue(gone[2].contains("no longer serves its key-status document"), gone[2]);
    }

    /** The note with one signature byte changed. */
    static String tampered(String note) {
        int sig = note.lastIndexOf(' ') + 20; // inside the Ed25519 signature, past the key hash
        char c = note.charAt(sig);
        return note.substring(0, sig) + (c == 'A' ? 'B' : 'A') + note.substring(sig + 1);
    }

    /**
     * The files the site reads (log key, key-status document and a tampered copy, checkpoint, tiles, bundles)
     * and each label with the answer the Java verifiers gave, for registry-site/test/keystatus.test.mjs.
     */
    void writeVectors(Path dir, String kid, List<String> labels, OfflineVerifier ov) throws Exception {
        Path files = home.resolve("files");
        try (Stream<Path> all = Files.walk(files)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                String rel = files.relativize(p).toString().replace('\\', '/');
                if (rel.endsWith("..content-type")) continue; // the folder store's note of the type
                if (!rel.startsWith(".well-known/") && !rel.startsWith("v1/log/")) continue;
                Path to = dir.resolve("files").resolve(rel);
                Files.createDirectories(to.getParent());
                Files.write(to, Files.readAllBytes(p));
            }
        }
        Files.writeString(
                dir.resolve("files").resolve(KeyStatus.KEY + "-bad-signature"),
                tampered(Files.readString(files.resolve(KeyStatus.KEY))));
        var cases = JsonNodeFactory.instance.arrayNode();
        String[] names = {"logged-before-1", "logged-before-2", "issued-after", "forged-outside", "forged-copy-of-id"};
        for (int i = 0; i < labels.size(); i++) {
            VerifyAnswer a = api(labels.get(i));
            var c = cases.addObject().put("name", names[i]).put("jws", labels.get(i));
            String id = new LabelVerifier(wiring.keys()).verify(labels.get(i)) instanceof Verification.Verified v
                    ? v.claims().id()
                    : null;
            var logIndex = ((jp.jcstar.store.LogStore) wiring.registry().store()).logIndexes(id);
            if (!logIndex.isEmpty()) c.put("logIndex", logIndex.getFirst());
            c.put("accepted", a.valid());
            if (a.reason() != null) c.put("reason", a.reason());
            if (a.valid()) c.put("note", a.detail());
            assertEquals(a.valid(), ov.verify(labels.get(i)).valid(), "API and offline agree on " + names[i]);
        }
        Files.writeString(
                dir.resolve("cases.json"),
                JsonNodeFactory.instance
                                .objectNode()
                                .put("kid", kid)
                                .set("labels", cases)
                                .toPrettyString() + "\n");
    }

    /** A marked key keeps its earlier mark, and the use case refuses unknown keys and times to come. */
    @Test
    void theMarkOnlyMovesBackAndBadInputIsRefused() {
        String kid = Kids.of(wiring.signer().publicKey());
        assertThrows(KeyCompromise.Refused.class, () -> wiring.compromiseKey("AAAAAAAAAAAAAAAA", t));
        String[] unknown = jcstar(
                "keys",
                "compromise",
                "--kid",
                "AAAAAAAAAAAAAAAA",
                "--since",
                t.toString(),
                "--server",
                base,
                "--token",
                token);
        assertEquals("1", unknown[0], unknown[2]);
        assertTrue(unknown[2].contains("not one of the operator's published keys"), unknown[2]);
        String[] future = jcstar(
                "keys",
                "compromise",
                "--kid",
                kid,
                "--since",
                now.plus(Duration.ofDays(1)).toString(),
                "--server",
                base,
                "--token",
                token);
        assertEquals("2", future[0], future[2]);
        String[] anonymous = jcstar(
                "keys", "compromise", "--kid", kid, "--since", t.toString(), "--server", base, "--token", "wrong");
        assertEquals("2", anonymous[0], "the route is the operator's: " + anonymous[2]);
        assertThrows(KeyCompromise.Refused.class, () -> wiring.compromiseKey(kid, now.plus(Duration.ofDays(1))));
        assertEquals(
                List.of(),
                wiring.keyCompromise().current().orElseThrow().compromised(),
                "a refused mark publishes nothing (the document of a new registry lists no key)");
        wiring.compromiseKey(kid, t);
        KeyStatus.Compromise later = wiring.compromiseKey(kid, now);
        assertEquals(t, later.compromisedAt(), "a later time does not replace the earlier mark");
        KeyStatus.Compromise earlier = wiring.compromiseKey(kid, t.minus(Duration.ofHours(1)));
        assertEquals(t.minus(Duration.ofHours(1)), earlier.compromisedAt());
    }
}
