package jp.jcstar.embedded;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import jp.jcstar.label.LabelClaims;
import jp.jcstar.label.LabelCodec;
import jp.jcstar.label.RejectedInputException;
import jp.jcstar.label.Text;
import jp.jcstar.log.LogEntries;
import jp.jcstar.status.LabelState;
import jp.jcstar.status.RevocationReason;
import jp.jcstar.status.StatusChange;
import jp.jcstar.store.ChangeEntry;
import jp.jcstar.store.IdCursor;
import jp.jcstar.store.LabelQuery;
import jp.jcstar.store.LabelRecord;
import jp.jcstar.store.LabelStore;
import jp.jcstar.store.LogStore;
import jp.jcstar.store.Page;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * {@link LabelStore} on an embedded H2 database, for the laptop run: a real database file with
 * transactions and unique constraints (application id, status slot), not a map in memory. Plain SQL
 * over four tables ({@code labels}, {@code label_keys} — the narrow copy of the search keys, kept in the
 * same transactions —, {@code label_models}, {@code status_changes}); the schema is created on first use,
 * and {@code label_keys} filled from {@code labels} when an older database lacks it. Searches filter on an
 * in-memory copy of the keys ({@link SearchKeyIndex}) and then read the page's rows. Search keys are
 * normalised in Java with {@link Text#searchKey}, the same function {@link LabelQuery#matches} uses, so
 * both adapters agree on what matches. Pages are in label id order with {@link IdCursor} cursors.
 *
 * <p>Durable on commit ({@link Durability#SYNCED} unless told otherwise): {@link #insert} and
 * {@link #updateStatus} return only once their transaction is in the file and the file is forced to
 * the device, so what a caller acknowledges survives the process dying and a power loss (docs/storage.md).
 *
 * <p>Thread-safe: every call borrows its own connection from an internal pool. Call {@link #close()}
 * to release the database file.
 */
public final class H2LabelStore implements LabelStore, LogStore, AutoCloseable {

    /** When a committed transaction is safe. */
    public enum Durability {
        /**
         * H2's default: a commit is written by a background thread within a second. Lost if the process
         * dies. Only for measuring what the other two cost.
         */
        BUFFERED,
        /** Written to the file before the commit returns ({@code WRITE_DELAY 0}): survives the process dying, not a power loss. */
        WRITTEN,
        /** Written and forced to the device ({@code CHECKPOINT SYNC}, an fsync) before the commit returns: survives a power loss. */
        SYNCED;

        /** Sets the database-wide write delay for this mode (the setting is kept in the database file). */
        static void apply(Durability d, Statement s) throws SQLException {
            s.execute(d == BUFFERED ? "SET WRITE_DELAY 500" : "SET WRITE_DELAY 0");
        }

        /**
         * After a commit: force it to the device when this mode asks for it. A failure here is not a
         * conflict to retry (the transaction is committed): it is thrown as our own failure, so the caller
         * answers 5xx instead of acknowledging.
         */
        static void afterCommit(Durability d, Connection c) {
            if (d != SYNCED) return;
            try (Statement s = c.createStatement()) {
                s.execute("CHECKPOINT SYNC");
            } catch (SQLException e) {
                throw new IllegalStateException(
                        "label database: committed, but cannot force it to disk (H2 error " + e.getErrorCode() + ")",
                        e);
            }
        }
    }

    private static final String[] SCHEMA = {
        """
            CREATE TABLE IF NOT EXISTS labels (
              id VARCHAR(32) PRIMARY KEY,
              application_id VARCHAR(1000) NOT NULL,
              status_list INT NOT NULL,
              status_index INT NOT NULL,
              claims_json VARCHAR(100000) NOT NULL,
              jws VARCHAR(100000) NOT NULL,
              label_state VARCHAR(20) NOT NULL,
              reason VARCHAR(40),
              state_effective_at VARCHAR(40),
              updated_at VARCHAR(40) NOT NULL,
              row_version BIGINT NOT NULL,
              declaration_json CHARACTER LARGE OBJECT,
              vendor_key VARCHAR(1000) NOT NULL,
              product_key VARCHAR(1000) NOT NULL,
              category VARCHAR(40) NOT NULL,
              star_level INT NOT NULL,
              CONSTRAINT labels_application_uq UNIQUE (application_id),
              CONSTRAINT labels_status_slot_uq UNIQUE (status_list, status_index)
            )""",
        "CREATE INDEX IF NOT EXISTS labels_by_category ON labels (category, id)",
        "CREATE INDEX IF NOT EXISTS labels_by_level ON labels (star_level, id)",
        "CREATE INDEX IF NOT EXISTS labels_by_state ON labels (label_state, id)",
        "CREATE INDEX IF NOT EXISTS labels_by_list_state ON labels (status_list, label_state, status_index)",
        """
            CREATE TABLE IF NOT EXISTS label_models (
              label_id VARCHAR(32) NOT NULL REFERENCES labels (id),
              model_key VARCHAR(400) NOT NULL,
              PRIMARY KEY (label_id, model_key)
            )""",
        "CREATE INDEX IF NOT EXISTS label_models_by_key ON label_models (model_key, label_id)",
        """
            CREATE TABLE IF NOT EXISTS label_skeletons (
              label_id VARCHAR(32) NOT NULL REFERENCES labels (id),
              skeleton VARCHAR(2000) NOT NULL,
              PRIMARY KEY (label_id, skeleton)
            )""",
        "CREATE INDEX IF NOT EXISTS label_skeletons_by_skeleton ON label_skeletons (skeleton, label_id)",
        """
            CREATE TABLE IF NOT EXISTS label_keys (
              id VARCHAR(32) PRIMARY KEY REFERENCES labels (id),
              vendor_key VARCHAR(1000) NOT NULL,
              product_key VARCHAR(1000) NOT NULL,
              category VARCHAR(40) NOT NULL,
              star_level INT NOT NULL,
              label_state VARCHAR(20) NOT NULL
            )""",
        "CREATE INDEX IF NOT EXISTS label_keys_by_category ON label_keys (category, star_level, id)",
        "CREATE INDEX IF NOT EXISTS label_keys_by_level ON label_keys (star_level, id)",
        "CREATE INDEX IF NOT EXISTS label_keys_by_state ON label_keys (label_state, id)",
        """
            CREATE TABLE IF NOT EXISTS status_changes (
              label_id VARCHAR(32) NOT NULL REFERENCES labels (id),
              row_version BIGINT NOT NULL,
              from_state VARCHAR(20) NOT NULL,
              to_state VARCHAR(20) NOT NULL,
              reason VARCHAR(40),
              effective_at VARCHAR(40) NOT NULL,
              recorded_at VARCHAR(40) NOT NULL,
              actor VARCHAR(1000) NOT NULL,
              note VARCHAR(10000),
              PRIMARY KEY (label_id, row_version)
            )""",
        // the transparency log (LogStore): each change's transaction adds its entry, unnumbered, to log_pending
        // (an identity key: writers never share a row); the sequencer alone numbers them into log_entries
        // and moves log_head, in batches
        """
            CREATE TABLE IF NOT EXISTS log_pending (
              pid BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
              label_id VARCHAR(32) NOT NULL,
              entry VARBINARY(1000) NOT NULL
            )""",
        "CREATE TABLE IF NOT EXISTS log_head (id INT PRIMARY KEY, log_size BIGINT NOT NULL)",
        "INSERT INTO log_head (id, log_size) SELECT 0, 0 WHERE NOT EXISTS (SELECT 1 FROM log_head)",
        """
            CREATE TABLE IF NOT EXISTS log_entries (
              seq BIGINT PRIMARY KEY,
              label_id VARCHAR(32) NOT NULL,
              entry VARBINARY(1000) NOT NULL
            )""",
        "CREATE INDEX IF NOT EXISTS log_entries_by_label ON log_entries (label_id, seq)"
    };
    private static final String COLUMNS =
            "id, application_id, claims_json, jws, label_state, reason, state_effective_at, "
                    + "updated_at, row_version, declaration_json";

    private final JdbcConnectionPool pool;
    private final SearchKeyIndex index;
    private final Durability durability;
    /** Syncs of committed changes ({@link #afterCommit}): the number of the last one started, and the highest finished. */
    private final AtomicLong syncsStarted = new AtomicLong(), syncedUpTo = new AtomicLong();

    /**
     * Opens (creating if needed) the database at {@code jdbcUrl}, e.g. {@code jdbc:h2:file:/home/me/.jcstar/registry},
     * durable on commit ({@link Durability#SYNCED}).
     */
    public H2LabelStore(String jdbcUrl) {
        this(jdbcUrl, Durability.SYNCED);
    }

    /** As {@link #H2LabelStore(String)} with the given durability (the other modes exist for the benchmark). */
    public H2LabelStore(String jdbcUrl, Durability durability) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        this.durability = Objects.requireNonNull(durability, "durability");
        if (!jdbcUrl.startsWith("jdbc:h2:")) throw new IllegalArgumentException("not an H2 JDBC URL: " + jdbcUrl);
        this.pool = JdbcConnectionPool.create(jdbcUrl, "sa", "");
        pool.setMaxConnections(32);
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement()) {
            Durability.apply(durability, s);
            for (String ddl : SCHEMA) s.execute(ddl);
            backfillKeys(s);
            List<LabelRecord> rekeyed = migrateKeys(c);
            backfillSkeletons(c);
            openChangeFeed(c);
            index = SearchKeyIndex.forDatabase(jdbcUrl, c);
            rekeyed.forEach(index::put);
        } catch (SQLException e) {
            pool.dispose();
            throw new IllegalStateException("cannot open the label database", e);
        }
    }

    /** A database made before {@code label_keys} existed: fill it once from {@code labels}. */
    private static void backfillKeys(Statement s) throws SQLException {
        long labels;
        long keys;
        try (ResultSet rs = s.executeQuery("SELECT (SELECT COUNT(*) FROM labels), (SELECT COUNT(*) FROM label_keys)")) {
            rs.next();
            labels = rs.getLong(1);
            keys = rs.getLong(2);
        }
        if (labels == keys) return;
        s.executeUpdate("""
                INSERT INTO label_keys (id, vendor_key, product_key, category, star_level, label_state)
                SELECT l.id, l.vendor_key, l.product_key, l.category, l.star_level, l.label_state FROM labels l
                WHERE NOT EXISTS (SELECT 1 FROM label_keys k WHERE k.id = l.id)""");
    }

    @Override
    public void close() {
        pool.dispose();
    }

    // ---------------------------------------------------------------- search-key migration

    /** Done on open; after that the stored keys are current, so this finds nothing to do. */
    @Override
    public int migrateSearchKeys() {
        try (Connection c = pool.getConnection()) {
            List<LabelRecord> rekeyed = migrateKeys(c);
            rekeyed.forEach(index::put);
            return rekeyed.size();
        } catch (SQLException e) {
            throw failure("migrate search keys", e);
        }
    }

    /**
     * A database whose search keys were made by an older {@link Text#searchKey} (its {@code store_meta}
     * version is older, or absent while labels exist): recompute every label's keys from its claims, in
     * one transaction with the new version. Returns the rewritten labels.
     */
    private static List<LabelRecord> migrateKeys(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS store_meta (name VARCHAR(64) PRIMARY KEY, num INT NOT NULL)");
            Integer stored = null;
            try (ResultSet rs = s.executeQuery("SELECT num FROM store_meta WHERE name = 'search_key_version'")) {
                if (rs.next()) stored = rs.getInt(1);
            }
            if (stored != null && stored >= Text.SEARCH_KEY_VERSION) return List.of();
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            List<LabelRecord> all = new ArrayList<>();
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT " + COLUMNS + " FROM labels ORDER BY id")) {
                while (rs.next()) all.add(toRecord(rs));
            }
            try (PreparedStatement labels =
                            c.prepareStatement("UPDATE labels SET vendor_key = ?, product_key = ? WHERE id = ?");
                    PreparedStatement keys =
                            c.prepareStatement("UPDATE label_keys SET vendor_key = ?, product_key = ? WHERE id = ?");
                    PreparedStatement drop = c.prepareStatement("DELETE FROM label_models WHERE label_id = ?");
                    PreparedStatement add =
                            c.prepareStatement("INSERT INTO label_models (label_id, model_key) VALUES (?, ?)")) {
                for (LabelRecord r : all) {
                    for (PreparedStatement p : List.of(labels, keys)) {
                        p.setString(1, Text.searchKey(r.claims().vendor()));
                        p.setString(2, Text.searchKey(r.claims().product()));
                        p.setString(3, r.id());
                        p.addBatch();
                    }
                    drop.setString(1, r.id());
                    drop.addBatch();
                    for (String key : new LinkedHashSet<>(
                            r.claims().models().stream().map(Text::searchKey).toList())) {
                        add.setString(1, r.id());
                        add.setString(2, key);
                        add.addBatch();
                    }
                }
                labels.executeBatch();
                keys.executeBatch();
                drop.executeBatch();
                add.executeBatch();
            }
            try (PreparedStatement p = c.prepareStatement(
                    "MERGE INTO store_meta (name, num) KEY (name) VALUES ('search_key_version', ?)")) {
                p.setInt(1, Text.SEARCH_KEY_VERSION);
                p.executeUpdate();
            }
            c.commit();
            return all;
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /**
     * A database made before {@code label_skeletons} existed: store the confusable skeletons of every
     * label's models once, in one transaction with the {@code store_meta} mark; afterwards one read.
     */
    private static void backfillSkeletons(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT num FROM store_meta WHERE name = 'model_skeletons'")) {
            if (rs.next()) return;
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT " + COLUMNS
                            + " FROM labels WHERE id NOT IN (SELECT label_id FROM label_skeletons) ORDER BY id");
                    PreparedStatement add =
                            c.prepareStatement("INSERT INTO label_skeletons (label_id, skeleton) VALUES (?, ?)")) {
                while (rs.next()) {
                    LabelRecord r = toRecord(rs);
                    for (String sk : skeletons(r.claims())) {
                        add.setString(1, r.id());
                        add.setString(2, sk);
                        add.addBatch();
                    }
                }
                add.executeBatch();
            }
            try (Statement s = c.createStatement()) {
                s.execute("MERGE INTO store_meta (name, num) KEY (name) VALUES ('model_skeletons', 1)");
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    // ---------------------------------------------------------------- insert

    @Override
    public InsertResult insert(LabelRecord r) {
        Objects.requireNonNull(r, "record");
        for (int attempt = 1; ; attempt++) {
            try (Connection c = pool.getConnection()) {
                c.setAutoCommit(false);
                try {
                    insertRows(c, r);
                    appendLog(c, r.id(), LogEntries.issuance(r));
                    c.commit();
                    index.put(r);
                    afterCommit(c);
                    return new InsertResult.Inserted();
                } catch (SQLException e) {
                    c.rollback();
                    if (e.getErrorCode() != H2Conflicts.DUPLICATE_KEY && !H2Conflicts.isTransient(e)) throw e;
                    if (attempt >= H2Conflicts.MAX_ATTEMPTS) throw e;
                }
            } catch (SQLException e) {
                throw failure("insert " + r.id(), e);
            }
            // Something is taken (or was locked). Tell which, application first: issuance is idempotent on it.
            Optional<LabelRecord> existing = findByApplication(r.applicationId());
            if (existing.isPresent()) return new InsertResult.DuplicateApplication(existing.get());
            if (slotTaken(r))
                return new InsertResult.Collision("status slot "
                        + r.claims().status().list() + "/" + r.claims().status().index());
            if (get(r.id()).isPresent()) return new InsertResult.Collision("label id " + r.id());
            H2Conflicts.backoff(attempt); // the competing transaction rolled back: try again
        }
    }

    private static void insertRows(Connection c, LabelRecord r) throws SQLException {
        LabelClaims claims = r.claims();
        try (PreparedStatement p = c.prepareStatement("""
                INSERT INTO labels (id, application_id, status_list, status_index, claims_json, jws, label_state, reason,
                  state_effective_at, updated_at, row_version, declaration_json, vendor_key, product_key, category, star_level)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            p.setString(1, r.id());
            p.setString(2, r.applicationId());
            p.setInt(3, claims.status().list());
            p.setInt(4, claims.status().index());
            p.setString(5, new String(LabelCodec.encode(claims), StandardCharsets.UTF_8));
            p.setString(6, r.jws());
            p.setString(7, r.state().code());
            p.setString(8, r.reason() == null ? null : r.reason().code());
            p.setString(
                    9,
                    r.stateEffectiveAt() == null ? null : r.stateEffectiveAt().toString());
            p.setString(10, r.updatedAt().toString());
            p.setLong(11, r.version());
            if (r.declarationJson() == null) p.setNull(12, Types.CLOB);
            else p.setString(12, r.declarationJson());
            p.setString(13, Text.searchKey(claims.vendor()));
            p.setString(14, Text.searchKey(claims.product()));
            p.setString(15, claims.category());
            p.setInt(16, claims.level());
            p.executeUpdate();
        }
        try (PreparedStatement p = c.prepareStatement("""
                INSERT INTO label_keys (id, vendor_key, product_key, category, star_level, label_state) VALUES (?, ?, ?, ?, ?, ?)""")) {
            p.setString(1, r.id());
            p.setString(2, Text.searchKey(claims.vendor()));
            p.setString(3, Text.searchKey(claims.product()));
            p.setString(4, claims.category());
            p.setInt(5, claims.level());
            p.setString(6, r.state().code());
            p.executeUpdate();
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO label_models (label_id, model_key) VALUES (?, ?)")) {
            // distinct keys: two designations that normalise alike (ABC-1, ＡＢＣ－１) are one search key
            for (String key : new LinkedHashSet<>(
                    claims.models().stream().map(Text::searchKey).toList())) {
                p.setString(1, r.id());
                p.setString(2, key);
                p.addBatch();
            }
            p.executeBatch();
        }
        try (PreparedStatement p =
                c.prepareStatement("INSERT INTO label_skeletons (label_id, skeleton) VALUES (?, ?)")) {
            for (String sk : skeletons(claims)) {
                p.setString(1, r.id());
                p.setString(2, sk);
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    private static java.util.Set<String> skeletons(jp.jcstar.label.LabelClaims claims) {
        java.util.Set<String> out = new LinkedHashSet<>();
        claims.models().forEach(m -> out.addAll(jp.jcstar.label.Confusables.skeletons(m)));
        return out;
    }

    @Override
    public List<String> labelIdsWithModelSkeleton(String skeleton) {
        try (Connection c = pool.getConnection();
                PreparedStatement p = c.prepareStatement(
                        "SELECT label_id FROM label_skeletons WHERE skeleton = ? ORDER BY label_id")) {
            p.setString(1, skeleton);
            List<String> ids = new java.util.ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) ids.add(rs.getString(1));
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException("model skeleton lookup failed", e);
        }
    }

    private boolean slotTaken(LabelRecord r) {
        return exists(
                "SELECT 1 FROM labels WHERE status_list = ? AND status_index = ?",
                r.claims().status().list(),
                r.claims().status().index());
    }

    // ---------------------------------------------------------------- reads

    @Override
    public Optional<LabelRecord> get(String labelId) {
        if (labelId == null) return Optional.empty();
        return one("SELECT " + COLUMNS + " FROM labels WHERE id = ?", labelId);
    }

    @Override
    public Optional<LabelRecord> findByApplication(String applicationId) {
        if (applicationId == null) return Optional.empty();
        return one("SELECT " + COLUMNS + " FROM labels WHERE application_id = ?", applicationId);
    }

    @Override
    public Page<LabelRecord> search(LabelQuery q, String cursor, int limit) {
        Objects.requireNonNull(q, "query");
        if (limit < 1 || limit > 1000) throw new IllegalArgumentException("limit must be 1..1000");
        String after = IdCursor.decode(cursor);
        // Filter and page on the in-memory search keys, then read the page's full rows by primary key.
        // One more than asked tells whether a next page exists, so the last page never has a cursor.
        List<String> ids = index.find(q, after, limit + 1);
        if (ids.isEmpty()) return new Page<>(List.of(), null);
        String in = String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
        List<LabelRecord> found =
                query("SELECT " + COLUMNS + " FROM labels WHERE id IN (" + in + ") ORDER BY id", ids.toArray());
        if (found.size() <= limit) return new Page<>(found, null);
        List<LabelRecord> page = found.subList(0, limit);
        return new Page<>(page, IdCursor.encode(page.getLast().id()));
    }

    @Override
    public List<StatusChange> history(String labelId) {
        List<StatusChange> out = new ArrayList<>();
        if (labelId == null) return out;
        try (Connection c = pool.getConnection();
                PreparedStatement p = c.prepareStatement("""
                SELECT from_state, to_state, reason, effective_at, recorded_at, actor, note
                FROM status_changes WHERE label_id = ? ORDER BY row_version""")) {
            p.setString(1, labelId);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new StatusChange(
                            labelId,
                            LabelState.fromCode(rs.getString(1)),
                            LabelState.fromCode(rs.getString(2)),
                            rs.getString(3) == null ? null : RevocationReason.fromCode(rs.getString(3)),
                            Instant.parse(rs.getString(4)),
                            Instant.parse(rs.getString(5)),
                            rs.getString(6),
                            rs.getString(7)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("read history of " + labelId, e);
        }
    }

    // ---------------------------------------------------------------- change feed

    /**
     * The change feed's order: {@code status_change_feed} numbers every status change. The number is taken
     * from the {@code change_feed_counter} row, locked until the change commits, so numbers are handed out
     * in commit order and a reader never sees number n+1 before n (no gap behind a cursor). Status changes
     * are thereby serialised in the embedded store, which a laptop registry can afford.
     */
    private static final String[] CHANGE_FEED_SCHEMA = {
        """
            CREATE TABLE IF NOT EXISTS status_change_feed (
              seq BIGINT PRIMARY KEY,
              label_id VARCHAR(32) NOT NULL,
              row_version BIGINT NOT NULL,
              CONSTRAINT status_change_feed_change_uq UNIQUE (label_id, row_version)
            )""", "CREATE TABLE IF NOT EXISTS change_feed_counter (name VARCHAR(16) PRIMARY KEY, seq BIGINT NOT NULL)"
    };

    /** Creates the feed tables; a database made before them gets its existing changes numbered once, oldest first. */
    private static void openChangeFeed(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String ddl : CHANGE_FEED_SCHEMA) s.execute(ddl);
            try (ResultSet rs = s.executeQuery("SELECT seq FROM change_feed_counter WHERE name = 'changes'")) {
                if (rs.next()) return;
            }
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.executeUpdate("""
                    INSERT INTO status_change_feed (seq, label_id, row_version)
                    SELECT ROW_NUMBER() OVER (ORDER BY recorded_at, label_id, row_version), label_id, row_version FROM status_changes""");
            s.executeUpdate(
                    "INSERT INTO change_feed_counter (name, seq) SELECT 'changes', COALESCE(MAX(seq), 0) FROM status_change_feed");
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** Inside the status change's transaction: the next feed number, its counter row locked until commit. */
    private static void appendToChangeFeed(Connection c, String labelId, long version) throws SQLException {
        long seq;
        try (PreparedStatement p =
                        c.prepareStatement("SELECT seq FROM change_feed_counter WHERE name = 'changes' FOR UPDATE");
                ResultSet rs = p.executeQuery()) {
            if (!rs.next()) throw new SQLException("change feed counter missing");
            seq = rs.getLong(1) + 1;
        }
        try (PreparedStatement p =
                c.prepareStatement("UPDATE change_feed_counter SET seq = ? WHERE name = 'changes'")) {
            p.setLong(1, seq);
            p.executeUpdate();
        }
        try (PreparedStatement p =
                c.prepareStatement("INSERT INTO status_change_feed (seq, label_id, row_version) VALUES (?, ?, ?)")) {
            p.setLong(1, seq);
            p.setString(2, labelId);
            p.setLong(3, version);
            p.executeUpdate();
        }
    }

    private static final java.util.regex.Pattern FEED_POSITION = java.util.regex.Pattern.compile("h[0-9]{19}");

    @Override
    public Page<ChangeEntry> changes(String after, int limit) {
        if (limit < 1 || limit > 1000) throw new IllegalArgumentException("limit must be 1..1000");
        long from = 0;
        if (after != null) {
            if (!FEED_POSITION.matcher(after).matches())
                throw new RejectedInputException.BadRequest("bad-cursor", "bad change feed position");
            from = Long.parseLong(after.substring(1));
        }
        List<ChangeEntry> out = readFeed("f.seq > ? ORDER BY f.seq LIMIT ?", from, limit + 1);
        if (out.size() <= limit) return new Page<>(out, null);
        List<ChangeEntry> page = out.subList(0, limit);
        return new Page<>(page, page.getLast().position());
    }

    @Override
    public List<ChangeEntry> latestChanges(int limit) {
        if (limit < 1 || limit > 1000) throw new IllegalArgumentException("limit must be 1..1000");
        return readFeed("f.seq > ? ORDER BY f.seq DESC LIMIT ?", 0L, limit);
    }

    private List<ChangeEntry> readFeed(String where, long from, int limit) {
        try (Connection c = pool.getConnection();
                PreparedStatement p = c.prepareStatement("""
                SELECT f.seq, f.label_id, c.from_state, c.to_state, c.reason, c.effective_at, c.recorded_at, c.actor, c.note,
                  l.claims_json
                FROM status_change_feed f JOIN status_changes c ON c.label_id = f.label_id AND c.row_version = f.row_version
                JOIN labels l ON l.id = f.label_id
                WHERE """ + " " + where)) {
            p.setLong(1, from);
            p.setInt(2, limit);
            List<ChangeEntry> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    LabelClaims claims;
                    try {
                        claims = LabelCodec.decode(rs.getString(10).getBytes(StandardCharsets.UTF_8));
                    } catch (LabelCodec.ClaimsException e) {
                        throw new IllegalStateException(
                                "stored claims of " + rs.getString(2) + " are unreadable: " + e.getMessage(), e);
                    }
                    out.add(new ChangeEntry(
                            String.format(java.util.Locale.ROOT, "h%019d", rs.getLong(1)),
                            new StatusChange(
                                    rs.getString(2),
                                    LabelState.fromCode(rs.getString(3)),
                                    LabelState.fromCode(rs.getString(4)),
                                    rs.getString(5) == null ? null : RevocationReason.fromCode(rs.getString(5)),
                                    Instant.parse(rs.getString(6)),
                                    Instant.parse(rs.getString(7)),
                                    rs.getString(8),
                                    rs.getString(9)),
                            claims.vendor(),
                            claims.models()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("read the change feed", e);
        }
    }

    // ---------------------------------------------------------------- status

    @Override
    public Map<Integer, LabelState> listEntries(int list) {
        Map<Integer, LabelState> out = new HashMap<>();
        try (Connection c = pool.getConnection();
                PreparedStatement p = c.prepareStatement(
                        "SELECT status_index, label_state FROM labels WHERE status_list = ? AND label_state <> ?")) {
            p.setInt(1, list);
            p.setString(2, LabelState.VALID.code());
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) out.put(rs.getInt(1), LabelState.fromCode(rs.getString(2)));
            }
        } catch (SQLException e) {
            throw failure("read status list " + list, e);
        }
        return out;
    }

    @Override
    public void updateStatus(LabelRecord updated, StatusChange change) {
        Objects.requireNonNull(updated, "updated");
        Objects.requireNonNull(change, "change");
        if (!change.labelId().equals(updated.id())) throw new IllegalArgumentException("change is for another label");
        for (int attempt = 1; ; attempt++) {
            try (Connection c = pool.getConnection()) {
                c.setAutoCommit(false);
                try {
                    int n;
                    try (PreparedStatement p = c.prepareStatement("""
                            UPDATE labels SET label_state = ?, reason = ?, state_effective_at = ?, updated_at = ?, row_version = ?
                            WHERE id = ? AND row_version = ?""")) {
                        p.setString(1, updated.state().code());
                        p.setString(
                                2,
                                updated.reason() == null
                                        ? null
                                        : updated.reason().code());
                        p.setString(
                                3,
                                updated.stateEffectiveAt() == null
                                        ? null
                                        : updated.stateEffectiveAt().toString());
                        p.setString(4, updated.updatedAt().toString());
                        p.setLong(5, updated.version());
                        p.setString(6, updated.id());
                        p.setLong(7, updated.version() - 1);
                        n = p.executeUpdate();
                    }
                    if (n != 1) {
                        c.rollback();
                        throw new ConcurrentUpdateException(updated.id());
                    }
                    try (PreparedStatement p =
                            c.prepareStatement("UPDATE label_keys SET label_state = ? WHERE id = ?")) {
                        p.setString(1, updated.state().code());
                        p.setString(2, updated.id());
                        p.executeUpdate();
                    }
                    try (PreparedStatement p = c.prepareStatement("""
                            INSERT INTO status_changes (label_id, row_version, from_state, to_state, reason, effective_at,
                              recorded_at, actor, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                        p.setString(1, updated.id());
                        p.setLong(2, updated.version());
                        p.setString(3, change.from().code());
                        p.setString(4, change.to().code());
                        p.setString(
                                5,
                                change.reason() == null ? null : change.reason().code());
                        p.setString(6, change.effectiveAt().toString());
                        p.setString(7, change.recordedAt().toString());
                        p.setString(8, change.actor());
                        p.setString(9, change.note());
                        p.executeUpdate();
                    }
                    appendLog(c, updated.id(), LogEntries.statusChange(updated, change));
                    appendToChangeFeed(c, updated.id(), updated.version());
                    c.commit();
                    index.state(updated.id(), updated.state(), updated.version());
                    afterCommit(c);
                    return;
                } catch (SQLException e) {
                    c.rollback();
                    if (e.getErrorCode() == H2Conflicts.DUPLICATE_KEY)
                        throw new ConcurrentUpdateException(updated.id());
                    if (!H2Conflicts.isTransient(e) || attempt >= H2Conflicts.MAX_ATTEMPTS) throw e;
                }
            } catch (SQLException e) {
                throw failure("update status of " + updated.id(), e);
            }
            H2Conflicts.backoff(attempt); // the row was locked by a concurrent change: retry and let the version decide
        }
    }

    /** After a change's commit: forces it to the device as the durability asks ({@link Durability#afterCommit}). */
    private void afterCommit(Connection c) {
        if (durability != Durability.SYNCED) return;
        long ticket = syncsStarted.incrementAndGet();
        Durability.afterCommit(durability, c);
        syncedUpTo.accumulateAndGet(ticket, Math::max);
    }

    /** How long the sequencer waits for a change's sync to carry its own commit to the device. */
    static final long SEQUENCER_SYNC_WAIT_NANOS = 20_000_000;

    /**
     * Makes the sequencer's committed batches durable before it returns (a published checkpoint must never
     * cover numbers a crash could give out again). A sync forces the whole file, so one that starts after
     * the sequencer's commit carries it too: while changes are being written (each forces its own commit),
     * the sequencer waits for the next of their syncs instead of adding one of its own to every run — under
     * parallel issuance it runs about as often as changes commit, so its own sync would nearly double the
     * syncs. With no change syncing within {@link #SEQUENCER_SYNC_WAIT_NANOS} it syncs itself.
     */
    private void sequencedDurable(Connection c) {
        if (durability != Durability.SYNCED) return;
        long next = syncsStarted.get() + 1; // a sync numbered from here on starts after this commit
        long deadline = System.nanoTime() + SEQUENCER_SYNC_WAIT_NANOS;
        while (syncedUpTo.get() < next) {
            if (System.nanoTime() - deadline > 0) {
                afterCommit(c);
                return;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(100_000);
        }
    }

    // ---------------------------------------------------------------- transparency log

    /**
     * Adds {@code entry}, not yet numbered, inside the caller's transaction: a row of its own (the
     * identity key), so concurrent changes never wait for each other here. It is the last statement
     * before commit, after the change's own rows: a later change of the same label can only write its
     * entry once this one committed, so a label's entries have increasing keys in the order of its changes.
     */
    private static void appendLog(Connection c, String labelId, byte[] entry) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO log_pending (label_id, entry) VALUES (?, ?)")) {
            p.setString(1, labelId);
            p.setBytes(2, entry);
            p.executeUpdate();
        }
    }

    /** Entries numbered per transaction of the sequencer. */
    static final int SEQUENCE_BATCH = 500;

    /**
     * Numbers the committed pending entries in key order: each batch, in one transaction, moves them
     * into {@code log_entries} with the next indexes and moves {@code log_head} on, conditioned on the
     * size it read (one sequencer per store: the lock here, and the condition against any other). The
     * commits are made durable (once, after the last batch) before it returns: a published checkpoint
     * never covers numbers a crash could give out again.
     */
    @Override
    public synchronized long sequenceLog() {
        for (boolean numbered = false; ; numbered = true) {
            try (Connection c = pool.getConnection()) {
                c.setAutoCommit(false);
                try {
                    long size;
                    try (Statement s = c.createStatement();
                            ResultSet rs = s.executeQuery("SELECT log_size FROM log_head WHERE id = 0")) {
                        if (!rs.next()) throw new IllegalStateException("the log head row is missing");
                        size = rs.getLong(1);
                    }
                    List<Long> pids = new ArrayList<>();
                    try (PreparedStatement read = c.prepareStatement(
                                    "SELECT pid, label_id, entry FROM log_pending ORDER BY pid LIMIT "
                                            + SEQUENCE_BATCH);
                            PreparedStatement put = c.prepareStatement(
                                    "INSERT INTO log_entries (seq, label_id, entry) VALUES (?, ?, ?)");
                            ResultSet rs = read.executeQuery()) {
                        while (rs.next()) {
                            pids.add(rs.getLong(1));
                            put.setLong(1, size + pids.size() - 1);
                            put.setString(2, rs.getString(2));
                            put.setBytes(3, rs.getBytes(3));
                            put.addBatch();
                        }
                        if (pids.isEmpty()) {
                            c.commit();
                            if (numbered) sequencedDurable(c); // once for all the batches
                            return size;
                        }
                        put.executeBatch();
                    }
                    try (PreparedStatement del = c.prepareStatement("DELETE FROM log_pending WHERE pid = ?")) {
                        for (long pid : pids) {
                            del.setLong(1, pid);
                            del.addBatch();
                        }
                        del.executeBatch();
                    }
                    try (PreparedStatement head =
                            c.prepareStatement("UPDATE log_head SET log_size = ? WHERE id = 0 AND log_size = ?")) {
                        head.setLong(1, size + pids.size());
                        head.setLong(2, size);
                        if (head.executeUpdate() != 1)
                            throw new IllegalStateException("another sequencer moved the log head");
                    }
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                throw failure("sequence the log", e);
            }
        }
    }

    @Override
    public long logSize() {
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT log_size FROM log_head WHERE id = 0")) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw failure("read the log size", e);
        }
    }

    @Override
    public List<byte[]> logEntries(long from, int limit) {
        if (from < 0 || limit < 1 || limit > 1000) throw new IllegalArgumentException("from ≥ 0, limit 1..1000");
        List<byte[]> out = new ArrayList<>();
        try (Connection c = pool.getConnection();
                PreparedStatement p = c.prepareStatement(
                        "SELECT seq, entry FROM log_entries WHERE seq >= ? AND seq < ? ORDER BY seq")) {
            p.setLong(1, from);
            p.setLong(2, from + limit);
            try (ResultSet rs = p.executeQuery()) {
                for (long expect = from; rs.next(); expect++) {
                    if (rs.getLong(1) != expect) break; // never past a gap (there is none once committed)
                    out.add(rs.getBytes(2));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("read log entries", e);
        }
    }

    @Override
    public List<Long> logIndexes(String labelId) {
        List<Long> out = new ArrayList<>();
        if (labelId == null) return out;
        try (Connection c = pool.getConnection();
                PreparedStatement p =
                        c.prepareStatement("SELECT seq FROM log_entries WHERE label_id = ? ORDER BY seq")) {
            p.setString(1, labelId);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) out.add(rs.getLong(1));
            }
            return out;
        } catch (SQLException e) {
            throw failure("read log indexes of " + labelId, e);
        }
    }

    // ---------------------------------------------------------------- plumbing

    private Optional<LabelRecord> one(String sql, Object... args) {
        List<LabelRecord> found = query(sql, args);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
    }

    private List<LabelRecord> query(String sql, Object... args) {
        try (Connection c = pool.getConnection();
                PreparedStatement p = c.prepareStatement(sql)) {
            bind(p, args);
            List<LabelRecord> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) out.add(toRecord(rs));
            }
            return out;
        } catch (SQLException e) {
            throw failure("read labels", e);
        }
    }

    private boolean exists(String sql, Object... args) {
        try (Connection c = pool.getConnection();
                PreparedStatement p = c.prepareStatement(sql)) {
            bind(p, args);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw failure("read labels", e);
        }
    }

    private static void bind(PreparedStatement p, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) p.setObject(i + 1, args[i]);
    }

    private static LabelRecord toRecord(ResultSet rs) throws SQLException {
        LabelClaims claims;
        try {
            claims = LabelCodec.decode(rs.getString("claims_json").getBytes(StandardCharsets.UTF_8));
        } catch (LabelCodec.ClaimsException e) {
            // Only this class writes the column, so this is our failure, not the caller's.
            throw new IllegalStateException(
                    "stored claims of " + rs.getString("id") + " are unreadable: " + e.getMessage(), e);
        }
        String reason = rs.getString("reason");
        String effective = rs.getString("state_effective_at");
        return new LabelRecord(
                rs.getString("application_id"),
                claims,
                rs.getString("jws"),
                LabelState.fromCode(rs.getString("label_state")),
                reason == null ? null : RevocationReason.fromCode(reason),
                effective == null ? null : Instant.parse(effective),
                Instant.parse(rs.getString("updated_at")),
                rs.getLong("row_version"),
                rs.getString("declaration_json"));
    }

    private static IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException("label database: cannot " + what + " (H2 error " + e.getErrorCode() + ")", e);
    }
}
