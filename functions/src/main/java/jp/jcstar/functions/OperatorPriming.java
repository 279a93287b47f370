package jp.jcstar.functions;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import jp.jcstar.json.Json;
import jp.jcstar.requirements.RequirementsCatalogue;
import jp.jcstar.status.RevocationReason;

/**
 * The priming plans of the functions on the signer-holding wiring ({@link Wiring}): issue, status
 * changes, bulk revocation, label images, JWKS, status lists, export and the daily sweep. Each answers
 * its route's requests through the handler's stream entry point with a twin of its handler built on
 * {@link #twin}: the real label and file stores behind {@link PrimingStore} and {@link PrimingBlobs}
 * (reads go through, writes stay in memory) and the priming key as the signer, so an issued,
 * suspended, reinstated or revoked label, a re-signed status list or a regenerated export never leaves
 * the process, and nothing is signed with the operator's key.
 */
final class OperatorPriming {
    private OperatorPriming() {}

    /** The twin: same stores (behind the priming overlays), same clock and site, the priming key as signer. */
    static Wiring twin(Wiring real, PrimingWorld w) {
        return new Wiring(
                w.store(real.registry().store()),
                new PrimingBlobs(real.blobs()),
                w.signer,
                List.of(),
                real.registry().clock(),
                real.registry().siteBase());
    }

    private static PrimingWorld world(Wiring real) {
        return PrimingWorld.create(real.registry().clock(), real.registry().siteBase());
    }

    static List<Priming.Step> issue(Wiring real) {
        PrimingWorld w = world(real);
        IssueLabelHandler twin = new IssueLabelHandler(twin(real, w));
        String body = Json.writeString(application(w));
        String event = PrimingWorld.event("POST /v1/labels", "/v1/labels", Map.of(), Map.of(), body, true);
        return List.of(
                Priming.Step.http("issue a label", twin, event, 201, "\"qrText\""),
                Priming.Step.http("issue the same application again", twin, event, 200, "\"qrText\""));
    }

    static List<Priming.Step> changeStatus(Wiring real) {
        PrimingWorld w = world(real);
        ChangeStatusHandler twin = new ChangeStatusHandler(twin(real, w));
        String reason = "{\"reason\":\"" + RevocationReason.UNDER_INVESTIGATION.code() + "\",\"note\":\"priming\"}";
        return List.of(
                Priming.Step.http(
                        "suspend the priming label",
                        twin,
                        change(w, "suspension", reason),
                        200,
                        "\"status\":\"suspended\""),
                Priming.Step.http("reinstate it", twin, change(w, "reinstatement", "{}"), 200, "\"status\":\"valid\""),
                Priming.Step.http(
                        "revoke it",
                        twin,
                        change(w, "revocation", "{\"reason\":\"" + RevocationReason.NONCONFORMITY.code() + "\"}"),
                        200,
                        "\"status\":\"revoked\""));
    }

    /** Both steps of a bulk revocation: the preview of the priming label's model, then its confirmed revocation. */
    static List<Priming.Step> bulkRevoke(Wiring real) {
        PrimingWorld w = world(real);
        BulkRevokeHandler twin = new BulkRevokeHandler(twin(real, w));
        String preview = PrimingWorld.event(
                "POST /v1/revocations",
                "/v1/revocations",
                Map.of(),
                Map.of(),
                "{\"model\":" + Json.writeString(w.model()) + "}",
                true);
        return List.of(new Priming.Step(
                "preview and revoke the priming label's model",
                preview,
                json -> {
                    var answer = Json.parse(
                            Json.parse(twin.invokeJson(json)).path("body").asText());
                    ObjectNode confirm = JsonNodeFactory.instance.objectNode();
                    var ids = confirm.putArray("labels");
                    answer.path("labels").forEach(l -> ids.add(l.path("id").asText()));
                    confirm.put("confirmation", answer.path("confirmation").asText());
                    confirm.put("reason", RevocationReason.NONCONFORMITY.code());
                    return twin.invokeJson(PrimingWorld.event(
                            "POST /v1/revocations",
                            "/v1/revocations",
                            Map.of(),
                            Map.of(),
                            Json.writeString(confirm),
                            true));
                },
                response -> {
                    var r = Json.parse(response);
                    return r.path("statusCode").asInt() == 200
                            && r.path("body").asText("").contains("\"revoked\":[\"" + w.labelId() + "\"]");
                }));
    }

    static List<Priming.Step> labelImage(Wiring real) {
        PrimingWorld w = world(real);
        LabelImageHandler twin = new LabelImageHandler(twin(real, w));
        String id = w.labelId();
        List<Priming.Step> steps = new java.util.ArrayList<>(List.of("qr.png", "qr.svg", "artwork.svg").stream()
                .map(file -> Priming.Step.http(
                        "the priming label's " + file,
                        twin,
                        PrimingWorld.event(
                                "GET /v1/labels/{id}/" + file,
                                "/v1/labels/" + id + "/" + file,
                                Map.of("id", id),
                                Map.of(),
                                null,
                                false),
                        200,
                        ""))
                .toList());
        // the PDF artwork (PDFBox, the font read and parsed) where this artifact carries it
        if (jp.jcstar.qr.LabelArtworkPdf.available()) {
            steps.add(Priming.Step.http(
                    "the priming label's artwork as PDF",
                    twin,
                    PrimingWorld.event(
                            "GET /v1/labels/{id}/artwork.svg",
                            "/v1/labels/" + id + "/artwork.svg",
                            Map.of("id", id),
                            Map.of("format", "pdf"),
                            null,
                            false),
                    200,
                    ""));
        }
        return List.copyOf(steps);
    }

    /** The JWKS route only reads the key set in memory: the real handler answers. */
    static List<Priming.Step> jwks(JwksHandler real) {
        return List.of(Priming.Step.http(
                "the JWKS",
                real,
                PrimingWorld.event(
                        "GET /.well-known/jwks.json", "/.well-known/jwks.json", Map.of(), Map.of(), null, false),
                200,
                "\"keys\""));
    }

    static List<Priming.Step> statusList(Wiring real) {
        PrimingWorld w = world(real);
        StatusListHandler twin = new StatusListHandler(twin(real, w));
        return List.of(Priming.Step.http(
                "status list 1",
                twin,
                PrimingWorld.event(
                        "GET /v1/status-lists/{n}", "/v1/status-lists/1", Map.of("n", "1"), Map.of(), null, false),
                200,
                "."));
    }

    static List<Priming.Step> export(Wiring real, String filesUrl, int inlineMax) {
        PrimingWorld w = world(real);
        ExportHandler twin = new ExportHandler(twin(real, w), filesUrl, inlineMax);
        IntPredicate okStatus = s -> s == 200 || s == 302;
        return List.of("labels.json", "labels.csv").stream()
                .map(file -> Priming.Step.http(
                        "the export " + file,
                        twin,
                        PrimingWorld.event(
                                "GET /v1/export/" + file, "/v1/export/" + file, Map.of(), Map.of(), null, false),
                        okStatus))
                .toList();
    }

    /** The schedule's event (EventBridge Scheduler sends the target's input, none here: an empty object). */
    static List<Priming.Step> sweep(Wiring real) {
        PrimingWorld w = world(real);
        SweepHandler twin = new SweepHandler(twin(real, w));
        return List.of(new Priming.Step(
                "the daily sweep",
                "{}",
                json -> RuntimeSerializer.invokeMap(twin, json),
                response -> Json.parse(response).has("moved")));
    }

    private static String change(PrimingWorld w, String action, String body) {
        String id = w.labelId();
        return PrimingWorld.event(
                "POST /v1/labels/{id}/" + action,
                "/v1/labels/" + id + "/" + action,
                Map.of("id", id),
                Map.of(),
                body,
                true);
    }

    /** A ☆1 application with a conforming answer for every ☆1 requirement, under an application id of its own. */
    private static ObjectNode application(PrimingWorld w) {
        ObjectNode a = JsonNodeFactory.instance.objectNode();
        a.put("applicationId", w.label.applicationId() + "-issue");
        a.put("level", 1);
        a.putArray("models").add(w.model() + "-I");
        a.put("product", "Priming camera");
        a.put("vendor", "Priming vendor");
        a.put("category", "camera");
        a.put("supportEnd", w.label.claims().supportEnd().toString());
        var answers = a.putObject("declaration").putArray("answers");
        for (var r : RequirementsCatalogue.get().starOne()) {
            answers.addObject()
                    .put("requirement", r.id())
                    .put("verdict", "conforms")
                    .put("justification", "priming: no real application");
        }
        return a;
    }
}
