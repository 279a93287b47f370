package jp.jcstar.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import jp.jcstar.registry.BulkRevocation;
import jp.jcstar.status.RevocationReason;

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
        JsonNode b = r.jsonBody();
        return b.has("confirmation") ? revoke(b, operator) : preview(b);
    }

    private APIGatewayV2HTTPResponse preview(JsonNode b) {
        String model = text(b, "model");
        String vendor = text(b, "vendor");
        if (model == null && vendor == null)
            throw Problem.badRequest("bad-request", "name a model or a vendor (or both)");
        Instant before = null;
        String ib = text(b, "issuedBefore");
        if (ib != null) {
            try {
                before = Instant.parse(ib);
            } catch (DateTimeParseException e) {
                throw Problem.badRequest("bad-time", "issuedBefore must be an ISO-8601 instant");
            }
        }
        if (text(b, "reason") != null) reason(b); // a bad reason is reported now, not after the operator confirmed
        int limit = BulkRevocation.DEFAULT_LIMIT;
        JsonNode l = b.get("limit");
        if (l != null && !l.isNull()) {
            if (!l.canConvertToInt()
                    || !l.isIntegralNumber()
                    || l.intValue() < 1
                    || l.intValue() > BulkRevocation.MAX_LIMIT) {
                throw Problem.badRequest("bad-limit", "limit must be a whole number 1–" + BulkRevocation.MAX_LIMIT);
            }
            limit = l.intValue();
        }
        BulkRevocation.Preview p;
        try {
            p = bulk.preview(new BulkRevocation.Match(model, vendor, before), limit);
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

    private APIGatewayV2HTTPResponse revoke(JsonNode b, String operator) {
        String confirmation = text(b, "confirmation");
        if (confirmation == null || confirmation.length() > 200)
            throw Problem.badRequest("bad-confirmation", "confirmation must be the token of a preview");
        JsonNode ls = b.get("labels");
        if (ls == null || !ls.isArray())
            throw Problem.badRequest("bad-request", "labels must be the array of label ids the preview listed");
        if (ls.size() > BulkRevocation.MAX_LIMIT)
            throw Problem.badRequest("bad-request", "at most " + BulkRevocation.MAX_LIMIT + " labels");
        List<String> ids = new ArrayList<>();
        for (JsonNode id : ls) {
            if (!id.isTextual()) throw Problem.badRequest("bad-request", "labels must be label ids");
            ids.add(id.textValue());
        }
        if (text(b, "reason") == null) throw Problem.badRequest("bad-reason", "a reason code is required");
        RevocationReason reason = reason(b);
        String note = text(b, "note");
        if (note != null && note.length() > 1000)
            throw Problem.badRequest("bad-note", "note may be at most 1000 characters");
        jp.jcstar.registry.Registry.BulkResult result;
        try {
            result = bulk.revoke(ids, confirmation, reason, operator, note);
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

    private static RevocationReason reason(JsonNode b) {
        try {
            return RevocationReason.fromCode(text(b, "reason"));
        } catch (IllegalArgumentException e) {
            throw Problem.badRequest("bad-reason", e.getMessage());
        }
    }

    private static String text(JsonNode b, String name) {
        JsonNode v = b.get(name);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw Problem.badRequest("bad-request", name + " must be a string");
        return v.textValue().isBlank() ? null : v.textValue();
    }
}
