package jp.jcstar.functions;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import jp.jcstar.aws.AwsClients;
import jp.jcstar.aws.DynamoKeyDirectory;
import jp.jcstar.aws.DynamoLabelStore;
import jp.jcstar.aws.KmsSigner;
import jp.jcstar.aws.S3BlobStore;
import jp.jcstar.json.Json;

/**
 * {@code ColdStart setup EVENT_FILE}, on the full jar: creates table, bucket and KMS key in the emulator,
 * publishes the key set (as the signer-holding functions do at init), issues one label through the
 * issue handler and writes a {@code POST /v1/verify} API Gateway v2 event for it; prints {@code KMS_KEY_ID=…}.
 */
final class ColdStartSetup {
    private ColdStartSetup() {}

    static void setup(Path eventFile) throws Exception {
        AwsClients aws = AwsClients.fromEnvironment();
        String table = System.getenv("TABLE_NAME");
        String bucket = System.getenv("BUCKET_NAME");
        DynamoLabelStore.createTable(aws.dynamo(), table);
        S3BlobStore.createBucket(aws.s3(), bucket);
        String keyId = KmsSigner.createKey(aws.kms(), "cold-start benchmark");
        Wiring w = new Wiring(
                new DynamoLabelStore(aws.dynamo(), table),
                new S3BlobStore(aws.s3(), bucket),
                new KmsSigner(aws.kms(), keyId),
                List.of(),
                Clock.systemUTC(),
                System.getenv("SITE_BASE_URL"));
        // what the signer-holding functions do at init: the verify function reads its keys from here
        new DynamoKeyDirectory(aws.dynamo(), table).publish(w.keys());
        var issued = new IssueLabelHandler(w)
                .handleRequest(
                        TestApi.withBody(
                                "issue-label-iam.json",
                                TestApi.application("BENCH-1").toString()),
                        null);
        if (issued.getStatusCode() != 201) throw new IllegalStateException("issue failed: " + issued.getBody());
        String qrText = Json.parse(issued.getBody()).get("qrText").asText();
        String body = "{\"label\":" + Json.writeString(qrText) + "}";
        String event;
        try (InputStream fixture = ColdStart.class.getResourceAsStream("/events/verify.json")) {
            event = new String(fixture.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("\"BODY\"", Json.writeString(body));
        }
        Files.writeString(eventFile, event);
        System.out.println("KMS_KEY_ID=" + keyId);
    }
}
