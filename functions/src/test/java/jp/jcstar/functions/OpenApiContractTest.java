package jp.jcstar.functions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jp.jcstar.json.Json;
import jp.jcstar.label.Category;
import jp.jcstar.status.LabelState;
import jp.jcstar.status.RevocationReason;
import jp.jcstar.verify.RejectReason;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/openapi.yaml must stay true: it names exactly the routes of {@link Routes#ALL} with the right
 * security, every reference in it resolves, its examples fit its schemas, and — the point — what the
 * handlers really answer (called with API Gateway v2 events on an embedded wiring) fits the schema the
 * spec gives for that operation, status code and content type.
 */
class OpenApiContractTest {
    static final Path SPEC = Path.of("..", "docs", "openapi.yaml");
    static final String OPERATOR_ARN = "arn:aws:iam::123456789012:user/jcstar-operator";
    static final Set<String> JSON_MEDIA =
            Set.of("application/json", "application/problem+json", "application/jwk-set+json");
    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    static JsonNode spec;

    @BeforeAll
    static void load() throws IOException {
        spec = new YAMLMapper().readTree(SPEC.toFile());
    }

    // ------------------------------------------------------------------ the document itself

    @Test
    void theSpecIsOpenApi310Version100() {
        assertEquals("3.1.0", spec.path("openapi").asText());
        assertEquals("1.0.0", spec.path("info").path("version").asText());
    }

    @Test
    void theSpecDescribesExactlyTheRoutesOfRoutesAll() {
        Set<String> inSpec = new TreeSet<>();
        operations((key, op) -> inSpec.add(key));
        Set<String> inCode = Routes.ALL.stream().map(Route::routeKey).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(inCode, inSpec);
    }

    @Test
    void operatorRoutesAndOnlyThoseRequireOperatorAuth() {
        assertEquals(
                "Authorization",
                spec.at("/components/securitySchemes/operatorAuth/name").asText(),
                "the operatorAuth scheme is declared");
        JsonNode global = spec.get("security");
        assertTrue(global == null || global.isEmpty(), "no global security: every operation says its own");
        for (Route r : Routes.ALL) {
            JsonNode security = operation(r.routeKey()).get("security");
            assertNotNull(security, r.routeKey() + " states its security");
            Set<String> schemes = new TreeSet<>();
            security.forEach(req -> req.fieldNames().forEachRemaining(schemes::add));
            if (r.operator()) {
                assertEquals(1, security.size(), r.routeKey() + " has one security requirement");
                assertEquals(Set.of("operatorAuth"), schemes, r.routeKey() + " is an operator route");
            } else {
                assertTrue(security.isArray() && security.isEmpty(), r.routeKey() + " is public: security: []");
            }
        }
    }

    @Test
    void theSpecEnumsAreTheCodesOfTheDomainEnums() {
        assertEquals(codes(Arrays.stream(LabelState.values()).map(LabelState::code)), enumOf("VerifyStatus"));
        assertEquals(
                codes(Arrays.stream(LabelState.values())
                        .filter(s -> s != LabelState.UNKNOWN && s != LabelState.INVALID)
                        .map(LabelState::code)),
                enumOf("LabelStatus"));
        assertEquals(
                codes(Arrays.stream(RevocationReason.values()).map(RevocationReason::code)),
                enumOf("RevocationReason"));
        assertEquals(codes(Arrays.stream(RejectReason.values()).map(RejectReason::code)), enumOf("RejectReason"));
        assertEquals(List.copyOf(Category.codes()), enumOf("Category"));
    }

    static List<String> codes(java.util.stream.Stream<String> s) {
        return s.toList();
    }

    static List<String> enumOf(String schema) {
        return list(ref("#/components/schemas/" + schema).get("enum"));
    }

    @Test
    void everyRefResolves() {
        List<String> bad = new ArrayList<>();
        walk(spec, "", (path, node) -> {
            JsonNode ref = node.get("$ref");
            if (ref == null) return;
            if (!ref.isTextual() || !ref.asText().startsWith("#/")) bad.add(path + ": not a local ref " + ref);
            else if (resolvePointer(ref.asText()) == null) bad.add(path + ": " + ref.asText() + " does not resolve");
        });
        assertEquals(List.of(), bad);
    }

    @Test
    void noRefHidesInsideAnExampleValue() {
        // inside an example, "$ref" is literal data, not a reference: a client would be shown it verbatim
        List<String> bad = new ArrayList<>();
        walkAll(spec, "", (path, node) -> {
            if (path.matches(".*/(example|examples/[^/]+/value)(/.*)?") && node.has("$ref")) bad.add(path);
        });
        assertEquals(List.of(), bad);
    }

    @Test
    void everyOperationHasA2xxAndA4xxProblemResponse() {
        operations((key, op) -> {
            JsonNode responses = op.path("responses");
            List<String> codes = new ArrayList<>();
            responses.fieldNames().forEachRemaining(codes::add);
            assertTrue(codes.stream().anyMatch(c -> c.startsWith("2")), key + " has a 2xx response");
            boolean problem4xx = codes.stream().filter(c -> c.startsWith("4")).anyMatch(c -> {
                JsonNode schema = deref(responses.get(c))
                        .path("content")
                        .path("application/problem+json")
                        .path("schema");
                return schema.path("$ref").asText().equals("#/components/schemas/Problem");
            });
            assertTrue(problem4xx, key + " has a 4xx application/problem+json response with the Problem schema");
            responses.forEach(r ->
                    assertTrue(deref(r).path("description").isTextual(), key + ": every response has a description"));
        });
    }

    @Test
    void everyOperationCarriesAnExample() {
        operations((key, op) -> {
            boolean[] found = {false};
            walkAll(op, "", (p, n) -> {
                if (n.has("example") || n.has("examples")) found[0] = true;
                if (n.has("$ref")) {
                    JsonNode t = resolvePointer(n.get("$ref").asText());
                    if (t != null && (t.has("example") || t.has("examples"))) found[0] = true;
                    if (t != null) t.path("content").forEach(mt -> found[0] |= mt.has("example") || mt.has("examples"));
                }
            });
            assertTrue(found[0], key + " has an example");
        });
    }

    @Test
    void everySchemaUsesOnlyKeywordsTheCheckerEnforces() {
        List<String> bad = new ArrayList<>();
        for (var schema : allSchemas().entrySet()) checkKeywords(schema.getValue(), schema.getKey(), bad);
        assertEquals(List.of(), bad);
    }

    @Test
    void everyExampleMatchesItsSchema() {
        List<String> errors = new ArrayList<>();
        int[] checked = {0};
        walkAll(spec.get("paths"), "/paths", (path, node) -> {
            JsonNode schema = node.get("schema");
            if (schema == null) return;
            List<JsonNode> examples = new ArrayList<>();
            if (node.has("example")) examples.add(node.get("example"));
            node.path("examples").forEach(e -> examples.add(deref(e).get("value")));
            for (JsonNode ex : examples) {
                checked[0]++;
                validate(ex, schema, path, errors);
            }
        });
        for (var e : fields(spec.path("components").path("responses"))) {
            for (var mt : fields(e.getValue().path("content"))) {
                if (mt.getValue().has("example")) {
                    checked[0]++;
                    validate(
                            mt.getValue().get("example"),
                            mt.getValue().get("schema"),
                            "/components/responses/" + e.getKey(),
                            errors);
                }
            }
        }
        assertTrue(checked[0] > 20, "examples found: " + checked[0]);
        assertEquals(List.of(), errors);
    }

    @Test
    void theCheckerRejectsWhatTheSchemasForbid() {
        JsonNode record = deref(spec.at("/components/examples/IssuedLabel")).get("value");
        JsonNode schema = ref("#/components/schemas/LabelRecord");
        assertEquals(List.of(), errors(record, schema), "the example record fits");

        ObjectNode extra = record.deepCopy();
        extra.put("surprise", 1);
        assertFalse(errors(extra, schema).isEmpty(), "additionalProperties: false");
        ObjectNode missing = record.deepCopy();
        missing.remove("jws");
        assertFalse(errors(missing, schema).isEmpty(), "required");
        ObjectNode badEnum = record.deepCopy();
        badEnum.put("status", "invalid");
        assertFalse(errors(badEnum, schema).isEmpty(), "enum (a record is never invalid)");
        ObjectNode badNull = record.deepCopy();
        badNull.putNull("qrText");
        assertFalse(errors(badNull, schema).isEmpty(), "type without null");
        ObjectNode badReason = record.deepCopy();
        badReason.put("reason", "bad-signature");
        assertFalse(errors(badReason, schema).isEmpty(), "anyOf of enum and null");
        ObjectNode badNested = record.deepCopy();
        ((ObjectNode) badNested.get("label")).put("level", 5);
        assertFalse(errors(badNested, schema).isEmpty(), "maximum, through $ref");
        ObjectNode badItem = record.deepCopy();
        ((ObjectNode) badItem.get("label")).putArray("models").add(3);
        assertFalse(errors(badItem, schema).isEmpty(), "items");
        ObjectNode badDate = record.deepCopy();
        ((ObjectNode) badDate.get("label")).put("supportEnd", "2031/03/31");
        assertFalse(errors(badDate, schema).isEmpty(), "format: date");
        assertFalse(
                errors(TextNode.valueOf("not a jws"), ref("#/components/schemas/CompactJws"))
                        .isEmpty(),
                "pattern");
    }

    // ------------------------------------------------------------------ the handlers' real answers

    @TempDir
    static Path home;

    /** One request of the live walk and what the handler must answer. */
    record Call(
            String routeKey,
            String rawPath,
            Map<String, String> pathParams,
            Map<String, String> query,
            String contentType,
            String body,
            boolean operator,
            int expectStatus) {}

    @Test
    void everyHandlerAnswerMatchesTheSpecSchemaForItsStatus() {
        Wiring wiring = Wiring.embedded(home, "http://127.0.0.1:8080", Clock.systemUTC());
        List<String> errors = new ArrayList<>();
        Set<String> covered2xx = new TreeSet<>();
        Set<String> coveredStatus = new TreeSet<>();
        BiConsumer<Call, APIGatewayV2HTTPResponse> check = (call, resp) -> {
            String where = call.routeKey() + " " + call.rawPath()
                    + (call.query().isEmpty() ? "" : " " + call.query()) + " → " + resp.getStatusCode();
            if (resp.getStatusCode() != call.expectStatus()) {
                errors.add(where + ": expected " + call.expectStatus() + ", body " + resp.getBody());
                return;
            }
            if (resp.getStatusCode() < 300) covered2xx.add(call.routeKey());
            coveredStatus.add(resp.getStatusCode() / 100 + "xx");
            checkAgainstSpec(call.routeKey(), resp, where, errors);
        };

        // issuance: created, again (idempotent), refused, and the ways a request can be bad
        Call issueA =
                post("/v1/labels", Map.of(), TestApi.application("APP-OAS-A").toString(), true, 201);
        APIGatewayV2HTTPResponse a = run(wiring, issueA, check);
        String idA = Json.parse(a.getBody()).get("id").asText();
        String jwsA = Json.parse(a.getBody()).get("jws").asText();
        String qrA = Json.parse(a.getBody()).get("qrText").asText();
        run(
                wiring,
                post("/v1/labels", Map.of(), TestApi.application("APP-OAS-A").toString(), true, 200),
                check);
        ObjectNode b = TestApi.application("APP-OAS-B");
        ((com.fasterxml.jackson.databind.node.ArrayNode) b.get("models"))
                .removeAll()
                .add("SC-310");
        String idB = Json.parse(run(wiring, post("/v1/labels", Map.of(), b.toString(), true, 201), check)
                        .getBody())
                .get("id")
                .asText();
        ObjectNode late = TestApi.application("APP-OAS-C");
        late.put("supportEnd", "2020-01-01");
        late.remove("declaration");
        APIGatewayV2HTTPResponse refused = run(wiring, post("/v1/labels", Map.of(), late.toString(), true, 422), check);
        assertTrue(Json.parse(refused.getBody()).get("failures").size() >= 2, refused.getBody());
        run(
                wiring,
                post("/v1/labels", Map.of(), TestApi.application("APP-OAS-D").toString(), false, 403),
                check);
        run(wiring, call("POST /v1/labels", "/v1/labels", Map.of(), Map.of(), "text/plain", "hello", true, 415), check);
        run(wiring, post("/v1/labels", Map.of(), "{\"applicationId\": ", true, 400), check);

        // look-ups and search
        run(wiring, get("GET /v1/labels/{id}", "/v1/labels/" + idA, Map.of("id", idA), Map.of(), 200), check);
        run(
                wiring,
                get("GET /v1/labels/{id}", "/v1/labels/JC26-NOPE0000", Map.of("id", "JC26-NOPE0000"), Map.of(), 404),
                check);
        run(wiring, get("GET /v1/labels", "/v1/labels", Map.of(), Map.of(), 200), check);
        APIGatewayV2HTTPResponse page1 =
                run(wiring, get("GET /v1/labels", "/v1/labels", Map.of(), Map.of("limit", "1"), 200), check);
        String next = Json.parse(page1.getBody()).get("next").asText();
        run(wiring, get("GET /v1/labels", "/v1/labels", Map.of(), Map.of("limit", "1", "cursor", next), 200), check);
        run(
                wiring,
                get(
                        "GET /v1/labels",
                        "/v1/labels",
                        Map.of(),
                        Map.of("vendor", "サクラ", "model", "SC-3", "category", "camera", "level", "1", "status", "valid"),
                        200),
                check);
        run(wiring, get("GET /v1/labels", "/v1/labels", Map.of(), Map.of("level", "5"), 400), check);
        APIGatewayV2HTTPResponse badCursor =
                run(wiring, get("GET /v1/labels", "/v1/labels", Map.of(), Map.of("cursor", "bm9wZQ"), 400), check);
        assertEquals(
                "/problems/bad-cursor",
                Json.parse(badCursor.getBody()).path("type").asText(),
                badCursor.getBody());

        // images
        for (String image : List.of("qr.png", "qr.svg", "artwork.svg")) {
            run(
                    wiring,
                    get(
                            "GET /v1/labels/{id}/" + image,
                            "/v1/labels/" + idA + "/" + image,
                            Map.of("id", idA),
                            Map.of(),
                            200),
                    check);
            run(
                    wiring,
                    get(
                            "GET /v1/labels/{id}/" + image,
                            "/v1/labels/JC26-NOPE0000/" + image,
                            Map.of("id", "JC26-NOPE0000"),
                            Map.of(),
                            404),
                    check);
        }

        // verification: valid, from the QR text, tampered, and a bad request
        run(wiring, post("/v1/verify", Map.of(), body("label", jwsA), false, 200), check);
        run(wiring, post("/v1/verify", Map.of(), body("label", qrA), false, 200), check);
        APIGatewayV2HTTPResponse forged = run(
                wiring,
                post("/v1/verify", Map.of(), body("label", jwsA.substring(0, jwsA.length() - 3) + "AAA"), false, 200),
                check);
        assertEquals("invalid", Json.parse(forged.getBody()).get("status").asText());
        run(wiring, post("/v1/verify", Map.of(), "{\"jws\": \"x\"}", false, 400), check);
        run(
                wiring,
                post(
                        "/v1/verify/batch",
                        Map.of(),
                        "{\"labels\": [" + Json.writeString(jwsA) + ", \"nonsense\", 42]}",
                        false,
                        200),
                check);
        run(wiring, post("/v1/verify/batch", Map.of(), "{\"labels\": \"x\"}", false, 400), check);

        // status changes: suspend, verify, reinstate, revoke, revoke again (409), bad reason, not operator
        run(
                wiring,
                statusChange(idA, "suspension", "{\"reason\": \"under-investigation\", \"note\": \"調査中\"}", true, 200),
                check);
        run(wiring, post("/v1/verify", Map.of(), body("label", jwsA), false, 200), check);
        run(wiring, statusChange(idA, "reinstatement", "{}", true, 200), check);
        run(
                wiring,
                statusChange(
                        idA,
                        "revocation",
                        "{\"reason\": \"nonconformity\", \"effectiveAt\": \"2026-01-01T00:00:00Z\"}",
                        true,
                        200),
                check);
        run(wiring, statusChange(idA, "revocation", "{\"reason\": \"nonconformity\"}", true, 409), check);
        run(wiring, statusChange(idA, "suspension", "{\"reason\": \"whim\"}", true, 400), check);
        run(wiring, statusChange(idA, "reinstatement", "{}", false, 403), check);
        run(wiring, statusChange("JC26-NOPE0000", "revocation", "{\"reason\": \"fraudulent\"}", true, 404), check);
        run(wiring, statusChange(idA, "revocation", "[]", true, 400), check);
        run(wiring, post("/v1/verify", Map.of(), body("label", jwsA), false, 200), check);
        // the history of those changes
        run(
                wiring,
                get("GET /v1/labels/{id}/history", "/v1/labels/" + idA + "/history", Map.of("id", idA), Map.of(), 200),
                check);
        run(
                wiring,
                get(
                        "GET /v1/labels/{id}/history",
                        "/v1/labels/JC26-NOPE0000/history",
                        Map.of("id", "JC26-NOPE0000"),
                        Map.of(),
                        404),
                check);
        // the change feed of those changes, and a cursor it did not give out
        run(wiring, get("GET /v1/changes", "/v1/changes", Map.of(), Map.of("limit", "2"), 200), check);
        run(wiring, get("GET /v1/changes", "/v1/changes", Map.of(), Map.of("vendor", "サクラ"), 200), check);
        run(
                wiring,
                get("GET /v1/changes", "/v1/changes", Map.of(), Map.of("after", "YzE6SkMyNi1QVEsxMDhSRA"), 400),
                check);
        // the bid check
        run(
                wiring,
                post(
                        "/v1/models/check",
                        Map.of(),
                        "{\"models\": [\"SC-300\", \"XX-1\"], \"minLevel\": 1, \"supportUntil\": \"2029-03-31\"}",
                        false,
                        200),
                check);
        run(wiring, post("/v1/models/check", Map.of(), "{\"models\": []}", false, 400), check);
        APIGatewayV2HTTPResponse lists =
                run(wiring, get("GET /v1/status-lists", "/v1/status-lists", Map.of(), Map.of(), 200), check);
        assertEquals(
                1, Json.parse(lists.getBody()).get("lists").get(0).get("number").asInt(), lists.getBody());

        // bulk revocation
        // a prefix and a substring match nothing: the match is exact
        APIGatewayV2HTTPResponse loose = run(
                wiring,
                post(
                        "/v1/revocations",
                        Map.of(),
                        "{\"model\": \"SC-3\", \"vendor\": \"サクラ電機\", \"reason\": \"superseded\"}",
                        true,
                        200),
                check);
        assertEquals(0, Json.parse(loose.getBody()).get("labels").size(), loose.getBody());
        APIGatewayV2HTTPResponse preview = run(
                wiring,
                post("/v1/revocations", Map.of(), "{\"vendor\": \"株式会社サクラ電機\", \"limit\": 10}", true, 200),
                check);
        JsonNode pv = Json.parse(preview.getBody());
        assertEquals(idB, pv.get("labels").get(0).get("id").asText(), preview.getBody());
        assertEquals(List.of(idA), list(pv.get("alreadyRevoked")));
        assertEquals(
                LabelState.VALID.code(),
                Json.parse(run(
                                        wiring,
                                        get(
                                                "GET /v1/labels/{id}",
                                                "/v1/labels/" + idB,
                                                Map.of("id", idB),
                                                Map.of(),
                                                200),
                                        check)
                                .getBody())
                        .get("status")
                        .asText(),
                "a preview revokes nothing");
        String confirm =
                "\"confirmation\": " + Json.writeString(pv.get("confirmation").asText());
        run(
                wiring,
                post(
                        "/v1/revocations",
                        Map.of(),
                        "{\"labels\": [\"" + idB + "\", \"" + idA + "\"], " + confirm + ", \"reason\": \"superseded\"}",
                        true,
                        409),
                check);
        run(wiring, post("/v1/revocations", Map.of(), "{\"vendor\": \"株式会社サクラ電機\", \"limit\": 0}", true, 400), check);
        APIGatewayV2HTTPResponse bulk = run(
                wiring,
                post(
                        "/v1/revocations",
                        Map.of(),
                        "{\"labels\": [\"" + idB + "\"], " + confirm + ", \"reason\": \"superseded\"}",
                        true,
                        200),
                check);
        assertEquals(List.of(idB), list(Json.parse(bulk.getBody()).get("revoked")));
        assertEquals(List.of(), list(Json.parse(bulk.getBody()).get("alreadyRevoked")));
        run(wiring, post("/v1/revocations", Map.of(), "{\"reason\": \"superseded\"}", true, 400), check);
        run(
                wiring,
                post("/v1/revocations", Map.of(), "{\"model\": \"SC-3\", \"reason\": \"superseded\"}", false, 403),
                check);

        // what offline verifiers fetch, the catalogue and the export
        run(wiring, get("GET /.well-known/jwks.json", "/.well-known/jwks.json", Map.of(), Map.of(), 200), check);
        run(wiring, get("GET /v1/status-lists/{n}", "/v1/status-lists/1", Map.of("n", "1"), Map.of(), 200), check);
        run(wiring, get("GET /v1/status-lists/{n}", "/v1/status-lists/0", Map.of("n", "0"), Map.of(), 400), check);
        run(wiring, get("GET /v1/status-lists/{n}", "/v1/status-lists/999", Map.of("n", "999"), Map.of(), 404), check);
        run(wiring, get("GET /v1/requirements", "/v1/requirements", Map.of(), Map.of(), 200), check);
        run(wiring, get("GET /v1/export/labels.json", "/v1/export/labels.json", Map.of(), Map.of(), 200), check);
        run(wiring, get("GET /v1/export/labels.csv", "/v1/export/labels.csv", Map.of(), Map.of(), 200), check);
        // in AWS, an export too large for one Lambda response is a redirect to its public file
        for (String file : List.of("labels.json", "labels.csv")) {
            Call big = get("GET /v1/export/" + file, "/v1/export/" + file, Map.of(), Map.of(), 302);
            check.accept(
                    big,
                    new ExportHandler(wiring, "https://registry.example.jp/files", 100)
                            .handleRequest(event(big), null));
        }

        assertEquals(List.of(), errors);
        assertEquals(
                Routes.ALL.stream().map(Route::routeKey).collect(Collectors.toCollection(TreeSet::new)),
                covered2xx,
                "every route was called successfully at least once");
        assertTrue(coveredStatus.containsAll(Set.of("2xx", "4xx")));
    }

    @Test
    void aBadRequestBodyIsAProblemDocumentOfTheProblemSchema() {
        Wiring wiring = Wiring.embedded(home.resolve("bad"), "http://127.0.0.1:8080", Clock.systemUTC());
        List<String> errors = new ArrayList<>();
        for (Route r : Routes.ALL) {
            if (!r.method().equals("POST")) continue;
            // a body that is not JSON at all; operator routes are called as the operator, so the body is what fails
            String rawPath = r.path().replace("{id}", "JC26-NOPE0000");
            Map<String, String> params = r.path().contains("{id}") ? Map.of("id", "JC26-NOPE0000") : Map.of();
            APIGatewayV2HTTPResponse resp = r.handler()
                    .apply(wiring)
                    .handleRequest(
                            event(call(
                                    r.routeKey(),
                                    rawPath,
                                    params,
                                    Map.of(),
                                    "application/json",
                                    "{not json",
                                    r.operator(),
                                    400)),
                            null);
            assertEquals(400, resp.getStatusCode(), r.routeKey() + ": " + resp.getBody());
            assertEquals("application/problem+json", mediaType(resp), r.routeKey());
            JsonNode problem = Json.parse(resp.getBody());
            validate(problem, ref("#/components/schemas/Problem"), r.routeKey(), errors);
            assertEquals("/problems/bad-json", problem.path("type").asText(), r.routeKey());
            assertEquals(400, problem.path("status").asInt(), r.routeKey());
            checkAgainstSpec(r.routeKey(), resp, r.routeKey(), errors);
        }
        assertEquals(List.of(), errors);
    }

    // ------------------------------------------------------------------ checking one answer

    /** The answer's status, content type, required headers and body against the spec's operation. */
    static void checkAgainstSpec(String routeKey, APIGatewayV2HTTPResponse resp, String where, List<String> errors) {
        JsonNode response = operation(routeKey).path("responses").get(String.valueOf(resp.getStatusCode()));
        if (response == null) {
            errors.add(where + ": status not in the spec");
            return;
        }
        response = deref(response);
        for (var h : fields(response.path("headers"))) {
            JsonNode header = deref(h.getValue());
            String value = header(resp, h.getKey());
            if (header.path("required").asBoolean() && value == null)
                errors.add(where + ": header " + h.getKey() + " missing");
            if (value != null && header.has("schema"))
                validate(TextNode.valueOf(value), header.path("schema"), where + " header " + h.getKey(), errors);
        }
        if (response.path("content").isMissingNode()) {
            if (resp.getBody() != null && !resp.getBody().isEmpty()) errors.add(where + ": the spec declares no body");
            return;
        }
        String mediaType = mediaType(resp);
        JsonNode content = response.path("content").get(mediaType);
        if (content == null) {
            errors.add(where + ": content type " + mediaType + " not in the spec ("
                    + response.path("content").properties().stream()
                            .map(Map.Entry::getKey)
                            .toList() + ")");
            return;
        }
        JsonNode schema = content.path("schema");
        if (schema.path("contentMediaType").isTextual()
                && !schema.path("contentMediaType").asText().equals(mediaType)) {
            errors.add(where + ": contentMediaType differs from " + mediaType);
        }
        if (mediaType.equals("image/png")) {
            byte[] png = Base64.getDecoder().decode(resp.getBody());
            if (!resp.getIsBase64Encoded()) errors.add(where + ": a PNG must travel base64-encoded");
            if (png.length < 8
                    || !Arrays.equals(
                            Arrays.copyOf(png, 8), new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'})) {
                errors.add(where + ": not a PNG");
            }
            return;
        }
        String text = resp.getIsBase64Encoded()
                ? new String(Base64.getDecoder().decode(resp.getBody()), StandardCharsets.UTF_8)
                : resp.getBody();
        if (mediaType.equals("image/svg+xml") && !text.contains("<svg")) errors.add(where + ": not an SVG");
        JsonNode body;
        if (JSON_MEDIA.contains(mediaType)) {
            try {
                body = Json.parse(text.getBytes(StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                errors.add(where + ": body is not JSON: " + e.getMessage());
                return;
            }
        } else {
            body = TextNode.valueOf(text);
        }
        validate(body, schema, where, errors);
    }

    static String mediaType(APIGatewayV2HTTPResponse resp) {
        String ct = header(resp, "content-type");
        return ct == null ? "" : ct.split(";")[0].strip().toLowerCase(Locale.ROOT);
    }

    static String header(APIGatewayV2HTTPResponse resp, String name) {
        if (resp.getHeaders() == null) return null;
        for (var e : resp.getHeaders().entrySet()) if (e.getKey().equalsIgnoreCase(name)) return e.getValue();
        return null;
    }

    // ------------------------------------------------------------------ a small JSON Schema checker

    /** Keywords the checker enforces, and annotations it may ignore. Anything else in a schema fails the build. */
    static final Set<String> ENFORCED = Set.of(
            "$ref",
            "type",
            "enum",
            "const",
            "properties",
            "required",
            "additionalProperties",
            "items",
            "minItems",
            "maxItems",
            "uniqueItems",
            "minLength",
            "maxLength",
            "pattern",
            "format",
            "minimum",
            "maximum",
            "anyOf",
            "oneOf",
            "allOf",
            "contentMediaType");

    static final Set<String> ANNOTATIONS = Set.of(
            "description",
            "title",
            "default",
            "example",
            "examples",
            "$comment",
            "deprecated",
            "readOnly",
            "writeOnly");
    static final Set<String> FORMATS = Set.of("date", "date-time", "uri-reference");

    static List<String> errors(JsonNode instance, JsonNode schema) {
        List<String> e = new ArrayList<>();
        validate(instance, schema, "", e);
        return e;
    }

    static void validate(JsonNode v, JsonNode s, String at, List<String> errors) {
        if (s == null || s.isMissingNode()) {
            errors.add(at + ": no schema");
            return;
        }
        if (s.isBoolean()) {
            if (!s.asBoolean()) errors.add(at + ": nothing is allowed here");
            return;
        }
        for (String k : (Iterable<String>) s::fieldNames) {
            if (!ENFORCED.contains(k) && !ANNOTATIONS.contains(k))
                errors.add(at + ": the checker does not know keyword " + k);
        }
        if (s.has("$ref")) validate(v, ref(s.get("$ref").asText()), at, errors);
        if (s.has("type")) {
            List<String> types = new ArrayList<>();
            if (s.get("type").isArray()) s.get("type").forEach(t -> types.add(t.asText()));
            else types.add(s.get("type").asText());
            if (types.stream().noneMatch(t -> hasType(v, t))) {
                errors.add(at + ": " + kind(v) + " where " + types + " is expected");
                return;
            }
        }
        if (s.has("enum")) {
            boolean in = false;
            for (JsonNode e : s.get("enum")) in |= e.equals(v);
            if (!in) errors.add(at + ": " + v + " is not one of " + s.get("enum"));
        }
        if (s.has("const") && !s.get("const").equals(v)) errors.add(at + ": " + v + " is not " + s.get("const"));
        if (s.has("allOf")) for (JsonNode sub : s.get("allOf")) validate(v, sub, at, errors);
        if (s.has("anyOf")) {
            boolean any = false;
            for (JsonNode sub : s.get("anyOf")) any |= errors(v, sub).isEmpty();
            if (!any) errors.add(at + ": " + abbreviate(v) + " matches none of anyOf");
        }
        if (s.has("oneOf")) {
            int n = 0;
            for (JsonNode sub : s.get("oneOf")) if (errors(v, sub).isEmpty()) n++;
            if (n != 1) errors.add(at + ": " + abbreviate(v) + " matches " + n + " of oneOf");
        }
        if (v.isObject()) {
            for (JsonNode r : s.path("required"))
                if (!v.has(r.asText())) errors.add(at + ": required member " + r.asText() + " is missing");
            JsonNode props = s.path("properties");
            for (var e : fields(v)) {
                String p = at + "/" + e.getKey();
                if (props.has(e.getKey())) validate(e.getValue(), props.get(e.getKey()), p, errors);
                else if (s.has("additionalProperties"))
                    validate(e.getValue(), s.get("additionalProperties"), p, errors);
            }
        }
        if (v.isArray()) {
            if (s.has("items"))
                for (int i = 0; i < v.size(); i++) validate(v.get(i), s.get("items"), at + "/" + i, errors);
            if (s.has("minItems") && v.size() < s.get("minItems").asInt())
                errors.add(at + ": fewer than " + s.get("minItems") + " items");
            if (s.has("maxItems") && v.size() > s.get("maxItems").asInt())
                errors.add(at + ": more than " + s.get("maxItems") + " items");
            if (s.path("uniqueItems").asBoolean()) {
                Set<JsonNode> seen = new HashSet<>();
                for (JsonNode i : v) if (!seen.add(i)) errors.add(at + ": item " + i + " repeats");
            }
        }
        if (v.isTextual()) {
            String t = v.asText();
            int len = t.codePointCount(0, t.length());
            if (s.has("minLength") && len < s.get("minLength").asInt())
                errors.add(at + ": shorter than " + s.get("minLength"));
            if (s.has("maxLength") && len > s.get("maxLength").asInt())
                errors.add(at + ": longer than " + s.get("maxLength"));
            if (s.has("pattern")
                    && !Pattern.compile(s.get("pattern").asText()).matcher(t).find()) {
                errors.add(at + ": " + abbreviate(v) + " does not match "
                        + s.get("pattern").asText());
            }
            if (s.has("format") && !hasFormat(t, s.get("format").asText()))
                errors.add(at + ": " + v + " is not a " + s.get("format").asText());
        }
        if (v.isNumber()) {
            if (s.has("minimum") && v.decimalValue().compareTo(s.get("minimum").decimalValue()) < 0)
                errors.add(at + ": " + v + " < " + s.get("minimum"));
            if (s.has("maximum") && v.decimalValue().compareTo(s.get("maximum").decimalValue()) > 0)
                errors.add(at + ": " + v + " > " + s.get("maximum"));
        }
    }

    static boolean hasType(JsonNode v, String t) {
        return switch (t) {
            case "object" -> v.isObject();
            case "array" -> v.isArray();
            case "string" -> v.isTextual();
            case "boolean" -> v.isBoolean();
            case "null" -> v.isNull();
            case "number" -> v.isNumber();
            case "integer" ->
                v.isIntegralNumber()
                        || (v.isNumber()
                                && v.decimalValue().stripTrailingZeros().scale() <= 0);
            default -> throw new IllegalArgumentException("unknown type " + t);
        };
    }

    static boolean hasFormat(String t, String format) {
        try {
            switch (format) {
                case "date" -> {
                    if (t.length() != 10) return false;
                    LocalDate.parse(t);
                }
                case "date-time" -> OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
                case "uri-reference" -> new URI(t);
                default -> throw new IllegalArgumentException("unknown format " + format);
            }
            return true;
        } catch (DateTimeParseException | URISyntaxException e) {
            return false;
        }
    }

    static String kind(JsonNode v) {
        return v.isNull() ? "null" : v.getNodeType().name().toLowerCase(Locale.ROOT) + " " + abbreviate(v);
    }

    static String abbreviate(JsonNode v) {
        String s = v.toString();
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    /** Every schema keyword is one the checker knows; nested schemas are checked too. */
    static void checkKeywords(JsonNode s, String at, List<String> bad) {
        if (s == null || s.isBoolean()) return;
        if (!s.isObject()) {
            bad.add(at + ": a schema must be an object");
            return;
        }
        for (var e : fields(s)) {
            String k = e.getKey();
            if (!ENFORCED.contains(k) && !ANNOTATIONS.contains(k))
                bad.add(at + ": keyword " + k + " is not enforced by the checker");
            if (k.equals("format") && !FORMATS.contains(e.getValue().asText()))
                bad.add(at + ": format " + e.getValue() + " is not checked");
            if (k.equals("type")) {
                List<String> ts = e.getValue().isArray()
                        ? list(e.getValue())
                        : List.of(e.getValue().asText());
                for (String t : ts) {
                    if (!Set.of("object", "array", "string", "boolean", "null", "number", "integer")
                            .contains(t)) bad.add(at + ": type " + t);
                }
            }
            if (k.equals("pattern")) {
                try {
                    Pattern.compile(e.getValue().asText());
                } catch (RuntimeException x) {
                    bad.add(at + ": bad pattern " + e.getValue());
                }
            }
        }
        for (var e : fields(s.path("properties"))) checkKeywords(e.getValue(), at + "/properties/" + e.getKey(), bad);
        for (String k : List.of("items", "additionalProperties"))
            if (s.has(k)) checkKeywords(s.get(k), at + "/" + k, bad);
        for (String k : List.of("anyOf", "oneOf", "allOf")) {
            int i = 0;
            for (JsonNode sub : s.path(k)) checkKeywords(sub, at + "/" + k + "/" + i++, bad);
        }
    }

    /** Component schemas and every schema written inline in parameters, bodies, responses and headers. */
    static Map<String, JsonNode> allSchemas() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (var e : fields(spec.path("components").path("schemas")))
            out.put("/components/schemas/" + e.getKey(), e.getValue());
        walkAll(spec, "", (path, node) -> {
            if (node.has("schema") && !path.startsWith("/components/schemas"))
                out.put(path + "/schema", node.get("schema"));
        });
        return out;
    }

    // ------------------------------------------------------------------ spec navigation

    static void operations(BiConsumer<String, JsonNode> each) {
        for (var p : fields(spec.path("paths"))) {
            for (var m : fields(p.getValue())) {
                if (METHODS.contains(m.getKey()))
                    each.accept(m.getKey().toUpperCase(Locale.ROOT) + " " + p.getKey(), m.getValue());
            }
        }
    }

    static JsonNode operation(String routeKey) {
        String[] mp = routeKey.split(" ", 2);
        JsonNode op = spec.path("paths").path(mp[1]).get(mp[0].toLowerCase(Locale.ROOT));
        assertNotNull(op, routeKey + " in the spec");
        return op;
    }

    static JsonNode ref(String ref) {
        JsonNode n = resolvePointer(ref);
        if (n == null) throw new AssertionError("unresolved " + ref);
        return n;
    }

    static JsonNode resolvePointer(String ref) {
        if (!ref.startsWith("#/")) return null;
        JsonNode n = spec;
        for (String part : ref.substring(2).split("/")) {
            n = n.get(part.replace("~1", "/").replace("~0", "~"));
            if (n == null) return null;
        }
        return n;
    }

    /** A response, parameter, header or example object, following its $ref if it is one. */
    static JsonNode deref(JsonNode n) {
        while (n != null && n.has("$ref")) n = ref(n.get("$ref").asText());
        return n;
    }

    /** Visits every object node except the literal values of examples. */
    static void walk(JsonNode n, String path, BiConsumer<String, JsonNode> visit) {
        if (n.isObject()) {
            visit.accept(path, n);
            for (var e : fields(n)) {
                if (e.getKey().equals("example")
                        || (path.endsWith("/examples") || path.contains("/examples/"))
                                && e.getKey().equals("value")) continue;
                walk(e.getValue(), path + "/" + e.getKey().replace("~", "~0").replace("/", "~1"), visit);
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) walk(n.get(i), path + "/" + i, visit);
        }
    }

    /** Visits every object node, examples included. */
    static void walkAll(JsonNode n, String path, BiConsumer<String, JsonNode> visit) {
        if (n.isObject()) {
            visit.accept(path, n);
            for (var e : fields(n))
                walkAll(e.getValue(), path + "/" + e.getKey().replace("~", "~0").replace("/", "~1"), visit);
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) walkAll(n.get(i), path + "/" + i, visit);
        }
    }

    static List<Map.Entry<String, JsonNode>> fields(JsonNode n) {
        return new ArrayList<>(n.properties());
    }

    static List<String> list(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.asText()));
        return out;
    }

    // ------------------------------------------------------------------ API Gateway v2 events

    static Call get(
            String routeKey, String rawPath, Map<String, String> params, Map<String, String> query, int expect) {
        return call(routeKey, rawPath, params, query, null, null, false, expect);
    }

    static Call post(String path, Map<String, String> params, String body, boolean operator, int expect) {
        return call("POST " + path, path, params, Map.of(), "application/json", body, operator, expect);
    }

    static Call statusChange(String id, String action, String body, boolean operator, int expect) {
        return call(
                "POST /v1/labels/{id}/" + action,
                "/v1/labels/" + id + "/" + action,
                Map.of("id", id),
                Map.of(),
                "application/json",
                body,
                operator,
                expect);
    }

    static Call call(
            String routeKey,
            String rawPath,
            Map<String, String> params,
            Map<String, String> query,
            String contentType,
            String body,
            boolean operator,
            int expect) {
        return new Call(routeKey, rawPath, params, query, contentType, body, operator, expect);
    }

    static String body(String member, String value) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put(member, value);
        return o.toString();
    }

    static APIGatewayV2HTTPResponse run(Wiring wiring, Call c, BiConsumer<Call, APIGatewayV2HTTPResponse> check) {
        Route route = Routes.ALL.stream()
                .filter(r -> r.routeKey().equals(c.routeKey()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no route " + c.routeKey()));
        APIGatewayV2HTTPResponse resp = route.handler().apply(wiring).handleRequest(event(c), null);
        check.accept(c, resp);
        return resp;
    }

    /** The event API Gateway (HTTP API, payload 2.0) delivers for this call; operator calls carry an IAM identity. */
    static APIGatewayV2HTTPEvent event(Call c) {
        String method = c.routeKey().split(" ", 2)[0];
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("host", "api.jcstar.example.jp");
        headers.put("user-agent", "OpenApiContractTest");
        if (c.contentType() != null) headers.put("content-type", c.contentType());
        String rawQuery = c.query().entrySet().stream()
                .map(e -> e.getKey() + "=" + java.net.URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        var http = APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                .withMethod(method)
                .withPath(c.rawPath())
                .withProtocol("HTTP/1.1")
                .withSourceIp("192.0.2.10")
                .withUserAgent("OpenApiContractTest")
                .build();
        var ctx = APIGatewayV2HTTPEvent.RequestContext.builder()
                .withRouteKey(c.routeKey())
                .withStage("$default")
                .withRequestId(UUID.randomUUID().toString())
                .withTimeEpoch(System.currentTimeMillis())
                .withHttp(http)
                .withDomainName("api.jcstar.example.jp")
                .withAccountId("123456789012");
        if (c.operator()) {
            var iam = APIGatewayV2HTTPEvent.RequestContext.IAM
                    .builder()
                    .withUserArn(OPERATOR_ARN)
                    .withAccountId("123456789012")
                    .withCallerId("AIDAOPERATOR")
                    .build();
            ctx.withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                    .withIam(iam)
                    .build());
        }
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(c.routeKey())
                .withRawPath(c.rawPath())
                .withRawQueryString(rawQuery)
                .withHeaders(headers)
                .withQueryStringParameters(c.query().isEmpty() ? null : new LinkedHashMap<>(c.query()))
                .withPathParameters(c.pathParams().isEmpty() ? null : new LinkedHashMap<>(c.pathParams()))
                .withBody(c.body())
                .withIsBase64Encoded(false)
                .withRequestContext(ctx.build())
                .build();
    }

    @Test
    void theEventsThisTestBuildsCarryTheOperatorOnlyWhenAsked() {
        // guards the harness: a public call must not accidentally pass as the operator
        APIGatewayV2HTTPEvent pub = event(get("GET /v1/labels", "/v1/labels", Map.of(), Map.of(), 200));
        APIGatewayV2HTTPEvent op = event(post("/v1/revocations", Map.of(), "{}", true, 400));
        assertEquals(null, new Request(pub).operator());
        assertEquals(OPERATOR_ARN, new Request(op).operator());
        assertArrayEquals(new byte[0], new Request(pub).bodyBytes());
    }
}
