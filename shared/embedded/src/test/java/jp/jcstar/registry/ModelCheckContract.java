package jp.jcstar.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import jp.jcstar.label.Fixtures;
import jp.jcstar.registry.ModelCheck.Verdict;
import jp.jcstar.signing.KeySet;
import jp.jcstar.signing.LabelSigner;
import jp.jcstar.signing.LocalKeySigner;
import jp.jcstar.status.RevocationReason;
import jp.jcstar.store.LabelStore;
import jp.jcstar.verify.LabelVerifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bid check ({@link ModelCheck}) on mixed models, over each label store adapter (H2 and moto subclasses). */
abstract class ModelCheckContract {
    protected abstract LabelStore createStore() throws Exception;

    protected void closeStore(LabelStore store) throws Exception {}

    LabelStore store;
    Registry registry;
    ModelCheck check;
    int n;

    @BeforeEach
    void open() throws Exception {
        store = createStore();
        LocalKeySigner signer = LocalKeySigner.generate();
        registry = new Registry(
                store,
                new LabelSigner(signer, LabelSigner.DEFAULT_DEFLATE),
                new LabelVerifier(KeySet.of(signer.publicKey())),
                Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC),
                "https://registry.example.jp",
                RequirementsDeclarations.standard());
        check = new ModelCheck(registry);
    }

    @AfterEach
    void close() throws Exception {
        closeStore(store);
    }

    String issue(String vendor, String supportEnd, String... models) {
        var a = Fixtures.starOneApplication("MC-" + (++n), List.of(models), r -> "確認済み (" + r + ")");
        a.put("vendor", vendor);
        a.put("supportEnd", supportEnd);
        try {
            return registry.issue(ApplicationJson.parse(a)).label().id();
        } catch (ConfusableModelException e) {
            var confirmed = e.lookAlikes().stream()
                    .map(ConfusableModelException.LookAlike::existing)
                    .collect(java.util.stream.Collectors.toSet());
            return registry.issue(ApplicationJson.parse(a), confirmed).label().id();
        }
    }

    List<Verdict> verdicts(List<ModelCheck.Result> rs) {
        List<Verdict> out = new ArrayList<>();
        rs.forEach(r -> out.add(r.verdict()));
        return out;
    }

    @Test
    void mixedModelsGetEachTheirVerdict() {
        String camera = issue("株式会社サクラ電機", "2031-03-31", "SC-300", "SC-300W");
        String early = issue("株式会社サクラ電機", "2028-03-31", "TN-WR5400");
        String revoked = issue("Other Co", "2031-03-31", "RV-1");
        registry.change(revoked, Registry.Action.REVOKE, RevocationReason.NONCONFORMITY, null, "op", null);
        issue("Other Co", "2031-03-31", "SC-3000"); // SC-300 is a prefix of it: not the same model

        var req = new ModelCheck.Request(
                List.of("ＳＣ－３００", "TN-WR5400", "RV-1", "XX-9", "sc 3000"), null, 1, LocalDate.parse("2029-03-31"));
        List<ModelCheck.Result> rs = check.check(req);
        assertEquals(
                List.of(Verdict.MEETS, Verdict.SUPPORT_ENDS_EARLY, Verdict.NOT_VALID, Verdict.NOT_FOUND, Verdict.MEETS),
                verdicts(rs));
        assertEquals("ＳＣ－３００", rs.get(0).model(), "answered under the designation asked");
        assertEquals(
                List.of(camera),
                rs.get(0).labels().stream().map(ModelCheck.Found::labelId).toList());
        assertEquals(1, rs.get(0).bestLevel());
        assertEquals(LocalDate.parse("2031-03-31"), rs.get(0).supportEnd());
        assertEquals(
                registry.require(camera).record().claims().validUntil(),
                rs.get(0).validUntil());
        assertEquals(early, rs.get(1).bestLabel());
        assertEquals(LocalDate.parse("2028-03-31"), rs.get(1).supportEnd());
        assertEquals(
                jp.jcstar.status.LabelState.REVOKED,
                rs.get(2).labels().getFirst().status());
        assertNull(rs.get(2).bestLevel());
        assertEquals(List.of(), rs.get(3).labels());

        // a higher level asked: below level; another vendor asked: not found
        assertEquals(
                List.of(Verdict.BELOW_LEVEL),
                verdicts(check.check(new ModelCheck.Request(List.of("SC-300"), null, 2, null))));
        assertEquals(
                List.of(Verdict.NOT_FOUND),
                verdicts(check.check(new ModelCheck.Request(List.of("SC-300"), "Other Co", null, null))));
        assertEquals(
                List.of(Verdict.MEETS),
                verdicts(check.check(new ModelCheck.Request(List.of("SC-300"), "サクラ", null, null))));
    }

    @Test
    void theBestLabelIsTheValidOneWithTheLatestSupportEnd() {
        issue("V1", "2028-03-31", "DUP-1");
        String later = issue("V2", "2032-03-31", "DUP-1");
        var r = check.check(new ModelCheck.Request(List.of("DUP-1"), null, 1, LocalDate.parse("2030-01-01")))
                .getFirst();
        assertEquals(Verdict.MEETS, r.verdict());
        assertEquals(later, r.bestLabel());
        assertEquals(2, r.labels().size());
    }

    @Test
    void requestsAreBounded() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i <= ModelCheck.MAX_MODELS; i++) many.add("M-" + i);
        assertThrows(IllegalArgumentException.class, () -> new ModelCheck.Request(many, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new ModelCheck.Request(List.of(), null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new ModelCheck.Request(List.of("A"), null, 5, null));
    }
}
