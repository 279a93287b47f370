package jp.jcstar.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.jcstar.functions.Wiring;
import jp.jcstar.json.Json;
import jp.jcstar.registry.Publisher;
import jp.jcstar.status.StatusListToken;
import jp.jcstar.store.LabelRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files a shopper's scan reads, as the local server serves them from the data folder: the JWKS and
 * status lists (CORS for any origin), each non-valid label's status document, every label's signed JWS;
 * with the cache lifetimes that bound the time from a revocation to the first scan that shows it.
 */
class PublishedStatusFilesTest {
    @TempDir
    static Path home;

    static LocalServer server;
    static String token;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        int port = ServeCommand.freePort();
        Wiring w = Wiring.embedded(home, "http://127.0.0.1:" + port, Clock.systemUTC());
        DemoData.seed(w);
        OperatorToken t = OperatorToken.loadOrCreate(home.resolve("operator-token"));
        token = t.value();
        server = new LocalServer(w, t, "127.0.0.1", port);
        server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<byte[]> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    static HttpResponse<byte[]> post(String path, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    static LabelRecord record(String applicationId) {
        return server.wiring()
                .registry()
                .store()
                .findByApplication(applicationId)
                .orElseThrow();
    }

    static int maxAge(HttpResponse<?> r) {
        Matcher m = Pattern.compile("max-age=(\\d+)")
                .matcher(r.headers().firstValue("cache-control").orElse(""));
        assertTrue(m.find(), "a max-age: " + r.headers().map());
        return Integer.parseInt(m.group(1));
    }

    static int entry(LabelRecord r) throws Exception {
        var list = get("/v1/status-lists/" + r.claims().status().list());
        assertEquals(200, list.statusCode());
        var parsed = StatusListToken.parse(
                new String(list.body(), StandardCharsets.US_ASCII),
                server.wiring().keys(),
                server.wiring().publisher().listUri(r.claims().status().list()),
                Instant.now());
        return parsed.list().get(r.claims().status().index());
    }

    @Test
    void theJwksAndStatusListsAreFilesOfTheDataFolderReadableFromAnyOrigin() throws Exception {
        var jwks = get("/.well-known/jwks.json");
        assertEquals(200, jwks.statusCode());
        assertEquals(
                "*", jwks.headers().firstValue("access-control-allow-origin").orElse(""));
        assertEquals(
                Files.readString(home.resolve("files").resolve(".well-known/jwks.json")),
                new String(jwks.body(), StandardCharsets.UTF_8));
        var list = get("/v1/status-lists/1");
        assertEquals(
                "*", list.headers().firstValue("access-control-allow-origin").orElse(""));
        assertEquals(
                StatusListToken.MEDIA_TYPE,
                list.headers().firstValue("content-type").orElse(""));
        assertEquals(
                Files.readString(home.resolve("files").resolve("v1/status-lists/1")),
                new String(list.body(), StandardCharsets.US_ASCII));
        String etag = list.headers().firstValue("etag").orElseThrow();
        var again = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/status-lists/1"))
                        .header("If-None-Match", etag)
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(304, again.statusCode(), "an unchanged list revalidates to a 304");
    }

    @Test
    void aRevokedLabelHasAStatusDocumentWithReasonAndDateAndEveryLabelItsJwsFile() throws Exception {
        LabelRecord revoked = record("DEMO-0011");
        var doc = get("/v1/label-status/" + revoked.id());
        assertEquals(200, doc.statusCode());
        JsonNode d = Json.parse(doc.body());
        assertEquals(revoked.id(), d.get("id").asText());
        assertEquals("revoked", d.get("status").asText());
        assertEquals("nonconformity", d.get("reason").asText());
        assertEquals(
                revoked.stateEffectiveAt().toString(),
                d.get("statusEffectiveAt").asText());
        assertEquals(revoked.claims().status().list(), d.get("s").get(0).asInt());
        assertEquals(revoked.claims().status().index(), d.get("s").get(1).asInt());
        assertFalse(
                doc.headers().firstValue("access-control-allow-origin").isPresent(), "CORS on the JWKS and lists only");
        assertEquals(1, entry(revoked));

        LabelRecord valid = record("DEMO-0005");
        assertEquals(
                404,
                get("/v1/label-status/" + valid.id()).statusCode(),
                "a label never changed has no status document");
        var jws = get("/v1/label-jws/" + valid.id());
        assertEquals(200, jws.statusCode());
        assertEquals(valid.jws(), new String(jws.body(), StandardCharsets.US_ASCII));
        assertEquals(
                Publisher.JWS_TYPE, jws.headers().firstValue("content-type").orElse(""));
        assertEquals(404, get("/v1/label-jws/JC26-00000000").statusCode());
    }

    /**
     * The bound between a revocation and the next scan that shows it: the files are written before the
     * operator's request returns, so the bound is the cache lifetime a scan may still see — the list's
     * ttl (the page's own copy) plus the served max-age (the CDN's copy, template.yaml uses the same 60 s):
     * at most 2 minutes.
     */
    @Test
    void aRevocationIsInTheServedFilesWhenTheOperatorsRequestReturnsAndCachesHoldItAtMostTwoMinutes() throws Exception {
        LabelRecord r = record("DEMO-0008");
        assertEquals(0, entry(r));
        var list = get("/v1/status-lists/" + r.claims().status().list());
        var parsed = StatusListToken.parse(
                new String(list.body(), StandardCharsets.US_ASCII),
                server.wiring().keys(),
                server.wiring().publisher().listUri(r.claims().status().list()),
                Instant.now());
        assertTrue(
                parsed.ttl().getSeconds() + maxAge(list) <= 120, "ttl " + parsed.ttl() + " + max-age " + maxAge(list));
        assertTrue(maxAge(get("/v1/label-status/" + record("DEMO-0011").id())) <= 60);

        var revoked = post("/v1/labels/" + r.id() + "/revocation", "{\"reason\":\"fraudulent\",\"note\":\"bound\"}");
        assertEquals(200, revoked.statusCode(), new String(revoked.body(), StandardCharsets.UTF_8));
        assertEquals(1, entry(r), "the list served right after the request shows the revocation");
        JsonNode d = Json.parse(get("/v1/label-status/" + r.id()).body());
        assertEquals("revoked", d.get("status").asText());
        assertEquals("fraudulent", d.get("reason").asText());
    }

    @Test
    void aReinstatedLabelsDocumentSaysValidAgain() throws Exception {
        LabelRecord r = record("DEMO-0009");
        assertEquals(
                200,
                post("/v1/labels/" + r.id() + "/suspension", "{\"reason\":\"under-investigation\",\"note\":\"t\"}")
                        .statusCode());
        assertEquals(2, entry(r));
        assertEquals(
                "suspended",
                Json.parse(get("/v1/label-status/" + r.id()).body())
                        .get("status")
                        .asText());
        assertEquals(
                200,
                post("/v1/labels/" + r.id() + "/reinstatement", "{\"note\":\"t\"}")
                        .statusCode());
        assertEquals(0, entry(r));
        assertEquals(
                "valid",
                Json.parse(get("/v1/label-status/" + r.id()).body())
                        .get("status")
                        .asText());
    }
}
