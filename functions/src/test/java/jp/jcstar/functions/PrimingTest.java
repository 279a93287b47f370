package jp.jcstar.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import jp.jcstar.json.Json;
import jp.jcstar.registry.Registry;
import jp.jcstar.store.LabelQuery;
import jp.jcstar.store.LabelRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SnapStart priming answers the real path of every function — through the runtime's serializer, with
 * a genuinely valid label — and changes nothing: not the store, not the files, not whom the real
 * handlers trust. On the embedded adapters; {@code PrimingMotoTest} does the same on the AWS ones.
 */
class PrimingTest {
    @TempDir
    Path home;

    Wiring wiring;
    String storedLabelId;

    @BeforeEach
    void aRegistryWithOneLabel() {
        wiring = Wiring.embedded(home, "https://registry.example.jp", Clock.systemUTC());
        var issued = new IssueLabelHandler(wiring)
                .handleRequest(
                        TestApi.withBody(
                                "issue-label-iam.json",
                                TestApi.application("PRIME-1").toString()),
                        null);
        assertEquals(201, issued.getStatusCode(), issued.getBody());
        storedLabelId = Json.parse(issued.getBody()).get("id").asText();
    }

    /** Every function's plan, on {@code w} (the read-only ones on its registry). */
    static Map<String, Supplier<List<Priming.Step>>> everyPlan(Wiring w, Registry readOnly) {
        Map<String, Supplier<List<Priming.Step>>> plans = new TreeMap<>();
        plans.put("VerifyHandler", () -> PublicPriming.verify(new VerifyHandler(readOnly)));
        plans.put("BatchVerifyHandler", () -> PublicPriming.batchVerify(new BatchVerifyHandler(readOnly)));
        plans.put("GetLabelHandler", () -> PublicPriming.getLabel(new GetLabelHandler(readOnly)));
        plans.put("SearchLabelsHandler", () -> PublicPriming.search(new SearchLabelsHandler(readOnly)));
        plans.put("RequirementsHandler", () -> PublicPriming.requirements(new RequirementsHandler(readOnly)));
        plans.put("IssueLabelHandler", () -> OperatorPriming.issue(w));
        plans.put("ChangeStatusHandler", () -> OperatorPriming.changeStatus(w));
        plans.put("BulkRevokeHandler", () -> OperatorPriming.bulkRevoke(w));
        plans.put("LabelImageHandler", () -> OperatorPriming.labelImage(w));
        plans.put("JwksHandler", () -> OperatorPriming.jwks(new JwksHandler(w)));
        plans.put("StatusListHandler", () -> OperatorPriming.statusList(w));
        plans.put("ExportHandler", () -> OperatorPriming.export(w, "https://files.example.jp/files", 10));
        plans.put("SweepHandler", () -> OperatorPriming.sweep(w));
        return plans;
    }

    static List<Priming.Outcome> runAll(Map<String, Supplier<List<Priming.Step>>> plans) {
        List<Priming.Outcome> all = new ArrayList<>();
        for (var e : plans.entrySet())
            all.addAll(Priming.unregistered(VerifyHandler.class, e.getValue()).run());
        return all;
    }

    @Test
    void everyPlanAnswersEachRequestAsTheRealPathDoes() {
        List<Priming.Outcome> outcomes = runAll(everyPlan(wiring, wiring.registry()));
        for (Priming.Outcome o : outcomes)
            assertTrue(o.ok(), o.step().what() + ": " + o.response() + " " + o.failure());
        // the store holds a label, so the read-only plans also answered it through the real handler
        assertTrue(outcomes.stream()
                .anyMatch(o -> o.step().what().equals("verify a label of the store")
                        && o.response().contains(storedLabelId)
                        && o.response().contains("\\\"valid\\\":true")));
        // verify, batch verify, get, search 2 each; requirements 1; issue 2, status changes 3, bulk revocation 1,
        // images 3 and the PDF artwork, JWKS 1, status list 1, export 2, sweep 1
        assertEquals(
                24,
                outcomes.size(),
                outcomes.stream().map(o -> o.step().what()).toList().toString());
    }

    @Test
    void verifyPrimingVerifiesAGenuinelyValidLabelThroughTheStreamEntryPoint() {
        List<Priming.Outcome> outcomes = Priming.unregistered(
                        VerifyHandler.class, () -> PublicPriming.verify(new VerifyHandler(wiring.registry())))
                .run();
        Priming.Outcome primed = outcomes.getFirst();
        assertEquals("verify the priming label", primed.step().what());
        // the response as Lambda gets it from the stream handler: an APIGatewayV2HTTPResponse in JSON, the verdict in
        // its body
        JsonNode response = Json.parse(primed.response());
        assertEquals(200, response.get("statusCode").asInt(), primed.response());
        JsonNode verdict = Json.parse(response.get("body").asText());
        assertTrue(verdict.get("valid").asBoolean(), verdict.toString());
        assertEquals("valid", verdict.get("status").asText());
        assertTrue(verdict.get("label").get("id").asText().startsWith("PRIMING-"), verdict.toString());
    }

    @Test
    void aPrimingLabelNeverVerifiesInARealRequest() {
        VerifyHandler real = new VerifyHandler(wiring.registry());
        List<Priming.Outcome> outcomes = Priming.unregistered(VerifyHandler.class, () -> PublicPriming.verify(real))
                .run();
        assertTrue(outcomes.getFirst().ok(), outcomes.getFirst().response());
        String primingLabel = Json.parse(Json.parse(outcomes.getFirst().step().eventJson())
                        .get("body")
                        .asText())
                .get("label")
                .asText();
        // after priming, the real handler is asked with the very label priming verified
        String answer = real.invokeJson(PublicPriming.verifyEvent(primingLabel));
        JsonNode verdict = Json.parse(Json.parse(answer).get("body").asText());
        assertFalse(verdict.get("valid").asBoolean(), verdict.toString());
        assertEquals("unknown-kid", verdict.get("reason").asText(), verdict.toString());
        // nor does any operator-side twin leave its key behind: the real key set is the operator's only
        runAll(everyPlan(wiring, wiring.registry()));
        assertEquals(List.of(wiring.signer().keyId()), wiring.keys().kids());
        assertEquals(
                List.of(wiring.signer().keyId()),
                wiring.registry().verifier().keys().kids());
        assertFalse(wiring.registry().verify(primingLabel).valid());
    }

    @Test
    void primingLeavesNoWritesInTheStoreOrTheFiles() throws IOException {
        String storeBefore = storeSnapshot(wiring.registry());
        Map<String, String> filesBefore = files(home.resolve("files"));
        List<Priming.Outcome> outcomes = runAll(everyPlan(wiring, wiring.registry()));
        assertTrue(outcomes.stream().allMatch(Priming.Outcome::ok));
        assertEquals(storeBefore, storeSnapshot(wiring.registry()));
        assertEquals(filesBefore, files(home.resolve("files")));
    }

    @Test
    void theOverlaysKeepWritesInMemory() {
        PrimingWorld w = PrimingWorld.create(Clock.systemUTC(), "https://registry.example.jp");
        Wiring twin = OperatorPriming.twin(wiring, w);
        var issued = twin.registry().issue(jp.jcstar.registry.ApplicationJson.parse(TestApi.application("PRIME-TWIN")));
        assertTrue(issued.created());
        assertTrue(wiring.registry().get(issued.label().id()).isEmpty(), "the twin's issuance reached the real store");
        assertTrue(twin.registry().get(issued.label().id()).isPresent());
        assertTrue(wiring.registry().store().findByApplication("PRIME-TWIN").isEmpty());
    }

    /** Every label with its state, version and history, and the non-valid entries of every list in use. */
    static String storeSnapshot(Registry r) {
        StringBuilder b = new StringBuilder();
        String cursor = null;
        do {
            var page = r.store().search(LabelQuery.ALL, cursor, 500);
            for (LabelRecord l : page.items()) {
                b.append(l)
                        .append(r.store().history(l.id()))
                        .append(r.store().listEntries(l.claims().status().list()))
                        .append('\n');
            }
            cursor = page.next();
        } while (cursor != null);
        return b.toString();
    }

    static Map<String, String> files(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        if (!Files.isDirectory(dir)) return out;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(
                        dir.relativize(p).toString(),
                        Files.size(p) + ":" + java.util.Arrays.hashCode(Files.readAllBytes(p)) + ":"
                                + Files.getLastModifiedTime(p));
            }
        }
        return out;
    }
}
