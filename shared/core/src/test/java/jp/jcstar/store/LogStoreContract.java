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
import java.util.concurrent.atomic.AtomicBoolean;
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
 * DynamoDB (moto): each issuance and status change is one entry, written in the same atomic step and
 * numbered later by the sequencer; refused writes leave none; parallel writers (with sequencers running
 * meanwhile, two at once) end up as consecutive numbers without gaps or repeats, each label's entries in
 * the order of its changes, and the log replayed equals the store.
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
        return LabelStoreContract.label(
                "APP-" + n, String.format(java.util.Locale.ROOT, "JC26-L%05d", n), n, "V", "P", "router", 1, "M-" + n);
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
        for (List<byte[]> page; !(page = log.logEntries(out.size(), 7)).isEmpty(); )
            page.forEach(b -> out.add(LogEntry.decode(b)));
        return out;
    }

    @Test
    void anEmptyStoreHasAnEmptyLog() {
        assertEquals(0, log.sequenceLog());
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
        assertEquals(0, log.logSize(), "written unnumbered: in the log once sequenced");
        assertEquals(List.of(), log.logIndexes(a.id()));
        assertEquals(4, log.sequenceLog());
        assertEquals(4, log.sequenceLog(), "sequencing twice numbers nothing twice");
        List<LogEntry> e = entries();
        assertEquals(4, e.size());
        assertEquals(LogEntry.issuance(a.id(), a.jws(), a.claims().issuedAt(), a.updatedAt()), e.get(0));
        assertEquals(b.id(), e.get(1).labelId());
        assertEquals(
                LogEntry.statusChange(
                        a.id(),
                        a.jws(),
                        LabelState.VALID,
                        LabelState.SUSPENDED,
                        RevocationReason.UNDER_INVESTIGATION,
                        T0.plusSeconds(60),
                        T0.plusSeconds(60).plusMillis(1)),
                e.get(2));
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
        LabelRecord stale = a.withStatus(LabelState.REVOKED, RevocationReason.FRAUDULENT, T0, T0)
                .withStatus(LabelState.REVOKED, RevocationReason.FRAUDULENT, T0, T0);
        assertThrows(
                ConcurrentUpdateException.class,
                () -> store.updateStatus(
                        stale,
                        new StatusChange(
                                a.id(),
                                LabelState.VALID,
                                LabelState.REVOKED,
                                RevocationReason.FRAUDULENT,
                                T0,
                                T0,
                                "op",
                                null)));
        assertEquals(1, log.sequenceLog());
        assertEquals(1, log.logSize());
        assertEquals(1, entries().size());
    }

    @Test
    void entriesWrittenAfterASequencingAreNumberedByTheNext() {
        LabelRecord a = label(1);
        assertInstanceOf(InsertResult.Inserted.class, store.insert(a));
        assertEquals(1, log.sequenceLog());
        change(a, LabelState.REVOKED, RevocationReason.FRAUDULENT, T0.plusSeconds(5));
        store.insert(label(2));
        assertEquals(1, log.logSize());
        assertEquals(3, log.sequenceLog());
        // the order across labels is the adapter's (commit key, recorded time); a label's own is its changes'
        List<Long> ofA = log.logIndexes(a.id());
        List<Long> ofB = log.logIndexes(label(2).id());
        assertEquals(0L, ofA.getFirst());
        assertEquals(2, ofA.size());
        assertEquals(1, ofB.size());
        assertEquals(java.util.Set.of(0L, 1L, 2L), java.util.Set.of(ofA.get(0), ofA.get(1), ofB.get(0)));
    }

    @Test
    void parallelWritersGetConsecutiveEntriesAndTheReplayEqualsTheStore() throws Exception {
        int labels = 60;
        ExecutorService pool = Executors.newFixedThreadPool(14);
        AtomicBoolean writing = new AtomicBoolean(true);
        try {
            // two sequencers at once, as two instances of the publisher would run them, while writers write
            List<Future<?>> sequencers = new ArrayList<>();
            for (int s = 0; s < 2; s++) {
                sequencers.add(pool.submit(() -> {
                    while (writing.get()) {
                        log.sequenceLog();
                        Thread.sleep(2);
                    }
                    return null;
                }));
            }
            List<Future<LabelRecord>> fs = new ArrayList<>();
            for (int i = 1; i <= labels; i++) {
                int n = i;
                fs.add(pool.submit(() -> {
                    LabelRecord r = label(n);
                    assertInstanceOf(InsertResult.Inserted.class, store.insert(r));
                    if (n % 3 == 0)
                        r = change(r, LabelState.SUSPENDED, RevocationReason.UNDER_INVESTIGATION, T0.plusSeconds(n));
                    if (n % 6 == 0) r = change(r, LabelState.VALID, null, T0.plusSeconds(n + 1));
                    if (n % 5 == 0)
                        r = change(r, LabelState.REVOKED, RevocationReason.NONCONFORMITY, T0.plusSeconds(n + 2));
                    return r;
                }));
            }
            // the log may be read while writers and sequencers run: what it holds is a consistent prefix
            replay(readEntries());
            int changes = 0;
            for (Future<LabelRecord> f : fs) changes += (int) f.get().version();
            writing.set(false);
            for (Future<?> f : sequencers) f.get();
            assertEquals(changes, log.sequenceLog(), "exactly one entry per change");
            List<LogEntry> e = entries();
            assertEquals(changes, e.size());
            Map<String, LabelState> replay = replay(e);
            assertEquals(labels, replay.size());
            List<Long> all = new ArrayList<>();
            for (Future<LabelRecord> f : fs) {
                LabelRecord r = f.get();
                assertEquals(store.get(r.id()).orElseThrow().state(), replay.get(r.id()), r.id());
                List<Long> mine = log.logIndexes(r.id());
                assertEquals(r.version(), mine.size());
                for (long i : mine) assertEquals(r.id(), e.get((int) i).labelId());
                all.addAll(mine);
            }
            all.sort(null);
            for (int i = 0; i < all.size(); i++) assertEquals(i, all.get(i), "indexes 0..n-1, no gap or repeat");
        } finally {
            writing.set(false);
            pool.shutdownNow();
        }
    }

    /** The states the entries leave each label in; fails on a label issued twice or a change from another state. */
    static Map<String, LabelState> replay(List<LogEntry> entries) {
        Map<String, LabelState> replay = new HashMap<>();
        for (LogEntry x : entries) {
            if (x.kind() == LogEntry.Kind.ISSUANCE)
                assertEquals(null, replay.put(x.labelId(), x.to()), "issued twice: " + x);
            else assertEquals(replay.put(x.labelId(), x.to()), x.from(), "out of order: " + x);
        }
        return replay;
    }
}
