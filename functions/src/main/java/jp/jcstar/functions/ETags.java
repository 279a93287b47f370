package jp.jcstar.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Strong ETags for small public documents (status list tokens, the JWKS), so verifiers that sync can
 * ask "changed since?" with {@code If-None-Match} and get {@code 304 Not Modified} (RFC 9110 §8.8.3,
 * §13.1.2) instead of the document. The tag is a hash of the exact body, so every re-signing gives a
 * new tag.
 */
final class ETags {
    private ETags() {}

    /** {@code "<base64url of the first 16 bytes of SHA-256(body)>"}, quoted. */
    static String of(String body) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(h, 16)) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True if {@code ifNoneMatch} (a header value: {@code *} or a list of tags) matches {@code etag}, by weak comparison. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) return false;
        String want = opaque(etag);
        for (String t : ifNoneMatch.split(",")) {
            String s = t.strip();
            if (s.equals("*") || opaque(s).equals(want)) return true;
        }
        return false;
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }

    /** A 200 with the body and its ETag, or a bodiless 304 if the request's {@code If-None-Match} already names it. */
    static APIGatewayV2HTTPResponse text(Request r, String contentType, String body, String cacheControl) {
        String etag = of(body);
        if (matches(r.header("if-none-match"), etag)) {
            Map<String, String> h = new HashMap<>();
            h.put("etag", etag);
            h.put("cache-control", cacheControl);
            h.put("x-content-type-options", "nosniff");
            return APIGatewayV2HTTPResponse.builder()
                    .withStatusCode(304)
                    .withHeaders(h)
                    .withIsBase64Encoded(false)
                    .build();
        }
        APIGatewayV2HTTPResponse resp = Response.text(200, contentType, body, cacheControl);
        resp.getHeaders().put("etag", etag);
        return resp;
    }
}
