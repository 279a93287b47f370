package jp.jcstar.embedded;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** What the embedded adapters do when two transactions on one H2 database meet: which errors are worth a retry, and how long to wait. */
final class H2Conflicts {
    static final int MAX_ATTEMPTS = 8;
    static final int DUPLICATE_KEY = 23505;
    // lock timeout, concurrent update, deadlock: the other transaction decides, then ours can run again
    private static final List<Integer> TRANSIENT = List.of(50200, 90131, 40001);

    private H2Conflicts() {}

    static boolean isTransient(SQLException e) {
        return TRANSIENT.contains(e.getErrorCode());
    }

    /** Sleeps a random 1 ms up to 10·2^min(attempt,5) ms, so that colliding writers spread out. */
    static void backoff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 10L << Math.min(attempt, 5)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
