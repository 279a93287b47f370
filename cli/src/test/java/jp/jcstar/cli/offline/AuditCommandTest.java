package jp.jcstar.cli.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.ArrayList;
import java.util.List;
import jp.jcstar.functions.Wiring;
import jp.jcstar.json.Json;
import jp.jcstar.label.Fixtures;
import jp.jcstar.local.LocalServer;
import jp.jcstar.local.OperatorToken;
import jp.jcstar.log.LogKey;
import jp.jcstar.registry.Publisher;
import jp.jcstar.registry.Registry;
import jp.jcstar.status.RevocationReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code jcstar audit} against the local server: a registry that serves what its log says passes; a
 * status or a label that differs from the log, and a log signed by another key than the trusted one, fail
 * with their exit codes.
 */
class AuditCommandTest {
    @TempDir
    Path home;

    @TempDir
    Path other;

    LocalServer server;
    Wiring wiring;
    String base;
    String token;
    int n;
    final List<String> ids = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        base = "http://127.0.0.1:" + port;
        wiring = Wiring.embedded(home, base, Clock.systemUTC());
        OperatorToken t = OperatorToken.loadOrCreate(home.resolve("operator-token"));
        token = t.value();
        server = new LocalServer(wiring, t, "127.0.0.1", port);
        server.start();
        for (int i = 0; i < 3; i++) issue();
        wiring.registry()
                .change(
                        ids.get(1),
                        Registry.Action.REVOKE,
                        RevocationReason.FRAUDULENT,
                        null,
                        "ipa-operator",
                        "audit test");
        wiring.registry()
                .change(
                        ids.get(2),
                        Registry.Action.SUSPEND,
                        RevocationReason.UNDER_INVESTIGATION,
                        null,
                        "ipa-operator",
                        "audit test");
        wiring.registry().change(ids.get(2), Registry.Action.REINSTATE, null, null, "ipa-operator", "audit test");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    void issue() throws Exception {
        var a = Fixtures.starOneApplication("AUDIT-" + (++n), List.of("AU-" + n), r -> "試験で確認");
        var r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(base + "/v1/labels"))
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(a.toString()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        ids.add(Json.MAPPER.readTree(r.body()).get("id").asText());
    }

    String[] audit(String... more) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new AuditCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        List<String> args = new ArrayList<>(List.of("--server", base));
        args.addAll(List.of(more));
        int exit = cl.execute(args.toArray(String[]::new));
        return new String[] {Integer.toString(exit), out.toString(), err.toString()};
    }

    @Test
    void aRegistryThatServesWhatItsLogSaysPassesWithProgress() {
        String[] r = audit();
        assertEquals("0", r[0], r[1] + r[2]);
        assertTrue(r[1].contains("consistent: 3 labels, 0 differences"), r[1]);
        assertTrue(r[2].contains("log: 6/6 entries read and hashed"), r[2]);
        assertTrue(r[2].contains("labels: 3/3 compared"), r[2]);
    }

    @Test
    void aStatusDocumentThatDiffersFromTheLogIsReported() {
        // the revoked label shown as valid again, without a logged reinstatement
        String id = ids.get(1);
        wiring.blobs()
                .put(
                        Publisher.LABEL_STATUS + id,
                        ("{\"id\":\"" + id + "\",\"status\":\"valid\",\"reason\":null}")
                                .getBytes(StandardCharsets.UTF_8),
                        Publisher.STATUS_DOCUMENT_TYPE);
        String[] r = audit();
        assertEquals("1", r[0], r[1] + r[2]);
        assertTrue(r[1].contains(id + ": status document says valid, the log says revoked (fraudulent)"), r[1]);
        assertTrue(r[1].contains("DIFFERENCES: 3 labels, 1 differences"), r[1]);
    }

    @Test
    void aLabelServedOtherThanLoggedIsReported() {
        String id = ids.get(0);
        String jws = new String(
                wiring.blobs()
                        .get(Publisher.LABEL_JWS + ids.get(2))
                        .orElseThrow()
                        .bytes(),
                StandardCharsets.US_ASCII);
        wiring.blobs().put(Publisher.LABEL_JWS + id, jws.getBytes(StandardCharsets.US_ASCII), Publisher.JWS_TYPE);
        String[] r = audit();
        assertEquals("1", r[0], r[1] + r[2]);
        assertTrue(r[1].contains(id + ": the label served is not the one logged (entry 0)"), r[1]);
    }

    @Test
    void aLogSignedByAnotherKeyThanTheTrustedOneIsRefused() throws Exception {
        Path key = other.resolve("log-key");
        Files.writeString(key, LogKey.generate("127.0.0.1/log").verifierKey() + "\n");
        String[] r = audit("--log-key", key.toString());
        assertEquals("3", r[0], r[1] + r[2]);
        assertTrue(r[2].contains("the transparency log is refused"), r[2]);
    }
}
