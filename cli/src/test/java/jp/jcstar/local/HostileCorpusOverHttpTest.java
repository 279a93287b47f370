package jp.jcstar.local;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import jp.jcstar.embedded.FolderBlobStore;
import jp.jcstar.embedded.H2LabelStore;
import jp.jcstar.functions.Wiring;
import jp.jcstar.functions.hostile.HostileCorpus;
import jp.jcstar.functions.hostile.HostileCorpusTestSupport;
import jp.jcstar.verify.TestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The hostile corpus again, this time as real HTTP requests to the local server (which builds its own
 * API Gateway events, checks the operator token and limits bodies before the handlers see anything).
 * A sample: every case that HTTP can carry (no lone surrogates, no events without headers), the
 * multi-megabyte bodies only in the oversized family. Same rules: never valid:true, never 5xx, exact
 * status and problem type or verdict.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileCorpusOverHttpTest {
    Path home;
    LocalServer server;
    OperatorToken token;
    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    void start() throws Exception {
        home = Files.createTempDirectory("hostile-http");
        int port = ServeCommand.freePort();
        Wiring w = new Wiring(
                new H2LabelStore("jdbc:h2:file:" + home.resolve("registry").toAbsolutePath()),
                new FolderBlobStore(home.resolve("files")),
                TestKeys.CORPUS_A,
                List.of(),
                HostileCorpus.CLOCK,
                HostileCorpus.SITE);
        token = OperatorToken.loadOrCreate(home.resolve("operator-token"));
        server = new LocalServer(w, token, "127.0.0.1", port);
        server.start();
    }

    @AfterAll
    void stop() {
        if (server != null) server.close();
    }

    static boolean sampled(ObjectNode c) {
        if (c.has("http") && !c.get("http").asBoolean()) return false;
        JsonNode recipe = c.get("bodyRecipe");
        boolean big = recipe != null
                && recipe.path("times").asInt() * recipe.path("unit").asText().length() > 1_000_000;
        return !big || c.get("family").asText().equals("oversized");
    }

    @TestFactory
    Stream<DynamicTest> sampleOfTheCorpusOverHttp() {
        List<ObjectNode> sample = HostileCorpus.load().stream()
                .filter(HostileCorpusOverHttpTest::sampled)
                .toList();
        assertTrue(sample.size() >= 200, "sample: " + sample.size());
        return sample.stream()
                .map(c -> DynamicTest.dynamicTest(c.get("name").asText(), () -> {
                    JsonNode e = c.get("event");
                    String method =
                            e.get("requestContext").get("http").get("method").asText();
                    String q = e.path("rawQueryString").asText("");
                    URI uri = URI.create("http://127.0.0.1:" + server.port()
                            + e.get("rawPath").asText() + (q.isEmpty() ? "" : "?" + q));
                    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
                    JsonNode ct = e.path("headers").get("content-type");
                    if (ct != null && !ct.asText().isEmpty()) b.header("Content-Type", ct.asText());
                    if (e.path("requestContext").has("authorizer"))
                        b.header("Authorization", "Bearer " + token.value());
                    byte[] body = HostileCorpus.bodyBytes(c);
                    b.method(
                            method,
                            body.length == 0
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofByteArray(body));
                    HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
                    String contentType = r.headers().firstValue("content-type").orElse(null);
                    boolean binary = contentType != null && contentType.startsWith("image/png");
                    HostileCorpusTestSupport.check(
                            c,
                            r.statusCode(),
                            contentType,
                            binary ? null : new String(r.body(), StandardCharsets.UTF_8));
                }));
    }
}
