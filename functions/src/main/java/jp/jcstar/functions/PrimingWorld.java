package jp.jcstar.functions;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import jp.jcstar.json.Json;
import jp.jcstar.label.LabelClaims;
import jp.jcstar.label.StatusRef;
import jp.jcstar.qr.QrText;
import jp.jcstar.registry.Registry;
import jp.jcstar.signing.KeySet;
import jp.jcstar.signing.Kids;
import jp.jcstar.signing.LabelSigner;
import jp.jcstar.signing.Signer;
import jp.jcstar.store.LabelRecord;
import jp.jcstar.store.LabelStore;
import jp.jcstar.verify.LabelVerifier;

/**
 * What priming works with: a P-256 key made for this priming run, held in memory only and trusted by
 * nothing but the twins priming builds (it is in no key set, key directory or JWKS of the registry, so
 * a label it signs never verifies in a real request), and one label signed with it — genuinely valid
 * for the twins, so priming runs the whole verification (signature, inflation, claims, status) and not a
 * rejection. Its id starts with {@code PRIMING-}, which no issued label's id does ({@code JCyy-…}).
 */
final class PrimingWorld {
    static final String OPERATOR = "arn:aws:sts::000000000000:assumed-role/JcstarPriming/priming";
    private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    final Signer signer;
    final KeySet keys;
    final LabelRecord label;
    final String qrText;
    final String siteBase;
    final Clock clock;

    private PrimingWorld(Clock clock, String siteBase) {
        this.clock = clock;
        this.siteBase = siteBase;
        this.signer = new EphemeralSigner();
        this.keys = KeySet.of(signer.publicKey());
        SecureRandom random = new SecureRandom();
        StringBuilder id = new StringBuilder("PRIMING-");
        for (int i = 0; i < 8; i++) id.append(CROCKFORD[random.nextInt(CROCKFORD.length)]);
        Instant now = clock.instant();
        LabelClaims claims = new LabelClaims(
                id.toString(),
                1,
                List.of("PRIMING-" + id.substring(8)),
                "Priming camera",
                "Priming vendor",
                "camera",
                LocalDate.ofInstant(now, ZoneOffset.UTC).plusYears(2),
                now,
                now.plus(Duration.ofDays(365)),
                new StatusRef(1, random.nextInt(Registry.STATUS_LIST_SIZE)));
        String jws = new LabelSigner(signer, LabelSigner.DEFAULT_DEFLATE).sign(claims);
        this.label =
                LabelRecord.issued("priming-" + id.substring(8).toLowerCase(java.util.Locale.ROOT), claims, jws, null);
        this.qrText = QrText.ofCompactHeader(siteBase, jws);
    }

    static PrimingWorld create(Clock clock, String siteBase) {
        return new PrimingWorld(clock, siteBase);
    }

    /** The priming label's id. */
    String labelId() {
        return label.id();
    }

    /** The priming label's model designation (for searches and bulk revocations that find only it). */
    String model() {
        return label.claims().models().getFirst();
    }

    /** A store over {@code real} that holds the priming label and keeps every write in memory. */
    PrimingStore store(LabelStore real) {
        return new PrimingStore(real, label);
    }

    /** A read-only registry like {@code real}, on a {@link #store priming store}, trusting the priming key only. */
    Registry readOnlyTwin(Registry real) {
        return Registry.readOnly(store(real.store()), new LabelVerifier(keys), real.clock(), real.siteBase());
    }

    /**
     * An API Gateway HTTP API (payload 2.0) event as JSON, shaped as API Gateway sends it.
     *
     * @param route    the route key, e.g. {@code GET /v1/labels/{id}}
     * @param operator whether the request comes with the IAM authoriser's identity
     */
    static String event(
            String route,
            String path,
            Map<String, String> pathParameters,
            Map<String, String> query,
            String body,
            boolean operator) {
        String method = route.substring(0, route.indexOf(' '));
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        e.put("version", "2.0");
        e.put("routeKey", route);
        e.put("rawPath", path);
        StringBuilder raw = new StringBuilder();
        query.forEach((k, v) ->
                raw.append(raw.isEmpty() ? "" : "&").append(k).append('=').append(v));
        e.put("rawQueryString", raw.toString());
        ObjectNode h = e.putObject("headers");
        h.put("accept", "*/*");
        h.put("host", "priming.execute-api.ap-northeast-1.amazonaws.com");
        h.put("user-agent", "jcstar-priming");
        h.put("x-forwarded-for", "192.0.2.1");
        h.put("x-forwarded-proto", "https");
        // as CloudFront sends it: otherwise priming of a public function would only warm the OriginGuard's 403
        String origin = Env.get("ORIGIN_VERIFY_SECRET", null);
        if (origin != null) h.put(OriginGuard.HEADER, origin);
        if (body != null) {
            h.put("content-type", "application/json");
            h.put("content-length", String.valueOf(body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
        }
        if (!query.isEmpty()) {
            ObjectNode q = e.putObject("queryStringParameters");
            query.forEach(q::put);
        }
        if (!pathParameters.isEmpty()) {
            ObjectNode p = e.putObject("pathParameters");
            pathParameters.forEach(p::put);
        }
        ObjectNode ctx = e.putObject("requestContext");
        ctx.put("accountId", "000000000000");
        ctx.put("apiId", "priming");
        if (operator) {
            ObjectNode iam = ctx.putObject("authorizer").putObject("iam");
            iam.put("accessKey", "ASIAPRIMING");
            iam.put("accountId", "000000000000");
            iam.put("callerId", "AROAPRIMING:priming");
            iam.putNull("cognitoIdentity");
            iam.putNull("principalOrgId");
            iam.put("userArn", OPERATOR);
            iam.put("userId", "AROAPRIMING:priming");
        }
        ctx.put("domainName", "priming.execute-api.ap-northeast-1.amazonaws.com");
        ctx.put("domainPrefix", "priming");
        ObjectNode http = ctx.putObject("http");
        http.put("method", method);
        http.put("path", path);
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", "192.0.2.1");
        http.put("userAgent", "jcstar-priming");
        ctx.put("requestId", "priming");
        ctx.put("routeKey", route);
        ctx.put("stage", "$default");
        ctx.put("time", "01/Jan/2026:00:00:00 +0000");
        ctx.put("timeEpoch", 1767225600000L);
        if (body != null) e.put("body", body);
        e.put("isBase64Encoded", false);
        return Json.writeString(e);
    }

    /** A P-256 key that exists in this object only. */
    private static final class EphemeralSigner implements Signer {
        private final KeyPair pair;
        private final String kid;

        EphemeralSigner() {
            try {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec("secp256r1"));
                pair = g.generateKeyPair();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("P-256 is not available in this JDK", e);
            }
            kid = Kids.of(publicKey());
        }

        @Override
        public String keyId() {
            return kid;
        }

        @Override
        public ECPublicKey publicKey() {
            return (ECPublicKey) pair.getPublic();
        }

        @Override
        public byte[] sign(byte[] signingInput) {
            try {
                Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
                s.initSign(pair.getPrivate());
                s.update(signingInput);
                return jp.jcstar.signing.LowS.normalise(
                        s.sign()); // as every signer of the registry: verifiers refuse high-s
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("signing failed", e);
            }
        }
    }
}
