package jp.jcstar.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import jp.jcstar.registry.Registry;
import jp.jcstar.signing.KeySet;
import jp.jcstar.signing.LocalKeySigner;
import jp.jcstar.store.LabelStore;
import jp.jcstar.verify.LabelVerifier;
import org.junit.jupiter.api.Test;

/**
 * An {@link IllegalArgumentException} from our own code is our bug: a 500 with an incident id that
 * leaks nothing, not a 400 that blames the caller; input the domain refuses is still a 4xx.
 */
class RejectedInputMappingTest {
    /** A store with a bug: every call throws a plain IllegalArgumentException. */
    static LabelStore buggyStore() {
        return (LabelStore) Proxy.newProxyInstance(
                LabelStore.class.getClassLoader(), new Class<?>[] {LabelStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close")) return null;
                    throw new IllegalArgumentException("secret internal detail: bad index 42");
                });
    }

    static Registry registry(LabelStore store) {
        LocalKeySigner signer = LocalKeySigner.generate();
        return Registry.readOnly(
                store,
                new LabelVerifier(KeySet.of(signer.publicKey())),
                Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC),
                "https://registry.example.jp");
    }

    static APIGatewayV2HTTPEvent get(String routeKey, String path, Map<String, String> pathParameters) {
        return APIGatewayV2HTTPEvent.builder()
                .withRouteKey(routeKey)
                .withRawPath(path)
                .withPathParameters(pathParameters)
                .withHeaders(Map.of())
                .build();
    }

    @Test
    void anIllegalArgumentExceptionFromOurCodeIsA500WithAnIncidentId() {
        var handler = new GetLabelHandler(registry(buggyStore()));
        var resp = handler.handleRequest(
                get("GET /v1/labels/{id}", "/v1/labels/JC26-ABCDEFGH", Map.of("id", "JC26-ABCDEFGH")), null);
        assertEquals(500, resp.getStatusCode(), resp.getBody());
        JsonNode p = TestApi.json(resp);
        assertEquals("/problems/internal-error", p.get("type").asText());
        assertTrue(p.get("detail").asText().matches(".*incident [0-9a-f-]{36}.*"), p.toString());
        assertFalse(resp.getBody().contains("secret internal detail"), resp.getBody());
    }

    @Test
    void aRefusedInputIsStillTheCallersFault() {
        // a cursor the stores did not make: the store says so with a rejected-input exception, not a plain one
        var store = new jp.jcstar.embedded.H2LabelStore("jdbc:h2:mem:rejected-" + System.nanoTime());
        try {
            var handler = new SearchLabelsHandler(registry(store));
            var resp = handler.handleRequest(
                    APIGatewayV2HTTPEvent.builder()
                            .withRouteKey("GET /v1/labels")
                            .withRawPath("/v1/labels")
                            .withQueryStringParameters(Map.of("cursor", "bm90LWEtY3Vyc29y"))
                            .withHeaders(Map.of())
                            .build(),
                    null);
            assertEquals(400, resp.getStatusCode(), resp.getBody());
            assertEquals("/problems/bad-cursor", TestApi.json(resp).get("type").asText());
        } finally {
            store.close();
        }
    }
}
