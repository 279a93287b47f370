package jp.jcstar.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import javax.imageio.ImageIO;
import jp.jcstar.functions.Wiring;
import jp.jcstar.json.Json;
import jp.jcstar.label.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole story over real HTTP against the local server, including a restart. */
class LocalServerEndToEndTest {
    @TempDir
    Path home;

    final HttpClient http = HttpClient.newHttpClient();

    LocalServer start() throws Exception {
        int port = ServeCommand.freePort();
        Wiring w = Wiring.embedded(home, "http://127.0.0.1:" + port, Clock.systemUTC());
        LocalServer s =
                new LocalServer(w, OperatorToken.loadOrCreate(home.resolve("operator-token")), "127.0.0.1", port);
        s.start();
        return s;
    }

    HttpResponse<byte[]> send(LocalServer s, String method, String path, String body, String token) throws Exception {
        var b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path));
        if (token != null) b.header("Authorization", "Bearer " + token);
        if (body != null)
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        else b.method(method, HttpRequest.BodyPublishers.noBody());
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static JsonNode json(HttpResponse<byte[]> r) {
        return Json.parse(r.body());
    }

    static String application() {
        ObjectNode a = Fixtures.starOneApplication("E2E-1", List.of("TN-WR5400", "TN-WR5400S"), r -> "試験で確認");
        a.put("product", "無線LANルータ TN-WR5400");
        a.put("vendor", "東都ネットワークス株式会社");
        a.put("category", "router");
        a.put("supportEnd", "2030-09-30");
        return a.toString();
    }

    @Test
    void issueQrDecodeVerifyRevokeRefuseAnonymousRestartStory() throws Exception {
        String token;
        String id;
        try (LocalServer s = start()) {
            token = OperatorToken.loadOrCreate(home.resolve("operator-token")).value();
            var issued = send(s, "POST", "/v1/labels", application(), token);
            assertEquals(201, issued.statusCode(), new String(issued.body(), StandardCharsets.UTF_8));
            id = json(issued).get("id").asText();

            var png = send(s, "GET", "/v1/labels/" + id + "/qr.png", null, null);
            assertEquals(200, png.statusCode());
            assertEquals("image/png", png.headers().firstValue("content-type").orElse(""));
            var image = ImageIO.read(new ByteArrayInputStream(png.body()));
            // as `jcstar verify --image` reads it (ZXing's detector alone misses a few per cent of fresh symbols)
            String scanned = jp.jcstar.cli.QrImages.read(image).orElseThrow();
            assertTrue(scanned.startsWith("HTTP://127.0.0.1:" + s.port() + "/v#2"), scanned);

            var verdict = json(send(s, "POST", "/v1/verify", "{\"label\":" + Json.writeString(scanned) + "}", null));
            assertTrue(verdict.get("valid").asBoolean(), verdict.toString());
            assertEquals("東都ネットワークス株式会社", verdict.get("label").get("vendor").asText());

            var revoked = send(
                    s,
                    "POST",
                    "/v1/labels/" + id + "/revocation",
                    "{\"reason\":\"nonconformity\",\"note\":\"e2e\"}",
                    token);
            assertEquals(200, revoked.statusCode(), new String(revoked.body(), StandardCharsets.UTF_8));
            var after = json(send(s, "POST", "/v1/verify", "{\"label\":" + Json.writeString(scanned) + "}", null));
            assertFalse(after.get("valid").asBoolean());
            assertEquals("revoked", after.get("status").asText());
            assertEquals("nonconformity", after.get("reason").asText());

            var anonymous = send(s, "POST", "/v1/labels/" + id + "/suspension", "{\"reason\":\"nonconformity\"}", null);
            assertEquals(401, anonymous.statusCode());
            assertFalse(
                    new String(anonymous.body(), java.nio.charset.StandardCharsets.UTF_8)
                            .contains(home.toAbsolutePath().toString()),
                    "the 401 does not tell a caller where the data folder is");
            var wrongToken = send(s, "POST", "/v1/labels", application(), "not-the-token-but-long-enough-000000000");
            assertEquals(401, wrongToken.statusCode());
        }
        try (LocalServer again = start()) {
            var r = send(again, "GET", "/v1/labels/" + id, null, null);
            assertEquals(200, r.statusCode());
            assertEquals("revoked", json(r).get("status").asText());
            assertEquals(
                    token,
                    OperatorToken.loadOrCreate(home.resolve("operator-token")).value());
        }
    }

    @Test
    void siteAndWellKnownFilesAreServedWithAStrictCsp() throws Exception {
        try (LocalServer s = start()) {
            var page = send(s, "GET", "/v", null, null);
            assertEquals(200, page.statusCode());
            assertTrue(page.headers()
                    .firstValue("content-security-policy")
                    .orElse("")
                    .contains("default-src 'self'"));
            assertTrue(new String(page.body(), StandardCharsets.UTF_8).contains("<html"));
            var jwks = json(send(s, "GET", "/.well-known/jwks.json", null, null));
            assertEquals("ES256", jwks.get("keys").get(0).get("alg").asText());
            assertEquals(404, send(s, "GET", "/../../etc/passwd", null, null).statusCode());
            assertEquals(405, send(s, "DELETE", "/v1/labels", null, null).statusCode());
        }
    }
}
