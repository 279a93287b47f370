package jp.jcstar.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import jp.jcstar.json.Json;

/** Builds API Gateway v2 responses: JSON, problem documents, text and binary files. */
public final class Response {
    private Response() {}

    private static final Map<String, String> COMMON = Map.of(
            "x-content-type-options", "nosniff",
            "cache-control", "no-store");

    public static APIGatewayV2HTTPResponse json(int status, Object body) {
        return text(
                status, "application/json; charset=utf-8", new String(Json.write(body), StandardCharsets.UTF_8), null);
    }

    public static APIGatewayV2HTTPResponse json(int status, Object body, String cacheControl) {
        return text(
                status,
                "application/json; charset=utf-8",
                new String(Json.write(body), StandardCharsets.UTF_8),
                cacheControl);
    }

    public static APIGatewayV2HTTPResponse text(int status, String contentType, String body, String cacheControl) {
        return build(status, contentType, body, false, cacheControl);
    }

    public static APIGatewayV2HTTPResponse binary(String contentType, byte[] body, String cacheControl) {
        return build(200, contentType, Base64.getEncoder().encodeToString(body), true, cacheControl);
    }

    public static APIGatewayV2HTTPResponse problem(Problem p) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("type", "/problems/" + p.code());
        o.put("title", p.title());
        o.put("status", p.status());
        if (p.getMessage() != null) o.put("detail", p.getMessage());
        p.extensions().forEach((k, v) -> o.set(k, Json.MAPPER.valueToTree(v)));
        APIGatewayV2HTTPResponse r = text(p.status(), "application/problem+json; charset=utf-8", o.toString(), null);
        if (p.status() == 405 && p.extensions().containsKey("allow"))
            r.getHeaders().put("allow", String.valueOf(p.extensions().get("allow")));
        return r;
    }

    private static APIGatewayV2HTTPResponse build(
            int status, String contentType, String body, boolean base64, String cacheControl) {
        Map<String, String> h = new HashMap<>(COMMON);
        h.put("content-type", contentType);
        if (cacheControl != null) h.put("cache-control", cacheControl);
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status)
                .withHeaders(h)
                .withBody(body)
                .withIsBase64Encoded(base64)
                .build();
    }
}
