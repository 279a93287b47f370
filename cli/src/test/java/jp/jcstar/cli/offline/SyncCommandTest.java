package jp.jcstar.cli.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import jp.jcstar.lint.SuppressForbidden;
import jp.jcstar.signing.KeySet;
import jp.jcstar.signing.LocalKeySigner;
import jp.jcstar.status.StatusList;
import jp.jcstar.status.StatusListToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jcstar sync} against a scripted server: nothing is written unless every list verifies, an
 * older list never replaces a newer one, validators go back as If-None-Match / If-Modified-Since, and
 * a server without ETags still works (Last-Modified, or plain re-download).
 */
@SuppressForbidden(
        "com.sun.net.httpserver is the JDK's supported HTTP server (module jdk.httpserver), not an internal class")
class SyncCommandTest {
    @TempDir
    Path dir;

    HttpServer server;
    String base;
    final Map<String, byte[]> files = new ConcurrentHashMap<>();
    final Map<String, String> lastModified = new ConcurrentHashMap<>();
    final List<String> requests = new CopyOnWriteArrayList<>();
    final LocalKeySigner operator = LocalKeySigner.generate();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", this::serve);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        files.put(
                "/.well-known/jwks.json",
                KeySet.of(operator.publicKey()).toJson().getBytes(StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** A plain server: no ETag; Last-Modified only where the test sets it. */
    private void serve(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String ims = ex.getRequestHeaders().getFirst("If-Modified-Since");
            String inm = ex.getRequestHeaders().getFirst("If-None-Match");
            requests.add(path + (ims == null ? "" : " ims=" + ims) + (inm == null ? "" : " inm=" + inm));
            byte[] body = files.get(path);
            if (body == null) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            String lm = lastModified.get(path);
            if (lm != null) ex.getResponseHeaders().set("Last-Modified", lm);
            if (lm != null && lm.equals(ims)) {
                ex.sendResponseHeaders(304, -1);
                return;
            }
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
        }
    }

    String list(LocalKeySigner signer, int n, Instant iat) {
        return new StatusListToken(
                        base + "/v1/status-lists/" + n,
                        StatusList.builder(StatusList.MIN_SIZE).set(7, 1).build(),
                        iat,
                        iat.plus(Duration.ofDays(3)),
                        Duration.ofHours(1))
                .sign(signer);
    }

    OfflineVerificationEndToEndTest.Run sync() {
        return OfflineVerificationEndToEndTest.run(new SyncCommand(), dir.toString(), "--server", base + "/");
    }

    @Test
    void aListSignedByAKeyOutsideTheJwksIsRefusedAndNothingIsWritten() {
        files.put(
                "/v1/status-lists/1",
                list(LocalKeySigner.generate(), 1, Instant.now()).getBytes(StandardCharsets.US_ASCII));
        var r = sync();
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("unknown-kid"), r.err());
        assertFalse(Files.exists(dir.resolve("jwks.json")), "nothing written, not even the keys");
        assertFalse(Files.exists(dir.resolve("sync.json")));
        assertFalse(Files.exists(dir.resolve("status-lists/1.jwt")));
    }

    @Test
    void aListForAnotherUriIsRefusedWhenTheSiteBaseIsGiven() {
        files.put("/v1/status-lists/1", list(operator, 1, Instant.now()).getBytes(StandardCharsets.US_ASCII));
        var r = OfflineVerificationEndToEndTest.run(
                new SyncCommand(), dir.toString(), "--server", base, "--site-base", "https://registry.example.jp");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("wrong-subject"), r.err());
        assertFalse(Files.exists(dir.resolve("sync.json")));
    }

    @Test
    void anOlderListNeverReplacesANewerOne() throws IOException {
        Instant now = Instant.now();
        String fresh = list(operator, 1, now);
        files.put("/v1/status-lists/1", fresh.getBytes(StandardCharsets.US_ASCII));
        assertEquals(0, sync().exit());
        files.put(
                "/v1/status-lists/1",
                list(operator, 1, now.minus(Duration.ofHours(2))).getBytes(StandardCharsets.US_ASCII));
        var r = sync();
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("older than the local copy"), r.err());
        assertEquals(fresh, Files.readString(dir.resolve("status-lists/1.jwt")));
    }

    @Test
    void everyListUntilThe404IsSyncedAndLastModifiedIsSentBack() throws IOException {
        Instant now = Instant.now();
        files.put("/v1/status-lists/1", list(operator, 1, now).getBytes(StandardCharsets.US_ASCII));
        files.put("/v1/status-lists/2", list(operator, 2, now).getBytes(StandardCharsets.US_ASCII));
        lastModified.put("/v1/status-lists/1", "Wed, 01 Apr 2026 00:00:00 GMT");
        var first = sync();
        assertEquals(0, first.exit(), first.err());
        assertTrue(Files.exists(dir.resolve("status-lists/1.jwt")));
        assertTrue(Files.exists(dir.resolve("status-lists/2.jwt")));
        assertTrue(requests.contains("/v1/status-lists/3"), "stops at the first 404: " + requests);
        assertFalse(requests.contains("/v1/status-lists/4"), requests.toString());
        assertTrue(Files.readString(dir.resolve("sync.json")).contains("\"siteBase\":\"" + base + "\""));

        requests.clear();
        var second = sync();
        assertEquals(0, second.exit(), second.err());
        assertTrue(requests.contains("/v1/status-lists/1 ims=Wed, 01 Apr 2026 00:00:00 GMT"), requests.toString());
        assertTrue(second.out().contains("status-lists/1.jwt     unchanged (304 Not Modified)"), second.out());
        assertTrue(
                second.out().contains("status-lists/2.jwt     downloaded, same content"),
                "no validators: downloaded again " + second.out());
        assertTrue(second.out().contains("jwks.json              downloaded, same content"), second.out());
    }

    String listFor(LocalKeySigner signer, String uri, Instant iat) {
        return new StatusListToken(
                        uri,
                        StatusList.builder(StatusList.MIN_SIZE).build(),
                        iat,
                        iat.plus(Duration.ofDays(3)),
                        Duration.ofHours(1))
                .sign(signer);
    }

    /**
     * The whole snapshot from before a key rotation: the old key set alone and a list signed by the retired
     * key, older than the one synced after the rotation. The local copy does not verify under the old key
     * set, which must not make sync forget how new a list it has seen.
     */
    @Test
    void anOlderSnapshotFromBeforeAKeyRotationIsRefused() throws IOException {
        Instant now = Instant.now();
        LocalKeySigner retired = LocalKeySigner.generate();
        String old = list(retired, 1, now.minus(Duration.ofHours(6)));
        String rotated = list(operator, 1, now); // signed with the current key, revocations included
        files.put(
                "/.well-known/jwks.json",
                KeySet.of(operator.publicKey(), retired.publicKey()).toJson().getBytes(StandardCharsets.UTF_8));
        files.put("/v1/status-lists/1", rotated.getBytes(StandardCharsets.US_ASCII));
        assertEquals(0, sync().exit());

        files.put(
                "/.well-known/jwks.json",
                KeySet.of(retired.publicKey()).toJson().getBytes(StandardCharsets.UTF_8));
        files.put("/v1/status-lists/1", old.getBytes(StandardCharsets.US_ASCII));
        var r = sync();
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.err().contains("refusing to go back"), r.err());
        assertEquals(rotated, Files.readString(dir.resolve("status-lists/1.jwt")));
    }

    /** The lists name another registry (another sub) than the one the folder was first synced from. */
    @Test
    void aServerWhoseListsNameAnotherSubIsRefused() throws IOException {
        Instant now = Instant.now();
        String first = list(operator, 1, now.minus(Duration.ofHours(1)));
        files.put("/v1/status-lists/1", first.getBytes(StandardCharsets.US_ASCII));
        assertEquals(0, sync().exit());

        files.put(
                "/v1/status-lists/1",
                listFor(operator, "https://other.example/v1/status-lists/1", now)
                        .getBytes(StandardCharsets.US_ASCII));
        var r = sync();
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.err().contains("wrong-subject"), r.err());
        assertEquals(first, Files.readString(dir.resolve("status-lists/1.jwt")));

        var given = OfflineVerificationEndToEndTest.run(
                new SyncCommand(), dir.toString(), "--server", base, "--site-base", "https://other.example");
        assertEquals(1, given.exit());
        assertTrue(given.err().contains("first synced"), given.err());
    }

    /** What sync has seen survives the loss of the local copy: deleting the list file does not reopen the door. */
    @Test
    void theNewestIssuedAtIsKeptEvenWhenTheLocalCopyIsGone() throws IOException {
        Instant now = Instant.now();
        files.put("/v1/status-lists/1", list(operator, 1, now).getBytes(StandardCharsets.US_ASCII));
        assertEquals(0, sync().exit());
        Files.delete(dir.resolve("status-lists/1.jwt"));
        files.put(
                "/v1/status-lists/1",
                list(operator, 1, now.minus(Duration.ofHours(2))).getBytes(StandardCharsets.US_ASCII));
        var r = sync();
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.err().contains("refusing to go back"), r.err());
    }

    /** A snapshot from before list 2 existed drops it: refused, the labels in list 2 would lose their status. */
    @Test
    void aSnapshotThatNoLongerPublishesAListSeenBeforeIsRefused() {
        Instant now = Instant.now();
        files.put("/v1/status-lists/1", list(operator, 1, now).getBytes(StandardCharsets.US_ASCII));
        files.put("/v1/status-lists/2", list(operator, 2, now).getBytes(StandardCharsets.US_ASCII));
        assertEquals(0, sync().exit());
        files.remove("/v1/status-lists/2");
        var r = sync();
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.err().contains("status list 2"), r.err());
    }
}
