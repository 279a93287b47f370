package jp.jcstar.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import jp.jcstar.aws.AwsClients;
import jp.jcstar.aws.DynamoLabelStore;
import jp.jcstar.aws.KmsLogKey;
import jp.jcstar.aws.KmsSigner;
import jp.jcstar.aws.S3BlobStore;
import jp.jcstar.functions.CallRecorder.Need;
import jp.jcstar.functions.aws.Iam;
import jp.jcstar.functions.aws.SamTemplate;
import jp.jcstar.json.Json;
import jp.jcstar.label.Fixtures;
import jp.jcstar.registry.Registry;
import jp.jcstar.testing.Moto;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Least privilege, proven: every function of the translated template runs its handler on moto (init
 * phase included: the wiring it builds), while {@link CallRecorder} notes each AWS call as the IAM
 * request it is. The test fails when a call is not granted by that function's role policies and the
 * key policy as the translated template has them, or when a grant is never used. moto does not enforce
 * IAM: without this test a missing grant shows only as a 500 in a deployed stack.
 */
class LeastPrivilegeMotoTest {
    static final String SITE = "https://registry.example.jp";
    /** Granted for the Lambda service's use of the role, not for the code's calls. */
    static final Set<String> SERVICE_SIDE =
            Set.of("sqs:SendMessage", "sns:Publish", "xray:PutTraceSegments", "xray:PutTelemetryRecords");

    static final Set<String> MANAGED = Set.of(
            "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
            "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess");

    final CallRecorder recorder = new CallRecorder();
    final SamTemplate t = SamTemplate.translated();
    final AwsClients aws = AwsClients.forEndpoint(
            Moto.endpoint(),
            Moto.REGION,
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")),
            recorder);
    final String table = Moto.uniqueName("lp-labels"), bucket = Moto.uniqueName("lp-files");
    String keyId, logKeyId;
    final Map<String, APIGatewayV2HTTPResponse> last = new HashMap<>();
    final List<String> labels = new ArrayList<>();

    @Test
    void everyCallOfEveryFunctionIsGrantedAndEveryGrantIsUsed() {
        DynamoLabelStore.createTable(aws.dynamo(), table);
        S3BlobStore.createBucket(aws.s3(), bucket);
        keyId = KmsSigner.createKey(aws.kms(), "least privilege test");
        logKeyId = KmsLogKey.createKey(aws.kms(), "least privilege test: transparency log");

        Map<String, Runnable> scenarios = scenarios();
        List<String> functions = t.ofType("AWS::Lambda::Function");
        assertEquals(
                new TreeSet<>(functions),
                new TreeSet<>(scenarios.keySet()),
                "a scenario for every function of the template");
        scenarios.forEach((fn, run) -> {
            recorder.function = fn;
            try {
                run.run();
            } finally {
                recorder.function = null;
            }
        });

        writeSummary(functions);
        List<String> errors = new ArrayList<>();
        for (String fn : functions) check(fn, errors);
        assertTrue(errors.isEmpty(), String.join("\n", errors));
    }

    /** In the order a stack lives: issuance first (it publishes the key directory the readers trust). */
    private Map<String, Runnable> scenarios() {
        Map<String, Runnable> s = new LinkedHashMap<>();
        s.put("IssueLabelFunction", () -> {
            var h = new IssueLabelHandler(wiring("IssueLabelFunction", Clock.systemUTC()));
            for (String app : List.of("LP-1", "LP-2", "LP-3"))
                labels.add(id(expect(
                        201,
                        h,
                        post("/v1/labels", Map.of(), TestApi.application(app).toString(), true))));
            expect(
                    200,
                    h,
                    post("/v1/labels", Map.of(), TestApi.application("LP-1").toString(), true)); // the idempotent retry
            labels.add(id(expect(
                    201,
                    h,
                    post(
                            "/v1/labels",
                            Map.of(),
                            Fixtures.starOneApplication("LP-BULK", List.of("BULK-9"), r -> "試験で確認 (" + r + ")")
                                    .toString(),
                            true))));
        });
        s.put(
                "GetLabelFunction",
                () -> expect(
                        200, new GetLabelHandler(readOnly()), get("/v1/labels/{id}", Map.of("id", labels.get(0)), "")));
        s.put("SearchLabelsFunction", () -> {
            var h = new SearchLabelsHandler(readOnly());
            for (String q : List.of(
                    "", "vendor=株式会社", "model=SC-3", "product=カメラ", "category=camera", "level=1", "status=valid")) {
                expect(200, h, get("/v1/labels", Map.of(), q));
            }
            // the change feed it also serves (the changes index)
            for (String q : List.of("", "vendor=株式会社&limit=5")) expect(200, h, get("/v1/changes", Map.of(), q));
        });
        s.put("LabelImageFunction", () -> {
            var h = new LabelImageHandler(wiring("LabelImageFunction", Clock.systemUTC()));
            for (String p : List.of("qr.png", "qr.svg", "artwork.svg"))
                expect(200, h, get("/v1/labels/{id}/" + p, Map.of("id", labels.get(0)), ""));
        });
        s.put(
                "VerifyFunction",
                () -> expect(
                        200,
                        new VerifyHandler(readOnly()),
                        post("/v1/verify", Map.of(), "{\"label\":" + Json.writeString(jws(0)) + "}", false)));
        s.put(
                "BatchVerifyFunction",
                () -> expect(
                        200,
                        new BatchVerifyHandler(readOnly()),
                        post(
                                "/v1/verify/batch",
                                Map.of(),
                                "{\"labels\":[" + Json.writeString(jws(0)) + "," + Json.writeString(jws(1)) + "]}",
                                false)));
        s.put("ChangeStatusFunction", () -> {
            var h = new ChangeStatusHandler(wiring("ChangeStatusFunction", Clock.systemUTC()));
            Map<String, String> id = Map.of("id", labels.get(1));
            expect(200, h, post("/v1/labels/{id}/suspension", id, "{\"reason\":\"under-investigation\"}", true));
            expect(200, h, post("/v1/labels/{id}/reinstatement", id, "{}", true));
            expect(200, h, post("/v1/labels/{id}/revocation", id, "{\"reason\":\"nonconformity\"}", true));
        });
        s.put("BulkRevokeFunction", () -> {
            var h = new BulkRevokeHandler(wiring("BulkRevokeFunction", Clock.systemUTC()));
            // the two steps: a preview that answers a confirmation token, then the revocation of exactly that set
            var preview = Json.parse(expect(200, h, post("/v1/revocations", Map.of(), "{\"model\":\"BULK-9\"}", true))
                    .getBody());
            var confirm = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            var ids = confirm.putArray("labels");
            preview.get("labels").forEach(l -> ids.add(l.get("id").asText()));
            confirm.put("confirmation", preview.get("confirmation").asText());
            confirm.put("reason", "nonconformity");
            expect(200, h, post("/v1/revocations", Map.of(), Json.writeString(confirm), true));
            expect(200, h, post("/v1/revocations", Map.of(), "{\"vendor\":\"nobody at all\"}", true));
        });
        s.put(
                "JwksFunction",
                () -> expect(
                        200,
                        new JwksHandler(wiring("JwksFunction", Clock.systemUTC())),
                        get("/.well-known/jwks.json", Map.of(), "")));
        s.put("StatusListFunction", () -> {
            var h = new StatusListHandler(wiring("StatusListFunction", Clock.systemUTC()));
            expect(200, h, get("/v1/status-lists/{n}", Map.of("n", "1"), ""));
            String saved = recorder.function;
            recorder.function = null;
            aws.s3().deleteObject(b -> b.bucket(bucket).key("v1/status-lists/1")); // a publication that never happened
            recorder.function = saved;
            expect(200, h, get("/v1/status-lists/{n}", Map.of("n", "1"), "")); // re-signed on the spot
            expect(404, h, get("/v1/status-lists/{n}", Map.of("n", "7"), ""));
        });
        s.put(
                "RequirementsFunction",
                () -> expect(200, new RequirementsHandler(), get("/v1/requirements", Map.of(), "")));
        s.put("ExportFunction", () -> {
            var h = new ExportHandler(wiring("ExportFunction", Clock.systemUTC()), SITE + "/files", 10);
            expect(302, h, get("/v1/export/labels.json", Map.of(), ""));
            expect(302, h, get("/v1/export/labels.csv", Map.of(), ""));
        });
        s.put("SweepFunction", () -> {
            // years later: every label's support has ended
            Clock later = Clock.offset(Clock.systemUTC(), Duration.ofDays(365 * 6));
            // one label as an older search-key normalisation left it (no key version, a stale model item), so the
            // sweep's one-time migration of search keys runs too (DynamoLabelStore.migrateSearchKeys)
            String saved = recorder.function;
            recorder.function = null;
            var pk = AttributeValue.fromS("L#" + labels.get(0));
            aws.dynamo()
                    .updateItem(b -> b.tableName(table)
                            .key(Map.of("PK", pk, "SK", AttributeValue.fromS("LABEL")))
                            .updateExpression("REMOVE skv"));
            aws.dynamo()
                    .putItem(b -> b.tableName(table)
                            .item(Map.of(
                                    "PK",
                                    pk,
                                    "SK",
                                    AttributeValue.fromS("M#stale-key"),
                                    "lid",
                                    AttributeValue.fromS(labels.get(0)),
                                    "mShard",
                                    AttributeValue.fromS("s"),
                                    "mKey",
                                    AttributeValue.fromS("stale-key#" + labels.get(0)))));
            recorder.function = saved;
            Map<String, Object> out = new SweepHandler(wiring("SweepFunction", later)).handleRequest(Map.of(), null);
            assertTrue(((Number) out.get("moved")).intValue() >= 2, out.toString());
            // it sequenced and published the log: its calls are the ones above (a checkpoint is there)
            recorder.function = null;
            assertTrue(aws.s3()
                            .listObjectsV2(b -> b.bucket(bucket).prefix("v1/log/checkpoint"))
                            .keyCount()
                    == 1);
            recorder.function = saved;
        });
        return s;
    }

    // ------------------------------------------------------------------ the function's own wiring

    private Map<String, String> env(String fn) {
        Map<String, String> env = new HashMap<>();
        t.resource(fn)
                .path("Properties")
                .path("Environment")
                .path("Variables")
                .fields()
                .forEachRemaining(e -> env.put(
                        e.getKey(),
                        e.getValue().isTextual()
                                ? e.getValue().asText()
                                : e.getValue().toString()));
        return env;
    }

    private Wiring wiring(String fn, Clock clock) {
        assertEquals("aws", env(fn).get("JCSTAR_STORE"));
        return Wiring.aws(
                aws,
                table,
                bucket,
                keyId,
                "",
                SITE,
                clock,
                "true".equals(env(fn).get("PUBLISH_KEY_DIRECTORY")),
                env(fn).containsKey("LOG_KEY_ID") ? logKeyId : "",
                Wiring.logOrigin(SITE));
    }

    private Registry readOnly() {
        return ReadOnlyWiring.aws(aws.dynamo(), table, SITE, Clock.systemUTC());
    }

    /** What each function called, generalised (key prefixes, partition key kinds): target/least-privilege-calls.txt. */
    private void writeSummary(List<String> functions) {
        StringBuilder sb = new StringBuilder();
        for (String fn : functions) {
            Set<String> lines = new TreeSet<>();
            for (Need n : recorder.needs.getOrDefault(fn, List.of())) {
                String res = n.resource()
                        .replace(table, "TABLE")
                        .replace(bucket, "BUCKET")
                        .replace(keyId, "KEY")
                        .replace(logKeyId, "LOG_KEY");
                String ctx = n.context().entrySet().stream()
                        .map(e -> e.getKey() + "="
                                + e.getValue().stream()
                                        .map(v -> e.getKey().equals("dynamodb:LeadingKeys")
                                                ? v.replaceAll("#.*", "#*")
                                                : v)
                                        .distinct()
                                        .sorted()
                                        .toList())
                        .sorted()
                        .collect(java.util.stream.Collectors.joining(" "));
                lines.add(n.action() + " " + res + " " + ctx);
            }
            sb.append(fn).append('\n');
            lines.forEach(l -> sb.append("  ").append(l).append('\n'));
        }
        try {
            java.nio.file.Files.writeString(java.nio.file.Path.of("target", "least-privilege-calls.txt"), sb);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ the check

    private Function<String, String> names(String fn) {
        return n -> switch (n) {
            case "LabelTable" -> table;
            case "LabelTable.Arn" -> CallRecorder.table(table);
            case "PublicFilesBucket" -> bucket;
            case "PublicFilesBucket.Arn" -> "arn:aws:s3:::" + bucket;
            case "SigningKey" -> keyId;
            case "SigningKey.Arn" -> CallRecorder.key(keyId);
            case "TransparencyLogKey" -> logKeyId;
            case "TransparencyLogKey.Arn" -> CallRecorder.key(logKeyId);
            default ->
                n.endsWith("Role.Arn")
                        ? "arn:aws:iam::" + CallRecorder.ACCOUNT + ":role/" + n.substring(0, n.length() - 4)
                        : "unresolved:" + n;
        };
    }

    private void check(String fn, List<String> errors) {
        String role = t.resource(fn)
                .path("Properties")
                .path("Role")
                .path("Fn::GetAtt")
                .get(0)
                .asText();
        String roleArn = "arn:aws:iam::" + CallRecorder.ACCOUNT + ":role/" + role;
        JsonNode r = t.resolve(t.resource(role).path("Properties"), names(fn));
        for (JsonNode m : Iam.list(r.get("ManagedPolicyArns"))) {
            if (!MANAGED.contains(m.asText()))
                errors.add(fn + ": managed policy " + m.asText() + " grants more than the code uses");
        }
        List<JsonNode> identity = new ArrayList<>();
        Iam.list(r.get("Policies"))
                .forEach(p -> identity.addAll(Iam.list(p.path("PolicyDocument").get("Statement"))));
        // each KMS key's policy: the signing key's and the transparency log key's
        Map<String, List<JsonNode>> keyPolicies = Map.of(
                CallRecorder.key(keyId), keyPolicy("SigningKey", fn),
                CallRecorder.key(logKeyId), keyPolicy("TransparencyLogKey", fn));
        List<JsonNode> keyGrantsForRole = new ArrayList<>();
        keyPolicies
                .values()
                .forEach(key -> keyGrantsForRole.addAll(key.stream()
                        .filter(s -> principals(s).contains(roleArn))
                        .toList()));

        List<Need> needs = recorder.needs.getOrDefault(fn, List.of()).stream()
                .map(n -> withPrincipal(n, roleArn))
                .toList();
        for (Need n : new java.util.LinkedHashSet<>(needs)) {
            List<JsonNode> key = keyPolicies.getOrDefault(n.resource(), List.of());
            boolean isKey = keyPolicies.containsKey(n.resource());
            List<JsonNode> keyForRole =
                    key.stream().filter(s -> principals(s).contains(roleArn)).toList();
            List<JsonNode> keyForAccount = key.stream()
                    .filter(s -> principals(s).contains("arn:aws:iam::" + CallRecorder.ACCOUNT + ":root"))
                    .toList();
            List<JsonNode> keyDenies = key.stream()
                    .filter(s -> s.path("Effect").asText().equals("Deny")
                            && principals(s).contains("*"))
                    .toList();
            boolean byIdentity = allows(identity, n) && (!isKey || allows(keyForAccount, n));
            boolean byKey = isKey && allows(keyForRole, n);
            boolean denied = (isKey && keyDenies.stream().anyMatch(s -> matches(s, n)))
                    || identity.stream().anyMatch(s -> s.path("Effect").asText().equals("Deny") && matches(s, n));
            if (!(byIdentity || byKey) || denied)
                errors.add(fn + ": not granted " + n.action() + " on " + n.resource() + " " + n.context() + " ("
                        + n.call() + ")");
        }
        List<JsonNode> grants = new ArrayList<>(identity);
        grants.addAll(keyGrantsForRole);
        for (JsonNode s : grants) {
            if (!s.path("Effect").asText().equals("Allow")) continue;
            for (JsonNode a : Iam.list(s.get("Action"))) {
                if (SERVICE_SIDE.contains(a.asText())) continue;
                for (JsonNode res : Iam.list(s.get("Resource"))) {
                    boolean used = needs.stream()
                            .anyMatch(n -> Iam.matches(a.asText(), n.action(), true)
                                    && Iam.matches(res.asText(), n.resource(), false)
                                    && conditionsHold(s.get("Condition"), n.context()));
                    if (!used)
                        errors.add(fn + ": grants " + a.asText() + " on " + res.asText() + " " + s.path("Condition")
                                + " but never uses it");
                    // and each partition pattern of the grant is one the code uses with that action
                    for (JsonNode k : Iam.list(
                            s.path("Condition").path("ForAllValues:StringLike").get("dynamodb:LeadingKeys"))) {
                        boolean keyUsed = needs.stream()
                                .anyMatch(n -> Iam.matches(a.asText(), n.action(), true)
                                        && Iam.matches(res.asText(), n.resource(), false)
                                        && n.context().getOrDefault("dynamodb:LeadingKeys", List.of()).stream()
                                                .anyMatch(v -> Iam.matches(k.asText(), v, false)));
                        if (!keyUsed)
                            errors.add(fn + ": grants " + a.asText() + " on partitions " + k.asText()
                                    + " but never uses them");
                    }
                }
            }
        }
    }

    private List<JsonNode> keyPolicy(String keyResource, String fn) {
        return Iam.list(t.resolve(t.resource(keyResource).path("Properties").path("KeyPolicy"), names(fn))
                .get("Statement"));
    }

    private static Need withPrincipal(Need n, String roleArn) {
        Map<String, List<String>> c = new HashMap<>(n.context());
        c.put("aws:PrincipalArn", List.of(roleArn));
        return new Need(n.action(), n.resource(), Map.copyOf(c), n.call());
    }

    private static Set<String> principals(JsonNode statement) {
        Set<String> out = new TreeSet<>();
        JsonNode p = statement.get("Principal");
        if (p == null) return out;
        if (p.isTextual()) out.add(p.asText());
        else Iam.list(p.get("AWS")).forEach(x -> out.add(x.asText()));
        return out;
    }

    private static boolean allows(List<JsonNode> statements, Need n) {
        return statements.stream().anyMatch(s -> s.path("Effect").asText().equals("Allow") && matches(s, n));
    }

    private static boolean matches(JsonNode s, Need n) {
        if (!Iam.coversAction(s, n.action())) return false;
        boolean resource =
                Iam.list(s.get("Resource")).stream().anyMatch(r -> Iam.matches(r.asText(), n.resource(), false));
        return resource && conditionsHold(s.get("Condition"), n.context());
    }

    /**
     * IAM's condition operators this template uses. Stricter than IAM in one way: a ForAllValues test of a
     * key the request does not carry fails (IAM would pass it vacuously).
     */
    static boolean conditionsHold(JsonNode condition, Map<String, List<String>> context) {
        if (condition == null || condition.isMissingNode()) return true;
        for (var op : (Iterable<Map.Entry<String, JsonNode>>) condition::fields) {
            String name = op.getKey();
            boolean forAll = name.startsWith("ForAllValues:");
            String base = forAll ? name.substring("ForAllValues:".length()) : name;
            boolean negated = base.contains("Not");
            boolean like = base.endsWith("Like");
            if (!Set.of(
                            "StringEquals",
                            "StringLike",
                            "StringNotEquals",
                            "StringNotLike",
                            "ArnEquals",
                            "ArnLike",
                            "ArnNotEquals",
                            "ArnNotLike")
                    .contains(base))
                throw new AssertionError("condition operator " + name + " is not modelled by this test");
            for (var k : (Iterable<Map.Entry<String, JsonNode>>) op.getValue()::fields) {
                List<String> values = context.get(k.getKey());
                List<String> patterns =
                        Iam.list(k.getValue()).stream().map(JsonNode::asText).toList();
                Function<String, Boolean> one = v -> patterns.stream()
                        .anyMatch(p -> like || base.startsWith("Arn") ? Iam.matches(p, v, false) : p.equals(v));
                boolean holds;
                if (values == null || values.isEmpty()) holds = negated && !forAll;
                else if (forAll) holds = values.stream().allMatch(v -> negated != one.apply(v));
                else holds = negated != one.apply(values.getFirst());
                if (!holds) return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ events

    private String id(APIGatewayV2HTTPResponse r) {
        return Json.parse(r.getBody()).get("id").asText();
    }

    private String jws(int i) {
        String saved = recorder.function;
        recorder.function = null;
        try {
            return new DynamoLabelStore(aws.dynamo(), table)
                    .get(labels.get(i))
                    .orElseThrow()
                    .jws();
        } finally {
            recorder.function = saved;
        }
    }

    private static APIGatewayV2HTTPResponse expect(int status, ApiHandler h, APIGatewayV2HTTPEvent e) {
        APIGatewayV2HTTPResponse r = h.handleRequest(e, null);
        assertEquals(
                status,
                r.getStatusCode(),
                e.getRouteKey() + " " + e.getRawPath() + "?" + e.getRawQueryString() + ": " + r.getBody());
        return r;
    }

    private static APIGatewayV2HTTPEvent get(String route, Map<String, String> params, String query) {
        return event("GET", route, params, query, null, false);
    }

    private static APIGatewayV2HTTPEvent post(String route, Map<String, String> params, String body, boolean operator) {
        return event("POST", route, params, "", body, operator);
    }

    private static APIGatewayV2HTTPEvent event(
            String method, String route, Map<String, String> params, String query, String body, boolean operator) {
        String path = route;
        for (var p : params.entrySet()) path = path.replace("{" + p.getKey() + "}", p.getValue());
        Map<String, String> q = new LinkedHashMap<>();
        if (!query.isEmpty())
            for (String kv : query.split("&"))
                q.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        var http = APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                .withMethod(method)
                .withPath(path)
                .withProtocol("HTTP/1.1")
                .withSourceIp("198.51.100.7")
                .withUserAgent("least-privilege")
                .build();
        var ctx = APIGatewayV2HTTPEvent.RequestContext.builder()
                .withRouteKey(method + " " + route)
                .withStage("$default")
                .withRequestId("lp")
                .withAccountId(CallRecorder.ACCOUNT)
                .withApiId("abcdef1234")
                .withHttp(http);
        if (operator) {
            ctx.withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                    .withIam(APIGatewayV2HTTPEvent.RequestContext.IAM
                            .builder()
                            .withAccountId(CallRecorder.ACCOUNT)
                            .withUserArn("arn:aws:sts::123456789012:assumed-role/JcstarOperator/op")
                            .build())
                    .build());
        }
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(method + " " + route)
                .withRawPath(path)
                .withRawQueryString(query)
                .withQueryStringParameters(q.isEmpty() ? null : q)
                .withPathParameters(params.isEmpty() ? null : params)
                .withHeaders(body == null ? Map.of() : Map.of("content-type", "application/json"))
                .withRequestContext(ctx.build())
                .withBody(body)
                .withIsBase64Encoded(false)
                .build();
    }
}
