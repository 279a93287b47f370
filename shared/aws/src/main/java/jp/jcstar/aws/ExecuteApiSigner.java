package jp.jcstar.aws;

import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * Signs requests to the registry's API in AWS with Signature Version 4 for the service
 * {@code execute-api}: the operator routes use IAM authorisation (template.yaml), so the operator's
 * tools call them with the operator's own AWS credentials (profile, SSO, environment — the SDK's
 * default chain), never with a secret of ours. Takes and returns plain Java types, so callers stay
 * free of the SDK.
 *
 * <p>Thread-safe; credentials are resolved per request (the provider refreshes them when they expire).
 */
public final class ExecuteApiSigner {
    private static final Pattern EXECUTE_API_HOST =
            Pattern.compile("[a-z0-9]+\\.execute-api\\.([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?");
    /** Headers java.net.http sets itself and refuses from callers; they must not come back from {@link #sign}. */
    private static final List<String> RESTRICTED = List.of("host", "content-length", "connection", "expect", "upgrade");

    private final AwsCredentialsProvider credentials;
    private final String region;
    private final Clock clock;

    ExecuteApiSigner(AwsCredentialsProvider credentials, String region, Clock clock) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.region = Objects.requireNonNull(region, "region");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A signer for {@code api} with the SDK's default credentials chain. The region is {@code region}
     * if given, else the one in an {@code <id>.execute-api.<region>.amazonaws.com} host name, else the
     * SDK's default region chain ({@code AWS_REGION}, the profile).
     *
     * @throws IllegalStateException if no region can be found
     */
    public static ExecuteApiSigner forApi(URI api, String region) {
        String r = region != null && !region.isBlank()
                ? region.strip()
                : regionOfHost(api.getHost()).orElseGet(() -> {
                    try {
                        return DefaultAwsRegionProviderChain.builder()
                                .build()
                                .getRegion()
                                .id();
                    } catch (RuntimeException e) {
                        throw new IllegalStateException("no AWS region: give --region, or set AWS_REGION");
                    }
                });
        return new ExecuteApiSigner(DefaultCredentialsProvider.builder().build(), r, Clock.systemUTC());
    }

    /** The region in an API Gateway default host name, e.g. {@code abc123.execute-api.ap-northeast-1.amazonaws.com}. */
    public static Optional<String> regionOfHost(String host) {
        if (host == null) return Optional.empty();
        Matcher m = EXECUTE_API_HOST.matcher(host.toLowerCase(Locale.ROOT));
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    public String region() {
        return region;
    }

    /**
     * The headers to add to the request {@code method uri} with {@code headers} and {@code body} so
     * that API Gateway accepts it as signed by the operator: {@code Authorization}, {@code X-Amz-Date},
     * and {@code X-Amz-Security-Token} for temporary credentials. {@code headers} are signed too, so
     * they must be sent exactly as given.
     */
    public Map<String, String> sign(String method, URI uri, Map<String, String> headers, byte[] body) {
        SdkHttpRequest.Builder request =
                SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
        headers.forEach(request::putHeader);
        var signed = AwsV4HttpSigner.create()
                .sign(r -> r.identity(credentials.resolveCredentials())
                        .request(request.build())
                        .payload(ContentStreamProvider.fromByteArray(body == null ? new byte[0] : body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                        .putProperty(HttpSigner.SIGNING_CLOCK, clock));
        Map<String, String> out = new LinkedHashMap<>();
        signed.request().headers().forEach((name, values) -> {
            if (RESTRICTED.contains(name.toLowerCase(Locale.ROOT)) || headers.containsKey(name)) return;
            out.put(name, String.join(",", values));
        });
        return out;
    }

    @Override
    public String toString() {
        return "ExecuteApiSigner[execute-api, " + region + "]";
    }
}
