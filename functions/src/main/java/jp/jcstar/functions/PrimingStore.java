package jp.jcstar.functions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.jcstar.status.LabelState;
import jp.jcstar.status.StatusChange;
import jp.jcstar.store.LabelQuery;
import jp.jcstar.store.LabelRecord;
import jp.jcstar.store.LabelStore;
import jp.jcstar.store.Page;

/**
 * The label store a priming twin works on: every read goes to the real store first (so priming runs its
 * requests, marshalling and unmarshalling), and what priming writes stays in this object, in memory,
 * over the real store's answers. It never calls a writing method of the real store. A search answers one
 * page of the real store at most (no cursor), plus the labels written here that match: priming must not
 * page through a large registry. Thread-safe (every method holds the lock).
 */
final class PrimingStore implements LabelStore {
    private final LabelStore real;
    private final Map<String, LabelRecord> written = new LinkedHashMap<>();
    private final Map<String, List<StatusChange>> changes = new HashMap<>();

    PrimingStore(LabelStore real, LabelRecord... seed) {
        this.real = real;
        for (LabelRecord r : seed) written.put(r.id(), r);
    }

    @Override
    public synchronized InsertResult insert(LabelRecord record) {
        if (written.containsKey(record.id()) || real.get(record.id()).isPresent())
            return new InsertResult.Collision("id");
        Optional<LabelRecord> same = findByApplication(record.applicationId());
        if (same.isPresent()) return new InsertResult.DuplicateApplication(same.get());
        written.put(record.id(), record);
        return new InsertResult.Inserted();
    }

    @Override
    public synchronized Optional<LabelRecord> get(String labelId) {
        Optional<LabelRecord> stored = real.get(labelId);
        LabelRecord w = written.get(labelId);
        return w != null ? Optional.of(w) : stored;
    }

    @Override
    public synchronized Optional<LabelRecord> findByApplication(String applicationId) {
        Optional<LabelRecord> stored = real.findByApplication(applicationId);
        for (LabelRecord w : written.values()) if (w.applicationId().equals(applicationId)) return Optional.of(w);
        return stored;
    }

    @Override
    public synchronized Page<LabelRecord> search(LabelQuery query, String cursor, int limit) {
        List<LabelRecord> out = new ArrayList<>();
        if (cursor == null)
            for (LabelRecord w : written.values()) if (query.matches(w) && out.size() < limit) out.add(w);
        for (LabelRecord r : real.search(query, cursor, limit).items()) {
            if (out.size() >= limit) break;
            if (!written.containsKey(r.id())) out.add(r);
        }
        return new Page<>(out, null);
    }

    /** Look-alike designations are looked up in the real store (a read). */
    @Override
    public List<String> labelIdsWithModelSkeleton(String skeleton) {
        return real.labelIdsWithModelSkeleton(skeleton);
    }

    /** The change feed is read from the real store (priming's own changes are not in it). */
    @Override
    public Page<jp.jcstar.store.ChangeEntry> changes(String after, int limit) {
        return real.changes(after, limit);
    }

    @Override
    public List<jp.jcstar.store.ChangeEntry> latestChanges(int limit) {
        return real.latestChanges(limit);
    }

    /** Priming never rewrites the real store's search keys. */
    @Override
    public int migrateSearchKeys() {
        return 0;
    }

    @Override
    public synchronized void updateStatus(LabelRecord updated, StatusChange change) {
        LabelRecord current = get(updated.id()).orElseThrow(() -> new ConcurrentUpdateException(updated.id()));
        if (current.version() != updated.version() - 1) throw new ConcurrentUpdateException(updated.id());
        written.put(updated.id(), updated);
        changes.computeIfAbsent(updated.id(), k -> new ArrayList<>()).add(change);
    }

    @Override
    public synchronized Map<Integer, LabelState> listEntries(int list) {
        Map<Integer, LabelState> m = new HashMap<>(real.listEntries(list));
        for (LabelRecord w : written.values()) {
            if (w.claims().status().list() != list) continue;
            if (w.state() == LabelState.VALID) m.remove(w.claims().status().index());
            else m.put(w.claims().status().index(), w.state());
        }
        return m;
    }

    @Override
    public synchronized List<StatusChange> history(String labelId) {
        List<StatusChange> h = new ArrayList<>(real.history(labelId));
        h.addAll(changes.getOrDefault(labelId, List.of()));
        return h;
    }
}
