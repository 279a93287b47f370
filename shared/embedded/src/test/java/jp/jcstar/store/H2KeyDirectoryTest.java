package jp.jcstar.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import jp.jcstar.embedded.H2KeyDirectory;
import jp.jcstar.embedded.H2LabelStore;
import jp.jcstar.signing.KeySet;
import org.h2.api.DatabaseEventListener;
import org.h2.api.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link KeyDirectoryContract} against the embedded H2 adapter, plus what sharing the label database means. */
class H2KeyDirectoryTest extends KeyDirectoryContract {
    @TempDir
    Path dir;

    private String url() {
        return "jdbc:h2:file:" + dir.resolve("registry").toAbsolutePath() + ";DATABASE_EVENT_LISTENER='"
                + LockTimeouts.class.getName() + "'";
    }

    /** Told by H2 of every failed statement: counts the lock timeouts, so a test waits for one instead of sleeping. */
    public static final class LockTimeouts implements DatabaseEventListener {
        static volatile CountDownLatch seen = new CountDownLatch(1);

        @Override
        public void exceptionThrown(SQLException e, String sql) {
            if (e.getErrorCode() == ErrorCode.LOCK_TIMEOUT_1) seen.countDown();
        }
    }

    @Override
    protected KeyDirectory createDirectory() {
        return new H2KeyDirectory(url());
    }

    @Override
    protected KeyDirectory reopen(KeyDirectory directory) {
        return new H2KeyDirectory(url());
    }

    @Override
    protected void close(KeyDirectory directory) {
        ((H2KeyDirectory) directory).close();
    }

    @Test
    void livesInTheLabelDatabaseWithoutTouchingTheLabels() {
        H2LabelStore labels = new H2LabelStore(url());
        try {
            directory.publish(KeySet.of(newKey()));
            assertEquals(
                    0,
                    labels.search(new LabelQuery(null, null, null, null, null, null), null, 10)
                            .items()
                            .size());
            assertEquals(1, directory.load().size());
        } finally {
            labels.close();
        }
    }

    @Test
    void aTamperedEntryFailsTheLoadInsteadOfBeingTrusted() throws Exception {
        directory.publish(KeySet.of(newKey()));
        String lying = KeySet.publicJwk(newKey()).replaceFirst("\"kid\":\"[^\"]+\"", "\"kid\":\"AAAAAAAAAAAAAAAA\"");
        try (var c = DriverManager.getConnection(url(), "sa", "");
                var p = c.prepareStatement("INSERT INTO public_keys VALUES (?, ?)")) {
            p.setString(1, "AAAAAAAAAAAAAAAA");
            p.setString(2, lying);
            p.executeUpdate();
        }
        var e = assertThrows(IllegalStateException.class, directory::load);
        assertEquals("the key directory holds an entry that is not a P-256 public JWK", e.getMessage());
    }

    @Test
    void aPublisherThatMeetsALockedTableWaitsItOutAndPublishes() throws Exception {
        // CI once saw a concurrent publisher fail outright: H2 gives up on a row lock after 2 s (its default lock
        // timeout)
        directory.publish(KeySet.of(newKey()));
        KeySet next = KeySet.of(newKey(), newKey());
        try (var c = DriverManager.getConnection(url(), "sa", "")) {
            c.setAutoCommit(false);
            c.createStatement().executeUpdate("DELETE FROM public_keys"); // holds the row lock until commit
            LockTimeouts.seen = new CountDownLatch(1);
            var publisher = java.util.concurrent.CompletableFuture.runAsync(() -> directory.publish(next));
            // H2 reports the publisher's first attempt failing on the lock before we let go of it
            assertTrue(LockTimeouts.seen.await(30, TimeUnit.SECONDS), "the publisher never met the lock timeout");
            assertFalse(publisher.isDone(), "a lock timeout is retried, not reported");
            c.commit();
            publisher.get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertEquals(
                new java.util.TreeSet<>(next.kids()),
                new java.util.TreeSet<>(directory.load().kids()));
    }
}
