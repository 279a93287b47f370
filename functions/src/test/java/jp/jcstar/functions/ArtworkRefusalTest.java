package jp.jcstar.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import jp.jcstar.registry.Registry;
import jp.jcstar.status.RevocationReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Print artwork only for a label that may go on a box: revoked 410, suspended 409; a smaller module only with a warning. */
class ArtworkRefusalTest {
    @TempDir
    Path home;

    @Test
    void artworkFollowsTheLabelsStatus() {
        Wiring w = Wiring.embedded(home, "https://registry.example.jp", Clock.systemUTC());
        String id = w.registry()
                .issue(jp.jcstar.registry.ApplicationJson.parse(TestApi.application("ART-1")))
                .label()
                .id();
        LabelImageHandler h = new LabelImageHandler(w);
        java.util.function.Function<Map<String, String>, APIGatewayV2HTTPResponse> artwork = q -> h.handleRequest(
                SearchAsUsersTypeTest.get(
                        "GET /v1/labels/{id}/artwork.svg", "/v1/labels/" + id + "/artwork.svg", q, Map.of("id", id)),
                null);

        APIGatewayV2HTTPResponse ok = artwork.apply(Map.of());
        assertEquals(200, ok.getStatusCode(), ok.getBody());
        assertTrue(ok.getBody().contains("scale(0.4)"), "0.4 mm modules by default");
        assertNull(ok.getHeaders().get("warning"));
        APIGatewayV2HTTPResponse small = artwork.apply(Map.of("module", "0.33"));
        assertEquals(200, small.getStatusCode());
        assertTrue(small.getBody().contains("scale(0.33)"));
        assertTrue(
                small.getHeaders().get("warning").contains("0.396"),
                small.getHeaders().toString());
        assertEquals(400, artwork.apply(Map.of("module", "0.2")).getStatusCode());

        w.registry().change(id, Registry.Action.SUSPEND, RevocationReason.UNDER_INVESTIGATION, null, "ops", null);
        APIGatewayV2HTTPResponse suspended = artwork.apply(Map.of());
        assertEquals(409, suspended.getStatusCode());
        assertEquals(
                "/problems/label-suspended", TestApi.json(suspended).get("type").asText());
        w.registry().change(id, Registry.Action.REVOKE, RevocationReason.NONCONFORMITY, null, "ops", null);
        APIGatewayV2HTTPResponse revoked = artwork.apply(Map.of());
        assertEquals(410, revoked.getStatusCode());
        assertEquals(
                "/problems/label-not-valid", TestApi.json(revoked).get("type").asText());
        // the QR code itself stays available (a verifier may still want to show it)
        assertEquals(
                200,
                h.handleRequest(
                                SearchAsUsersTypeTest.get(
                                        "GET /v1/labels/{id}/qr.svg",
                                        "/v1/labels/" + id + "/qr.svg",
                                        Map.of(),
                                        Map.of("id", id)),
                                null)
                        .getStatusCode());
    }
}
