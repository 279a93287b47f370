package jp.jcstar.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.jcstar.testing.SigV4Check;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

class ExecuteApiSignerTest {
    static final String KEY = "AKIDEXAMPLE", SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T03:04:05Z"), ZoneOffset.UTC);
    static final URI API = URI.create(
            "https://a1b2c3d4e5.execute-api.ap-northeast-1.amazonaws.com/v1/labels/JC26-4F7K2M9Q/revocation");
    static final byte[] BODY = "{\"reason\":\"fraudulent\",\"note\":\"偽造の報告\"}".getBytes(StandardCharsets.UTF_8);

    /** The checker itself, against the example in AWS's Signature Version 4 documentation (IAM ListUsers). */
    @Test
    void theIndependentCheckerAcceptsAwsPublishedExampleAndNothingElse() {
        Map<String, String> h = new HashMap<>(
                Map.of(
                        "Content-Type", "application/x-www-form-urlencoded; charset=utf-8",
                        "Host", "iam.amazonaws.com",
                        "X-Amz-Date", "20150830T123600Z",
                        "Authorization",
                                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
                                        + "SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"));
        var ok = SigV4Check.check("GET", "/", "Action=ListUsers&Version=2010-05-08", h, new byte[0], SECRET);
        assertEquals(
                new SigV4Check.Signed(
                        "AKIDEXAMPLE", "20150830", "us-east-1", "iam", List.of("content-type", "host", "x-amz-date")),
                ok);
        assertThrows(
                AssertionError.class,
                () -> SigV4Check.check("GET", "/", "Action=ListUsers&Version=2010-05-09", h, new byte[0], SECRET));
        assertThrows(
                AssertionError.class,
                () -> SigV4Check.check("POST", "/", "Action=ListUsers&Version=2010-05-08", h, new byte[0], SECRET));
        assertThrows(
                AssertionError.class,
                () -> SigV4Check.check(
                        "GET", "/", "Action=ListUsers&Version=2010-05-08", h, new byte[0], SECRET + "x"));
    }

    private static Map<String, String> sent(ExecuteApiSigner signer, Map<String, String> headers, byte[] body) {
        Map<String, String> out = new HashMap<>(headers);
        out.putAll(signer.sign("POST", API, headers, body));
        out.put("Host", API.getHost()); // set by the HTTP client from the URI
        return out;
    }

    @Test
    void signedRequestsVerifyForExecuteApiInTheRegionAndCoverBodyAndHeaders() {
        var signer = new ExecuteApiSigner(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, SECRET)), "ap-northeast-1", CLOCK);
        Map<String, String> headers =
                Map.of("Content-Type", "application/json; charset=utf-8", "Accept", "application/json");
        Map<String, String> sent = sent(signer, headers, BODY);
        assertEquals("20261128T030405Z", sent.get("X-Amz-Date"));
        var what = SigV4Check.check("POST", API.getRawPath(), null, sent, BODY, SECRET);
        assertEquals(
                new SigV4Check.Signed(KEY, "20261128", "ap-northeast-1", "execute-api", what.signedHeaders()), what);
        assertTrue(what.signedHeaders().contains("content-type"), what.toString());

        byte[] other = "{\"reason\":\"superseded\"}".getBytes(StandardCharsets.UTF_8);
        assertThrows(
                AssertionError.class,
                () -> SigV4Check.check("POST", API.getRawPath(), null, sent, other, SECRET),
                "body is signed");
        Map<String, String> retyped = new HashMap<>(sent);
        retyped.put("Content-Type", "text/plain");
        assertThrows(
                AssertionError.class,
                () -> SigV4Check.check("POST", API.getRawPath(), null, retyped, BODY, SECRET),
                "content type is signed");
        assertThrows(
                AssertionError.class,
                () -> SigV4Check.check("POST", "/v1/labels/JC26-OTHER000/revocation", null, sent, BODY, SECRET),
                "path is signed");
        assertTrue(sent.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("content-length")));
    }

    @Test
    void temporaryCredentialsSendAndSignTheirSessionToken() {
        var signer = new ExecuteApiSigner(
                StaticCredentialsProvider.create(AwsSessionCredentials.create(KEY, SECRET, "session-token-123")),
                "ap-northeast-1",
                CLOCK);
        Map<String, String> sent = sent(signer, Map.of("Content-Type", "application/json"), BODY);
        assertEquals("session-token-123", sent.get("X-Amz-Security-Token"));
        assertTrue(SigV4Check.check("POST", API.getRawPath(), null, sent, BODY, SECRET)
                .signedHeaders()
                .contains("x-amz-security-token"));
    }

    @Test
    void theRegionComesFromAnExecuteApiHostName() {
        assertEquals(
                Optional.of("ap-northeast-1"),
                ExecuteApiSigner.regionOfHost("a1b2c3d4e5.execute-api.ap-northeast-1.amazonaws.com"));
        assertEquals(
                Optional.of("ap-northeast-3"),
                ExecuteApiSigner.regionOfHost("A1B2.EXECUTE-API.AP-NORTHEAST-3.AMAZONAWS.COM"));
        assertEquals(Optional.empty(), ExecuteApiSigner.regionOfHost("registry.example.jp"));
        assertEquals(
                Optional.empty(),
                ExecuteApiSigner.regionOfHost("a1b2.execute-api.ap-northeast-1.amazonaws.com.evil.example"));
        assertEquals(Optional.empty(), ExecuteApiSigner.regionOfHost(null));
        assertEquals(
                "eu-west-1",
                ExecuteApiSigner.forApi(URI.create("https://x1.execute-api.ap-northeast-1.amazonaws.com"), "eu-west-1")
                        .region());
        assertEquals(
                "ap-northeast-1",
                ExecuteApiSigner.forApi(URI.create("https://x1.execute-api.ap-northeast-1.amazonaws.com"), null)
                        .region());
    }
}
