package jp.jcstar.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import jp.jcstar.embedded.H2KeyDirectory;
import jp.jcstar.embedded.H2LabelStore;
import jp.jcstar.label.Fixtures;
import jp.jcstar.signing.KeySet;
import jp.jcstar.signing.LabelSigner;
import jp.jcstar.signing.LocalKeySigner;
import jp.jcstar.status.LabelState;
import jp.jcstar.status.RevocationReason;
import jp.jcstar.store.KeyDirectoryKeys;
import jp.jcstar.store.LabelQuery;
import jp.jcstar.verify.LabelVerifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The public functions' registry: verifies with keys from the key directory alone (no signer), reads the
 * store, and refuses every change before touching it.
 */
class ReadOnlyRegistryTest {
    @TempDir
    Path dir;

    H2LabelStore store;
    H2KeyDirectory directory;
    Registry writable;
    Registry readOnly;
    String label;

    @BeforeEach
    void setUp() {
        String url = "jdbc:h2:file:" + dir.resolve("registry").toAbsolutePath();
        store = new H2LabelStore(url);
        directory = new H2KeyDirectory(url);
        LocalKeySigner signer = LocalKeySigner.generate();
        KeySet keys = KeySet.of(signer.publicKey());
        writable = new Registry(
                store,
                new LabelSigner(signer, LabelSigner.DEFAULT_DEFLATE),
                new LabelVerifier(keys),
                Clock.systemUTC(),
                "https://registry.example.jp",
                RequirementsDeclarations.standard());
        directory.publish(keys);
        label = writable.issue(ApplicationJson.parse(Fixtures.starOneApplication("APP-RO-1")))
                .label()
                .record()
                .jws();
        readOnly = Registry.readOnly(
                store,
                new LabelVerifier(new KeyDirectoryKeys(directory, Clock.systemUTC())),
                Clock.systemUTC(),
                "https://registry.example.jp");
    }

    @AfterEach
    void tearDown() {
        directory.close();
        store.close();
    }

    @Test
    void verifiesWithThePublishedKeysAlone() {
        VerifyAnswer a = readOnly.verify(label);
        assertTrue(a.valid(), String.valueOf(a));
        assertEquals(LabelState.VALID, a.status());
        assertFalse(readOnly.writable());
        assertTrue(writable.writable());
    }

    @Test
    void readsTheStore() {
        String id = readOnly.verify(label).claims().id();
        assertEquals(id, readOnly.get(id).orElseThrow().record().id());
        assertEquals(
                1,
                readOnly.search(new LabelQuery(null, null, null, null, null, null), null, 10)
                        .items()
                        .size());
    }

    @Test
    void refusesEveryChangeBeforeTouchingTheStore() {
        String id = readOnly.verify(label).claims().id();
        var issue = assertThrows(
                IllegalStateException.class,
                () -> readOnly.issue(ApplicationJson.parse(Fixtures.starOneApplication("APP-RO-2"))));
        assertEquals("this registry is read-only (no signing key): cannot issue labels", issue.getMessage());
        assertThrows(
                IllegalStateException.class,
                () -> readOnly.change(
                        id, Registry.Action.REVOKE, RevocationReason.NONCONFORMITY, Instant.now(), "op", null));
        assertThrows(
                IllegalStateException.class,
                () -> readOnly.revokeEach(List.of("JC26-AAAAAAAA"), RevocationReason.NONCONFORMITY, "op", null));
        assertThrows(IllegalStateException.class, () -> readOnly.sweep(line -> {}));
        assertTrue(store.findByApplication("APP-RO-2").isEmpty());
        assertEquals(LabelState.VALID, store.get(id).orElseThrow().state());
        assertEquals(List.of(), store.history(id));
    }
}
