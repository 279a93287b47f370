package jp.jcstar.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.jcstar.json.Json;
import jp.jcstar.registry.Registry;
import jp.jcstar.status.RevocationReason;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Each route's request record refuses what its handler used to refuse, with the same problem type. */
class RequestRecordsTest {
    static Request query(Map<String, String> q) {
        return new Request(APIGatewayV2HTTPEvent.builder()
                .withRouteKey("GET /v1/labels")
                .withRawPath("/v1/labels")
                .withQueryStringParameters(q)
                .withHeaders(Map.of())
                .build());
    }

    static Request operatorPost(String routeKey, String body) {
        var iam = APIGatewayV2HTTPEvent.RequestContext.IAM
                .builder()
                .withUserArn("arn:aws:iam::123456789012:user/operator")
                .build();
        var ctx = APIGatewayV2HTTPEvent.RequestContext.builder()
                .withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                        .withIam(iam)
                        .build())
                .build();
        return new Request(APIGatewayV2HTTPEvent.builder()
                .withRouteKey(routeKey)
                .withPathParameters(Map.of("id", "JC26-ABCDEFGH"))
                .withHeaders(Map.of("content-type", "application/json"))
                .withBody(body)
                .withRequestContext(ctx)
                .build());
    }

    static void refused(int status, String code, Executable parse) {
        Problem p = assertThrows(Problem.class, parse);
        assertEquals(status, p.status(), p.getMessage());
        assertEquals(code, p.code(), p.getMessage());
    }

    static JsonNode json(String s) {
        return Json.parse(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Nested
    class Search {
        @Test
        void parsesEveryFilter() {
            SearchRequest q = SearchRequest.parse(query(
                    Map.of("vendor", "ACME", "level", "2", "status", "revoked", "limit", "10", "category", "camera")));
            assertEquals("ACME", q.query().vendor());
            assertEquals(2, q.query().level());
            assertEquals(10, q.limit());
            assertEquals(
                    SearchRequest.DEFAULT_LIMIT,
                    SearchRequest.parse(query(Map.of())).limit());
        }

        @Test
        void refusals() {
            refused(400, "unknown-parameter", () -> SearchRequest.parse(query(Map.of("id", "JC26-X"))));
            refused(400, "bad-query", () -> SearchRequest.parse(query(Map.of("level", "5"))));
            refused(400, "bad-query", () -> SearchRequest.parse(query(Map.of("status", "invalid"))));
            refused(400, "bad-query", () -> SearchRequest.parse(query(Map.of("status", "nope"))));
            refused(400, "bad-query", () -> SearchRequest.parse(query(Map.of("limit", "201"))));
            refused(400, "bad-query", () -> SearchRequest.parse(query(Map.of("category", "toaster"))));
            refused(400, "bad-query", () -> SearchRequest.parse(query(Map.of("vendor", "x".repeat(101)))));
            refused(400, "bad-query", () -> SearchRequest.parse(query(Map.of("model", "a\u0000b"))));
            refused(400, "bad-query", () -> SearchRequest.parse(query(Map.of("model", "ーー"))));
            refused(400, "bad-cursor", () -> SearchRequest.parse(query(Map.of("cursor", " "))));
        }
    }

    @Nested
    class StatusChange {
        static final String REVOKE = "POST /v1/labels/{id}/revocation";

        @Test
        void theRoutePicksTheAction() {
            assertEquals(Optional.of(Registry.Action.REVOKE), Routes.statusAction(REVOKE));
            assertEquals(Optional.of(Registry.Action.SUSPEND), Routes.statusAction("POST /v1/labels/{id}/suspension"));
            assertEquals(
                    Optional.of(Registry.Action.REINSTATE), Routes.statusAction("POST /v1/labels/{id}/reinstatement"));
            assertEquals(Optional.empty(), Routes.statusAction("GET /v1/labels/{id}"));
            assertEquals(Optional.empty(), Routes.statusAction(null));
        }

        @Test
        void parses() {
            var q = StatusChangeRequest.parse(
                    operatorPost(REVOKE, "{\"reason\":\"nonconformity\",\"note\":\"n\"}"), Registry.Action.REVOKE);
            assertEquals(RevocationReason.fromCode("nonconformity"), q.reason());
            assertEquals("n", q.note());
            assertNull(q.effectiveAt());
            var reinstate = StatusChangeRequest.parse(operatorPost(REVOKE, "{}"), Registry.Action.REINSTATE);
            assertNull(reinstate.reason());
        }

        @Test
        void refusals() {
            refused(
                    400,
                    "bad-reason",
                    () -> StatusChangeRequest.parse(operatorPost(REVOKE, "{}"), Registry.Action.REVOKE));
            refused(
                    400,
                    "bad-reason",
                    () -> StatusChangeRequest.parse(operatorPost(REVOKE, "{\"reason\":7}"), Registry.Action.REVOKE));
            refused(
                    400,
                    "bad-reason",
                    () -> StatusChangeRequest.parse(
                            operatorPost(REVOKE, "{\"reason\":\"nope\"}"), Registry.Action.SUSPEND));
            refused(
                    400,
                    "bad-time",
                    () -> StatusChangeRequest.parse(
                            operatorPost(REVOKE, "{\"reason\":\"nonconformity\",\"effectiveAt\":\"tomorrow\"}"),
                            Registry.Action.REVOKE));
            refused(
                    400,
                    "bad-note",
                    () -> StatusChangeRequest.parse(
                            operatorPost(
                                    REVOKE, "{\"reason\":\"nonconformity\",\"note\":\"" + "n".repeat(1001) + "\"}"),
                            Registry.Action.REVOKE));
            refused(415, "unsupported-media-type", () -> {
                var r = operatorPost(REVOKE, "{}");
                r.event().setHeaders(Map.of("content-type", "text/plain"));
                StatusChangeRequest.parse(r, Registry.Action.REINSTATE);
            });
        }
    }

    @Nested
    class BulkRevoke {
        @Test
        void aBodyWithoutConfirmationIsAPreview() {
            var p = (BulkRevokeRequest.Preview) BulkRevokeRequest.parse(json("{\"model\":\"SC-300\",\"limit\":5}"));
            assertEquals("SC-300", p.match().model());
            assertEquals(5, p.limit());
            var v = (BulkRevokeRequest.Revoke) BulkRevokeRequest.parse(json(
                    "{\"confirmation\":\"t\",\"labels\":[\"JC26-A\"],\"reason\":\"nonconformity\",\"note\":\"n\"}"));
            assertEquals(List.of("JC26-A"), v.ids());
            assertEquals("n", v.note());
        }

        @Test
        void refusals() {
            refused(400, "bad-request", () -> BulkRevokeRequest.parse(json("{}")));
            refused(400, "bad-request", () -> BulkRevokeRequest.parse(json("{\"model\":5}")));
            refused(400, "bad-time", () -> BulkRevokeRequest.parse(json("{\"model\":\"M\",\"issuedBefore\":\"x\"}")));
            refused(400, "bad-reason", () -> BulkRevokeRequest.parse(json("{\"model\":\"M\",\"reason\":\"x\"}")));
            refused(400, "bad-limit", () -> BulkRevokeRequest.parse(json("{\"model\":\"M\",\"limit\":1.5}")));
            refused(400, "bad-limit", () -> BulkRevokeRequest.parse(json("{\"model\":\"M\",\"limit\":10001}")));
            refused(400, "bad-confirmation", () -> BulkRevokeRequest.parse(json("{\"confirmation\":\"\"}")));
            refused(400, "bad-request", () -> BulkRevokeRequest.parse(json("{\"confirmation\":\"t\"}")));
            refused(400, "bad-request", () -> BulkRevokeRequest.parse(json("{\"confirmation\":\"t\",\"labels\":[1]}")));
            refused(
                    400,
                    "bad-reason",
                    () -> BulkRevokeRequest.parse(json("{\"confirmation\":\"t\",\"labels\":[\"JC26-A\"]}")));
            refused(
                    400,
                    "bad-note",
                    () -> BulkRevokeRequest.parse(
                            json("{\"confirmation\":\"t\",\"labels\":[],\"reason\":\"nonconformity\",\"note\":\""
                                    + "n".repeat(1001) + "\"}")));
        }
    }

    @Nested
    class BatchVerify {
        static Request body(String b) {
            return new Request(APIGatewayV2HTTPEvent.builder()
                    .withRouteKey("POST /v1/verify/batch")
                    .withHeaders(Map.of("content-type", "application/json"))
                    .withBody(b)
                    .build());
        }

        @Test
        void aLabelThatIsNotAStringVerifiesAsEmpty() {
            assertEquals(
                    List.of("a", ""),
                    BatchVerifyHandler.BatchVerifyRequest.parse(body("{\"labels\":[\"a\",5]}"))
                            .inputs());
        }

        @Test
        void refusals() {
            refused(400, "bad-request", () -> BatchVerifyHandler.BatchVerifyRequest.parse(body("{}")));
            refused(400, "bad-request", () -> BatchVerifyHandler.BatchVerifyRequest.parse(body("{\"labels\":\"a\"}")));
            refused(
                    400,
                    "batch-too-large",
                    () -> BatchVerifyHandler.BatchVerifyRequest.parse(body(
                            "{\"labels\":[" + String.join(",", java.util.Collections.nCopies(1001, "\"a\"")) + "]}")));
            refused(400, "bad-json", () -> BatchVerifyHandler.BatchVerifyRequest.parse(body("[]")));
        }
    }

    @Test
    void theExportFormIsTheRoutesSuffix() {
        var csv = new Request(APIGatewayV2HTTPEvent.builder()
                .withRawPath("/v1/export/labels.csv")
                .build());
        var json = new Request(APIGatewayV2HTTPEvent.builder()
                .withRawPath("/v1/export/labels.json")
                .build());
        assertEquals(ExportHandler.ExportForm.CSV, ExportHandler.ExportForm.of(csv));
        assertEquals(ExportHandler.ExportForm.JSON, ExportHandler.ExportForm.of(json));
    }
}
