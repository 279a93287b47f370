package jp.jcstar.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import jp.jcstar.json.Json;
import jp.jcstar.requirements.RequirementsCatalogue;

/** Real API Gateway v2 events for handler tests, read the way the Lambda Java runtime reads them. */
final class TestApi {
    private TestApi() {}

    static APIGatewayV2HTTPEvent event(String fixture, Map<String, String> replace) {
        try (InputStream in = TestApi.class.getResourceAsStream("/events/" + fixture)) {
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (var e : replace.entrySet()) json = json.replace(e.getKey(), e.getValue());
            return LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, TestApi.class.getClassLoader()).fromJson(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fixture event with {@code body} (JSON-escaped into the event) in place of BODY. */
    static APIGatewayV2HTTPEvent withBody(String fixture, String body) {
        String escaped = Json.writeString(body);
        return event(fixture, Map.of("\"BODY\"", escaped));
    }

    static JsonNode json(APIGatewayV2HTTPResponse r) {
        return Json.parse(r.getBody());
    }

    /** A complete ☆1 application: every ☆1 requirement answered with a justification. */
    static ObjectNode application(String applicationId) {
        ObjectNode a = JsonNodeFactory.instance.objectNode();
        a.put("applicationId", applicationId);
        a.put("level", 1);
        a.putArray("models").add("SC-300").add("SC-300W").add("SC-300B");
        a.put("product", "スマートホームカメラ SC-300");
        a.put("vendor", "株式会社サクラ電機");
        a.put("category", "camera");
        a.put("supportEnd", "2031-03-31");
        var answers = a.putObject("declaration").putArray("answers");
        for (var r : RequirementsCatalogue.get().starOne()) {
            ObjectNode ans = answers.addObject();
            ans.put("requirement", r.id());
            ans.put("verdict", "conforms");
            ans.put("justification", "設計書と試験報告書で確認 (" + r.id() + ")");
        }
        return a;
    }
}
