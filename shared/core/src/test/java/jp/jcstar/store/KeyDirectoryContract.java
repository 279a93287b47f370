package jp.jcstar.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jp.jcstar.signing.KeySet;
import jp.jcstar.signing.Kids;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rules every {@link KeyDirectory} adapter obeys; one subclass per adapter supplies a fresh, empty
 * directory per test and a second instance on the same storage (another function's view of it).
 */
public abstract class KeyDirectoryContract {
    /** A new, empty directory; called before every test. */
    protected abstract KeyDirectory createDirectory() throws Exception;

    /** Another instance on the storage of {@code directory}, sharing nothing with it in memory. */
    protected abstract KeyDirectory reopen(KeyDirectory directory) throws Exception;

    protected void close(KeyDirectory directory) throws Exception {}

    protected KeyDirectory directory;
    private final List<KeyDirectory> opened = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        directory = createDirectory();
        opened.add(directory);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (KeyDirectory d : opened) close(d);
    }

    private KeyDirectory other() throws Exception {
        KeyDirectory d = reopen(directory);
        opened.add(d);
        return d;
    }

    static ECPublicKey newKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return (ECPublicKey) g.generateKeyPair().getPublic();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void nothingPublishedLoadsAnEmptySet() {
        assertEquals(0, directory.load().size());
    }

    @Test
    void publishedKeysLoadBackWithTheirKidsInAnotherInstance() throws Exception {
        ECPublicKey current = newKey(), retired = newKey();
        directory.publish(KeySet.of(retired, current));
        KeySet loaded = other().load();
        assertEquals(2, loaded.size());
        assertEquals(current, loaded.find(Kids.of(current)).orElseThrow());
        assertEquals(retired, loaded.find(Kids.of(retired)).orElseThrow());
    }

    @Test
    void publishingTheSameSetAgainChangesNothing() throws Exception {
        KeySet set = KeySet.of(newKey(), newKey());
        directory.publish(set);
        other().publish(set);
        assertEquals(
                new java.util.TreeSet<>(set.kids()),
                new java.util.TreeSet<>(directory.load().kids()));
    }

    @Test
    void aRotationAddsTheNewKeyAndKeepsTheRetiredOne() {
        ECPublicKey old = newKey(), next = newKey();
        directory.publish(KeySet.of(old));
        directory.publish(KeySet.of(old, next));
        KeySet loaded = directory.load();
        assertTrue(loaded.find(Kids.of(old)).isPresent());
        assertTrue(loaded.find(Kids.of(next)).isPresent());
    }

    @Test
    void aKeyLeftOutOfTheNextSetNoLongerLoads() {
        // a compromised retired key is dropped from the configuration: it must stop verifying
        ECPublicKey compromised = newKey(), current = newKey();
        directory.publish(KeySet.of(compromised, current));
        directory.publish(KeySet.of(current));
        KeySet loaded = directory.load();
        assertEquals(List.of(Kids.of(current)), loaded.kids());
    }

    @Test
    void anEmptySetIsRefusedAndThePublishedOneStays() {
        ECPublicKey k = newKey();
        directory.publish(KeySet.of(k));
        assertThrows(IllegalArgumentException.class, () -> directory.publish(KeySet.of()));
        assertEquals(List.of(Kids.of(k)), directory.load().kids());
    }

    @Test
    void concurrentPublishersOfOneSetLeaveExactlyThatSet() throws Exception {
        // every signer-holding function of a deployment publishes the same set in its init phase
        KeySet set = KeySet.of(newKey(), newKey(), newKey());
        List<KeyDirectory> publishers = new ArrayList<>();
        for (int i = 0; i < 4; i++) publishers.add(other());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                KeyDirectory d = publishers.get(i % publishers.size());
                futures.add(pool.submit(() -> d.publish(set)));
            }
            for (Future<?> f : futures) f.get();
        } finally {
            pool.shutdownNow();
        }
        assertEquals(
                new java.util.TreeSet<>(set.kids()),
                new java.util.TreeSet<>(directory.load().kids()));
    }
}
