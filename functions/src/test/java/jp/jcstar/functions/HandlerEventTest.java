package jp.jcstar.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import jp.jcstar.embedded.FolderBlobStore;
import jp.jcstar.embedded.H2LabelStore;
import jp.jcstar.signing.LocalKeySigner;
import jp.jcstar.store.LabelStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Handlers fed real API Gateway HTTP API (v2) events, as Lambda delivers them. */
class HandlerEventTest {
    @TempDir
    Path home;

    Wiring wiring;

    @BeforeEach
    void wire() {
        wiring = Wiring.embedded(home, "https://registry.example.jp", Clock.systemUTC());
    }

    private APIGatewayV2HTTPResponse issue(ObjectNode application) {
        return new IssueLabelHandler(wiring)
                .handleRequest(TestApi.withBody("issue-label-iam.json", application.toString()), null);
    }

    @Test
    void issueIsIdempotentOnTheApplicationId() {
        APIGatewayV2HTTPResponse first = issue(TestApi.application("APP-1"));
        APIGatewayV2HTTPResponse again = issue(TestApi.application("APP-1"));
        assertEquals(201, first.getStatusCode(), first.getBody());
        assertEquals(200, again.getStatusCode(), again.getBody());
        assertEquals(TestApi.json(first).get("id"), TestApi.json(again).get("id"));
        assertEquals(
                "/v1/labels/" + TestApi.json(first).get("id").asText(),
                first.getHeaders().get("location"));
    }

    @Test
    void issuedLabelVerifiesAsValidThroughTheVerifyEvent() {
        JsonNode label = TestApi.json(issue(TestApi.application("APP-2")));
        var body = "{\"label\":"
                + jp.jcstar.json.Json.writeString(label.get("qrText").asText()) + "}";
        var r = new VerifyHandler(wiring.registry()).handleRequest(TestApi.withBody("verify.json", body), null);
        JsonNode v = TestApi.json(r);
        assertEquals(200, r.getStatusCode());
        assertTrue(v.get("valid").asBoolean(), r.getBody());
        assertEquals("valid", v.get("status").asText());
        assertEquals("株式会社サクラ電機", v.get("label").get("vendor").asText());
    }

    @Test
    void aTamperedLabelIsInvalidWithItsExactReasonAndNoClaims() {
        String jws =
                TestApi.json(issue(TestApi.application("APP-3"))).get("jws").asText();
        String[] p = jws.split("\\.");
        char c = p[2].charAt(5);
        String forged = p[0] + "." + p[1] + "." + p[2].substring(0, 5) + (c == 'A' ? 'B' : 'A') + p[2].substring(6);
        var r = new VerifyHandler(wiring.registry())
                .handleRequest(TestApi.withBody("verify.json", "{\"label\":\"" + forged + "\"}"), null);
        JsonNode v = TestApi.json(r);
        assertFalse(v.get("valid").asBoolean());
        assertEquals("invalid", v.get("status").asText());
        assertEquals("bad-signature", v.get("reason").asText());
        assertTrue(v.get("label").isNull());
    }

    @Test
    void getLabelEventReturnsTheRecordAndAnUnknownIdIsAProblem404() {
        String id = TestApi.json(issue(TestApi.application("APP-4"))).get("id").asText();
        var ok = new GetLabelHandler(wiring.registry())
                .handleRequest(TestApi.event("get-label.json", Map.of("LABELID", id)), null);
        assertEquals(200, ok.getStatusCode());
        assertEquals(id, TestApi.json(ok).get("id").asText());
        assertEquals(25, TestApi.json(ok).get("declaration").get("answers").size());
        // requirement 1-1 (no universal default passwords) declared conforming maps to ETSI EN 303 645 provision 5.1-1
        List<String> etsi = new java.util.ArrayList<>();
        TestApi.json(ok).get("coverage").get("etsi-en-303-645").forEach(c -> etsi.add(c.asText()));
        assertTrue(etsi.contains("5.1-1"), etsi.toString());
        var missing = new GetLabelHandler(wiring.registry())
                .handleRequest(TestApi.event("get-label.json", Map.of("LABELID", "JC26-NOPE0000")), null);
        assertEquals(404, missing.getStatusCode());
        assertTrue(missing.getHeaders().get("content-type").startsWith("application/problem+json"));
        assertEquals("/problems/not-found", TestApi.json(missing).get("type").asText());
    }

    @Test
    void issuingWithoutAnIamPrincipalIsForbiddenEvenIfTheGatewayLetItThrough() {
        var event = TestApi.withBody(
                "issue-label-iam.json", TestApi.application("APP-5").toString());
        event.getRequestContext().setAuthorizer(null);
        var r = new IssueLabelHandler(wiring).handleRequest(event, null);
        assertEquals(403, r.getStatusCode());
        assertTrue(wiring.registry().store().findByApplication("APP-5").isEmpty());
    }

    @Test
    void anIncompleteStarOneDeclarationIsRefusedNamingEveryMissingRequirement() {
        ObjectNode app = TestApi.application("APP-6");
        var answers = (com.fasterxml.jackson.databind.node.ArrayNode)
                app.get("declaration").get("answers");
        String first = answers.get(0).get("requirement").asText();
        String second = answers.get(1).get("requirement").asText();
        answers.remove(1);
        answers.remove(0);
        var r = issue(app);
        assertEquals(422, r.getStatusCode(), r.getBody());
        JsonNode failures = TestApi.json(r).get("failures");
        List<String> subjects = new java.util.ArrayList<>();
        failures.forEach(f -> subjects.add(f.get("field").asText()));
        assertTrue(subjects.contains(first) && subjects.contains(second), subjects.toString());
    }

    @Test
    void malformedBodiesAreClear4xxNever500() {
        var handler = new IssueLabelHandler(wiring);
        assertEquals(
                400,
                handler.handleRequest(TestApi.withBody("issue-label-iam.json", "{not json"), null)
                        .getStatusCode());
        assertEquals(
                400,
                handler.handleRequest(TestApi.withBody("issue-label-iam.json", "{\"a\":1,\"a\":2}"), null)
                        .getStatusCode());
        assertEquals(
                400,
                handler.handleRequest(TestApi.withBody("issue-label-iam.json", "[1,2]"), null)
                        .getStatusCode());
        var wrongType = TestApi.withBody("issue-label-iam.json", "{}");
        wrongType.getHeaders().put("content-type", "text/plain");
        assertEquals(415, handler.handleRequest(wrongType, null).getStatusCode());
        var r = handler.handleRequest(
                TestApi.withBody("issue-label-iam.json", "{\"applicationId\":\"X\",\"level\":\"one\"}"), null);
        assertEquals(422, r.getStatusCode());
    }

    @Test
    void ourOwnFailureIsA500ThatLeaksNothing() {
        LabelStore h2 = new H2LabelStore("jdbc:h2:mem:broken");
        LabelStore broken = (LabelStore) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {LabelStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("search"))
                        throw new IllegalStateException("connection refused: jdbc:h2:secret-host password=hunter2");
                    return method.invoke(h2, args);
                });
        Wiring w = new Wiring(
                broken,
                new FolderBlobStore(home.resolve("f")),
                LocalKeySigner.generate(),
                List.of(),
                Clock.systemUTC(),
                "https://x");
        var r = new SearchLabelsHandler(w.registry()).handleRequest(TestApi.event("get-label.json", Map.of()), null);
        assertEquals(500, r.getStatusCode());
        assertFalse(r.getBody().contains("hunter2") || r.getBody().contains("jdbc"), r.getBody());
        assertTrue(TestApi.json(r).get("detail").asText().contains("incident"));
    }
}
