package jp.jcstar.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart priming for the verify function. Before Lambda takes the snapshot (the {@code org.crac}
 * {@link #beforeCheckpoint} hook, run once when a version is published), it answers a verify request
 * end to end and reads a label that does not exist from the store, so that the snapshot already holds
 * the loaded and initialised classes of that path: API Gateway event → JSON → JWS parse → ECDSA P-256
 * verification → DynamoDB {@code GetItem} (marshalling, SigV4, HTTP client, unmarshalling) → response.
 *
 * <p>Priming has no side effects: the request carries a label with the operator's key id and a
 * signature that cannot verify (rejected as {@code bad-signature}), and the store read finds nothing.
 * Without SnapStart the hook is never called and costs nothing but loading this class.
 */
final class Priming implements Resource {
    /** A label id that no label has, for the store read. */
    static final String ABSENT_LABEL_ID = "JC00-PRIMING00";

    private final VerifyHandler handler;

    private Priming(VerifyHandler handler) {
        this.handler = handler;
    }

    /**
     * Registers priming for {@code handler} with the global CRaC context. The context holds resources
     * weakly: the caller keeps the returned object for as long as the handler lives.
     */
    static Priming register(VerifyHandler handler) {
        Priming p = new Priming(handler);
        Core.getGlobalContext().register(p);
        return p;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime(handler);
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // nothing to refresh: the SDK clients reconnect on their own, and the key set reloads itself when a
        // label names an unknown kid or the set is older than KeyDirectoryKeys.MAX_AGE
    }

    /** One verify request and one store read; returns the verify response (tests check it is a rejection). */
    static APIGatewayV2HTTPResponse prime(VerifyHandler handler) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        // a kid of the published set, so the full ECDSA check runs (none published yet: the unknown-kid path)
        String kid = handler.registry().verifier().keys().kids().stream().findFirst().orElse("AAAAAAAAAAAAAAAA");
        String header = b64.encodeToString(("{\"alg\":\"ES256\",\"kid\":\"" + kid + "\"}").getBytes(StandardCharsets.UTF_8));
        byte[] sig = new byte[64];
        sig[31] = 1; // r = 1, s = 1: in range, so the verifier runs the full ECDSA computation, and fails
        sig[63] = 1;
        String jws = header + ".e30." + b64.encodeToString(sig);
        Map<String, String> headers = new java.util.HashMap<>(Map.of("content-type", "application/json"));
        // as CloudFront sends it: otherwise priming would only warm the OriginGuard's 403
        String origin = Env.get("ORIGIN_VERIFY_SECRET", null);
        if (origin != null) headers.put(OriginGuard.HEADER, origin);
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0").withRouteKey("POST /v1/verify").withRawPath("/v1/verify").withRawQueryString("")
                .withHeaders(headers)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST").withPath("/v1/verify").build())
                        .withRouteKey("POST /v1/verify").withStage("$default").build())
                .withBody("{\"label\":\"" + jws + "\"}").withIsBase64Encoded(false)
                .build();
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
        handler.registry().store().get(ABSENT_LABEL_ID);
        return response;
    }
}
