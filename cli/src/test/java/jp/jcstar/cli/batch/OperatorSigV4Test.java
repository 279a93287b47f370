package jp.jcstar.cli.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.jcstar.cli.Jcstar;
import jp.jcstar.lint.SuppressForbidden;
import jp.jcstar.testing.SigV4Check;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator commands against the registry in AWS: with {@code --aws} each request is signed with the
 * operator's AWS credentials for {@code execute-api} (IAM authorisation on the operator routes), as an
 * independent SigV4 check at the receiving end confirms; no bearer token is sent. The stand-in for
 * API Gateway answers 403 to anything that does not verify, as API Gateway does.
 */
@SuppressForbidden(
        "com.sun.net.httpserver is the JDK's supported HTTP server (module jdk.httpserver), not an internal class")
class OperatorSigV4Test {
    static final String KEY = "AKIDOPERATOR", SECRET = "operator-secret-for-this-test-only";
    HttpServer api;
    final List<SigV4Check.Signed> accepted = new ArrayList<>();
    final List<String> bodies = new ArrayList<>();
    final Map<String, String> saved = new HashMap<>();

    @BeforeEach
    void start() throws Exception {
        for (String p : List.of("aws.accessKeyId", "aws.secretAccessKey", "aws.sessionToken"))
            saved.put(p, System.getProperty(p));
        System.setProperty("aws.accessKeyId", KEY); // the SDK's default chain reads system properties first
        System.setProperty("aws.secretAccessKey", SECRET);
        System.clearProperty("aws.sessionToken");
        api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            Map<String, String> headers = new HashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
            byte[] answer;
            int status;
            try {
                accepted.add(SigV4Check.check(
                        ex.getRequestMethod(),
                        ex.getRequestURI().getRawPath(),
                        ex.getRequestURI().getRawQuery(),
                        headers,
                        body,
                        SECRET));
                bodies.add(new String(body, StandardCharsets.UTF_8));
                status = 200;
                answer = "{\"id\":\"JC26-4F7K2M9Q\",\"status\":\"revoked\",\"reason\":\"fraudulent\"}"
                        .getBytes(StandardCharsets.UTF_8);
            } catch (AssertionError e) {
                status = 403;
                answer =
                        "{\"message\":\"The request signature we calculated does not match the signature you provided.\"}"
                                .getBytes(StandardCharsets.UTF_8);
            }
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(status, answer.length);
            ex.getResponseBody().write(answer);
            ex.close();
        });
        api.start();
    }

    @AfterEach
    void stop() {
        api.stop(0);
        saved.forEach((k, v) -> {
            if (v == null) System.clearProperty(k);
            else System.setProperty(k, v);
        });
    }

    String server() {
        return "http://127.0.0.1:" + api.getAddress().getPort();
    }

    @Test
    void revokeWithAwsSignsTheRequestForExecuteApiInTheGivenRegion() {
        var r = BatchCommandsTest.run(
                new Jcstar(),
                "revoke",
                "--server",
                server(),
                "--aws",
                "--region",
                "ap-northeast-1",
                "--reason",
                "fraudulent",
                "--note",
                "偽造の報告",
                "JC26-4F7K2M9Q");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("JC26-4F7K2M9Q  revoked  reason fraudulent"), r.out());
        assertEquals(1, accepted.size());
        SigV4Check.Signed s = accepted.getFirst();
        assertEquals(List.of(KEY, "ap-northeast-1", "execute-api"), List.of(s.accessKey(), s.region(), s.service()));
        assertTrue(s.signedHeaders().contains("content-type"), s.toString());
        assertTrue(bodies.getFirst().contains("偽造の報告"), bodies.toString());
    }

    @Test
    void wrongCredentialsAreRefusedByTheApiAndReportedAsAnAuthorisationFailure() {
        System.setProperty("aws.secretAccessKey", "not-the-operator-secret");
        var r = BatchCommandsTest.run(
                new Jcstar(),
                "revoke",
                "--server",
                server(),
                "--aws",
                "--region",
                "ap-northeast-1",
                "--reason",
                "fraudulent",
                "JC26-4F7K2M9Q");
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.err().contains("403") && r.err().contains("signature"), r.err());
        assertTrue(accepted.isEmpty());
    }

    @Test
    void awsAndATokenTogetherAreAUsageError() {
        var r = BatchCommandsTest.run(
                new Jcstar(),
                "suspend",
                "--server",
                server(),
                "--aws",
                "--region",
                "ap-northeast-1",
                "--token",
                "abc",
                "--reason",
                "under-investigation",
                "JC26-4F7K2M9Q");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("either --aws or a token"), r.err());
        assertTrue(accepted.isEmpty() && bodies.isEmpty());
    }
}
