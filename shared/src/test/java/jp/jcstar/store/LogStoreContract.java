package jp.jcstar.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jp.jcstar.log.LogEntry;
import jp.jcstar.status.LabelState;
import jp.jcstar.status.RevocationReason;
import jp.jcstar.status.StatusChange;
import jp.jcstar.store.LabelStore.ConcurrentUpdateException;
import jp.jcstar.store.LabelStore.InsertResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The transparency-log rules every store that implements {@link LogStore} obeys, run against H2 and
 * DynamoDB (moto): each issuance and status change is one entry, in the same atomic step; refused
 * writes leave none; parallel writers get consecutive numbers without gaps or repeats, and the log
 * replayed equals the store.
 */
public abstract class LogStoreContract {
    static final Instant T0 = LabelStoreContract.T0;

    protected abstract LabelStore createStore() throws Exception;

    protected void closeStore(LabelStore store) throws Exception {}

    protected LabelStore store;
    protected LogStore log;

    @BeforeEach
    void open() throws Exception {
        store = createStore();
        log = (LogStore) store;
    }

    @AfterEach
    void close() throws Exception {
        closeStore(store);
    }

    static LabelRecord label(int n) {
        return LabelStoreContract.label("APP-" + n, String.format("JC26-L%05d", n), n, "V", "P", "router", 1, "M-" + n);
    }

    LabelRecord change(LabelRecord r, LabelState to, RevocationReason reason, Instant at) {
        LabelRecord updated = r.withStatus(to, reason, at, at.plusMillis(1));
        store.updateStatus(updated, new StatusChange(r.id(), r.state(), to, reason, at, at.plusMillis(1), "op", null));
        return updated;
    }

    List<LogEntry> entries() {
        List<LogEntry> out = readEntries();
        assertEquals(log.logSize(), out.size());
        return out;
    }

    List<LogEntry> readEntries() {
        List<LogEntry> out = new ArrayList<>();
        for (List<byte[]> page; !(page = log.logEntries(out.size(), 7)).isEmpty(); ) page.forEach(b -> out.add(LogEntry.decode(b)));
        return out;
    }

    @Test
    void anEmptyStoreHasAnEmptyLog() {
        assertEquals(0, log.logSize());
        assertEquals(List.of(), log.logEntries(0, 10));
        assertEquals(List.of(), log.logIndexes("JC26-NONE"));
    }

    @Test
    void everyIssuanceAndStatusChangeIsOneEntryInOrder() {
        LabelRecord a = label(1);
        LabelRecord b = label(2);
        assertInstanceOf(InsertResult.Inserted.class, store.insert(a));
        assertInstanceOf(InsertResult.Inserted.class, store.insert(b));
        LabelRecord a2 = change(a, LabelState.SUSPENDED, RevocationReason.UNDER_INVESTIGATION, T0.plusSeconds(60));
        change(a2, LabelState.REVOKED, RevocationReason.FRAUDULENT, T0.plusSeconds(120));
        List<LogEntry> e = entries();
        assertEquals(4, e.size());
        assertEquals(LogEntry.issuance(a.id(), a.jws(), a.claims().issuedAt(), a.updatedAt()), e.get(0));
        assertEquals(b.id(), e.get(1).labelId());
        assertEquals(LogEntry.statusChange(a.id(), a.jws(), LabelState.VALID, LabelState.SUSPENDED, RevocationReason.UNDER_INVESTIGATION,
                T0.plusSeconds(60), T0.plusSeconds(60).plusMillis(1)), e.get(2));
        assertEquals(LabelState.REVOKED, e.get(3).to());
        assertEquals(LabelState.SUSPENDED, e.get(3).from());
        assertTrue(e.get(3).names(a.jws()));
        assertEquals(List.of(0L, 2L, 3L), log.logIndexes(a.id()));
        assertEquals(List.of(1L), log.logIndexes(b.id()));
        assertEquals(2, log.logEntries(2, 1000).size());
        assertEquals(1, log.logEntries(1, 1).size());
    }

    @Test
    void refusedWritesLeaveNoEntry() {
        LabelRecord a = label(1);
        store.insert(a);
        assertInstanceOf(InsertResult.DuplicateApplication.class, store.insert(a));
        LabelRecord sameSlot = LabelStoreContract.label("APP-other", "JC26-OTHER", 1, "V", "P", "router", 1, "M");
        assertInstanceOf(InsertResult.Collision.class, store.insert(sameSlot));
        LabelRecord stale = a.withStatus(LabelState.REVOKED, RevocationReason.FRAUDULENT, T0, T0).withStatus(LabelState.REVOKED,
                RevocationReason.FRAUDULENT, T0, T0);
        assertThrows(ConcurrentUpdateException.class, () -> store.updateStatus(stale,
                new StatusChange(a.id(), LabelState.VALID, LabelState.REVOKED, RevocationReason.FRAUDULENT, T0, T0, "op", null)));
        assertEquals(1, log.logSize());
        assertEquals(1, entries().size());
    }

    @Test
    void parallelWritersGetConsecutiveEntriesAndTheReplayEqualsTheStore() throws Exception {
        int labels = 60;
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<LabelRecord>> fs = new ArrayList<>();
            for (int i = 1; i <= labels; i++) {
                int n = i;
                fs.add(pool.submit(() -> {
                    LabelRecord r = label(n);
                    assertInstanceOf(InsertResult.Inserted.class, store.insert(r));
                    if (n % 3 == 0) r = change(r, LabelState.SUSPENDED, RevocationReason.UNDER_INVESTIGATION, T0.plusSeconds(n));
                    if (n % 6 == 0) r = change(r, LabelState.VALID, null, T0.plusSeconds(n + 1));
                    if (n % 5 == 0) r = change(r, LabelState.REVOKED, RevocationReason.NONCONFORMITY, T0.plusSeconds(n + 2));
                    return r;
                }));
            }
            Map<String, LabelState> replay = new HashMap<>();
            List<LogEntry> e = readEntries();
            for (LogEntry x : e) {
                if (x.kind() == LogEntry.Kind.ISSUANCE) assertEquals(null, replay.put(x.labelId(), x.to()), "issued twice: " + x);
                else assertEquals(replay.put(x.labelId(), x.to()), x.from(), "out of order: " + x);
            }
            // the log may be read while writers run: what it holds is a consistent prefix
            for (Future<LabelRecord> f : fs) f.get();
            replay.clear();
            e = entries();
            for (LogEntry x : e) {
                if (x.kind() == LogEntry.Kind.ISSUANCE) assertEquals(null, replay.put(x.labelId(), x.to()), "issued twice: " + x);
                else assertEquals(replay.put(x.labelId(), x.to()), x.from(), "out of order: " + x);
            }
            assertEquals(labels, replay.size());
            for (Future<LabelRecord> f : fs) {
                LabelRecord r = f.get();
                assertEquals(store.get(r.id()).orElseThrow().state(), replay.get(r.id()), r.id());
                assertEquals(r.version(), log.logIndexes(r.id()).size());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
