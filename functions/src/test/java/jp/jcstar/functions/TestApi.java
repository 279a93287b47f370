package jp.jcstar.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import jp.jcstar.json.Json;
import jp.jcstar.label.Fixtures;

/**
 * Real API Gateway v2 events for handler tests, read the way the handlers read them on Lambda
 * ({@link HttpEventJson}; {@code HttpEventJsonTest} holds that to the runtime's own serializer).
 */
final class TestApi {
    private TestApi() {}

    static APIGatewayV2HTTPEvent event(String fixture, Map<String, String> replace) {
        String json = read(fixture);
        for (var e : replace.entrySet()) json = json.replace(e.getKey(), e.getValue());
        try {
            return HttpEventJson.read(new java.io.ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JSON of a fixture event in {@code src/test/resources/events}. */
    static String read(String fixture) {
        try (InputStream in = TestApi.class.getResourceAsStream("/events/" + fixture)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
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
        return Fixtures.starOneApplication(
                applicationId, List.of("SC-300", "SC-300W", "SC-300B"), id -> "設計書と試験報告書で確認 (" + id + ")");
    }
}
