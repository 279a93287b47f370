package jp.jcstar.aws;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A DynamoDB client and nothing else, for the public read-only functions: unlike {@link AwsClients} it
 * refers to no other service's SDK module, so their artifact can leave S3 and KMS out.
 *
 * <p>Region and credentials are taken straight from the variables Lambda sets ({@code AWS_REGION};
 * {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN}) instead of
 * walking the SDK's default provider chains, which a cold start would pay for in loaded classes and
 * file look-ups. Where those variables are absent (a developer's machine with a profile) the default
 * chains are used. The endpoint is still the SDK's own resolution, so {@code AWS_ENDPOINT_URL}
 * points it at moto or LocalStack.
 */
public final class DynamoClients {
    private DynamoClients() {}

    public static DynamoDbClient fromEnvironment() {
        var b = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.builder().build());
        String region = System.getenv("AWS_REGION");
        if (region != null && !region.isBlank()) b.region(Region.of(region.strip()));
        b.credentialsProvider(credentials());
        return b.build();
    }

    private static AwsCredentialsProvider credentials() {
        String key = System.getenv("AWS_ACCESS_KEY_ID");
        return key != null && !key.isBlank() ? EnvironmentVariableCredentialsProvider.create() : DefaultCredentialsProvider.builder().build();
    }
}
