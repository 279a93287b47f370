package jp.jcstar.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import jp.jcstar.json.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route of {@link Routes#ALL} × every kind of caller, through the handlers as Lambda calls them.
 * In AWS, API Gateway's IAM authoriser guards the operator routes (template.yaml, checked by
 * {@link TemplateTest}); the handlers check again (defence in depth), so an event without an IAM
 * principal — anonymous, or authorised some other way — is 403 on an operator route. Public routes
 * never ask who is calling.
 */
class AuthorisationMatrixTest {
    @TempDir
    Path home;

    Wiring wiring;
    String labelId;

    /** Who is calling, as the event's requestContext.authorizer shows it. */
    enum Caller {
        ANONYMOUS,
        JWT_NOT_IAM,
        IAM_WITHOUT_PRINCIPAL,
        OPERATOR;

        boolean isOperator() {
            return this == OPERATOR;
        }
    }

    @BeforeEach
    void wire() {
        wiring = Wiring.embedded(home, "https://registry.example.jp", Clock.systemUTC());
        var r = new IssueLabelHandler(wiring)
                .handleRequest(
                        TestApi.withBody(
                                "issue-label-iam.json",
                                TestApi.application("MATRIX-0").toString()),
                        null);
        labelId = TestApi.json(r).get("id").asText();
    }

    static String body(Route r) {
        return switch (r.routeKey()) {
            case "POST /v1/labels" -> TestApi.application("MATRIX-1").toString();
            case "POST /v1/labels/{id}/revocation", "POST /v1/labels/{id}/suspension" ->
                "{\"reason\":\"nonconformity\"}";
            case "POST /v1/labels/{id}/reinstatement" -> "{}";
            case "POST /v1/revocations" -> "{\"vendor\":\"nobody at all\",\"reason\":\"nonconformity\"}";
            case "POST /v1/verify" -> "{\"label\":\"x.y.z\"}";
            case "POST /v1/verify/batch" -> "{\"labels\":[\"x.y.z\"]}";
            case "POST /v1/models/check" -> "{\"models\":[\"SC-300\"]}";
            default -> null;
        };
    }

    APIGatewayV2HTTPEvent event(Route r, Caller who) {
        String path = r.path().replace("{id}", labelId).replace("{n}", "1");
        Map<String, String> params = new HashMap<>();
        if (r.path().contains("{id}")) params.put("id", labelId);
        if (r.path().contains("{n}")) params.put("n", "1");
        String body = body(r);
        var http = APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                .withMethod(r.method())
                .withPath(path)
                .withProtocol("HTTP/1.1")
                .withSourceIp("198.51.100.7")
                .withUserAgent("matrix")
                .build();
        var ctx = APIGatewayV2HTTPEvent.RequestContext.builder()
                .withRouteKey(r.routeKey())
                .withStage("$default")
                .withRequestId("m")
                .withAccountId("123456789012")
                .withApiId("abcdef1234")
                .withHttp(http);
        switch (who) {
            case ANONYMOUS -> {}
            case JWT_NOT_IAM ->
                ctx.withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                        .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT
                                .builder()
                                .withClaims(Map.of("sub", "someone", "scope", "operator"))
                                .withScopes(List.of("operator"))
                                .build())
                        .withLambda(Map.of("operator", true))
                        .build());
            case IAM_WITHOUT_PRINCIPAL ->
                ctx.withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                        .withIam(APIGatewayV2HTTPEvent.RequestContext.IAM
                                .builder()
                                .withAccountId("123456789012")
                                .withUserArn(" ")
                                .build())
                        .build());
            case OPERATOR ->
                ctx.withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                        .withIam(APIGatewayV2HTTPEvent.RequestContext.IAM
                                .builder()
                                .withAccountId("123456789012")
                                .withUserArn("arn:aws:sts::123456789012:assumed-role/JcstarOperator/s")
                                .build())
                        .build());
        }
        Map<String, String> headers = new HashMap<>();
        headers.put("host", "abcdef1234.execute-api.ap-northeast-1.amazonaws.com");
        if (body != null) headers.put("content-type", "application/json");
        // a forged header claiming operator rights must mean nothing
        headers.put("x-jcstar-operator", "true");
        headers.put("authorization", "Bearer forged");
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(r.routeKey())
                .withRawPath(path)
                .withRawQueryString("")
                .withHeaders(headers)
                .withPathParameters(params.isEmpty() ? null : params)
                .withBody(body)
                .withIsBase64Encoded(false)
                .withRequestContext(ctx.build())
                .build();
    }

    @TestFactory
    Stream<DynamicTest> everyRouteTimesEveryCaller() {
        return Routes.ALL.stream()
                .flatMap(r -> Stream.of(Caller.values())
                        .map(who -> DynamicTest.dynamicTest(r.routeKey() + " as " + who, () -> {
                            if (r.routeKey().endsWith("/reinstatement") && who.isOperator()) {
                                new ChangeStatusHandler(wiring)
                                        .handleRequest(
                                                event(
                                                        Routes.ALL.stream()
                                                                .filter(x -> x.routeKey()
                                                                        .endsWith("/suspension"))
                                                                .findFirst()
                                                                .orElseThrow(),
                                                        Caller.OPERATOR),
                                                null);
                            }
                            APIGatewayV2HTTPResponse resp =
                                    r.handler().apply(wiring).handleRequest(event(r, who), null);
                            int s = resp.getStatusCode();
                            String shown = r.routeKey() + " as " + who + ": " + s + " " + resp.getBody();
                            assertTrue(s < 500, shown);
                            if (r.operator() && !who.isOperator()) {
                                assertEquals(403, s, shown);
                                assertEquals(
                                        "/problems/forbidden",
                                        Json.parse(resp.getBody()).get("type").asText(),
                                        shown);
                            } else if (r.operator()) {
                                // the operator gets through: success, or a domain answer (409 after an earlier
                                // revocation), never an auth refusal
                                assertTrue(s >= 200 && s < 300 || s == 409, shown);
                            } else {
                                // public routes do not ask who calls: the same answer for everyone (artwork.svg is
                                // still 404 by design: ARTWORK-PENDING)
                                assertTrue(s != 401 && s != 403, shown);
                                assertTrue(
                                        s >= 200 && s < 300 || r.routeKey().endsWith("/artwork.svg") && s == 404,
                                        shown);
                            }
                        })));
    }

    @Test
    void refusedOperatorCallsChangeNothing() {
        for (Route r : Routes.ALL) {
            if (!r.operator()) continue;
            for (Caller who : List.of(Caller.ANONYMOUS, Caller.JWT_NOT_IAM, Caller.IAM_WITHOUT_PRINCIPAL)) {
                r.handler().apply(wiring).handleRequest(event(r, who), null);
            }
        }
        assertEquals("valid", wiring.registry().require(labelId).status().code());
        assertTrue(wiring.registry().store().findByApplication("MATRIX-1").isEmpty());
        assertEquals(0, wiring.registry().history(labelId).size());
    }
}
