package jp.jcstar.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * Public routes answer only requests that came through CloudFront (and its web ACL): CloudFront adds
 * the {@value #HEADER} header with the stack's secret (template.yaml, OriginVerifySecret; it replaces
 * a header of that name sent by a viewer), and a request straight to the execute-api endpoint lacks
 * it. Functions without {@code ORIGIN_VERIFY_SECRET} (the operator functions, which operators call
 * at the endpoint with SigV4, and the local server) admit every request.
 */
final class OriginGuard {
    static final String HEADER = "x-origin-verify";
    private final byte[] secret;

    OriginGuard(String secret) {
        this.secret = secret == null || secret.isBlank() ? null : secret.getBytes(StandardCharsets.UTF_8);
    }

    static OriginGuard fromEnvironment() {
        return new OriginGuard(Env.get("ORIGIN_VERIFY_SECRET", null));
    }

    /** Whether the request may be served: no secret configured, or the header carries it (compared in constant time). */
    boolean admits(APIGatewayV2HTTPEvent event) {
        if (secret == null) return true;
        Map<String, String> headers = event.getHeaders();
        if (headers == null) return false;
        String given = null;
        for (var h : headers.entrySet()) {
            if (h.getKey() != null && h.getKey().equalsIgnoreCase(HEADER)) given = h.getValue();
        }
        return given != null && MessageDigest.isEqual(secret, given.getBytes(StandardCharsets.UTF_8));
    }
}
