package jp.jcstar.embedded;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import jp.jcstar.webhook.Delivery;
import jp.jcstar.webhook.DeliveryQueue;
import jp.jcstar.webhook.Subscription;
import jp.jcstar.webhook.SubscriptionJson;
import jp.jcstar.webhook.WebhookStore;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * Webhook subscriptions ({@link WebhookStore}) and the durable delivery queue with its dead-letter list
 * ({@link DeliveryQueue}) in the embedded H2 database, tables {@code webhook_subscriptions} and
 * {@code webhook_deliveries}, next to the labels (same file). The secret is stored as is: the database
 * file is the laptop's own, as the signing key file is. A claim leases rows by moving their due time
 * (in one transaction, {@code SELECT … FOR UPDATE}), so a worker that dies leaves them due again when the
 * lease ends. Enqueueing an id that is queued or dead already does nothing. Durable on commit
 * ({@code WRITE_DELAY 0}, {@code CHECKPOINT SYNC} as {@link H2LabelStore}). Thread-safe.
 */
public final class H2Webhooks implements WebhookStore, DeliveryQueue, AutoCloseable {
    private final JdbcConnectionPool pool;

    public H2Webhooks(String jdbcUrl) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:h2:")) throw new IllegalArgumentException("not an H2 JDBC URL: " + jdbcUrl);
        this.pool = JdbcConnectionPool.create(jdbcUrl, "sa", "");
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement()) {
            s.execute("SET WRITE_DELAY 0");
            s.execute("CREATE TABLE IF NOT EXISTS webhook_subscriptions (id VARCHAR(32) PRIMARY KEY,"
                    + " seq BIGINT AUTO_INCREMENT, doc VARCHAR(100000) NOT NULL, state VARCHAR(16) NOT NULL,"
                    + " position VARCHAR(200))");
            s.execute("CREATE TABLE IF NOT EXISTS webhook_deliveries (id VARCHAR(100) PRIMARY KEY,"
                    + " sub_id VARCHAR(32) NOT NULL, type VARCHAR(64) NOT NULL, body VARCHAR(100000) NOT NULL,"
                    + " attempts INT NOT NULL, enqueued_at TIMESTAMP(9) WITH TIME ZONE NOT NULL,"
                    + " due_at TIMESTAMP(9) WITH TIME ZONE NOT NULL, last_error VARCHAR(500), dead BOOLEAN NOT NULL)");
            s.execute("CREATE INDEX IF NOT EXISTS webhook_due ON webhook_deliveries (dead, due_at)");
        } catch (SQLException e) {
            pool.dispose();
            throw new IllegalStateException("cannot open the webhook tables in " + jdbcUrl, e);
        }
    }

    // ---------------------------------------------------------------- subscriptions

    @Override
    public void create(Subscription s) {
        try (Connection c = pool.getConnection();
                PreparedStatement p = c.prepareStatement(
                        "INSERT INTO webhook_subscriptions (id, doc, state, position) VALUES (?, ?, ?, ?)")) {
            p.setString(1, s.id());
            p.setString(2, SubscriptionJson.doc(s));
            p.setString(3, s.state().code());
            p.setString(4, s.position());
            p.executeUpdate();
            H2LabelStore.Durability.afterCommit(H2LabelStore.Durability.SYNCED, c);
        } catch (SQLException e) {
            if (e.getErrorCode() == H2Conflicts.DUPLICATE_KEY)
                throw new IllegalStateException("subscription " + s.id() + " exists already", e);
            throw failure("store a subscription", e);
        }
    }

    @Override
    public Optional<Subscription> subscription(String id) {
        try (Connection c = pool.getConnection();
                PreparedStatement p =
                        c.prepareStatement("SELECT doc, state, position FROM webhook_subscriptions WHERE id = ?")) {
            p.setString(1, id);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next()
                        ? Optional.of(SubscriptionJson.parse(rs.getString(1), rs.getString(2), rs.getString(3)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("read a subscription", e);
        }
    }

    @Override
    public List<Subscription> subscriptions() {
        List<Subscription> out = new ArrayList<>();
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT doc, state, position FROM webhook_subscriptions ORDER BY seq")) {
            while (rs.next()) out.add(SubscriptionJson.parse(rs.getString(1), rs.getString(2), rs.getString(3)));
        } catch (SQLException e) {
            throw failure("list the subscriptions", e);
        }
        return out;
    }

    @Override
    public boolean replace(Subscription expected, Subscription updated) {
        if (!expected.id().equals(updated.id())) throw new IllegalArgumentException("a subscription keeps its id");
        try (Connection c = pool.getConnection();
                PreparedStatement p =
                        c.prepareStatement("UPDATE webhook_subscriptions SET doc = ?, state = ?, position = ?"
                                + " WHERE id = ? AND state = ? AND position IS NOT DISTINCT FROM ?")) {
            p.setString(1, SubscriptionJson.doc(updated));
            p.setString(2, updated.state().code());
            p.setString(3, updated.position());
            p.setString(4, expected.id());
            p.setString(5, expected.state().code());
            p.setString(6, expected.position());
            boolean done = p.executeUpdate() == 1;
            H2LabelStore.Durability.afterCommit(H2LabelStore.Durability.SYNCED, c);
            return done;
        } catch (SQLException e) {
            throw failure("update a subscription", e);
        }
    }

    // ---------------------------------------------------------------- the queue

    @Override
    public void enqueue(Delivery d) {
        try (Connection c = pool.getConnection();
                PreparedStatement p = c.prepareStatement("MERGE INTO webhook_deliveries t USING (VALUES (?)) s(id)"
                        + " ON t.id = s.id WHEN NOT MATCHED THEN INSERT (id, sub_id, type, body, attempts, enqueued_at,"
                        + " due_at, last_error, dead) VALUES (?, ?, ?, ?, ?, ?, ?, ?, FALSE)")) {
            p.setString(1, d.id());
            p.setString(2, d.id());
            p.setString(3, d.subscriptionId());
            p.setString(4, d.type());
            p.setString(5, d.body());
            p.setInt(6, d.attempts());
            p.setObject(7, d.enqueuedAt().atOffset(java.time.ZoneOffset.UTC));
            p.setObject(8, d.dueAt().atOffset(java.time.ZoneOffset.UTC));
            p.setString(9, d.lastError());
            p.executeUpdate();
            H2LabelStore.Durability.afterCommit(H2LabelStore.Durability.SYNCED, c);
        } catch (SQLException e) {
            throw failure("queue a delivery", e);
        }
    }

    @Override
    public List<Delivery> claim(int max, Instant now, Duration lease) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = pool.getConnection()) {
                c.setAutoCommit(false);
                try {
                    List<Delivery> out = new ArrayList<>();
                    try (PreparedStatement p = c.prepareStatement(
                            "SELECT " + COLUMNS + " FROM webhook_deliveries WHERE dead = FALSE AND due_at <= ?"
                                    + " ORDER BY due_at, id LIMIT ? FOR UPDATE")) {
                        p.setObject(1, now.atOffset(java.time.ZoneOffset.UTC));
                        p.setInt(2, max);
                        try (ResultSet rs = p.executeQuery()) {
                            while (rs.next()) out.add(row(rs));
                        }
                    }
                    try (PreparedStatement u =
                            c.prepareStatement("UPDATE webhook_deliveries SET due_at = ? WHERE id = ?")) {
                        for (Delivery d : out) {
                            u.setObject(1, now.plus(lease).atOffset(java.time.ZoneOffset.UTC));
                            u.setString(2, d.id());
                            u.addBatch();
                        }
                        if (!out.isEmpty()) u.executeBatch();
                    }
                    c.commit();
                    H2LabelStore.Durability.afterCommit(H2LabelStore.Durability.SYNCED, c);
                    return out.stream().map(d -> d.withHandle(d.id())).toList();
                } catch (SQLException e) {
                    c.rollback();
                    if (!H2Conflicts.isTransient(e) || attempt >= H2Conflicts.MAX_ATTEMPTS) throw e;
                }
            } catch (SQLException e) {
                throw failure("claim deliveries", e);
            }
            H2Conflicts.backoff(attempt);
        }
    }

    private static final String COLUMNS = "id, sub_id, type, body, attempts, enqueued_at, due_at, last_error";

    private static Delivery row(ResultSet rs) throws SQLException {
        return new Delivery(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getInt(5),
                rs.getObject(6, java.time.OffsetDateTime.class).toInstant(),
                rs.getObject(7, java.time.OffsetDateTime.class).toInstant(),
                rs.getString(8),
                null);
    }

    @Override
    public void done(Delivery claimed) {
        update("DELETE FROM webhook_deliveries WHERE id = ? AND dead = FALSE", claimed.id());
    }

    @Override
    public void retry(Delivery failed, Instant now) {
        try (Connection c = pool.getConnection();
                PreparedStatement p = c.prepareStatement(
                        "UPDATE webhook_deliveries SET attempts = ?, due_at = ?, last_error = ? WHERE id = ? AND dead = FALSE")) {
            p.setInt(1, failed.attempts());
            p.setObject(2, failed.dueAt().atOffset(java.time.ZoneOffset.UTC));
            p.setString(3, failed.lastError());
            p.setString(4, failed.id());
            p.executeUpdate();
            H2LabelStore.Durability.afterCommit(H2LabelStore.Durability.SYNCED, c);
        } catch (SQLException e) {
            throw failure("reschedule a delivery", e);
        }
    }

    @Override
    public void deadLetter(Delivery failed) {
        try (Connection c = pool.getConnection();
                PreparedStatement p = c.prepareStatement(
                        "UPDATE webhook_deliveries SET attempts = ?, last_error = ?, dead = TRUE WHERE id = ?")) {
            p.setInt(1, failed.attempts());
            p.setString(2, failed.lastError());
            p.setString(3, failed.id());
            p.executeUpdate();
            H2LabelStore.Durability.afterCommit(H2LabelStore.Durability.SYNCED, c);
        } catch (SQLException e) {
            throw failure("dead-letter a delivery", e);
        }
    }

    @Override
    public List<Delivery> deadLetters(int limit) {
        List<Delivery> out = new ArrayList<>();
        try (Connection c = pool.getConnection();
                PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS
                        + " FROM webhook_deliveries WHERE dead = TRUE ORDER BY enqueued_at, id LIMIT ?")) {
            p.setInt(1, limit);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) out.add(row(rs));
            }
        } catch (SQLException e) {
            throw failure("list the dead letters", e);
        }
        return out;
    }

    @Override
    public boolean replay(String id, Instant now) {
        try (Connection c = pool.getConnection();
                PreparedStatement p = c.prepareStatement("UPDATE webhook_deliveries SET dead = FALSE, attempts = 0,"
                        + " enqueued_at = ?, due_at = ? WHERE id = ? AND dead = TRUE")) {
            p.setObject(1, now.atOffset(java.time.ZoneOffset.UTC));
            p.setObject(2, now.atOffset(java.time.ZoneOffset.UTC));
            p.setString(3, id);
            boolean done = p.executeUpdate() == 1;
            H2LabelStore.Durability.afterCommit(H2LabelStore.Durability.SYNCED, c);
            return done;
        } catch (SQLException e) {
            throw failure("replay a dead letter", e);
        }
    }

    private void update(String sql, String id) {
        try (Connection c = pool.getConnection();
                PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, id);
            p.executeUpdate();
            H2LabelStore.Durability.afterCommit(H2LabelStore.Durability.SYNCED, c);
        } catch (SQLException e) {
            throw failure("update a delivery", e);
        }
    }

    private static IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException("cannot " + what + " (H2 error " + e.getErrorCode() + ")", e);
    }

    @Override
    public void close() {
        pool.dispose();
    }
}
