package jp.jcstar.functions.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jp.jcstar.embedded.FolderBlobStore;
import jp.jcstar.embedded.H2LabelStore;
import jp.jcstar.functions.ApiHandler;
import jp.jcstar.functions.Route;
import jp.jcstar.functions.Routes;
import jp.jcstar.functions.Wiring;
import jp.jcstar.verify.RejectReason;
import jp.jcstar.verify.TestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Replays the committed hostile corpus ({@link HostileCorpus}) through the Lambda handlers, each case
 * as the API Gateway event Lambda would hand over. Rules guarded: no forged label is ever answered
 * {@code valid: true}; no hostile input causes a 5xx; every answer has its exact expected status and
 * problem type or verification reason; problem documents are RFC 9457 shaped and never echo control or
 * bidi characters back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileCorpusTest {
    Path home;
    Wiring wiring;
    H2LabelStore store;
    final Map<String, ApiHandler> handlers = new HashMap<>();

    @BeforeAll
    void wire() throws java.io.IOException {
        home = java.nio.file.Files.createTempDirectory("hostile-corpus");
        store = new H2LabelStore("jdbc:h2:file:" + home.resolve("registry").toAbsolutePath());
        wiring = corpusWiring(store, new FolderBlobStore(home.resolve("files")));
        for (Route r : Routes.ALL) handlers.put(r.routeKey(), r.handler().apply(wiring));
    }

    @AfterAll
    void close() throws Exception {
        if (store instanceof AutoCloseable c) c.close();
    }

    /** The registry the corpus was written against: trusts exactly test key A, time fixed. */
    static Wiring corpusWiring(jp.jcstar.store.LabelStore store, jp.jcstar.store.BlobStore blobs) {
        return new Wiring(store, blobs, TestKeys.CORPUS_A, List.of(), HostileCorpus.CLOCK, HostileCorpus.SITE);
    }

    static APIGatewayV2HTTPEvent event(ObjectNode c) {
        return LambdaEventSerializers.serializerFor(
                        APIGatewayV2HTTPEvent.class, HostileCorpusTest.class.getClassLoader())
                .fromJson(HostileCorpus.eventJson(c));
    }

    @TestFactory
    Stream<DynamicTest> everyCaseThroughItsHandler() {
        return HostileCorpus.load().stream()
                .map(c -> DynamicTest.dynamicTest(c.get("name").asText(), () -> {
                    ApiHandler h = handlers.get(c.get("route").asText());
                    assertNotNull(h, "no route " + c.get("route"));
                    APIGatewayV2HTTPResponse r = h.handleRequest(event(c), null);
                    String body = r.getBody() == null ? "" : r.getBody();
                    HostileCorpusTestSupport.check(
                            c,
                            r.getStatusCode(),
                            r.getHeaders() == null ? null : r.getHeaders().get("content-type"),
                            r.getIsBase64Encoded() ? null : body);
                }));
    }

    @Test
    void theCorpusHasAtLeast200CasesAndCoversEveryRejectionClassAndEveryPublicRoute() {
        List<ObjectNode> all = HostileCorpus.load();
        assertTrue(all.size() >= 200, "cases: " + all.size());
        Set<String> reasons = all.stream()
                .map(c -> c.get("expect").path("reason"))
                .filter(JsonNode::isTextual)
                .map(JsonNode::asText)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> every = Arrays.stream(RejectReason.values())
                .map(RejectReason::code)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(every, reasons, "a rejection class without a forged label in the corpus");
        Set<String> routes =
                all.stream().map(c -> c.get("route").asText()).collect(Collectors.toCollection(TreeSet::new));
        Set<String> publicRoutes = Routes.ALL.stream()
                .filter(r -> !r.operator())
                .map(Route::routeKey)
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(
                routes.containsAll(publicRoutes),
                "public routes without hostile cases: " + difference(publicRoutes, routes));
    }

    @Test
    void theGoldenFilesAreWhatTheBuilderMakes() {
        List<ObjectNode> built = new ArrayList<>();
        HostileCorpus.build().values().forEach(built::addAll);
        List<ObjectNode> loaded = HostileCorpus.load();
        assertEquals(built.size(), loaded.size(), "golden files are stale: run HostileCorpus.main");
        for (int i = 0; i < built.size(); i++) {
            assertEquals(built.get(i), loaded.get(i), "golden case " + i + " is stale: run HostileCorpus.main");
        }
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> d = new TreeSet<>(a);
        d.removeAll(b);
        return d;
    }
}
