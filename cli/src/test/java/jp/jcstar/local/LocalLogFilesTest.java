package jp.jcstar.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import jp.jcstar.functions.Wiring;
import jp.jcstar.label.Fixtures;
import jp.jcstar.log.Checkpoint;
import jp.jcstar.log.LogFollower;
import jp.jcstar.log.NoteVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local server serves the transparency log where CloudFront does, and a verifier can follow it over HTTP. */
class LocalLogFilesTest {
    @TempDir
    Path home;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theLogIsServedUnderFilesAndVerifiesOverHttp() throws Exception {
        int port = ServeCommand.freePort();
        Wiring w = Wiring.embedded(home, "http://127.0.0.1:" + port, Clock.systemUTC());
        try (LocalServer s =
                new LocalServer(w, OperatorToken.loadOrCreate(home.resolve("operator-token")), "127.0.0.1", port)) {
            s.start();
            String token =
                    OperatorToken.loadOrCreate(home.resolve("operator-token")).value();
            for (int i = 0; i < 3; i++) {
                var a = Fixtures.starOneApplication("LOG-" + i, List.of("M-" + i), r -> "試験で確認");
                var r = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/labels"))
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(a.toString()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(201, r.statusCode(), r.body());
            }
            var key = get(port, "/files/.well-known/jcstar-log-key").orElseThrow();
            LogFollower f = new LogFollower(
                    new NoteVerifier(new String(key, StandardCharsets.UTF_8)), p -> get(port, "/files/" + p));
            Checkpoint c = f.latest();
            assertEquals(3, c.size());
            assertEquals(3, f.entries(c, null).size());
            var tile = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/files/v1/log/tile/0/000.p/3"))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(96, tile.body().length);
            assertTrue(tile.headers().firstValue("cache-control").orElse("").contains("immutable"));
            assertEquals(Optional.empty(), get(port, "/files/v1/log/tile/0/999"));
            assertEquals(Optional.empty(), get(port, "/files/v1/export/../../keys/signing-key"));
            assertEquals(Optional.empty(), get(port, "/files/v1/log/tile//0"));
            assertEquals(Optional.empty(), get(port, "/files/v1/log/" + "x".repeat(600)));
        }
    }

    Optional<byte[]> get(int port, String path) {
        try {
            var r = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return r.statusCode() == 200 ? Optional.of(r.body()) : Optional.empty();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
