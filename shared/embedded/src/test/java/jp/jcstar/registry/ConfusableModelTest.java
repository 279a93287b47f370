package jp.jcstar.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import jp.jcstar.embedded.H2LabelStore;
import jp.jcstar.label.Fixtures;
import jp.jcstar.signing.KeySet;
import jp.jcstar.signing.LabelSigner;
import jp.jcstar.signing.LocalKeySigner;
import jp.jcstar.verify.LabelVerifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A model designation that looks like another vendor's is refused, naming the look-alike, unless confirmed. */
class ConfusableModelTest {
    @TempDir
    Path dir;

    H2LabelStore store;
    Registry registry;
    String sakura;

    @BeforeEach
    void setUp() {
        store = new H2LabelStore("jdbc:h2:file:" + dir.resolve("registry").toAbsolutePath());
        LocalKeySigner signer = LocalKeySigner.generate();
        registry = new Registry(
                store,
                new LabelSigner(signer, LabelSigner.DEFAULT_DEFLATE),
                new LabelVerifier(KeySet.of(signer.publicKey())),
                new BulkRevocationTest.MutableClock(Instant.parse("2026-06-01T00:00:00Z")),
                "https://registry.example.jp",
                RequirementsDeclarations.standard());
        sakura = registry.issue(ApplicationJson.parse(Fixtures.starOneApplication("SAKURA-1")))
                .label()
                .id(); // SC-300, SC-300W
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    private static ObjectNode other(String appId, String model, String vendor) {
        ObjectNode a = Fixtures.starOneApplication(appId, List.of(model), id -> "設計書と試験報告書で確認 (" + id + ")");
        a.put("vendor", vendor);
        return a;
    }

    @ParameterizedTest
    @ValueSource(strings = {"SC-3OO", "sc-3oo", "SC 300", "\uFF33\uFF23\uFF0D\uFF13\uFF10\uFF10", "SC-3OOW"})
    void anotherVendorsLookAlikeIsRefusedAndNamed(String model) {
        var e = assertThrows(
                ConfusableModelException.class,
                () -> registry.issue(ApplicationJson.parse(other("KAGE-1", model, "Kage Trading"))));
        var first = e.lookAlikes().getFirst();
        assertEquals(model, first.model());
        assertTrue(Set.of("SC-300", "SC-300W").contains(first.existing()), first.existing());
        assertEquals(sakura, first.labelId());
        assertTrue(e.getMessage().contains(first.existing()) && e.getMessage().contains(sakura), e.getMessage());
        assertTrue(store.findByApplication("KAGE-1").isEmpty(), "nothing issued");
    }

    @Test
    void cyrillicLookAlikeSharesASkeletonInTheStore() {
        // the model profile refuses Cyrillic outright; the skeleton still finds the Latin original
        for (String sk : jp.jcstar.label.Confusables.skeletons("S\u0421-300")) {
            if (store.labelIdsWithModelSkeleton(sk).contains(sakura)) return;
        }
        throw new AssertionError("no skeleton of S\u0421-300 finds SC-300");
    }

    @Test
    void theSameVendorMayReuseItsOwnLookAlike() {
        ObjectNode a = other("SAKURA-2", "SC-3OO", "株式会社サクラ電機");
        assertTrue(registry.issue(ApplicationJson.parse(a)).created());
        ObjectNode b = other("SAKURA-3", "ＳＣ－３００", "株式会社サクラ電機"); // vendor compared as search compares it
        b.put("vendor", "株式会社 サクラ電機");
        assertTrue(registry.issue(ApplicationJson.parse(b)).created());
    }

    @Test
    void anUnrelatedDesignationOrTheIdenticalOneIsIssued() {
        assertTrue(registry.issue(ApplicationJson.parse(other("KAGE-2", "SC-301", "Kage Trading")))
                .created());
        assertTrue(registry.issue(ApplicationJson.parse(other("KAGE-3", "SC-300", "Kage Trading")))
                .created());
    }

    @Test
    void anExplicitConfirmationOfTheLookAlikeIssues() {
        ObjectNode a = other("KAGE-4", "SC-3OO", "Kage Trading");
        a.putArray("confirmConfusable").add("SC-300");
        assertTrue(registry.issue(ApplicationJson.parse(a), ApplicationJson.confirmedConfusables(a))
                .created());
    }

    @Test
    void aConfirmationOfAnotherDesignationDoesNotCover() {
        ObjectNode a = other("KAGE-5", "SC-3OO", "Kage Trading");
        a.putArray("confirmConfusable").add("SC-300W");
        var e = assertThrows(
                ConfusableModelException.class,
                () -> registry.issue(ApplicationJson.parse(a), ApplicationJson.confirmedConfusables(a)));
        assertEquals("SC-300", e.lookAlikes().getFirst().existing());
    }

    @Test
    void aMalformedConfirmationIsRefused() {
        ObjectNode a = other("KAGE-6", "SC-3OO", "Kage Trading");
        a.put("confirmConfusable", "SC-300");
        assertThrows(ApplicationRejectedException.class, () -> ApplicationJson.confirmedConfusables(a));
    }

    @Test
    void labelsStoredBeforeSkeletonsGetThemWhenTheStoreOpens() throws Exception {
        try (var c = java.sql.DriverManager.getConnection(
                        "jdbc:h2:file:" + dir.resolve("registry").toAbsolutePath(), "sa", "");
                var s = c.createStatement()) {
            s.execute("DELETE FROM label_skeletons");
            s.execute("DELETE FROM store_meta WHERE name = 'model_skeletons'");
        }
        store.close();
        store = new H2LabelStore("jdbc:h2:file:" + dir.resolve("registry").toAbsolutePath());
        LocalKeySigner signer = LocalKeySigner.generate();
        registry = new Registry(
                store,
                new LabelSigner(signer, LabelSigner.DEFAULT_DEFLATE),
                new LabelVerifier(KeySet.of(signer.publicKey())),
                new BulkRevocationTest.MutableClock(Instant.parse("2026-06-01T00:00:00Z")),
                "https://registry.example.jp",
                RequirementsDeclarations.standard());
        assertThrows(
                ConfusableModelException.class,
                () -> registry.issue(ApplicationJson.parse(other("KAGE-7", "SC-3OO", "Kage Trading"))));
    }
}
