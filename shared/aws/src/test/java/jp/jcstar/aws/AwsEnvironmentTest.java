package jp.jcstar.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import jp.jcstar.aws.AwsEnvironment.CredentialsSource;
import jp.jcstar.lint.SuppressForbidden;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.regions.Region;

class AwsEnvironmentTest {
    /** What Lambda sets for a function without SnapStart (the role's session in the access-key variables). */
    static final Map<String, String> ON_DEMAND = Map.of(
            "AWS_REGION", "ap-northeast-1",
            "AWS_ACCESS_KEY_ID", "ASIAEXAMPLE",
            "AWS_SECRET_ACCESS_KEY", "secret",
            "AWS_SESSION_TOKEN", "token",
            "AWS_LAMBDA_FUNCTION_NAME", "verify");
    /** What the Java runtime sets under SnapStart: the container credentials endpoint, no access keys. */
    static final Map<String, String> SNAPSTART = Map.of(
            "AWS_REGION", "ap-northeast-1",
            "AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:9001/2018-06-01/credentials",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN", "token",
            "AWS_LAMBDA_FUNCTION_NAME", "verify");

    @Test
    void withoutSnapStartTheAccessKeyVariablesAreUsed() {
        assertEquals(CredentialsSource.ENVIRONMENT, AwsEnvironment.credentialsSource(ON_DEMAND));
        assertInstanceOf(EnvironmentVariableCredentialsProvider.class, AwsEnvironment.credentials(ON_DEMAND));
    }

    @Test
    void underSnapStartTheContainerEndpointIsUsed() {
        assertEquals(CredentialsSource.CONTAINER, AwsEnvironment.credentialsSource(SNAPSTART));
        assertInstanceOf(ContainerCredentialsProvider.class, AwsEnvironment.credentials(SNAPSTART));
        // the relative form (ECS) is the same provider
        assertEquals(
                CredentialsSource.CONTAINER,
                AwsEnvironment.credentialsSource(
                        Map.of("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/x")));
    }

    @Test
    void accessKeysComeBeforeTheContainerEndpointAsInTheDefaultChain() {
        var both = new java.util.HashMap<>(SNAPSTART);
        both.putAll(ON_DEMAND);
        assertEquals(CredentialsSource.ENVIRONMENT, AwsEnvironment.credentialsSource(both));
    }

    @Test
    void incompleteOrBlankVariablesDoNotCount() {
        // a key id without its secret is not usable: the container endpoint (or the default chain) decides
        assertEquals(
                CredentialsSource.CONTAINER,
                AwsEnvironment.credentialsSource(Map.of(
                        "AWS_ACCESS_KEY_ID",
                        "ASIAEXAMPLE",
                        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                        "http://127.0.0.1:9001/x")));
        assertEquals(
                CredentialsSource.DEFAULT_CHAIN,
                AwsEnvironment.credentialsSource(Map.of(
                        "AWS_ACCESS_KEY_ID",
                        " ",
                        "AWS_SECRET_ACCESS_KEY",
                        "",
                        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                        " ")));
    }

    @Test
    void elsewhereTheDefaultChainDecides() {
        assertEquals(CredentialsSource.DEFAULT_CHAIN, AwsEnvironment.credentialsSource(Map.of("HOME", "/home/x")));
        assertInstanceOf(DefaultCredentialsProvider.class, AwsEnvironment.credentials(Map.of()));
    }

    @Test
    void regionFromAwsRegionOnly() {
        assertEquals(Optional.of(Region.AP_NORTHEAST_1), AwsEnvironment.region(ON_DEMAND));
        assertEquals(Optional.empty(), AwsEnvironment.region(Map.of("AWS_DEFAULT_REGION", "us-east-1")));
        assertEquals(Optional.empty(), AwsEnvironment.region(Map.of("AWS_REGION", " ")));
    }

    /**
     * The provider chosen under SnapStart really answers with the endpoint's credentials, sending the
     * authorisation token as the Java runtime's endpoint expects it. (The SDK reads the endpoint from
     * the system properties before the environment, which lets a test point it at a local server.)
     */
    @Test
    @SuppressForbidden(
            "com.sun.net.httpserver is the JDK's supported HTTP server (module jdk.httpserver), not an internal class")
    void theContainerProviderFetchesTheEndpointsCredentials() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicReference<String> auth = new AtomicReference<>();
        String expires = Instant.now()
                .plus(6, ChronoUnit.HOURS)
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
        server.createContext("/2018-06-01/credentials", x -> {
            auth.set(x.getRequestHeaders().getFirst("Authorization"));
            byte[] body = ("{\"AccessKeyId\":\"ASIACONTAINER\",\"SecretAccessKey\":\"container-secret\","
                            + "\"Token\":\"container-session\",\"Expiration\":\"" + expires + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        server.start();
        String uri = "http://127.0.0.1:" + server.getAddress().getPort() + "/2018-06-01/credentials";
        try {
            System.setProperty("aws.containerCredentialsFullUri", uri);
            System.setProperty("aws.containerAuthorizationToken", "runtime-token");
            AwsCredentialsProvider p = AwsEnvironment.credentials(Map.of(
                    "AWS_CONTAINER_CREDENTIALS_FULL_URI", uri, "AWS_CONTAINER_AUTHORIZATION_TOKEN", "runtime-token"));
            var c = assertInstanceOf(AwsSessionCredentials.class, p.resolveCredentials());
            assertEquals("ASIACONTAINER", c.accessKeyId());
            assertEquals("container-secret", c.secretAccessKey());
            assertEquals("container-session", c.sessionToken());
            assertEquals("runtime-token", auth.get());
        } finally {
            System.clearProperty("aws.containerCredentialsFullUri");
            System.clearProperty("aws.containerAuthorizationToken");
            server.stop(0);
        }
    }
}
