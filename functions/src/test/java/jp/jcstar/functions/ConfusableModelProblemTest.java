package jp.jcstar.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import jp.jcstar.label.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POST /v1/labels answers 409 confusable-model naming the look-alike, and issues once the operator confirms it. */
class ConfusableModelProblemTest {
    @TempDir
    Path home;

    @Test
    void aLookAlikeOfAnotherVendorsModelIsA409NamingItUntilConfirmed() {
        Wiring w = Wiring.embedded(home, "https://registry.example.jp", Clock.systemUTC());
        IssueLabelHandler h = new IssueLabelHandler(w);
        APIGatewayV2HTTPResponse first = h.handleRequest(
                TestApi.withBody(
                        "issue-label-iam.json", TestApi.application("ORIG-1").toString()),
                null);
        assertEquals(201, first.getStatusCode(), first.getBody());
        String original = TestApi.json(first).get("id").asText();

        ObjectNode a = Fixtures.starOneApplication("LOOK-1", List.of("ＳＣ－３ＯＯ"), id -> "設計書と試験報告書で確認 (" + id + ")");
        a.put("vendor", "Kage Trading");
        APIGatewayV2HTTPResponse r = h.handleRequest(TestApi.withBody("issue-label-iam.json", a.toString()), null);
        assertEquals(409, r.getStatusCode(), r.getBody());
        JsonNode p = TestApi.json(r);
        assertEquals("/problems/confusable-model", p.get("type").asText());
        assertEquals("SC-300", p.at("/lookAlikes/0/existing").asText());
        assertEquals("ＳＣ－３ＯＯ", p.at("/lookAlikes/0/model").asText());
        assertEquals(original, p.at("/lookAlikes/0/labelId").asText());

        a.putArray("confirmConfusable").add("SC-300");
        APIGatewayV2HTTPResponse confirmed =
                h.handleRequest(TestApi.withBody("issue-label-iam.json", a.toString()), null);
        assertEquals(201, confirmed.getStatusCode(), confirmed.getBody());
    }
}
