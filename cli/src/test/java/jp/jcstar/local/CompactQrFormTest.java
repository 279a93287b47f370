package jp.jcstar.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import jp.jcstar.cli.QrImages;
import jp.jcstar.functions.Wiring;
import jp.jcstar.json.Json;
import jp.jcstar.qr.QrCodes;
import jp.jcstar.qr.QrText;
import jp.jcstar.store.LabelRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compact QR form (registration number only, for small packaging): version 4 or lower at level M;
 * offered by the API (qrTextCompact, ?form=compact on the images) and the CLI (--qr-form compact, CompactQrCliTest); the full
 * form stays the default; POST /v1/verify accepts it. (The verify page reading it: EdgeVerifyBrowserTest.)
 */
class CompactQrFormTest {
    @TempDir
    static Path home;

    static LocalServer server;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        int port = ServeCommand.freePort();
        Wiring w = Wiring.embedded(home, "http://127.0.0.1:" + port, Clock.systemUTC());
        DemoData.seed(w);
        server = new LocalServer(w, OperatorToken.loadOrCreate(home.resolve("operator-token")), "127.0.0.1", port);
        server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<byte[]> send(String method, String path, String body) throws Exception {
        var b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        if (body != null)
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static LabelRecord record(String applicationId) {
        return server.wiring()
                .registry()
                .store()
                .findByApplication(applicationId)
                .orElseThrow();
    }

    @Test
    void theCompactFormIsVersionFourOrLowerAtLevelMForARealisticHost() {
        for (String base : new String[] {
            "https://jcstar.example.jp", "https://d1a2b3c4d5e6f7.cloudfront.net", "https://registry.jc-star.ipa.go.jp"
        }) {
            String text = QrText.ofRegistrationNumber(base, "JC26-4F7K2M9Q");
            assertTrue(text.endsWith("/v#JC26-4F7K2M9Q"), text);
            assertTrue(QrCodes.version(text) <= 4, base + ": version " + QrCodes.version(text));
        }
        assertEquals(
                "JC26-4F7K2M9Q",
                QrText.registrationNumber("HTTPS://JCSTAR.EXAMPLE.JP/v#JC26-4F7K2M9Q")
                        .orElseThrow());
        assertTrue(
                QrText.registrationNumber("HTTPS://JCSTAR.EXAMPLE.JP/v#2012345").isEmpty());
        assertTrue(QrText.registrationNumber("eyJhbGciOiJFUzI1NiJ9").isEmpty());
    }

    @Test
    void theApiOffersBothFormsFullByDefaultAndVerifiesTheCompactOne() throws Exception {
        LabelRecord r = record("DEMO-0005");
        JsonNode label = Json.parse(send("GET", "/v1/labels/" + r.id(), null).body());
        String compact = label.get("qrTextCompact").asText();
        assertTrue(compact.endsWith("/v#" + r.id()), compact);
        assertTrue(label.get("qrText").asText().contains("/v#2"), "the full form stays the default");

        Path png = home.resolve("compact.png");
        Files.write(
                png,
                send("GET", "/v1/labels/" + r.id() + "/qr.png?form=compact", null)
                        .body());
        assertEquals(compact, QrImages.read(png).orElseThrow());
        Path full = home.resolve("full.png");
        Files.write(full, send("GET", "/v1/labels/" + r.id() + "/qr.png", null).body());
        assertEquals(label.get("qrText").asText(), QrImages.read(full).orElseThrow());
        String art = new String(
                send("GET", "/v1/labels/" + r.id() + "/artwork.svg?form=compact", null)
                        .body(),
                java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(art.startsWith("<svg") || art.contains("<svg"), art);
        assertEquals(
                400,
                send("GET", "/v1/labels/" + r.id() + "/qr.svg?form=tiny", null).statusCode());

        JsonNode v = Json.parse(send("POST", "/v1/verify", "{\"label\":" + Json.writeString(compact) + "}")
                .body());
        assertTrue(v.get("valid").asBoolean(), v.toString());
        JsonNode unknown = Json.parse(send("POST", "/v1/verify", "{\"label\":\"HTTPS://X.EXAMPLE/v#JC26-00000000\"}")
                .body());
        assertFalse(unknown.get("valid").asBoolean());
        assertEquals("unknown", unknown.get("status").asText(), unknown.toString());
    }
}
