package jp.jcstar.embedded;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import jp.jcstar.signing.KeySet;
import jp.jcstar.store.KeyDirectory;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * {@link KeyDirectory} in the embedded H2 database, table {@code public_keys (kid, jwk)} next to the
 * labels (same database file). Publishing replaces the rows in one transaction. Thread-safe: every
 * call borrows its own connection. Durable on commit, as {@link H2LabelStore} ({@code WRITE_DELAY 0}, then
 * {@code CHECKPOINT SYNC}): a published key set survives the process dying and a power loss.
 * Call {@link #close()} when done.
 */
public final class H2KeyDirectory implements KeyDirectory, AutoCloseable {
    private final JdbcConnectionPool pool;

    /** Opens (creating the table if needed) the database at {@code jdbcUrl}, e.g. {@code jdbc:h2:file:/home/me/.jcstar/registry}. */
    public H2KeyDirectory(String jdbcUrl) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:h2:")) throw new IllegalArgumentException("not an H2 JDBC URL: " + jdbcUrl);
        this.pool = JdbcConnectionPool.create(jdbcUrl, "sa", "");
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement()) {
            s.execute("SET WRITE_DELAY 0");
            s.execute(
                    "CREATE TABLE IF NOT EXISTS public_keys (kid VARCHAR(64) PRIMARY KEY, jwk VARCHAR(1024) NOT NULL)");
        } catch (SQLException e) {
            pool.dispose();
            throw new IllegalStateException("cannot open the key directory in " + jdbcUrl, e);
        }
    }

    @Override
    public void publish(KeySet keys) {
        if (keys.size() == 0) throw new IllegalArgumentException("an empty key set is never published");
        List<String> kids = keys.kids();
        List<String> jwks = keys.publicJwks();
        // Several directories (one per function of the local server) may publish into one file at once:
        // a conflicting transaction rolls back and is tried again.
        for (int attempt = 1; ; attempt++) {
            try (Connection c = pool.getConnection()) {
                c.setAutoCommit(false);
                try (Statement del = c.createStatement();
                        PreparedStatement ins =
                                c.prepareStatement("MERGE INTO public_keys (kid, jwk) KEY (kid) VALUES (?, ?)")) {
                    del.executeUpdate("DELETE FROM public_keys");
                    for (int i = 0; i < kids.size(); i++) {
                        ins.setString(1, kids.get(i));
                        ins.setString(2, jwks.get(i));
                        ins.addBatch();
                    }
                    ins.executeBatch();
                    c.commit();
                    H2LabelStore.Durability.afterCommit(H2LabelStore.Durability.SYNCED, c);
                    return;
                } catch (SQLException e) {
                    c.rollback();
                    if (!retryable(e) || attempt >= H2Conflicts.MAX_ATTEMPTS) throw e;
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot publish the key set (H2 error " + e.getErrorCode() + ")", e);
            }
            H2Conflicts.backoff(attempt);
        }
    }

    private static boolean retryable(SQLException e) {
        // a batch reports the statement that failed as its cause or next exception
        for (Throwable t = e;
                t != null;
                t = t.getCause() != null ? t.getCause() : t instanceof SQLException s ? s.getNextException() : null) {
            if (t instanceof SQLException s
                    && (s.getErrorCode() == H2Conflicts.DUPLICATE_KEY || H2Conflicts.isTransient(s))) return true;
        }
        return false;
    }

    @Override
    public KeySet load() {
        List<String> jwks = new ArrayList<>();
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT jwk FROM public_keys ORDER BY kid")) {
            while (rs.next()) jwks.add(rs.getString(1));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the key directory", e);
        }
        try {
            return KeySet.fromJwks(jwks);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the key directory holds an entry that is not a P-256 public JWK", e);
        }
    }

    @Override
    public void close() {
        pool.dispose();
    }
}
