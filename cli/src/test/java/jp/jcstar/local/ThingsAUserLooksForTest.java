package jp.jcstar.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import jp.jcstar.functions.Wiring;
import jp.jcstar.json.Json;
import jp.jcstar.status.LabelState;
import jp.jcstar.store.LabelQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The about page linked from every page, problem types that resolve, the list of status lists, an expired demo label. */
class ThingsAUserLooksForTest {
    @TempDir
    Path home;

    final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> get(LocalServer s, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void whatAUserLooksForIsThere() throws Exception {
        int port = ServeCommand.freePort();
        Wiring w = Wiring.embedded(home, "http://127.0.0.1:" + port, Clock.systemUTC());
        DemoData.seed(w);
        new LocalSweep(w).runNow();
        try (LocalServer s =
                new LocalServer(w, OperatorToken.loadOrCreate(home.resolve("operator-token")), "127.0.0.1", port)) {
            s.start();
            // a problem's type resolves to the page that explains it
            var refused = get(s, "/v1/labels?q=router");
            assertEquals(400, refused.statusCode());
            String type = Json.parse(refused.body().getBytes(StandardCharsets.UTF_8))
                    .get("type")
                    .asText();
            assertEquals("/problems/unknown-parameter", type);
            var page = get(s, type);
            assertEquals(200, page.statusCode());
            assertTrue(page.headers().firstValue("content-type").orElse("").startsWith("text/html"));
            assertTrue(page.body().contains("/assets/page-problems.js"), page.body());
            assertEquals(200, get(s, "/assets/problems.js").statusCode());
            assertTrue(get(s, "/assets/problems.js").body().contains("'unknown-parameter'"));

            // the about page, linked with the open data from every page of the site this module serves
            assertEquals(200, get(s, "/about.html").statusCode());
            for (String p : List.of("/", "/label.html", "/requirements.html", "/about.html", "/problems/not-found")) {
                String html = get(s, p).body();
                assertTrue(html.contains("about.html\" data-i18n=\"nav.about\""), p);
                assertTrue(html.contains("href=\"/v1/export/labels.csv\""), p);
            }
            String about = get(s, "/about.html").body();
            for (String id : List.of(
                    "id=\"label\"",
                    "id=\"verdicts\"",
                    "id=\"report\"",
                    "id=\"developers\"",
                    "/.well-known/jwks.json",
                    "/v1/status-lists")) {
                assertTrue(about.contains(id), id);
            }

            // the status lists, listed
            var lists = get(s, "/v1/status-lists");
            assertEquals(200, lists.statusCode(), lists.body());
            JsonNode l = Json.parse(lists.body().getBytes(StandardCharsets.UTF_8));
            assertEquals(1, l.get("lists").get(0).get("number").asInt());
            assertEquals(
                    "http://127.0.0.1:" + port + "/v1/status-lists/1",
                    l.get("lists").get(0).get("uri").asText());
            assertEquals(200, get(s, l.get("lists").get(0).get("path").asText()).statusCode());
        }
        // the demo data has an expired label (the sweep stored it)
        var expired = w.registry()
                .store()
                .search(new LabelQuery(null, null, null, null, null, LabelState.EXPIRED), null, 10)
                .items();
        assertEquals(
                List.of("DEMO-0014"),
                expired.stream().map(r -> r.applicationId()).toList());
    }

    @Test
    void readmeExamplesUseTheCurrentQrForm() throws Exception {
        String readme = java.nio.file.Files.readString(Path.of("..", "README.md"));
        assertTrue(!readme.contains("/v#1"), "README shows the old QR form v#1");
        try (InputStream in = getClass().getResourceAsStream("/site/assets/i18n.js")) {
            assertTrue(
                    new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("v#2"), "the site's hint shows v#2");
        }
    }
}
