package jp.jcstar.aws;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A DynamoDB client and nothing else, for the public read-only functions: unlike {@link AwsClients} it
 * refers to no other service's SDK module, so their artifact can leave S3 and KMS out. URL-connection
 * HTTP client; region, credentials and endpoint from the SDK's own chains, as {@link AwsClients#fromEnvironment()}
 * (so {@code AWS_ENDPOINT_URL} points it at moto or LocalStack). Taking region and credentials straight
 * from Lambda's variables instead of the default chains was measured and made no difference to the
 * cold start (docs/benchmarks.md), so the chains stay; an explicit environment-variable credentials
 * provider would also be wrong under SnapStart, where Lambda hands out container credentials instead.
 * The AWS CRT HTTP client was measured too: not faster, and too big for the public jar.
 */
public final class DynamoClients {
    private DynamoClients() {}

    public static DynamoDbClient fromEnvironment() {
        return DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.builder().build())
                .build();
    }
}
