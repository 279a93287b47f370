package jp.jcstar.aws;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A DynamoDB client and nothing else, for the public read-only functions: unlike {@link AwsClients} it
 * refers to no other service's SDK module, so their artifact can leave S3 and KMS out. URL-connection
 * HTTP client, built on a thread of its own while the SDK builds the service client ({@link
 * DeferredHttpClient}); region and credentials provider from Lambda's variables ({@link AwsEnvironment}:
 * access keys, or under SnapStart the container credentials endpoint), the endpoint from the SDK's chain
 * (so {@code AWS_ENDPOINT_URL} points it at moto or LocalStack). Measured in docs/benchmarks.md, "Cold
 * start"; the AWS CRT HTTP client was measured too: not faster, and too big for the public jar.
 */
public final class DynamoClients {
    private DynamoClients() {}

    public static DynamoDbClient fromEnvironment() {
        Map<String, String> env = System.getenv();
        var b = DynamoDbClient.builder()
                .httpClient(DeferredHttpClient.urlConnection("jcstar-init-http"))
                .credentialsProvider(AwsEnvironment.credentials(env));
        AwsEnvironment.region(env).ifPresent(b::region);
        return b.build();
    }
}
