package jp.jcstar.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import jp.jcstar.embedded.H2LabelStore;
import jp.jcstar.label.Fixtures;
import jp.jcstar.signing.KeySet;
import jp.jcstar.signing.LabelSigner;
import jp.jcstar.signing.LocalKeySigner;
import jp.jcstar.status.LabelState;
import jp.jcstar.status.RevocationReason;
import jp.jcstar.verify.LabelVerifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** under-investigation suspends and never revokes; a repeated suspension keeps the date shoppers see. */
class StatusTransitionsTest {
    @TempDir
    Path dir;

    H2LabelStore store;
    Registry registry;
    BulkRevocationTest.MutableClock clock = new BulkRevocationTest.MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
    String id;

    @BeforeEach
    void setUp() {
        store = new H2LabelStore("jdbc:h2:file:" + dir.resolve("registry").toAbsolutePath());
        LocalKeySigner signer = LocalKeySigner.generate();
        registry = new Registry(
                store,
                new LabelSigner(signer, LabelSigner.DEFAULT_DEFLATE),
                new LabelVerifier(KeySet.of(signer.publicKey())),
                clock,
                "https://registry.example.jp",
                RequirementsDeclarations.standard());
        id = registry.issue(ApplicationJson.parse(Fixtures.starOneApplication("ST-1")))
                .label()
                .id();
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    @Test
    void underInvestigationIsRefusedAsARevocationReason() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> registry.change(
                        id, Registry.Action.REVOKE, RevocationReason.UNDER_INVESTIGATION, null, "op", null));
        assertTrue(e.getMessage().contains("suspension reason"), e.getMessage());
        assertEquals(LabelState.VALID, store.get(id).orElseThrow().state());
        assertEquals(List.of(), store.history(id));
    }

    @Test
    void aRepeatedSuspensionIsIdempotentAndKeepsTheOriginalDate() {
        LabelView first =
                registry.change(id, Registry.Action.SUSPEND, RevocationReason.UNDER_INVESTIGATION, null, "op", null);
        Instant since = first.statusEffectiveAt();
        clock.now = clock.now.plus(Duration.ofDays(3));
        LabelView again =
                registry.change(id, Registry.Action.SUSPEND, RevocationReason.UNDER_INVESTIGATION, null, "op", null);
        assertEquals(since, again.statusEffectiveAt());
        assertEquals(1, store.history(id).size(), "nothing changed, nothing recorded");
        // a new reason is recorded, still from the original date
        LabelView reasoned =
                registry.change(id, Registry.Action.SUSPEND, RevocationReason.NONCONFORMITY, null, "op", null);
        assertEquals(since, reasoned.statusEffectiveAt());
        assertEquals(RevocationReason.NONCONFORMITY, reasoned.reason());
        assertEquals(since, store.get(id).orElseThrow().stateEffectiveAt());
    }
}
