package jp.jcstar.functions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.jcstar.json.Json;
import jp.jcstar.registry.Registry;
import jp.jcstar.store.LabelQuery;
import jp.jcstar.store.LabelRecord;

/**
 * The priming plans of the public read-only functions (they ship in the lean jar, so nothing here refers
 * to the signer-holding wiring). Each answers, through the handler's stream entry point, the requests its route
 * gets: the priming label (signed with the priming key, {@link PrimingWorld}) through a twin of the
 * handler that trusts that key and sees that label in its store; and, where the store already holds a
 * label, that label through the real handler — read only, with the real keys.
 */
final class PublicPriming {
    private PublicPriming() {}

    static List<Priming.Step> verify(VerifyHandler real) {
        Registry registry = real.registry();
        PrimingWorld w = PrimingWorld.create(registry.clock(), registry.siteBase());
        VerifyHandler twin = new VerifyHandler(w.readOnlyTwin(registry));
        List<Priming.Step> steps = new ArrayList<>();
        steps.add(Priming.Step.http("verify the priming label", twin, verifyEvent(w.qrText), 200, "\"valid\":true"));
        aLabelOfTheStore(registry)
                .ifPresent(l -> steps.add(Priming.Step.http(
                        "verify a label of the store", real, verifyEvent(l.jws()), 200, "\"id\":\"" + l.id() + "\"")));
        return steps;
    }

    static List<Priming.Step> batchVerify(BatchVerifyHandler real) {
        Registry registry = real.registry();
        PrimingWorld w = PrimingWorld.create(registry.clock(), registry.siteBase());
        BatchVerifyHandler twin = new BatchVerifyHandler(w.readOnlyTwin(registry));
        String body = "{\"labels\":[" + Json.writeString(w.qrText) + "," + Json.writeString(w.label.jws()) + "]}";
        List<Priming.Step> steps = new ArrayList<>();
        steps.add(Priming.Step.http(
                "batch-verify the priming label",
                twin,
                PrimingWorld.event("POST /v1/verify/batch", "/v1/verify/batch", Map.of(), Map.of(), body, false),
                200,
                "\"valid\":2"));
        aLabelOfTheStore(registry)
                .ifPresent(l -> steps.add(Priming.Step.http(
                        "batch-verify a label of the store",
                        real,
                        PrimingWorld.event(
                                "POST /v1/verify/batch",
                                "/v1/verify/batch",
                                Map.of(),
                                Map.of(),
                                "{\"labels\":[" + Json.writeString(l.jws()) + "]}",
                                false),
                        200,
                        "\"counts\"")));
        return steps;
    }

    static List<Priming.Step> getLabel(GetLabelHandler real) {
        Registry registry = real.registry();
        PrimingWorld w = PrimingWorld.create(registry.clock(), registry.siteBase());
        GetLabelHandler twin = new GetLabelHandler(w.readOnlyTwin(registry));
        List<Priming.Step> steps = new ArrayList<>();
        steps.add(Priming.Step.http(
                "get the priming label", twin, getEvent(w.labelId()), 200, "\"id\":\"" + w.labelId() + "\""));
        aLabelOfTheStore(registry)
                .ifPresent(l -> steps.add(Priming.Step.http(
                        "get a label of the store", real, getEvent(l.id()), 200, "\"id\":\"" + l.id() + "\"")));
        return steps;
    }

    static List<Priming.Step> search(SearchLabelsHandler real) {
        Registry registry = real.registry();
        PrimingWorld w = PrimingWorld.create(registry.clock(), registry.siteBase());
        SearchLabelsHandler twin = new SearchLabelsHandler(w.readOnlyTwin(registry));
        return List.of(
                Priming.Step.http(
                        "search by the priming label's model",
                        twin,
                        PrimingWorld.event(
                                "GET /v1/labels",
                                "/v1/labels",
                                Map.of(),
                                Map.of("model", w.model(), "limit", "5"),
                                null,
                                false),
                        200,
                        "\"id\":\"" + w.labelId() + "\""),
                Priming.Step.http(
                        "search the store",
                        real,
                        PrimingWorld.event("GET /v1/labels", "/v1/labels", Map.of(), Map.of("limit", "5"), null, false),
                        200,
                        "\"items\""));
    }

    static List<Priming.Step> requirements(RequirementsHandler real) {
        return List.of(Priming.Step.http(
                "the requirements catalogue",
                real,
                PrimingWorld.event("GET /v1/requirements", "/v1/requirements", Map.of(), Map.of(), null, false),
                200,
                "\"id\""));
    }

    static String verifyEvent(String label) {
        return PrimingWorld.event(
                "POST /v1/verify",
                "/v1/verify",
                Map.of(),
                Map.of(),
                "{\"label\":" + Json.writeString(label) + "}",
                false);
    }

    private static String getEvent(String id) {
        return PrimingWorld.event("GET /v1/labels/{id}", "/v1/labels/" + id, Map.of("id", id), Map.of(), null, false);
    }

    /** One label of the real store, if it holds any (one page of one, read only). */
    private static java.util.Optional<LabelRecord> aLabelOfTheStore(Registry registry) {
        return registry.store().search(LabelQuery.ALL, null, 1).items().stream().findFirst();
    }
}
