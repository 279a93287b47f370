package jp.jcstar.functions.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jp.jcstar.json.Json;

/** The assertions a replay of a hostile case makes, shared by the handler replay and the HTTP replay. */
public final class HostileCorpusTestSupport {
    private HostileCorpusTestSupport() {}

    /** The assertions every replay makes, over handlers or over HTTP. {@code body} is null for binary answers. */
    public static void check(ObjectNode c, int status, String contentType, String body) {
        JsonNode expect = c.get("expect");
        String name = c.get("name").asText();
        String shown = body == null ? "(binary)" : body.length() > 400 ? body.substring(0, 400) + "…" : body;
        assertTrue(status < 500, name + ": server error " + status + " " + shown);
        assertEquals(expect.get("status").asInt(), status, name + ": " + shown);
        if (body != null && body.contains("\"valid\"")) {
            assertFalse(
                    body.matches("(?s).*\"valid\"\\s*:\\s*true.*"),
                    name + ": a hostile input was answered valid: " + shown);
        }
        if (expect.has("type")) {
            assertNotNull(contentType, name);
            assertTrue(contentType.startsWith("application/problem+json"), name + ": " + contentType);
            JsonNode p = Json.parse(body);
            assertEquals(expect.get("type").asText(), p.path("type").asText(), name + ": " + shown);
            assertEquals(status, p.path("status").asInt(), name);
            assertFalse(p.path("title").asText().isBlank(), name);
            String detail = p.path("detail").asText("");
            assertTrue(
                    detail.length() <= 400,
                    name + ": detail too long to be a summary (echoes input?): " + detail.length());
            assertTrue(
                    detail.codePoints().noneMatch(HostileCorpusTestSupport::unsafeToEcho),
                    name + ": detail echoes unsafe characters: " + detail);
        }
        if (expect.has("verdict")) {
            JsonNode v = Json.parse(body);
            JsonNode results = v.has("results")
                    ? v.get("results")
                    : Json.MAPPER.createArrayNode().add(v);
            assertTrue(results.size() >= 1, name);
            for (JsonNode one : results) {
                assertFalse(one.path("valid").asBoolean(true), name + ": " + one);
                assertEquals(expect.get("verdict").asText(), one.path("status").asText(), name + ": " + one);
                assertEquals(
                        expect.path("reason").isNull()
                                ? null
                                : expect.path("reason").asText(),
                        one.path("reason").isNull() ? null : one.path("reason").asText(),
                        name + ": " + one);
                if (!"unknown".equals(expect.get("verdict").asText()))
                    assertTrue(one.path("label").isNull(), name + ": a rejected label's claims were returned");
            }
        }
    }

    static boolean unsafeToEcho(int cp) {
        return Character.isISOControl(cp)
                || Character.getType(cp) == Character.FORMAT
                || (cp >= 0xD800 && cp <= 0xDFFF);
    }
}
