package jp.jcstar.aws;

import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * Region and credentials provider of the production clients, read straight from the variables Lambda sets
 * instead of the SDK's default chains, which probe system properties, the profile files, web identity and
 * more before they find them (docs/benchmarks.md, "Cold start"):
 *
 * <ul>
 *   <li>region: {@code AWS_REGION}, which Lambda always sets; without it, the SDK's region chain;</li>
 *   <li>credentials: the access-key variables ({@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY},
 *       with {@code AWS_SESSION_TOKEN}) when both are set — a function without SnapStart; otherwise the
 *       container credentials endpoint ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI} or {@code
 *       _RELATIVE_URI}) when set — under SnapStart the Java runtime hands out container credentials and
 *       not the access-key variables (Lambda Developer Guide, "Activating and managing Lambda SnapStart",
 *       "Using SnapStart with AWS SDKs"); otherwise (a laptop, CI, a tool) the SDK's default chain.</li>
 * </ul>
 *
 * The order is the default chain's own (environment before container), so the choice never differs from
 * what the default chain would find in Lambda; it is made once, when a client is built.
 */
public final class AwsEnvironment {
    private AwsEnvironment() {}

    /** Which credentials provider {@link #credentials} picks. */
    public enum CredentialsSource {
        ENVIRONMENT,
        CONTAINER,
        DEFAULT_CHAIN
    }

    /** The region {@code AWS_REGION} names, if set. */
    public static Optional<Region> region(Map<String, String> env) {
        String r = env.get("AWS_REGION");
        return present(r) ? Optional.of(Region.of(r.strip())) : Optional.empty();
    }

    /** Where {@link #credentials} takes the credentials from in this environment. */
    public static CredentialsSource credentialsSource(Map<String, String> env) {
        if (present(env.get("AWS_ACCESS_KEY_ID")) && present(env.get("AWS_SECRET_ACCESS_KEY")))
            return CredentialsSource.ENVIRONMENT;
        if (present(env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI"))
                || present(env.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"))) return CredentialsSource.CONTAINER;
        return CredentialsSource.DEFAULT_CHAIN;
    }

    /** The credentials provider for this environment ({@link #credentialsSource}). */
    public static AwsCredentialsProvider credentials(Map<String, String> env) {
        return switch (credentialsSource(env)) {
            case ENVIRONMENT -> EnvironmentVariableCredentialsProvider.create();
            case CONTAINER -> ContainerCredentialsProvider.builder().build();
            case DEFAULT_CHAIN -> DefaultCredentialsProvider.builder().build();
        };
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }
}
