package jp.jcstar.functions.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import jp.jcstar.embedded.FolderBlobStore;
import jp.jcstar.embedded.H2LabelStore;
import jp.jcstar.functions.ApiHandler;
import jp.jcstar.functions.Route;
import jp.jcstar.functions.Routes;
import jp.jcstar.functions.Wiring;
import jp.jcstar.functions.hostile.HostileCorpus;
import jp.jcstar.functions.hostile.TestKeys;
import jp.jcstar.json.Json;
import jp.jcstar.registry.ApplicationJson;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Property-based fuzzing of every public handler (and, as a careless operator, the operator ones):
 * arbitrary bodies, query parameters, path parameters, headers, content types and base64 flags. The
 * properties: never a 5xx; every 4xx is a well-formed RFC 9457 problem document; a verification is
 * {@code valid: true} only for the genuine label itself.
 *
 * <p>Tries per property come from {@code jqwik.tries.default} (src/test/resources/junit-platform.properties:
 * small, for a fast build). The big run: {@code mvn -pl functions -am test -Pfuzz} (12,500 per
 * property × 9 properties ≥ 100,000 inputs); {@link #report} prints the count.
 */
class HandlerFuzzTest {
    static Wiring wiring;
    static Map<String, ApiHandler> handlers = new HashMap<>();
    static String genuineJws;
    static String genuineQr;
    static final AtomicLong inputs = new AtomicLong();
    static long started;

    @BeforeContainer
    static void wire() throws Exception {
        Path home = Files.createTempDirectory("fuzz");
        wiring = new Wiring(new H2LabelStore("jdbc:h2:file:" + home.resolve("registry").toAbsolutePath()), new FolderBlobStore(home.resolve("files")),
                TestKeys.A, List.of(), HostileCorpus.CLOCK, HostileCorpus.SITE);
        for (Route r : Routes.ALL) handlers.put(r.routeKey(), r.handler().apply(wiring));
        var issued = wiring.registry().issue(ApplicationJson.parse(Json.parse(FuzzSupport.application("FUZZ-0"))));
        genuineJws = issued.label().record().jws();
        genuineQr = issued.label().qrText();
        started = System.nanoTime();
    }

    @AfterContainer
    static void report() {
        System.out.printf("HandlerFuzzTest: %,d generated requests in %.1f s%n", inputs.get(), (System.nanoTime() - started) / 1e9);
    }

    // ------------------------------------------------------------------ properties

    @Property
    void verifyNeverFailsAndNeverAcceptsAForgery(@ForAll("labels") String label, @ForAll("contentTypes") String contentType,
            @ForAll("jsonShapes") String shape, @ForAll boolean base64) {
        String body = shape.replace("%LABEL%", Json.writeString(label));
        APIGatewayV2HTTPResponse r = call("POST /v1/verify", Map.of(), null, headers(contentType), body, base64);
        if (r.getStatusCode() == 200) {
            JsonNode v = Json.parse(r.getBody());
            if (v.path("valid").asBoolean()) {
                // any wrapping (host, case of the URL, QR numeric form) is fine: what is signed must be the genuine label, byte for byte
                String jws;
                try {
                    jws = jp.jcstar.qr.QrText.toCompactJws(label);
                } catch (jp.jcstar.qr.QrText.FormatException e) {
                    throw new AssertionError("valid:true for unreadable QR text: " + label);
                }
                assertEquals(genuineJws, jws, "valid:true for something that is not the genuine label: " + label);
            }
        }
    }

    @Property
    void batchVerifyNeverFails(@ForAll("labelLists") List<String> labels, @ForAll("contentTypes") String contentType) {
        var arr = Json.MAPPER.createArrayNode();
        labels.forEach(arr::add);
        call("POST /v1/verify/batch", Map.of(), null, headers(contentType), "{\"labels\":" + arr + "}", false);
    }

    @Property
    void arbitraryBodiesOnEveryBodyRoute(@ForAll("bodyRoutes") String route, @ForAll("bodies") String body,
            @ForAll("contentTypes") String contentType, @ForAll boolean base64) {
        call(route, route.contains("{id}") ? Map.of("id", "JC26-0000ZZZZ") : Map.of(), null, headers(contentType), body, base64);
    }

    @Property
    void applicationsFromTheWildNeverFailIssuance(@ForAll("applications") String application) {
        APIGatewayV2HTTPResponse r = call("POST /v1/labels", Map.of(), null, headers("application/json"), application, false);
        assertTrue(Set.of(200, 201, 400, 413, 422).contains(r.getStatusCode()), r.getStatusCode() + " " + r.getBody());
    }

    @Property
    void labelIdsInEveryIdRoute(@ForAll("idRoutes") String route, @ForAll("ids") String id) {
        String body = route.startsWith("POST") ? "{\"reason\":\"nonconformity\"}" : null;
        APIGatewayV2HTTPResponse r = call(route, Map.of("id", id), null, headers(body == null ? null : "application/json"), body, false);
        assertTrue(r.getStatusCode() == 200 || r.getStatusCode() == 404 || r.getStatusCode() == 409, r.getStatusCode() + " " + r.getBody());
    }

    @Property
    void searchParameters(@ForAll("queries") Map<String, String> query) {
        APIGatewayV2HTTPResponse r = call("GET /v1/labels", Map.of(), query, headers(null), null, false);
        assertTrue(Set.of(200, 400, 414).contains(r.getStatusCode()), r.getStatusCode() + " " + r.getBody());
    }

    @Property
    void statusListNumbers(@ForAll("listNumbers") String n) {
        APIGatewayV2HTTPResponse r = call("GET /v1/status-lists/{n}", Map.of("n", n), null, headers(null), null, false);
        assertTrue(Set.of(200, 400, 404).contains(r.getStatusCode()), n + " → " + r.getStatusCode() + " " + r.getBody());
    }

    @Property
    void everyPublicGetRouteWithArbitraryHeadersAndQueries(@ForAll("getRoutes") String route, @ForAll("headerMaps") Map<String, String> headers,
            @ForAll("queries") Map<String, String> query) {
        Map<String, String> params = route.contains("{id}") ? Map.of("id", "JC26-0000ZZZZ") : route.contains("{n}") ? Map.of("n", "1") : Map.of();
        call(route, params, query, headers, null, false);
    }

    @Property
    void eventsMissingTheirParts(@ForAll("allRoutes") String route, @ForAll boolean noHeaders, @ForAll boolean noContext,
            @ForAll boolean noPathParameters, @ForAll("bodies") String body) {
        ApiHandler h = handlers.get(route);
        var ctx = noContext ? null : APIGatewayV2HTTPEvent.RequestContext.builder().withRouteKey(route).build();
        var e = APIGatewayV2HTTPEvent.builder().withRouteKey(route).withRawPath(noPathParameters ? null : "/x")
                .withHeaders(noHeaders ? null : Map.of("content-type", "application/json")).withRequestContext(ctx).withBody(body).build();
        check(h.handleRequest(e, null));
    }

    // ------------------------------------------------------------------ calling and checking

    static Map<String, String> headers(String contentType) {
        Map<String, String> h = new HashMap<>();
        h.put("host", "fuzz.execute-api.ap-northeast-1.amazonaws.com");
        if (contentType != null) h.put("content-type", contentType);
        return h;
    }

    static APIGatewayV2HTTPResponse call(String route, Map<String, String> pathParams, Map<String, String> query, Map<String, String> headers,
            String body, boolean base64) {
        Route r = Routes.ALL.stream().filter(x -> x.routeKey().equals(route)).findFirst().orElseThrow();
        String path = r.path();
        for (var p : pathParams.entrySet()) path = path.replace("{" + p.getKey() + "}", p.getValue());
        StringBuilder raw = new StringBuilder();
        if (query != null) query.forEach((k, v) -> raw.append(raw.isEmpty() ? "" : "&").append(k).append('=').append(v));
        var ctx = APIGatewayV2HTTPEvent.RequestContext.builder().withRouteKey(route).withStage("$default").withRequestId("fuzz")
                .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(r.method()).withPath(path).build());
        if (r.operator()) {
            ctx.withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                    .withIam(APIGatewayV2HTTPEvent.RequestContext.IAM.builder().withUserArn("arn:aws:sts::123456789012:assumed-role/Op/fuzz").build()).build());
        }
        String b = body == null ? null : base64 ? Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)) : body;
        var e = APIGatewayV2HTTPEvent.builder().withVersion("2.0").withRouteKey(route).withRawPath(path).withRawQueryString(raw.toString())
                .withHeaders(headers).withQueryStringParameters(query == null || query.isEmpty() ? null : query)
                .withPathParameters(pathParams.isEmpty() ? null : pathParams).withBody(b).withIsBase64Encoded(base64 && body != null)
                .withRequestContext(ctx.build()).build();
        APIGatewayV2HTTPResponse resp = handlers.get(route).handleRequest(e, null);
        check(resp);
        return resp;
    }

    /** Never 5xx; a 4xx is a problem document whose members agree with the response. */
    static void check(APIGatewayV2HTTPResponse r) {
        inputs.incrementAndGet();
        int s = r.getStatusCode();
        assertTrue(s < 500, "server error: " + r.getBody());
        if (s >= 400) {
            assertTrue(r.getHeaders().get("content-type").startsWith("application/problem+json"), r.getHeaders().toString());
            JsonNode p = Json.parse(r.getBody());
            assertTrue(p.isObject());
            assertTrue(p.path("type").asText().matches("/problems/[a-z0-9-]+"), r.getBody());
            assertFalse(p.path("title").asText().isBlank(), r.getBody());
            assertEquals(s, p.path("status").asInt(), r.getBody());
        } else if (!r.getIsBase64Encoded() && r.getHeaders().get("content-type").contains("json")) {
            Json.parse(r.getBody());
        }
    }

    // ------------------------------------------------------------------ generators

    @Provide
    Arbitrary<String> labels() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(300),
                Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.").ofMaxLength(400),
                FuzzSupport.mutations(() -> genuineJws),
                FuzzSupport.mutations(() -> genuineQr),
                Arbitraries.just("").map(x -> genuineJws),
                Arbitraries.strings().numeric().ofMaxLength(200).map(d -> HostileCorpus.SITE + "/v#1" + d));
    }

    @Provide
    Arbitrary<List<String>> labelLists() {
        return labels().list().ofMaxSize(8);
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.oneOf(
                Arbitraries.of("application/json", "application/json; charset=utf-8", "APPLICATION/JSON", "text/plain", "application/jsonx",
                        "application/json; charset=latin1", "", "multipart/form-data", "application/json;;", "application/json; charset"),
                Arbitraries.strings().all().ofMaxLength(40));
    }

    @Provide
    Arbitrary<String> jsonShapes() {
        return Arbitraries.of("{\"label\":%LABEL%}", "{\"label\":%LABEL%,\"label\":%LABEL%}", "{\"label\":[%LABEL%]}", "[%LABEL%]", "%LABEL%",
                "{\"label\":%LABEL%} trailing", "{\"label\":{\"label\":%LABEL%}}", "{\"label\":%LABEL%,\"x\":1e999999}");
    }

    @Provide
    Arbitrary<String> bodies() {
        return FuzzSupport.bodies();
    }

    @Provide
    Arbitrary<String> applications() {
        return FuzzSupport.applications();
    }

    @Provide
    Arbitrary<String> bodyRoutes() {
        return Arbitraries.of(Routes.ALL.stream().filter(r -> r.method().equals("POST")).map(Route::routeKey).toList());
    }

    @Provide
    Arbitrary<String> idRoutes() {
        return Arbitraries.of(Routes.ALL.stream().filter(r -> r.path().contains("{id}")).map(Route::routeKey).toList());
    }

    @Provide
    Arbitrary<String> getRoutes() {
        return Arbitraries.of(Routes.ALL.stream().filter(r -> r.method().equals("GET")).map(Route::routeKey).toList());
    }

    @Provide
    Arbitrary<String> allRoutes() {
        return Arbitraries.of(Routes.ALL.stream().map(Route::routeKey).toList());
    }

    @Provide
    Arbitrary<String> ids() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(80),
                Arbitraries.strings().withChars("JC0123456789ABCDEFGHJKMNPQRSTVWXYZ-").ofMinLength(1).ofMaxLength(40),
                Arbitraries.strings().withChars("./%2e\\0").ofMinLength(1).ofMaxLength(30),
                Arbitraries.integers().between(1, 5000).map("A"::repeat));
    }

    @Provide
    Arbitrary<String> listNumbers() {
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMinLength(1).ofMaxLength(20), Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(12),
                Arbitraries.integers().between(-5, 300).map(String::valueOf));
    }

    @Provide
    Arbitrary<Map<String, String>> queries() {
        Arbitrary<String> keys = Arbitraries.oneOf(Arbitraries.of("vendor", "model", "product", "category", "level", "status", "limit", "cursor"),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(10));
        Arbitrary<String> values = Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(120), Arbitraries.strings().numeric().ofMaxLength(25),
                Arbitraries.of("camera", "router", "valid", "revoked", "1", "4", "200", "c1", "YzE6SkMyNi0wMDAwWlpaWg"),
                Arbitraries.integers().between(100, 3000).map("x"::repeat));
        return Arbitraries.maps(keys, values).ofMaxSize(6);
    }

    @Provide
    Arbitrary<Map<String, String>> headerMaps() {
        Arbitrary<String> names = Arbitraries.oneOf(Arbitraries.of("content-type", "Content-Type", "authorization", "x-forwarded-for", "accept", "cookie", "host"),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(20));
        return Arbitraries.maps(names, Arbitraries.strings().all().ofMaxLength(200)).ofMaxSize(8);
    }

    static {
        // keep Combinators referenced for generators added later without an unused-import warning
        Combinators.class.getName();
    }
}
