package jp.jcstar.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import jp.jcstar.functions.Route;
import jp.jcstar.functions.Routes;
import jp.jcstar.functions.Wiring;
import jp.jcstar.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Every route of {@link Routes#ALL} × every kind of caller over real HTTP: operator routes answer 401
 * (with a Bearer challenge) to anyone without the operator token — no header, a wrong token, the token
 * in another scheme, the token with a suffix — and let the operator through; public routes never ask.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalServerAuthorisationMatrixTest {
    LocalServer server;
    OperatorToken token;
    String labelId;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        Path home = java.nio.file.Files.createTempDirectory("authz");
        int port = ServeCommand.freePort();
        server = new LocalServer(
                Wiring.embedded(home, "http://127.0.0.1:" + port, Clock.systemUTC()),
                token = OperatorToken.loadOrCreate(home.resolve("operator-token")),
                "127.0.0.1",
                port);
        server.start();
        var r = send("POST", "/v1/labels", LocalServerEndToEndTest.application(), "Bearer " + token.value());
        assertEquals(201, r.statusCode(), r.body());
        labelId = Json.parse(r.body()).get("id").asText();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    HttpResponse<String> send(String method, String path, String body, String authorization) throws Exception {
        var b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        if (authorization != null) b.header("Authorization", authorization);
        if (body != null)
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        else b.method(method, HttpRequest.BodyPublishers.noBody());
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String body(Route r) {
        return switch (r.routeKey()) {
            case "POST /v1/labels" -> LocalServerEndToEndTest.application().replace("E2E-1", "AUTHZ-2");
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

    @TestFactory
    Stream<DynamicTest> everyRouteTimesEveryCaller() {
        List<String> notOperator = List.of(
                "none",
                "Bearer wrong-token-wrong-token-wrong-token-xx",
                "Basic TOKEN",
                "Bearer TOKENx",
                "Bearer",
                "bearer  ");
        return Routes.ALL.stream()
                .flatMap(r -> Stream.concat(notOperator.stream(), Stream.of("Bearer TOKEN"))
                        .map(auth -> DynamicTest.dynamicTest(
                                r.routeKey() + " with " + auth.replace("TOKEN", "<token>"), () -> {
                                    String path =
                                            r.path().replace("{id}", labelId).replace("{n}", "1");
                                    String header = auth.equals("none") ? null : auth.replace("TOKEN", token.value());
                                    HttpResponse<String> resp = send(r.method(), path, body(r), header);
                                    int s = resp.statusCode();
                                    String shown = r.routeKey() + " " + auth + ": " + s + " " + resp.body();
                                    assertTrue(s < 500, shown);
                                    boolean operator = auth.equals("Bearer TOKEN");
                                    if (r.operator() && !operator) {
                                        assertEquals(401, s, shown);
                                        assertEquals(
                                                "/problems/unauthenticated",
                                                Json.parse(resp.body())
                                                        .get("type")
                                                        .asText(),
                                                shown);
                                        assertTrue(
                                                resp.headers()
                                                        .firstValue("www-authenticate")
                                                        .orElse("")
                                                        .startsWith("Bearer"),
                                                shown);
                                    } else if (r.operator()) {
                                        assertTrue(s >= 200 && s < 300 || s == 409, shown);
                                    } else {
                                        assertTrue(s != 401 && s != 403, shown);
                                        assertTrue(
                                                s >= 200 && s < 300
                                                        || r.routeKey().endsWith("/artwork.svg") && s == 404,
                                                shown);
                                    }
                                })));
    }
}
