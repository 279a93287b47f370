package jp.jcstar.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.jcstar.registry.Registry;
import jp.jcstar.status.RevocationReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /v1/labels/{id}/history}: public state, reason and date; who and the note only for the operator. */
class LabelHistoryTest {
    @TempDir
    Path home;

    static APIGatewayV2HTTPEvent history(String id, boolean operator) {
        APIGatewayV2HTTPEvent e = SearchAsUsersTypeTest.get(
                "GET /v1/labels/{id}/history", "/v1/labels/" + id + "/history", Map.of(), Map.of("id", id));
        if (operator) {
            var iam = APIGatewayV2HTTPEvent.RequestContext.IAM
                    .builder()
                    .withUserArn("arn:aws:iam::123456789012:user/operator")
                    .build();
            e.getRequestContext()
                    .setAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                            .withIam(iam)
                            .build());
        }
        return e;
    }

    @Test
    void statusChangesArePublicAndWhoAndWhyOnlyForTheOperator() {
        Wiring w = Wiring.embedded(home, "https://registry.example.jp", Clock.systemUTC());
        String id = w.registry()
                .issue(jp.jcstar.registry.ApplicationJson.parse(TestApi.application("H-1")))
                .label()
                .id();
        w.registry()
                .change(
                        id,
                        Registry.Action.SUSPEND,
                        RevocationReason.UNDER_INVESTIGATION,
                        null,
                        "ops:alice",
                        "脆弱性報告の調査中");
        w.registry().change(id, Registry.Action.REINSTATE, null, null, "ops:bob", "調査の結果問題なし");
        w.registry()
                .change(id, Registry.Action.REVOKE, RevocationReason.NONCONFORMITY, null, "ops:alice", "要件 1-1 不適合");
        GetLabelHandler handler = new GetLabelHandler(w.registry());

        APIGatewayV2HTTPResponse pub = handler.handleRequest(history(id, false), null);
        assertEquals(200, pub.getStatusCode(), pub.getBody());
        JsonNode p = TestApi.json(pub);
        assertEquals(id, p.get("id").asText());
        assertEquals("revoked", p.get("status").asText());
        List<String> states = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        p.get("items").forEach(i -> {
            states.add(i.get("state").asText());
            reasons.add(i.get("reason").isNull() ? "-" : i.get("reason").asText());
            assertFalse(i.has("actor") || i.has("note") || i.has("recordedAt"), i.toString());
            assertFalse(i.get("effectiveAt").asText().isEmpty());
        });
        assertEquals(List.of("valid", "suspended", "valid", "revoked"), states);
        assertEquals(List.of("-", "under-investigation", "-", "nonconformity"), reasons);
        assertEquals("issued", p.get("items").get(0).get("event").asText());
        assertFalse(pub.getBody().contains("ops:alice") || pub.getBody().contains("調査"), pub.getBody());

        JsonNode op = TestApi.json(handler.handleRequest(history(id, true), null));
        assertEquals("ops:alice", op.get("items").get(1).get("actor").asText());
        assertEquals("脆弱性報告の調査中", op.get("items").get(1).get("note").asText());
        assertEquals("ops:bob", op.get("items").get(2).get("actor").asText());

        assertEquals(
                404,
                handler.handleRequest(history("JC26-ZZZZZZZZ", false), null).getStatusCode());
        // the label route itself still answers the record
        APIGatewayV2HTTPResponse label = handler.handleRequest(
                SearchAsUsersTypeTest.get("GET /v1/labels/{id}", "/v1/labels/" + id, Map.of(), Map.of("id", id)), null);
        assertEquals(id, TestApi.json(label).get("label").get("id").asText());
    }
}
