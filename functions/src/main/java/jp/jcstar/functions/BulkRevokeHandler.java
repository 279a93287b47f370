package jp.jcstar.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.Base64;
import jp.jcstar.registry.BulkRevocation;

/**
 * {@code POST /v1/revocations} (operator): bulk revocation in two steps ({@link BulkRevocation}).
 * <ol>
 *   <li>Preview — a body without {@code confirmation}, e.g. {@code {"model": "SC-300", "vendor": "…",
 *       "issuedBefore": "2026-06-01T00:00:00Z", "limit": 100}}: lists the labels whose model designation
 *       and/or vendor equal the given ones (exact match after NFKC, lower case, spaces collapsed) and
 *       answers a confirmation token for exactly that set. Nothing is revoked. Above {@code limit}
 *       (default 100, at most 10,000) the preview is refused.</li>
 *   <li>Revocation — {@code {"labels": [ids from the preview], "confirmation": "<token>", "reason": "…",
 *       "note": "…"}}: revokes exactly those labels if the token covers exactly them and has not expired
 *       (10 minutes).</li>
 * </ol>
 * The token's HMAC secret is {@code BULK_REVOCATION_SECRET} (base64, at least 32 bytes) when the deployment
 * gives one, else drawn at start-up (SnapStart: shared by the instances restored from one snapshot).
 */
public class BulkRevokeHandler extends ApiHandler {
    private static final byte[] SECRET = secret();
    private final BulkRevocation bulk;

    /** Lambda's constructor; registers the SnapStart priming hook ({@link Priming}). */
    public BulkRevokeHandler() {
        this(Wiring.fromEnvironment());
        Priming.register(BulkRevokeHandler.class, () -> OperatorPriming.bulkRevoke(Wiring.fromEnvironment()));
    }

    public BulkRevokeHandler(Wiring wiring) {
        super(wiring.registry());
        this.bulk = new BulkRevocation(wiring.registry(), SECRET);
    }

    private static byte[] secret() {
        String configured = System.getenv("BULK_REVOCATION_SECRET");
        if (configured != null && !configured.isBlank()) {
            byte[] s = Base64.getDecoder().decode(configured.strip());
            if (s.length < 32)
                throw new IllegalStateException("BULK_REVOCATION_SECRET must hold at least 32 bytes (base64)");
            return s;
        }
        byte[] s = new byte[32];
        new SecureRandom().nextBytes(s);
        return s;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Request r) {
        String operator = r.requireOperator();
        return switch (BulkRevokeRequest.parse(r.jsonBody())) {
            case BulkRevokeRequest.Preview p -> preview(p);
            case BulkRevokeRequest.Revoke v -> revoke(v, operator);
        };
    }

    private APIGatewayV2HTTPResponse preview(BulkRevokeRequest.Preview q) {
        BulkRevocation.Preview p;
        try {
            p = bulk.preview(q.match(), q.limit());
        } catch (BulkRevocation.TooManyException e) {
            throw Problem.badRequest("preview-too-large", e.getMessage());
        }
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        var labels = o.putArray("labels");
        for (var v : p.toRevoke()) {
            ObjectNode x = labels.addObject();
            x.put("id", v.id());
            x.put("vendor", v.vendor());
            var ms = x.putArray("models");
            v.models().forEach(ms::add);
            x.put("product", v.product());
            x.put("issuedAt", v.issuedAt().toString());
            x.put("status", v.status().code());
        }
        var already = o.putArray("alreadyRevoked");
        p.alreadyRevoked().forEach(already::add);
        o.put("confirmation", p.confirmation());
        o.put("expiresAt", p.expiresAt().toString());
        return Response.json(200, o);
    }

    private APIGatewayV2HTTPResponse revoke(BulkRevokeRequest.Revoke q, String operator) {
        jp.jcstar.registry.Registry.BulkResult result;
        try {
            result = bulk.revoke(q.ids(), q.confirmation(), q.reason(), operator, q.note());
        } catch (BulkRevocation.ConfirmationRefusedException e) {
            throw new Problem(409, "confirmation-refused", "Confirmation refused", e.getMessage());
        }
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        var rv = o.putArray("revoked");
        result.revoked().forEach(rv::add);
        var sk = o.putArray("alreadyRevoked");
        result.skipped().forEach(sk::add);
        return Response.json(200, o);
    }
}
