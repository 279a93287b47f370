package jp.jcstar.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import jp.jcstar.json.Json;

/**
 * The cold-start benchmark's function process ({@code bench/coldstart.sh} starts one JVM per run).
 * Runs on the class path Lambda gives a function: the deployable jar plus the runtime's own
 * {@code aws-lambda-java-serialization}; nothing from the Maven test class path. Refers to nothing
 * outside the public functions' jar (the setup, which needs S3 and KMS, is {@link ColdStartSetup}).
 *
 * <ul>
 *   <li>{@code setup EVENT_FILE}: creates table, bucket and KMS key in the emulator, issues one label and
 *       writes a {@code POST /v1/verify} API Gateway v2 event for it; prints {@code KMS_KEY_ID=…}.</li>
 *   <li>{@code run EVENT_FILE}: what Lambda does in a fresh execution environment — init (load and
 *       construct {@link VerifyHandler}, make the runtime's serializers for its types), then one invoke
 *       (event JSON → event object with the runtime's serializer, {@code handleRequest}, response → JSON).
 *       Prints epoch microseconds at main entry, after init and after the response, the process's CPU
 *       time in ms, the invoking thread's CPU time during the invoke in µs and its CPU time during init
 *       in µs (init work done on other threads is not in it), as
 *       {@code t_main t_init t_done cpu_ms invoke_cpu_us init_cpu_us}; exits 1 unless the answer is a 200
 *       {@code "valid": true}.</li>
 *   <li>{@code primed EVENT_FILE}: init, then every registered SnapStart priming hook ({@link Priming}),
 *       then the invoke (what a restored SnapStart snapshot does, minus the restore itself).</li>
 *   <li>{@code smoke EVENT_FILE}: each handler of the public artifact answers once ({@link #smoke}).</li>
 * </ul>
 */
public final class ColdStart {
    private ColdStart() {}

    public static void main(String[] args) throws Exception {
        long tMain = micros();
        long mainCpu0 = threadCpuMicros();
        switch (args[0]) {
            case "setup" -> ColdStartSetup.setup(Path.of(args[1]));
            case "run", "primed" -> {
                // init as the runtime does it: load and construct the handler (a stream handler: the
                // runtime makes no serializer for it, and passes the event's bytes)
                String client = System.getProperty("coldstart.client", "lambda");
                Object handler = client.equals("lambda")
                        ? new VerifyHandler()
                        : new VerifyHandler(ReadOnlyWiring.registry(dynamo(client)));
                if (args[0].equals("primed")) {
                    // what SnapStart does before the snapshot: every registered beforeCheckpoint hook
                    for (Priming p : Priming.registered()) p.beforeCheckpoint(null);
                }
                long tInit = micros();
                long cpu0 = threadCpuMicros();
                long initCpu = cpu0 - mainCpu0;
                byte[] eventJson = Files.readAllBytes(Path.of(args[1]));
                String response = invoke(handler, eventJson);
                long tDone = micros();
                long invokeCpu = threadCpuMicros() - cpu0;
                if (!response.contains("\\\"valid\\\":true") || !response.contains("\"statusCode\":200")) {
                    System.err.println("unexpected response: " + response);
                    System.exit(1);
                }
                System.out.println(
                        tMain + " " + tInit + " " + tDone + " " + cpuMillis() + " " + invokeCpu + " " + initCpu);
            }
            case "smoke" -> smoke(Path.of(args[1]));
            default -> throw new IllegalArgumentException("setup|run|primed|smoke EVENT_FILE");
        }
    }

    /**
     * Every handler of the public artifact, built by its Lambda constructor from the environment and
     * asked once, the way its route is called: verify and batch verify (the label is valid), get label,
     * search, requirements. Run on the class path {@code jcstar-functions-public.jar} +
     * serializer, it shows that the lean jar holds everything those functions reach. Prints one line
     * per handler; exits 1 at the first unexpected answer.
     */
    private static void smoke(Path verifyEvent) throws Exception {
        APIGatewayV2HTTPEvent verify =
                HttpEventJson.read(new java.io.ByteArrayInputStream(Files.readAllBytes(verifyEvent)));
        String label = Json.parse(verify.getBody()).get("label").asText();
        APIGatewayV2HTTPResponse v =
                expect(new VerifyHandler().handleRequest(verify, null), 200, "\"valid\":true", "verify");
        String id = Json.parse(v.getBody()).get("label").get("id").asText();
        expect(
                new BatchVerifyHandler()
                        .handleRequest(
                                event(
                                        "POST",
                                        "/v1/verify/batch",
                                        Map.of(),
                                        "",
                                        "{\"labels\":[" + Json.writeString(label) + "]}"),
                                null),
                200,
                "\"valid\":1",
                "batch verify");
        expect(
                new GetLabelHandler().handleRequest(event("GET", "/v1/labels/" + id, Map.of("id", id), "", null), null),
                200,
                "\"id\":\"" + id + "\"",
                "get label");
        expect(
                new SearchLabelsHandler().handleRequest(event("GET", "/v1/labels", Map.of(), "limit=5", null), null),
                200,
                "\"id\":\"" + id + "\"",
                "search");
        expect(
                new RequirementsHandler().handleRequest(event("GET", "/v1/requirements", Map.of(), "", null), null),
                200,
                "\"id\"",
                "requirements");
    }

    private static APIGatewayV2HTTPResponse expect(
            APIGatewayV2HTTPResponse r, int status, String contains, String what) {
        boolean ok = r.getStatusCode() == status
                && r.getBody() != null
                && r.getBody().contains(contains);
        System.out.println((ok ? "ok   " : "FAIL ") + what + ": " + r.getStatusCode());
        if (!ok) {
            System.err.println(what + " answered " + r.getStatusCode() + ": " + r.getBody());
            System.exit(1);
        }
        return r;
    }

    private static APIGatewayV2HTTPEvent event(
            String method, String path, Map<String, String> pathParams, String query, String body) {
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(method + " " + path)
                .withRawPath(path)
                .withRawQueryString(query)
                .withQueryStringParameters(
                        query.isEmpty()
                                ? null
                                : java.util.Arrays.stream(query.split("&"))
                                        .collect(java.util.stream.Collectors.toMap(
                                                q -> q.substring(0, q.indexOf('=')),
                                                q -> q.substring(q.indexOf('=') + 1))))
                .withPathParameters(pathParams.isEmpty() ? null : pathParams)
                .withHeaders(body == null ? Map.of() : Map.of("content-type", "application/json"))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(method)
                                .withPath(path)
                                .build())
                        .withRouteKey(method + " " + path)
                        .withStage("$default")
                        .build())
                .withBody(body)
                .withIsBase64Encoded(false)
                .build();
    }

    /**
     * As the Java runtime does it: for a stream handler the event's bytes in, the response's bytes out; for
     * a {@code RequestHandler} — a jar from before the handlers became stream handlers, measured side by
     * side with {@code --jar} — its own serializer for the event type, in and out.
     */
    @SuppressWarnings("unchecked")
    private static String invoke(Object handler, byte[] eventJson) throws java.io.IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        if (isStreamHandler(handler)) {
            ((com.amazonaws.services.lambda.runtime.RequestStreamHandler) handler)
                    .handleRequest(new java.io.ByteArrayInputStream(eventJson), buf, null);
        } else {
            ClassLoader cl = ColdStart.class.getClassLoader();
            APIGatewayV2HTTPResponse response = ((com.amazonaws.services.lambda.runtime.RequestHandler<
                                    APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>)
                            handler)
                    .handleRequest(
                            LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, cl)
                                    .fromJson(new java.io.ByteArrayInputStream(eventJson)),
                            null);
            LambdaEventSerializers.serializerFor(APIGatewayV2HTTPResponse.class, cl)
                    .toJson(response, buf);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    /** CPU time of the whole process so far (all threads: JIT, GC too), from /proc; 10 ms ticks. */
    private static long cpuMillis() throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10; // utime, stime (USER_HZ = 100)
    }

    /**
     * The DynamoDB client of a measured variant ({@code -Dcoldstart.client=…}): {@code url-explicit} is the
     * URL-connection client with region and credentials provider set (AWS_REGION, the environment's keys)
     * instead of the SDK's default chains; {@code crt} and {@code crt-explicit} the same with the AWS CRT
     * HTTP client, which the script puts on the class path (the function jars may not hold it), so it is
     * built by name here.
     */
    private static software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamo(String client)
            throws ReflectiveOperationException {
        var b = software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder();
        if (client.startsWith("crt")) {
            b.httpClient((software.amazon.awssdk.http.SdkHttpClient)
                    Class.forName("software.amazon.awssdk.http.crt.AwsCrtHttpClient")
                            .getMethod("create")
                            .invoke(null));
        } else if (client.startsWith("url")) {
            b.httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create());
        } else {
            throw new IllegalArgumentException("coldstart.client: lambda, url-explicit, crt or crt-explicit");
        }
        if (client.endsWith("-explicit")) {
            b.region(software.amazon.awssdk.regions.Region.of(System.getenv("AWS_REGION")))
                    .credentialsProvider(
                            software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider.create());
        }
        return b.build();
    }

    /** By name: a minimised jar from before the stream handlers does not hold the interface at all. */
    private static boolean isStreamHandler(Object handler) {
        try {
            return Class.forName(
                            "com.amazonaws.services.lambda.runtime.RequestStreamHandler",
                            false,
                            handler.getClass().getClassLoader())
                    .isInstance(handler);
        } catch (ClassNotFoundException absent) {
            return false;
        }
    }

    /** CPU time of the calling thread so far, from /proc/thread-self/schedstat (nanosecond resolution). */
    private static long threadCpuMicros() throws java.io.IOException {
        String s = Files.readString(Path.of("/proc/thread-self/schedstat"));
        return Long.parseLong(s.substring(0, s.indexOf(' '))) / 1_000;
    }

    private static long micros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
