package jp.jcstar.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import jp.jcstar.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The handlers read events and write responses with the function's own Jackson ({@link HttpEventJson})
 * where Lambda's runtime would use its serializer: both must agree on every field, or a header, a cookie,
 * a base64 body or the caller's IAM identity would be lost between API Gateway and the handler.
 */
class HttpEventJsonTest {
    private static final ClassLoader CL = HttpEventJsonTest.class.getClassLoader();
    private static final PojoSerializer<APIGatewayV2HTTPEvent> RUNTIME_IN =
            LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, CL);
    private static final PojoSerializer<APIGatewayV2HTTPResponse> RUNTIME_OUT =
            LambdaEventSerializers.serializerFor(APIGatewayV2HTTPResponse.class, CL);

    static Stream<String> events() {
        String iam = TestApi.read("issue-label-iam.json");
        return Stream.of(
                TestApi.read("verify.json"),
                TestApi.read("get-label.json"),
                iam.replace("\"BODY\"", Json.writeString("{\"a\":\"ラベル\"}")),
                // a base64 body, cookies, query parameters, stage variables and fields the classes do not know
                """
                {"version":"2.0","routeKey":"GET /v1/labels","rawPath":"/v1/labels","rawQueryString":"q=cam&limit=5",
                 "cookies":["a=1","b=2"],"headers":{"accept":"application/json","x-forwarded-for":"203.0.113.9"},
                 "queryStringParameters":{"q":"cam","limit":"5"},"pathParameters":{"id":"JC-1"},"stageVariables":{"s":"v"},
                 "requestContext":{"accountId":"anonymous","apiId":"x","domainName":"d","domainPrefix":"p",
                   "http":{"method":"GET","path":"/v1/labels","protocol":"HTTP/1.1","sourceIp":"203.0.113.9","userAgent":"ua"},
                   "requestId":"r","routeKey":"GET /v1/labels","stage":"$default","time":"t","timeEpoch":1795823999000,
                   "authentication":{"clientCert":{"clientCertPem":"PEM","subjectDN":"CN=x","issuerDN":"CN=y","serialNumber":"1",
                     "validity":{"notBefore":"a","notAfter":"b"}}},
                   "authorizer":{"jwt":{"claims":{"sub":"u"},"scopes":["read"]},"lambda":{"k":"v"}},"newField":{"x":1}},
                 "body":"eyJsYWJlbCI6IngifQ==","isBase64Encoded":true,"unknownTopLevel":[1,2]}
                """,
                // an IAM caller through a Cognito identity
                iam.replace(
                        "\"cognitoIdentity\": null",
                        "\"cognitoIdentity\": {\"amr\":[\"authenticated\"],\"identityId\":\"i\",\"identityPoolId\":\"p\"}"),
                "{}");
    }

    @ParameterizedTest
    @MethodSource("events")
    void readsEveryEventAsTheRuntimesSerializerDoes(String json) throws IOException {
        APIGatewayV2HTTPEvent runtime =
                RUNTIME_IN.fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        APIGatewayV2HTTPEvent ours =
                HttpEventJson.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        assertEquals(runtime, ours);
    }

    @Test
    void theBase64FlagAndTheIamCallerSurviveTheReading() throws IOException {
        APIGatewayV2HTTPEvent e = HttpEventJson.read(
                new ByteArrayInputStream(events().toList().get(3).getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getIsBase64Encoded());
        assertEquals(List.of("a=1", "b=2"), e.getCookies());
        APIGatewayV2HTTPEvent iam = HttpEventJson.read(
                new ByteArrayInputStream(TestApi.read("issue-label-iam.json").getBytes(StandardCharsets.UTF_8)));
        assertEquals(
                "arn:aws:sts::123456789012:assumed-role/JcstarOperator/operator-session",
                iam.getRequestContext().getAuthorizer().getIam().getUserArn());
    }

    static Stream<APIGatewayV2HTTPResponse> responses() {
        return Stream.of(
                APIGatewayV2HTTPResponse.builder()
                        .withStatusCode(200)
                        .withHeaders(Map.of("content-type", "application/json"))
                        .withBody("{\"valid\":true,\"名前\":\"ラベル\"}")
                        .build(),
                APIGatewayV2HTTPResponse.builder()
                        .withStatusCode(200)
                        .withHeaders(Map.of("content-type", "image/png"))
                        .withBody("iVBORw0KGgo=")
                        .withIsBase64Encoded(true)
                        .build(),
                APIGatewayV2HTTPResponse.builder()
                        .withStatusCode(302)
                        .withHeaders(Map.of("location", "/files/x"))
                        .withCookies(List.of("a=1"))
                        .withMultiValueHeaders(Map.of("vary", List.of("accept", "origin")))
                        .build(),
                new APIGatewayV2HTTPResponse());
    }

    @ParameterizedTest
    @MethodSource("responses")
    void writesEveryResponseAsTheRuntimesSerializerDoes(APIGatewayV2HTTPResponse r) throws IOException {
        ByteArrayOutputStream runtime = new ByteArrayOutputStream();
        RUNTIME_OUT.toJson(r, runtime);
        ByteArrayOutputStream ours = new ByteArrayOutputStream();
        HttpEventJson.write(r, ours);
        assertEquals(
                Json.parse(runtime.toByteArray()),
                Json.parse(ours.toByteArray()),
                ours.toString(StandardCharsets.UTF_8));
    }

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path home;

    @Test
    void theStreamEntryPointAnswersAsTheEventEntryPoint() throws IOException {
        String json = TestApi.read("verify.json");
        Wiring w = Wiring.embedded(home, "https://registry.example.jp", java.time.Clock.systemUTC());
        var issued = new IssueLabelHandler(w)
                .handleRequest(
                        TestApi.withBody(
                                "issue-label-iam.json",
                                TestApi.application("STREAM-1").toString()),
                        null);
        assertEquals(201, issued.getStatusCode(), issued.getBody());
        json = json.replace(
                "\"BODY\"",
                Json.writeString("{\"label\":"
                        + Json.writeString(TestApi.json(issued).get("qrText").asText()) + "}"));
        VerifyHandler h = new VerifyHandler(w.registry());
        APIGatewayV2HTTPResponse direct = h.handleRequest(
                RUNTIME_IN.fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))), null);
        assertSameAnswer(direct, h.invokeJson(json));
        assertTrue(direct.getBody().contains("\"valid\":true"), direct.getBody());
    }

    private static void assertSameAnswer(APIGatewayV2HTTPResponse expected, String actual) throws IOException {
        ByteArrayOutputStream runtime = new ByteArrayOutputStream();
        RUNTIME_OUT.toJson(expected, runtime);
        var a = Json.parse(actual.getBytes(StandardCharsets.UTF_8));
        var e = Json.parse(runtime.toByteArray());
        assertEquals(e.get("statusCode"), a.get("statusCode"));
        assertEquals(e.get("headers"), a.get("headers"));
        assertEquals(
                Json.parse(e.get("body").asText().getBytes(StandardCharsets.UTF_8)),
                Json.parse(a.get("body").asText().getBytes(StandardCharsets.UTF_8)));
    }
}
