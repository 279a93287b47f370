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
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import jp.jcstar.embedded.FolderBlobStore;
import jp.jcstar.embedded.H2LabelStore;
import jp.jcstar.functions.ApiHandler;
import jp.jcstar.functions.Route;
import jp.jcstar.functions.Routes;
import jp.jcstar.functions.Wiring;
import jp.jcstar.functions.hostile.HostileCorpus;
import jp.jcstar.json.Json;
import jp.jcstar.registry.ApplicationJson;
import jp.jcstar.testing.Props;
import jp.jcstar.verify.TestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property-based fuzzing of every public handler (and, as a careless operator, the operator ones):
 * arbitrary bodies, query parameters, path parameters, headers, content types and base64 flags. The
 * properties: never a 5xx; every 4xx is a well-formed RFC 9457 problem document; a verification is
 * {@code valid: true} only for the genuine label itself.
 *
 * <p>Tries per property: {@link Props#tries()} (1,000 in the normal build; 100,000 in the big run,
 * {@code scripts/fuzz.sh}, which CI runs). {@link #report} prints how many requests each route got.
 */
class HandlerFuzzTest {
    static Wiring wiring;
    static Map<String, ApiHandler> handlers = new HashMap<>();
    static String genuineJws;
    static String genuineId;
    static String genuineQr;
    static final AtomicLong inputs = new AtomicLong();
    static final Map<String, AtomicLong> perRoute = new java.util.concurrent.ConcurrentSkipListMap<>();
    static long started;

    static <T> void forAll(String name, Function<SplittableRandom, T> gen, java.util.function.Consumer<T> check) {
        Props.forAll(name, Props.tries(), gen, check);
    }

    @BeforeAll
    static void wire() throws Exception {
        wiring = newWiring();
        for (Route r : Routes.ALL) handlers.put(r.routeKey(), r.handler().apply(wiring));
        // Fuzzed applications that are valid get issued: into a registry of their own, or every lookup,
        // search and export would run over tens of thousands of labels by the end of the big run.
        Route issue = Routes.ALL.stream()
                .filter(r -> r.routeKey().equals(ISSUE))
                .findFirst()
                .orElseThrow();
        handlers.put(ISSUE, issue.handler().apply(newWiring()));
        var issued = wiring.registry().issue(ApplicationJson.parse(Json.parse(FuzzSupport.application("FUZZ-0"))));
        genuineJws = issued.label().record().jws();
        genuineId = issued.label().record().id();
        genuineQr = issued.label().qrText();
        started = System.nanoTime();
    }

    static final String ISSUE = "POST /v1/labels";

    static Wiring newWiring() throws java.io.IOException {
        Path home = Files.createTempDirectory("fuzz");
        return new Wiring(
                new H2LabelStore("jdbc:h2:file:" + home.resolve("registry").toAbsolutePath()),
                new FolderBlobStore(home.resolve("files")),
                TestKeys.CORPUS_A,
                List.of(),
                HostileCorpus.CLOCK,
                HostileCorpus.SITE);
    }

    @AfterAll
    static void report() {
        System.out.printf(
                Locale.ROOT,
                "HandlerFuzzTest: %,d generated requests in %.1f s%n",
                inputs.get(),
                (System.nanoTime() - started) / 1e9);
        perRoute.forEach((route, n) -> System.out.printf(Locale.ROOT, "  %,9d  %s%n", n.get(), route));
    }

    // ------------------------------------------------------------------ properties

    record VerifyCase(String label, String contentType, String shape, boolean base64) {}

    @Test
    void verifyNeverFailsAndNeverAcceptsAForgery() {
        forAll("verify", r -> new VerifyCase(label(r), contentType(r), jsonShape(r), r.nextBoolean()), c -> {
            String body = c.shape().replace("%LABEL%", Json.writeString(c.label()));
            APIGatewayV2HTTPResponse r =
                    call("POST /v1/verify", Map.of(), null, headers(c.contentType()), body, c.base64());
            if (r.getStatusCode() == 200) {
                JsonNode v = Json.parse(r.getBody());
                if (v.path("valid").asBoolean()) {
                    // any wrapping (host, case of the URL, QR numeric form) is fine: what is signed must be the genuine
                    // label, byte for byte
                    String jws;
                    try {
                        jws = jp.jcstar.qr.QrText.toCompactJws(c.label());
                    } catch (jp.jcstar.qr.QrText.FormatException e) {
                        throw new AssertionError("valid:true for unreadable QR text: " + c.label());
                    }
                    assertEquals(
                            genuineJws, jws, "valid:true for something that is not the genuine label: " + c.label());
                }
            }
        });
    }

    @Test
    void batchVerifyNeverFails() {
        forAll("batch verify", r -> Map.entry(Props.list(r, 0, 8, HandlerFuzzTest::label), contentType(r)), c -> {
            var arr = Json.MAPPER.createArrayNode();
            c.getKey().forEach(arr::add);
            call("POST /v1/verify/batch", Map.of(), null, headers(c.getValue()), "{\"labels\":" + arr + "}", false);
        });
    }

    record BodyCase(String route, String body, String contentType, boolean base64) {}

    @Test
    void arbitraryBodiesOnEveryBodyRoute() {
        List<String> routes = Routes.ALL.stream()
                .filter(r -> r.method().equals("POST"))
                .map(Route::routeKey)
                .toList();
        forAll(
                "bodies",
                r -> new BodyCase(Props.oneOf(r, routes), FuzzSupport.body(r), contentType(r), r.nextBoolean()),
                c -> call(
                        c.route(),
                        c.route().contains("{id}") ? Map.of("id", "JC26-0000ZZZZ") : Map.of(),
                        null,
                        headers(c.contentType()),
                        c.body(),
                        c.base64()));
    }

    @Test
    void applicationsFromTheWildNeverFailIssuance() {
        forAll("applications", FuzzSupport::application, application -> {
            APIGatewayV2HTTPResponse r = call(ISSUE, Map.of(), null, headers("application/json"), application, false);
            assertTrue(
                    Set.of(200, 201, 400, 413, 422).contains(r.getStatusCode()), r.getStatusCode() + " " + r.getBody());
        });
    }

    static List<String> idRoutes() {
        return Routes.ALL.stream()
                .filter(r -> r.path().contains("{id}"))
                .map(Route::routeKey)
                .toList();
    }

    @ParameterizedTest
    @MethodSource("idRoutes")
    void labelIdsInEveryIdRoute(String route) {
        String body = route.startsWith("POST") ? "{\"reason\":\"nonconformity\"}" : null;
        forAll("ids in " + route, HandlerFuzzTest::id, id -> {
            APIGatewayV2HTTPResponse r =
                    call(route, Map.of("id", id), null, headers(body == null ? null : "application/json"), body, false);
            assertTrue(
                    r.getStatusCode() == 200 || r.getStatusCode() == 404 || r.getStatusCode() == 409,
                    r.getStatusCode() + " " + r.getBody());
        });
    }

    @Test
    void searchParameters() {
        forAll("search", HandlerFuzzTest::query, query -> {
            APIGatewayV2HTTPResponse r = call("GET /v1/labels", Map.of(), query, headers(null), null, false);
            assertTrue(Set.of(200, 400, 414).contains(r.getStatusCode()), r.getStatusCode() + " " + r.getBody());
        });
    }

    @Test
    void statusListNumbers() {
        forAll("status list numbers", HandlerFuzzTest::listNumber, n -> {
            APIGatewayV2HTTPResponse r =
                    call("GET /v1/status-lists/{n}", Map.of("n", n), null, headers(null), null, false);
            assertTrue(
                    Set.of(200, 400, 404).contains(r.getStatusCode()),
                    n + " → " + r.getStatusCode() + " " + r.getBody());
        });
    }

    record GetCase(String id, Map<String, String> headers, Map<String, String> query) {}

    static List<String> getRoutes() {
        return Routes.ALL.stream()
                .filter(r -> r.method().equals("GET"))
                .map(Route::routeKey)
                .toList();
    }

    @ParameterizedTest
    @MethodSource("getRoutes")
    void everyGetRouteWithArbitraryHeadersAndQueries(String route) {
        forAll(
                "GET " + route,
                r -> new GetCase(r.nextBoolean() ? genuineId : "JC26-0000ZZZZ", headerMap(r), query(r)),
                c -> {
                    Map<String, String> params = route.contains("{id}")
                            ? Map.of("id", c.id())
                            : route.contains("{n}") ? Map.of("n", "1") : Map.of();
                    call(route, params, c.query(), c.headers(), null, false);
                });
    }

    record PartsCase(String route, boolean noHeaders, boolean noContext, boolean noPathParameters, String body) {}

    @Test
    void eventsMissingTheirParts() {
        List<String> routes = Routes.ALL.stream().map(Route::routeKey).toList();
        forAll(
                "events missing parts",
                r -> new PartsCase(
                        Props.oneOf(r, routes), r.nextBoolean(), r.nextBoolean(), r.nextBoolean(), FuzzSupport.body(r)),
                c -> {
                    ApiHandler h = handlers.get(c.route());
                    var ctx = c.noContext()
                            ? null
                            : APIGatewayV2HTTPEvent.RequestContext.builder()
                                    .withRouteKey(c.route())
                                    .build();
                    var e = APIGatewayV2HTTPEvent.builder()
                            .withRouteKey(c.route())
                            .withRawPath(c.noPathParameters() ? null : "/x")
                            .withHeaders(c.noHeaders() ? null : Map.of("content-type", "application/json"))
                            .withRequestContext(ctx)
                            .withBody(c.body())
                            .build();
                    check(h.handleRequest(e, null));
                });
    }

    // ------------------------------------------------------------------ calling and checking

    static Map<String, String> headers(String contentType) {
        Map<String, String> h = new HashMap<>();
        h.put("host", "fuzz.execute-api.ap-northeast-1.amazonaws.com");
        if (contentType != null) h.put("content-type", contentType);
        return h;
    }

    static APIGatewayV2HTTPResponse call(
            String route,
            Map<String, String> pathParams,
            Map<String, String> query,
            Map<String, String> headers,
            String body,
            boolean base64) {
        Route r = Routes.ALL.stream()
                .filter(x -> x.routeKey().equals(route))
                .findFirst()
                .orElseThrow();
        String path = r.path();
        for (var p : pathParams.entrySet()) path = path.replace("{" + p.getKey() + "}", p.getValue());
        StringBuilder raw = new StringBuilder();
        if (query != null)
            query.forEach((k, v) ->
                    raw.append(raw.isEmpty() ? "" : "&").append(k).append('=').append(v));
        var ctx = APIGatewayV2HTTPEvent.RequestContext.builder()
                .withRouteKey(route)
                .withStage("$default")
                .withRequestId("fuzz")
                .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                        .withMethod(r.method())
                        .withPath(path)
                        .build());
        if (r.operator()) {
            ctx.withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                    .withIam(APIGatewayV2HTTPEvent.RequestContext.IAM
                            .builder()
                            .withUserArn("arn:aws:sts::123456789012:assumed-role/Op/fuzz")
                            .build())
                    .build());
        }
        String b = body == null
                ? null
                : base64 ? Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)) : body;
        var e = APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(route)
                .withRawPath(path)
                .withRawQueryString(raw.toString())
                .withHeaders(headers)
                .withQueryStringParameters(query == null || query.isEmpty() ? null : query)
                .withPathParameters(pathParams.isEmpty() ? null : pathParams)
                .withBody(b)
                .withIsBase64Encoded(base64 && body != null)
                .withRequestContext(ctx.build())
                .build();
        APIGatewayV2HTTPResponse resp = handlers.get(route).handleRequest(e, null);
        perRoute.computeIfAbsent(route, k -> new AtomicLong()).incrementAndGet();
        check(resp);
        return resp;
    }

    /** Never 5xx; a 4xx is a problem document whose members agree with the response. */
    static void check(APIGatewayV2HTTPResponse r) {
        inputs.incrementAndGet();
        int s = r.getStatusCode();
        assertTrue(s < 500, "server error: " + r.getBody());
        if (s >= 400) {
            assertTrue(
                    r.getHeaders().get("content-type").startsWith("application/problem+json"),
                    r.getHeaders().toString());
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

    static String label(SplittableRandom r) {
        return switch (r.nextInt(6)) {
            case 0 -> Props.anyString(r, 300);
            case 1 -> Props.string(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.", 0, 400);
            case 2 -> FuzzSupport.mutation(r, genuineJws);
            case 3 -> FuzzSupport.mutation(r, genuineQr);
            case 4 -> genuineJws;
            default -> HostileCorpus.SITE + "/v#" + Props.oneOf(r, "1", "2") + Props.string(r, "0123456789", 0, 200);
        };
    }

    static String contentType(SplittableRandom r) {
        return r.nextInt(3) > 0
                ? Props.oneOf(
                        r,
                        "application/json",
                        "application/json; charset=utf-8",
                        "APPLICATION/JSON",
                        "text/plain",
                        "application/jsonx",
                        "application/json; charset=latin1",
                        "",
                        "multipart/form-data",
                        "application/json;;",
                        "application/json; charset")
                : Props.anyString(r, 40);
    }

    static String jsonShape(SplittableRandom r) {
        return Props.oneOf(
                r,
                "{\"label\":%LABEL%}",
                "{\"label\":%LABEL%,\"label\":%LABEL%}",
                "{\"label\":[%LABEL%]}",
                "[%LABEL%]",
                "%LABEL%",
                "{\"label\":%LABEL%} trailing",
                "{\"label\":{\"label\":%LABEL%}}",
                "{\"label\":%LABEL%,\"x\":1e999999}");
    }

    static String id(SplittableRandom r) {
        return switch (r.nextInt(4)) {
            case 0 -> Props.anyString(r, 79) + "x";
            case 1 -> Props.string(r, "JC0123456789ABCDEFGHJKMNPQRSTVWXYZ-", 1, 40);
            case 2 -> Props.string(r, "./%2e\\0", 1, 30);
            default -> "A".repeat(1 + r.nextInt(5000));
        };
    }

    static String listNumber(SplittableRandom r) {
        return switch (r.nextInt(3)) {
            case 0 -> Props.anyString(r, 19) + "1";
            case 1 -> Props.string(r, "0123456789", 1, 12);
            default -> String.valueOf(r.nextInt(306) - 5);
        };
    }

    static Map<String, String> query(SplittableRandom r) {
        Map<String, String> q = new HashMap<>();
        int n = r.nextInt(7);
        for (int i = 0; i < n; i++) {
            String k = r.nextBoolean()
                    ? Props.oneOf(r, "vendor", "model", "product", "category", "level", "status", "limit", "cursor")
                    : Props.anyString(r, 9) + "k";
            String v = switch (r.nextInt(4)) {
                case 0 -> Props.anyString(r, 120);
                case 1 -> Props.string(r, "0123456789", 0, 25);
                case 2 ->
                    Props.oneOf(
                            r, "camera", "router", "valid", "revoked", "1", "4", "200", "c1", "YzE6SkMyNi0wMDAwWlpaWg");
                default -> "x".repeat(100 + r.nextInt(2901));
            };
            q.put(k, v);
        }
        return q;
    }

    static Map<String, String> headerMap(SplittableRandom r) {
        Map<String, String> h = new HashMap<>();
        int n = r.nextInt(9);
        for (int i = 0; i < n; i++) {
            String k = r.nextBoolean()
                    ? Props.oneOf(
                            r,
                            "content-type",
                            "Content-Type",
                            "authorization",
                            "x-forwarded-for",
                            "accept",
                            "cookie",
                            "host")
                    : Props.anyString(r, 19) + "h";
            h.put(k, Props.anyString(r, 200));
        }
        return h;
    }
}
