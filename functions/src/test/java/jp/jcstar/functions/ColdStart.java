package jp.jcstar.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import jp.jcstar.aws.AwsClients;
import jp.jcstar.aws.DynamoLabelStore;
import jp.jcstar.aws.KmsSigner;
import jp.jcstar.aws.S3BlobStore;
import jp.jcstar.json.Json;

/**
 * The cold-start benchmark's function process ({@code bench/coldstart.sh} starts one JVM per run).
 * Runs on the class path Lambda gives a function: the deployable jar plus the runtime's own
 * {@code aws-lambda-java-serialization}; nothing from the Maven test class path.
 *
 * <ul>
 *   <li>{@code setup EVENT_FILE}: creates table, bucket and KMS key in the emulator, issues one label and
 *       writes a {@code POST /v1/verify} API Gateway v2 event for it; prints {@code KMS_KEY_ID=…}.</li>
 *   <li>{@code run EVENT_FILE}: what Lambda does in a fresh execution environment — init (load and
 *       construct {@link VerifyHandler}), then one invoke (event JSON → event object with the
 *       runtime's serializer, {@code handleRequest}, response → JSON). Prints epoch microseconds at
 *       main entry, after init and after the response, and the process's CPU time in ms, as
 *       {@code t_main t_init t_done cpu_ms}; exits 1 unless
 *       the answer is a 200 {@code "valid": true}.</li>
 *   <li>{@code primed EVENT_FILE}: init, then the SnapStart priming hook, then the invoke (what a
 *       restored SnapStart snapshot does, minus the restore itself).</li>
 * </ul>
 */
public final class ColdStart {
    private ColdStart() {}

    public static void main(String[] args) throws Exception {
        long tMain = micros();
        switch (args[0]) {
            case "setup" -> setup(Path.of(args[1]));
            case "run", "primed" -> {
                VerifyHandler handler = new VerifyHandler();
                if (args[0].equals("primed")) Priming.prime(handler);
                long tInit = micros();
                byte[] eventJson = Files.readAllBytes(Path.of(args[1]));
                String response = invoke(handler, eventJson);
                long tDone = micros();
                if (!response.contains("\\\"valid\\\":true") || !response.contains("\"statusCode\":200")) {
                    System.err.println("unexpected response: " + response);
                    System.exit(1);
                }
                System.out.println(tMain + " " + tInit + " " + tDone + " " + cpuMillis());
            }
            default -> throw new IllegalArgumentException("setup|run|primed EVENT_FILE");
        }
    }

    /** As the Java runtime does it: its own serializer for the event type, in and out. */
    private static String invoke(VerifyHandler handler, byte[] eventJson) {
        ClassLoader cl = ColdStart.class.getClassLoader();
        PojoSerializer<APIGatewayV2HTTPEvent> in = LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, cl);
        APIGatewayV2HTTPResponse out = handler.handleRequest(in.fromJson(new java.io.ByteArrayInputStream(eventJson)), null);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        LambdaEventSerializers.serializerFor(APIGatewayV2HTTPResponse.class, cl).toJson(out, buf);
        return buf.toString(StandardCharsets.UTF_8);
    }

    private static void setup(Path eventFile) throws Exception {
        AwsClients aws = AwsClients.fromEnvironment();
        String table = System.getenv("TABLE_NAME");
        String bucket = System.getenv("BUCKET_NAME");
        DynamoLabelStore.createTable(aws.dynamo(), table);
        S3BlobStore.createBucket(aws.s3(), bucket);
        String keyId = KmsSigner.createKey(aws.kms(), "cold-start benchmark");
        Wiring w = new Wiring(new DynamoLabelStore(aws.dynamo(), table), new S3BlobStore(aws.s3(), bucket), new KmsSigner(aws.kms(), keyId),
                List.of(), Clock.systemUTC(), System.getenv("SITE_BASE_URL"));
        var issued = new IssueLabelHandler(w).handleRequest(TestApi.withBody("issue-label-iam.json", TestApi.application("BENCH-1").toString()), null);
        if (issued.getStatusCode() != 201) throw new IllegalStateException("issue failed: " + issued.getBody());
        String qrText = Json.parse(issued.getBody()).get("qrText").asText();
        String body = "{\"label\":" + Json.writeString(qrText) + "}";
        String event;
        try (InputStream fixture = ColdStart.class.getResourceAsStream("/events/verify.json")) {
            event = new String(fixture.readAllBytes(), StandardCharsets.UTF_8).replace("\"BODY\"", Json.writeString(body));
        }
        Files.writeString(eventFile, event);
        System.out.println("KMS_KEY_ID=" + keyId);
    }

    /** CPU time of the whole process so far (all threads: JIT, GC too), from /proc; 10 ms ticks. */
    private static long cpuMillis() throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10; // utime, stime (USER_HZ = 100)
    }

    private static long micros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
