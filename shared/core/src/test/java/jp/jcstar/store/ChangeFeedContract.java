package jp.jcstar.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import jp.jcstar.label.LabelClaims;
import jp.jcstar.label.LabelCodec;
import jp.jcstar.label.StatusRef;
import jp.jcstar.status.LabelState;
import jp.jcstar.status.RevocationReason;
import jp.jcstar.status.StatusChange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The change feed ({@link LabelStore#changes}, {@link LabelStore#latestChanges}) as every adapter keeps it;
 * one subclass per adapter, like {@link LabelStoreContract}. Changes are stamped with the real clock, as
 * the registry stamps them, so a store that lists changes only once they have settled is held to it.
 */
public abstract class ChangeFeedContract {
    protected abstract LabelStore createStore() throws Exception;

    protected void closeStore(LabelStore store) throws Exception {}

    /** How long after its timestamp this store may take to list a change (DynamoDB: the settle time). */
    protected abstract Duration settle();

    protected LabelStore store;
    private int n;

    @BeforeEach
    void open() throws Exception {
        store = createStore();
    }

    @AfterEach
    void close() throws Exception {
        closeStore(store);
    }

    private LabelRecord inserted(String vendor, String... models) {
        n++;
        String id = String.format(java.util.Locale.ROOT, "JC26-F%05d", n);
        Instant t0 = Instant.parse("2026-04-01T00:00:00Z");
        var claims = new LabelClaims(
                id,
                1,
                List.of(models),
                "P",
                vendor,
                "router",
                LocalDate.of(2030, 3, 31),
                t0,
                t0.plus(Duration.ofDays(730)),
                new StatusRef(1, n));
        var b64 = Base64.getUrlEncoder().withoutPadding();
        String jws = b64.encodeToString("{\"alg\":\"ES256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(LabelCodec.encode(claims)) + "." + b64.encodeToString(new byte[64]);
        LabelRecord r = LabelRecord.issued("APP-F" + n, claims, jws, null);
        assertInstanceOf(LabelStore.InsertResult.Inserted.class, store.insert(r));
        return r;
    }

    /** Suspends a valid label or reinstates a suspended one, noting {@code note}. */
    private LabelRecord toggle(LabelRecord r, String note) {
        Instant now = Instant.now();
        LabelState to = r.state() == LabelState.VALID ? LabelState.SUSPENDED : LabelState.VALID;
        RevocationReason reason = to == LabelState.SUSPENDED ? RevocationReason.UNDER_INVESTIGATION : null;
        LabelRecord updated = r.withStatus(to, reason, to == LabelState.VALID ? null : now, now);
        store.updateStatus(updated, new StatusChange(r.id(), r.state(), to, reason, now, now, "op", note));
        return updated;
    }

    private void waitSettled() throws InterruptedException {
        if (!settle().isZero()) Thread.sleep(settle().toMillis() + 1000);
    }

    private List<ChangeEntry> readAll(int limit) {
        List<ChangeEntry> out = new ArrayList<>();
        String after = null;
        do {
            Page<ChangeEntry> page = store.changes(after, limit);
            out.addAll(page.items());
            after = page.next();
        } while (after != null);
        return out;
    }

    @Test
    void anEmptyFeedHasNoEntriesAndNoNextPage() {
        Page<ChangeEntry> page = store.changes(null, 10);
        assertEquals(List.of(), page.items());
        assertNull(page.next());
        assertEquals(List.of(), store.latestChanges(10));
    }

    @Test
    void entriesCarryTheChangeAndTheLabelsVendorAndModels() throws Exception {
        LabelRecord r = inserted("株式会社テスト", "AB-1", "ＡＢ－２");
        LabelRecord s = toggle(r, "first");
        Instant at = Instant.now();
        LabelRecord revoked = s.withStatus(LabelState.REVOKED, RevocationReason.NONCONFORMITY, at, at);
        store.updateStatus(
                revoked,
                new StatusChange(
                        r.id(),
                        LabelState.SUSPENDED,
                        LabelState.REVOKED,
                        RevocationReason.NONCONFORMITY,
                        at,
                        at,
                        "op",
                        null));
        waitSettled();
        List<ChangeEntry> all = readAll(10);
        assertEquals(2, all.size());
        assertEquals(
                store.history(r.id()), all.stream().map(ChangeEntry::change).toList());
        assertEquals("株式会社テスト", all.get(1).vendor());
        assertEquals(List.of("AB-1", "ＡＢ－２"), all.get(1).models());
        assertEquals(List.of(all.get(1), all.get(0)), store.latestChanges(10));
        assertEquals(List.of(all.get(1)), store.latestChanges(1));
    }

    @Test
    void aPageEndsWithTheCursorOfItsLastEntryAndTheLastPageHasNone() throws Exception {
        LabelRecord r = inserted("V", "M-1");
        for (int i = 0; i < 5; i++) r = toggle(r, "n" + i);
        waitSettled();
        Page<ChangeEntry> first = store.changes(null, 2);
        assertEquals(2, first.items().size());
        assertEquals(first.items().getLast().position(), first.next());
        Page<ChangeEntry> second = store.changes(first.next(), 3);
        assertEquals(3, second.items().size());
        assertNull(second.next(), "nothing after the fifth change");
        assertEquals(
                List.of("n0", "n1", "n2", "n3", "n4"),
                java.util.stream.Stream.concat(first.items().stream(), second.items().stream())
                        .map(e -> e.change().note())
                        .toList());
        // polling from the last position: empty until something new happens
        assertEquals(
                List.of(),
                store.changes(second.items().getLast().position(), 10).items());
    }

    @Test
    void aPositionTheStoreDidNotMakeIsRefused() {
        for (String bogus : List.of(
                "", "x", "h12", "d12", "not-a-position", "h00000000000000000001x", IdCursor.encode("JC26-F00001"))) {
            assertThrows(IllegalArgumentException.class, () -> store.changes(bogus, 10), bogus);
        }
        assertThrows(IllegalArgumentException.class, () -> store.changes(null, 0));
        assertThrows(IllegalArgumentException.class, () -> store.changes(null, 1001));
        assertThrows(IllegalArgumentException.class, () -> store.latestChanges(0));
    }

    /**
     * Writes these status changes ({@code updated.get(i)} with {@code changes.get(i)}), each label's in
     * order. By default with {@link LabelStore#updateStatus}, eight writers at once.
     */
    protected void writeChanges(List<LabelRecord> updated, List<StatusChange> changes) throws Exception {
        Map<String, List<Integer>> byLabel = new java.util.LinkedHashMap<>();
        for (int i = 0; i < changes.size(); i++)
            byLabel.computeIfAbsent(changes.get(i).labelId(), k -> new ArrayList<>())
                    .add(i);
        List<List<Integer>> lanes = new ArrayList<>();
        for (int w = 0; w < 8; w++) lanes.add(new ArrayList<>());
        int k = 0;
        for (List<Integer> l : byLabel.values()) lanes.get(k++ % 8).addAll(l);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (List<Integer> lane : lanes)
                fs.add(pool.submit(() -> {
                    for (int i : lane) store.updateStatus(updated.get(i), changes.get(i));
                    return null;
                }));
            for (Future<?> f : fs) f.get();
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * 10,000 changes (100 labels × 100), paged through 1,000 and then 7 at a time: every change exactly once
     * (no gap, no duplicate), positions strictly increasing, each label's changes in the order made.
     */
    @Test
    void tenThousandChangesPageThroughWithNoGapNoDuplicateAndOrderKept() throws Exception {
        int labels = 100, perLabel = 100;
        List<LabelRecord> current = new ArrayList<>();
        for (int i = 0; i < labels; i++) current.add(inserted("Vendor " + (i % 7), "M-" + i));
        Instant base = Instant.now().minus(Duration.ofHours(1));
        List<LabelRecord> updated = new ArrayList<>();
        List<StatusChange> changes = new ArrayList<>();
        for (int round = 0; round < perLabel; round++) {
            for (int i = 0; i < labels; i++) {
                LabelRecord r = current.get(i);
                Instant at = base.plusMillis(round * labels + i);
                LabelState to = r.state() == LabelState.VALID ? LabelState.SUSPENDED : LabelState.VALID;
                RevocationReason reason = to == LabelState.SUSPENDED ? RevocationReason.UNDER_INVESTIGATION : null;
                LabelRecord u = r.withStatus(to, reason, to == LabelState.VALID ? null : at, at);
                updated.add(u);
                changes.add(new StatusChange(r.id(), r.state(), to, reason, at, at, "op", Integer.toString(round)));
                current.set(i, u);
            }
        }
        writeChanges(updated, changes);
        List<ChangeEntry> seen = readAll(1000);
        assertFeed(seen, labels, perLabel);
        // other page sizes, from the start and from the middle, list the same entries
        assertEquals(seen.subList(0, 333), store.changes(null, 333).items());
        assertEquals(
                seen.subList(5000, 5333),
                store.changes(seen.get(4999).position(), 333).items());
        assertEquals(
                seen.subList(9990, 10000),
                store.changes(seen.get(9989).position(), 333).items());
        assertNull(store.changes(seen.get(9989).position(), 333).next(), "the end of the feed");
    }

    /**
     * Eight writers change labels while a reader polls the feed; once all has settled, the reader has seen
     * every change once and in order (a change never appears behind a position already handed out).
     */
    @Test
    void aReaderPollingWhileWritersChangeLabelsMissesNothing() throws Exception {
        int labels = 16, perLabel = 12, writers = 8;
        List<LabelRecord> rs = new ArrayList<>();
        for (int i = 0; i < labels; i++) rs.add(inserted("Vendor", "M-" + i));
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        AtomicBoolean writing = new AtomicBoolean(true);
        List<ChangeEntry> seen = new ArrayList<>();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int first = w;
                futures.add(pool.submit(() -> {
                    for (int round = 0; round < perLabel; round++) {
                        for (int i = first; i < labels; i += writers)
                            rs.set(i, toggle(rs.get(i), Integer.toString(round)));
                    }
                    return null;
                }));
            }
            Future<String> reader = pool.submit(() -> {
                String after = null;
                while (writing.get()) {
                    Page<ChangeEntry> page = store.changes(after, 5);
                    seen.addAll(page.items());
                    if (!page.items().isEmpty()) after = page.items().getLast().position();
                    Thread.sleep(100);
                }
                return after;
            });
            for (Future<?> f : futures) f.get();
            writing.set(false);
            String after = reader.get();
            waitSettled();
            while (true) {
                Page<ChangeEntry> page = store.changes(after, 1000);
                seen.addAll(page.items());
                if (page.items().isEmpty()) break;
                after = page.items().getLast().position();
            }
        } finally {
            pool.shutdownNow();
        }
        assertFeed(seen, labels, perLabel);
    }

    private static void assertFeed(List<ChangeEntry> seen, int labels, int perLabel) {
        assertEquals(labels * perLabel, seen.size(), "every change once");
        Set<String> positions = new HashSet<>();
        Map<String, Integer> nextRound = new HashMap<>();
        for (int i = 0; i < seen.size(); i++) {
            ChangeEntry e = seen.get(i);
            assertTrue(positions.add(e.position()), "duplicate " + e.position());
            if (i > 0) assertTrue(seen.get(i - 1).position().compareTo(e.position()) < 0, "positions increase at " + i);
            int expected = nextRound.getOrDefault(e.change().labelId(), 0);
            assertEquals(
                    Integer.toString(expected),
                    e.change().note(),
                    "order of " + e.change().labelId());
            nextRound.put(e.change().labelId(), expected + 1);
        }
        assertEquals(labels, nextRound.size());
    }
}
