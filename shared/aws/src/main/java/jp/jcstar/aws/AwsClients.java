package jp.jcstar.aws;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The AWS clients the registry uses (DynamoDB, S3, KMS; SQS for webhooks), each built once, on first use, with the URL-connection
 * HTTP client (the lightest to load: cold start and SnapStart snapshots stay small).
 *
 * <p>{@link #fromEnvironment()} takes region and credentials provider from Lambda's variables ({@link
 * AwsEnvironment}: {@code AWS_REGION}; the access-key variables, or under SnapStart the container
 * credentials endpoint; elsewhere the SDK's default chains), and leaves the endpoint to the SDK's own chain:
 * endpoint from {@code AWS_ENDPOINT_URL} /
 * {@code AWS_ENDPOINT_URL_<SERVICE>} (or {@code aws.endpointUrl}), which SDK 2.57 reads itself
 * ({@code AwsClientEndpointProvider}); so the same code talks to AWS, moto and LocalStack. When an
 * endpoint override is configured, S3 uses path-style addressing because emulators on an IP address
 * cannot serve virtual-hosted bucket names.
 *
 * <p>Thread-safe: each client is created at most once; the SDK clients themselves are thread-safe.
 * Clients are never closed by this class: they live as long as the function instance.
 */
public final class AwsClients {
    private final Region region;
    private final URI endpoint;
    private final AwsCredentialsProvider credentials;
    private final List<ExecutionInterceptor> interceptors;
    private final Lazy<SdkHttpClient> http =
            new Lazy<>(() -> UrlConnectionHttpClient.builder().build());
    private final Lazy<DynamoDbClient> dynamo;
    private final Lazy<S3Client> s3;
    private final Lazy<KmsClient> kms;

    private AwsClients(
            Region region, URI endpoint, AwsCredentialsProvider credentials, List<ExecutionInterceptor> interceptors) {
        this.region = region;
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.interceptors = List.copyOf(interceptors);
        this.dynamo = new Lazy<>(() -> {
            var b = DynamoDbClient.builder().httpClient(http.get());
            configure(b);
            return b.build();
        });
        this.s3 = new Lazy<>(() -> {
            var b = S3Client.builder()
                    .httpClient(http.get())
                    .forcePathStyle(endpoint != null || endpointConfiguredInEnvironment());
            configure(b);
            return b.build();
        });
        this.kms = new Lazy<>(() -> {
            var b = KmsClient.builder().httpClient(http.get());
            configure(b);
            return b.build();
        });
    }

    /** Region and credentials as {@link AwsEnvironment} reads them; the endpoint from the SDK's chain. */
    public static AwsClients fromEnvironment() {
        Map<String, String> env = System.getenv();
        return new AwsClients(
                AwsEnvironment.region(env).orElse(null), null, AwsEnvironment.credentials(env), List.of());
    }

    /**
     * Explicit settings, for tests and tools that talk to an emulator (moto, LocalStack) without
     * touching the process environment. {@code interceptors} are added to every client (tests use
     * one to work around an emulator defect; tracing could use the same hook).
     */
    public static AwsClients forEndpoint(
            URI endpoint, Region region, AwsCredentialsProvider credentials, ExecutionInterceptor... interceptors) {
        return new AwsClients(
                Objects.requireNonNull(region, "region"),
                Objects.requireNonNull(endpoint, "endpoint"),
                Objects.requireNonNull(credentials, "credentials"),
                List.of(interceptors));
    }

    public DynamoDbClient dynamo() {
        return dynamo.get();
    }

    public S3Client s3() {
        return s3.get();
    }

    public KmsClient kms() {
        return kms.get();
    }

    private void configure(software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<?, ?> b) {
        if (region != null) b.region(region);
        if (endpoint != null) b.endpointOverride(endpoint);
        if (credentials != null) b.credentialsProvider(credentials);
        if (!interceptors.isEmpty()) b.overrideConfiguration(c -> interceptors.forEach(c::addExecutionInterceptor));
    }

    private static boolean endpointConfiguredInEnvironment() {
        return present(System.getProperty("aws.endpointUrl"))
                || present(System.getenv("AWS_ENDPOINT_URL"))
                || present(System.getenv("AWS_ENDPOINT_URL_S3"));
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    /** Thread-safe memoising supplier (double-checked; the value is created at most once). */
    private static final class Lazy<T> implements Supplier<T> {
        private final Supplier<T> factory;
        private volatile T value;

        Lazy(Supplier<T> factory) {
            this.factory = factory;
        }

        @Override
        public T get() {
            T v = value;
            if (v == null) {
                synchronized (this) {
                    v = value;
                    if (v == null) value = v = factory.get();
                }
            }
            return v;
        }
    }

    @Override
    public String toString() {
        return "AwsClients[region="
                + Optional.ofNullable(region).map(Region::id).orElse("(environment)") + ", endpoint="
                + Optional.ofNullable(endpoint).map(URI::toString).orElse("(environment)") + "]";
    }
}
