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
 * call borrows its own connection. Call {@link #close()} when done.
 */
public final class H2KeyDirectory implements KeyDirectory, AutoCloseable {
    private final JdbcConnectionPool pool;

    /** Opens (creating the table if needed) the database at {@code jdbcUrl}, e.g. {@code jdbc:h2:file:/home/me/.jcstar/registry}. */
    public H2KeyDirectory(String jdbcUrl) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:h2:")) throw new IllegalArgumentException("not an H2 JDBC URL: " + jdbcUrl);
        this.pool = JdbcConnectionPool.create(jdbcUrl, "sa", "");
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS public_keys (kid VARCHAR(64) PRIMARY KEY, jwk VARCHAR(1024) NOT NULL)");
        } catch (SQLException e) {
            pool.dispose();
            throw new IllegalStateException("cannot open the key directory in " + jdbcUrl, e);
        }
    }

    @Override
    public synchronized void publish(KeySet keys) { // one process owns an H2 file database: this serialises all publishers
        if (keys.size() == 0) throw new IllegalArgumentException("an empty key set is never published");
        List<String> kids = keys.kids();
        List<String> jwks = keys.publicJwks();
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try (Statement del = c.createStatement(); PreparedStatement ins = c.prepareStatement("MERGE INTO public_keys (kid, jwk) KEY (kid) VALUES (?, ?)")) {
                del.executeUpdate("DELETE FROM public_keys");
                for (int i = 0; i < kids.size(); i++) {
                    ins.setString(1, kids.get(i));
                    ins.setString(2, jwks.get(i));
                    ins.addBatch();
                }
                ins.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot publish the key set", e);
        }
    }

    @Override
    public KeySet load() {
        List<String> jwks = new ArrayList<>();
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
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
