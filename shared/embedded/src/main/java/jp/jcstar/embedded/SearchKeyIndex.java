package jp.jcstar.embedded;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import jp.jcstar.label.Text;
import jp.jcstar.status.LabelState;
import jp.jcstar.store.LabelQuery;
import jp.jcstar.store.LabelRecord;

/**
 * The search keys of every label of one H2 database, in id order, in memory: a registry search over
 * 100,000 labels is then a few milliseconds of string matching instead of a table scan (a substring
 * search cannot use an index). About 100 bytes a label. One index per database URL per JVM, shared by
 * every {@link H2LabelStore} on that URL, and updated after each committed write; an H2 file database
 * is opened by one process at a time (H2 locks the file), so no other writer can leave it stale.
 * Thread-safe.
 */
final class SearchKeyIndex {
    private static final Map<String, SearchKeyIndex> BY_URL = new ConcurrentHashMap<>();

    record Keys(
            String vendorKey,
            String productKey,
            List<String> modelKeys,
            String category,
            int level,
            String state,
            long version) {
        static Keys of(LabelRecord r) {
            var c = r.claims();
            return new Keys(
                    Text.searchKey(c.vendor()),
                    Text.searchKey(c.product()),
                    c.models().stream().map(Text::searchKey).distinct().toList(),
                    c.category(),
                    c.level(),
                    r.state().code(),
                    r.version());
        }
    }

    /** A query with its terms normalised once. */
    record Normalised(String vendor, String product, String model, String category, Integer level, String state) {
        static Normalised of(LabelQuery q) {
            return new Normalised(
                    q.vendor() == null ? null : Text.searchKey(q.vendor()),
                    q.product() == null ? null : Text.searchKey(q.product()),
                    q.model() == null ? null : Text.searchKey(q.model()),
                    q.category(),
                    q.level(),
                    q.state() == null ? null : q.state().code());
        }

        boolean matches(Keys k) {
            return (category == null || category.equals(k.category()))
                    && (level == null || level == k.level())
                    && (state == null || state.equals(k.state()))
                    && (vendor == null || k.vendorKey().contains(vendor))
                    && (product == null || k.productKey().contains(product))
                    && (model == null || anyStartsWith(k.modelKeys(), model));
        }

        private static boolean anyStartsWith(List<String> keys, String prefix) {
            for (String m : keys) if (m.startsWith(prefix)) return true;
            return false;
        }
    }

    private final ConcurrentSkipListMap<String, Keys> keys = new ConcurrentSkipListMap<>();
    /** model key → label ids, so a model-prefix search reads a key range instead of every label. */
    private final ConcurrentSkipListMap<String, Set<String>> byModel = new ConcurrentSkipListMap<>();

    private SearchKeyIndex() {}

    /** The index of the database at {@code url}, loaded from it on first use in this JVM. */
    static SearchKeyIndex forDatabase(String url, Connection c) throws SQLException {
        SearchKeyIndex existing = BY_URL.get(url);
        if (existing != null) return existing;
        synchronized (BY_URL) {
            existing = BY_URL.get(url);
            if (existing != null) return existing;
            SearchKeyIndex index = new SearchKeyIndex();
            index.load(c);
            BY_URL.put(url, index);
            return index;
        }
    }

    private void load(Connection c) throws SQLException {
        Map<String, List<String>> models = new HashMap<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT label_id, model_key FROM label_models")) {
            while (rs.next())
                models.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
        }
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT k.id, k.vendor_key, k.product_key, k.category, k.star_level, k.label_state, l.row_version"
                                + " FROM label_keys k JOIN labels l ON l.id = k.id")) {
            while (rs.next()) {
                String id = rs.getString(1);
                models.getOrDefault(id, List.of())
                        .forEach(m -> byModel.computeIfAbsent(m, x -> ConcurrentHashMap.newKeySet())
                                .add(id));
                keys.put(
                        id,
                        new Keys(
                                rs.getString(2),
                                rs.getString(3),
                                List.copyOf(models.getOrDefault(id, List.of())),
                                rs.getString(4),
                                rs.getInt(5),
                                rs.getString(6),
                                rs.getLong(7)));
            }
        }
    }

    void put(LabelRecord r) {
        Keys k = Keys.of(r);
        k.modelKeys()
                .forEach(m -> byModel.computeIfAbsent(m, x -> ConcurrentHashMap.newKeySet())
                        .add(r.id()));
        keys.put(r.id(), k);
    }

    /** Records a committed status change; a late update older than what the index holds is ignored. */
    void state(String id, LabelState state, long version) {
        keys.computeIfPresent(
                id,
                (k, v) -> v.version() >= version
                        ? v
                        : new Keys(
                                v.vendorKey(),
                                v.productKey(),
                                v.modelKeys(),
                                v.category(),
                                v.level(),
                                state.code(),
                                version));
    }

    /** Up to {@code max} ids after {@code after} (exclusive; null = from the start), in id order, that match. */
    List<String> find(LabelQuery query, String after, int max) {
        Normalised q = Normalised.of(query);
        List<String> out = new ArrayList<>(Math.min(max, 64));
        if (q.model() != null) {
            // candidates from the model-key range [prefix, prefix + U+FFFF), then the other criteria
            TreeSet<String> candidates = new TreeSet<>();
            byModel.subMap(q.model(), true, q.model() + Character.MAX_VALUE, false)
                    .values()
                    .forEach(candidates::addAll);
            for (String id : after == null ? candidates : candidates.tailSet(after, false)) {
                Keys k = keys.get(id);
                if (k != null && q.matches(k)) {
                    out.add(id);
                    if (out.size() >= max) break;
                }
            }
            return out;
        }
        NavigableMap<String, Keys> from = after == null ? keys : keys.tailMap(after, false);
        for (var e : from.entrySet()) {
            if (q.matches(e.getValue())) {
                out.add(e.getKey());
                if (out.size() >= max) break;
            }
        }
        return out;
    }
}
