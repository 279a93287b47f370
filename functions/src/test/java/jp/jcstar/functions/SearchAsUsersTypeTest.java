package jp.jcstar.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jp.jcstar.label.Fixtures;
import jp.jcstar.label.RegistrationNumber;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /v1/labels} as Japanese users type: normalised terms, lookup by registration number, unknown parameters refused. */
class SearchAsUsersTypeTest {
    @TempDir
    Path home;

    Wiring wiring;
    String router;
    String camera;

    @BeforeEach
    void issue() {
        wiring = Wiring.embedded(home, "https://registry.example.jp", Clock.systemUTC());
        router = issue("U-1", List.of("TN-WR5400"), "無線LANルータ TN-WR5400", "東都ネットワークス株式会社", "router");
        camera = issue("U-2", List.of("SC-300", "SC-300W"), "スマートホームカメラ SC-300", "株式会社サクラ電機", "camera");
    }

    String issue(String app, List<String> models, String product, String vendor, String category) {
        ObjectNode a = Fixtures.starOneApplication(app, models, r -> "確認済み");
        a.put("product", product);
        a.put("vendor", vendor);
        a.put("category", category);
        a.put("supportEnd", "2031-03-31");
        return wiring.registry()
                .issue(jp.jcstar.registry.ApplicationJson.parse(a))
                .label()
                .id();
    }

    static APIGatewayV2HTTPEvent get(
            String routeKey, String path, Map<String, String> query, Map<String, String> params) {
        var http = APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                .withMethod("GET")
                .withPath(path)
                .withProtocol("HTTP/1.1")
                .withSourceIp("203.0.113.10")
                .withUserAgent("test")
                .build();
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(routeKey)
                .withRawPath(path)
                .withRawQueryString("")
                .withHeaders(Map.of("accept", "application/json"))
                .withQueryStringParameters(query.isEmpty() ? null : query)
                .withPathParameters(params.isEmpty() ? null : params)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRouteKey(routeKey)
                        .withStage("$default")
                        .withRequestId("r")
                        .withHttp(http)
                        .build())
                .build();
    }

    APIGatewayV2HTTPResponse search(String... kv) {
        Map<String, String> q = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) q.put(kv[i], kv[i + 1]);
        return new SearchLabelsHandler(wiring.registry())
                .handleRequest(get("GET /v1/labels", "/v1/labels", q, Map.of()), null);
    }

    List<String> ids(String... kv) {
        APIGatewayV2HTTPResponse r = search(kv);
        assertEquals(200, r.getStatusCode(), r.getBody());
        List<String> out = new ArrayList<>();
        TestApi.json(r).get("items").forEach(i -> out.add(i.get("id").asText()));
        return out;
    }

    @Test
    void termsAreNormalisedAsTheStoredKeys() {
        assertEquals(List.of(router), ids("product", "ルーター"));
        assertEquals(List.of(router), ids("product", "無線 LAN ルーター"));
        for (String m : List.of("SC300", "ＳＣ－３００", "sc-300", "SCー300"))
            assertEquals(List.of(camera), ids("model", m), m);
        assertEquals(List.of(camera), ids("vendor", "サクラ 電機"));
    }

    @Test
    void unknownParametersAreA400NamingThem() {
        for (String[] kv : List.of(
                new String[] {"id", camera}, new String[] {"q", "ルータ"}, new String[] {"vendor", "x", "Model", "SC"})) {
            APIGatewayV2HTTPResponse r = search(kv);
            assertEquals(400, r.getStatusCode(), r.getBody());
            JsonNode p = TestApi.json(r);
            assertEquals("/problems/unknown-parameter", p.get("type").asText());
            String unknown = kv[0].equals("vendor") ? kv[2] : kv[0];
            assertTrue(p.get("detail").asText().contains(unknown), p.toString());
        }
        APIGatewayV2HTTPResponse dashes = search("model", "ーー-");
        assertEquals(400, dashes.getStatusCode(), "a term with nothing searchable is not a search for everything");
    }

    @Test
    void aLabelIsFoundByItsRegistrationNumberAsTyped() {
        String typedLower = camera.toLowerCase(Locale.ROOT).replace("-", "");
        String fullWidth = camera.chars()
                .mapToObj(c -> c == '-' ? "－" : new String(Character.toChars(c + 0xFEE0)))
                .reduce("", String::concat);
        for (String typed : List.of(camera, typedLower, fullWidth, " " + camera.replace("-", " ") + " ")) {
            assertEquals(java.util.Optional.of(camera), RegistrationNumber.canonical(typed), typed);
            APIGatewayV2HTTPResponse r = new GetLabelHandler(wiring.registry())
                    .handleRequest(get("GET /v1/labels/{id}", "/v1/labels/x", Map.of(), Map.of("id", typed)), null);
            assertEquals(200, r.getStatusCode(), typed + " " + r.getBody());
            assertEquals(camera, TestApi.json(r).get("id").asText());
        }
        assertEquals(java.util.Optional.of("JC26-0A1B1C10"), RegistrationNumber.canonical("jc26-oaibLc1o"));
        assertEquals(java.util.Optional.empty(), RegistrationNumber.canonical("JC26-ABC"));
    }
}
