package jp.jcstar.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import jp.jcstar.json.Json;

/**
 * The parts of an API Gateway HTTP API (payload 2.0) event a handler needs, read defensively: every
 * accessor copes with absent maps, and body readers enforce size and content type.
 */
public record Request(APIGatewayV2HTTPEvent event) {
    /** The largest JSON body any route accepts (a batch of 1,000 labels fits). */
    public static final int MAX_BODY = 5 * 1024 * 1024;

    public String path(String name) {
        Map<String, String> p = event.getPathParameters();
        String v = p == null ? null : p.get(name);
        if (v == null) throw Problem.badRequest("missing-parameter", "path parameter " + name + " is missing");
        return v;
    }

    public String query(String name) {
        Map<String, String> q = event.getQueryStringParameters();
        return q == null ? null : q.get(name);
    }

    public String header(String name) {
        Map<String, String> h = event.getHeaders();
        if (h == null) return null;
        for (var e : h.entrySet()) if (e.getKey().equalsIgnoreCase(name)) return e.getValue();
        return null;
    }

    /** The caller's operator identity (IAM principal in AWS; the local server's token holder), or null. */
    public String operator() {
        var ctx = event.getRequestContext();
        if (ctx == null || ctx.getAuthorizer() == null || ctx.getAuthorizer().getIam() == null) return null;
        String arn = ctx.getAuthorizer().getIam().getUserArn();
        return arn == null || arn.isBlank() ? null : arn;
    }

    public String requireOperator() {
        String who = operator();
        if (who == null) throw new Problem(403, "forbidden", "Forbidden", "this route is for the scheme operator only");
        return who;
    }

    public byte[] bodyBytes() {
        String body = event.getBody();
        if (body == null) return new byte[0];
        if (body.length() > MAX_BODY * 4 / 3 + 4) throw tooLarge();
        byte[] bytes;
        try {
            bytes = event.getIsBase64Encoded()
                    ? Base64.getDecoder().decode(body)
                    : body.getBytes(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw Problem.badRequest("bad-body", "body is marked base64 but is not");
        }
        if (bytes.length > MAX_BODY) throw tooLarge();
        return bytes;
    }

    private static Problem tooLarge() {
        return new Problem(
                413, "body-too-large", "Payload too large", "the body may be at most " + MAX_BODY + " bytes");
    }

    /**
     * True for {@code application/json}, with at most a {@code charset=utf-8} parameter: not a prefix
     * match, so {@code application/json-patch+json} or {@code application/jsonx} are refused, and a
     * body declared in another charset is refused rather than misread as UTF-8.
     */
    static boolean isJson(String contentType) {
        if (contentType == null) return false;
        String[] parts = contentType.split(";", -1);
        if (!parts[0].strip().equalsIgnoreCase("application/json")) return false;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip();
            if (p.isEmpty()) continue;
            int eq = p.indexOf('=');
            if (eq < 0) return false;
            String name = p.substring(0, eq).strip();
            String value = p.substring(eq + 1).strip();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\""))
                value = value.substring(1, value.length() - 1);
            if (!name.equalsIgnoreCase("charset") || !value.equalsIgnoreCase("utf-8")) return false;
        }
        return true;
    }

    /** The longest query string any route needs (a search with every filter and a cursor fits easily). */
    public static final int MAX_QUERY = 2048;
    /** The most query parameters any route reads is eight. */
    public static final int MAX_QUERY_PARAMS = 32;

    /** Refuses query strings longer or with more parameters than any route needs, before a handler looks at them. */
    void checkQuery() {
        String raw = event.getRawQueryString();
        Map<String, String> q = event.getQueryStringParameters();
        int params = q == null ? 0 : q.size();
        int length = raw == null ? 0 : raw.length();
        if (raw == null && q != null)
            for (var e : q.entrySet())
                length += e.getKey().length() + String.valueOf(e.getValue()).length() + 2;
        if (length > MAX_QUERY || params > MAX_QUERY_PARAMS) {
            throw new Problem(
                    414,
                    "uri-too-long",
                    "URI too long",
                    "the query string may be at most " + MAX_QUERY + " characters and " + MAX_QUERY_PARAMS
                            + " parameters");
        }
    }

    /** The JSON object body; refuses other content types, malformed JSON and non-objects. */
    public JsonNode jsonBody() {
        if (!isJson(header("content-type"))) {
            throw new Problem(
                    415,
                    "unsupported-media-type",
                    "Unsupported media type",
                    "send the body as application/json (UTF-8)");
        }
        byte[] bytes = bodyBytes();
        if (bytes.length == 0) throw Problem.badRequest("bad-json", "the body is empty");
        JsonNode n;
        try {
            n = Json.parse(bytes);
        } catch (Json.BadJsonException e) {
            throw Problem.badRequest("bad-json", "the body is not acceptable JSON: " + e.getMessage());
        }
        if (!n.isObject()) throw Problem.badRequest("bad-json", "the body must be a JSON object");
        return n;
    }
}
