package jp.jcstar.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import jp.jcstar.label.LabelClaims;
import jp.jcstar.label.LabelCodec;
import jp.jcstar.label.StatusRef;
import jp.jcstar.status.LabelState;
import jp.jcstar.status.RevocationReason;
import jp.jcstar.status.StatusChange;
import jp.jcstar.store.LabelStore.ConcurrentUpdateException;
import jp.jcstar.store.LabelStore.InsertResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rules every {@link LabelStore} adapter obeys; one subclass per adapter supplies a fresh, empty
 * store for each test. The same assertions run against DynamoDB (moto, LocalStack) and H2, so the
 * laptop and AWS behave alike.
 */
public abstract class LabelStoreContract {
    protected static final Instant T0 = Instant.parse("2026-04-01T01:02:03Z");

    /** A new, empty store; called before every test. */
    protected abstract LabelStore createStore() throws Exception;

    /** Releases what {@link #createStore} made; called after every test. */
    protected void closeStore(LabelStore store) throws Exception {}

    protected LabelStore store;
    private final AtomicInteger seq = new AtomicInteger();

    @BeforeEach
    void openStore() throws Exception {
        store = createStore();
    }

    @AfterEach
    void releaseStore() throws Exception {
        closeStore(store);
    }

    // ------------------------------------------------------------------ fixtures

    protected LabelRecord label(String vendor, String product, String category, int level, String... models) {
        int n = seq.incrementAndGet();
        return label(
                "APP-" + n, String.format(Locale.ROOT, "JC26-T%05d", n), n, vendor, product, category, level, models);
    }

    protected static LabelRecord label(
            String app,
            String id,
            int slot,
            String vendor,
            String product,
            String category,
            int level,
            String... models) {
        return label(app, id, new StatusRef(1, slot), vendor, product, category, level, models);
    }

    /** A label in status list {@code list} at {@code index}. */
    protected LabelRecord labelAt(int list, int index) {
        int n = seq.incrementAndGet();
        return label(
                "APP-" + n,
                String.format(Locale.ROOT, "JC26-T%05d", n),
                new StatusRef(list, index),
                "V",
                "P",
                "router",
                1,
                "M-" + n);
    }

    private static LabelRecord label(
            String app,
            String id,
            StatusRef slot,
            String vendor,
            String product,
            String category,
            int level,
            String... models) {
        var claims = new LabelClaims(
                id,
                level,
                List.of(models),
                product,
                vendor,
                category,
                LocalDate.of(2030, 3, 31),
                T0,
                T0.plus(Duration.ofDays(730)),
                slot);
        return LabelRecord.issued(
                app, claims, fakeJws(claims), "{\"declaration\":\"☆1 適合宣言\",\"items\":[\"1-1\",\"17-8\"]}");
    }

    private static String fakeJws(LabelClaims claims) {
        var b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"ES256\",\"kid\":\"test\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(LabelCodec.encode(claims)) + "." + b64.encodeToString(new byte[64]);
    }

    private LabelRecord inserted(LabelRecord r) {
        assertInstanceOf(InsertResult.Inserted.class, store.insert(r));
        return r;
    }

    private LabelRecord changeStatus(LabelRecord r, LabelState to, RevocationReason reason, Instant at) {
        LabelRecord updated = r.withStatus(to, reason, at, at.plusMillis(1));
        store.updateStatus(
                updated,
                new StatusChange(r.id(), r.state(), to, reason, at, at.plusMillis(1), "ipa-operator", "理由: 検査"));
        return updated;
    }

    private List<String> ids(LabelQuery q) {
        List<String> out = new ArrayList<>();
        String cursor = null;
        do {
            Page<LabelRecord> page = store.search(q, cursor, 1000);
            page.items().forEach(r -> out.add(r.id()));
            cursor = page.next();
        } while (cursor != null);
        return out;
    }

    private static LabelQuery vendor(String v) {
        return new LabelQuery(v, null, null, null, null, null);
    }

    private static LabelQuery model(String m) {
        return new LabelQuery(null, m, null, null, null, null);
    }

    private static <T> List<T> parallel(int threads, List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> t : tasks)
                futures.add(pool.submit(() -> {
                    go.await();
                    return t.call();
                }));
            go.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) out.add(f.get());
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ insert and read

    @Test
    void insertThenGetRoundTripsEveryFieldIncludingJapaneseText() {
        LabelRecord r =
                inserted(label("株式会社テスト電機", "スマートルータ「雅」 Ｘ１", "router", 2, "WR-1200X", "ＷＲ－１２００Ｙ", "ABC-1", "ＡＢＣ－１"));
        assertEquals(Optional.of(r), store.get(r.id()));
        assertEquals(Optional.of(r), store.findByApplication(r.applicationId()));
    }

    @Test
    void roundTripKeepsStatusReasonAndEffectiveTimeAfterAChange() {
        LabelRecord r = inserted(label("Vendor", "Product", "camera", 1, "C-1"));
        LabelRecord revoked = changeStatus(
                r,
                LabelState.REVOKED,
                RevocationReason.KEY_COMPROMISE,
                T0.plusSeconds(86_400).plusNanos(123_456_789));
        assertEquals(Optional.of(revoked), store.get(r.id()));
        LabelRecord valid = changeStatus(revoked, LabelState.VALID, null, T0.plusSeconds(90_000));
        assertEquals(Optional.of(valid), store.get(r.id()));
    }

    @Test
    void unknownIdsAndApplicationsAreEmpty() {
        inserted(label("Vendor", "Product", "camera", 1, "C-1"));
        assertEquals(Optional.empty(), store.get("JC26-NOPE0001"));
        assertEquals(Optional.empty(), store.findByApplication("APP-nope"));
        assertEquals(List.of(), store.history("JC26-NOPE0001"));
    }

    @Test
    void sameApplicationTwiceIsDuplicateWithTheFirstLabelAndWritesNothing() {
        LabelRecord first = label("APP-dup", "JC26-FIRST001", 10, "Vendor", "Product", "router", 1, "M-1");
        LabelRecord second = label("APP-dup", "JC26-SECOND01", 11, "Vendor", "Product", "router", 1, "M-1");
        inserted(first);
        var result = store.insert(second);
        assertEquals(new InsertResult.DuplicateApplication(first), result);
        assertEquals(Optional.empty(), store.get(second.id()));
        // the second label's slot was not taken either
        inserted(label("APP-other", "JC26-THIRD001", 11, "Vendor", "Product", "router", 1, "M-1"));
    }

    @Test
    void sameApplicationFromEightThreadsInsertsExactlyOnce() throws Exception {
        List<Callable<InsertResult>> tasks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            LabelRecord r = label("APP-race", "JC26-RACE000" + i, 100 + i, "Vendor", "Product", "router", 1, "M-" + i);
            tasks.add(() -> store.insert(r));
        }
        List<InsertResult> results = parallel(8, tasks);
        List<InsertResult> inserted =
                results.stream().filter(r -> r instanceof InsertResult.Inserted).toList();
        assertEquals(1, inserted.size(), results.toString());
        LabelRecord winner = store.findByApplication("APP-race").orElseThrow();
        for (InsertResult r : results) {
            if (!(r instanceof InsertResult.Inserted)) assertEquals(new InsertResult.DuplicateApplication(winner), r);
        }
        assertEquals(List.of(winner.id()), ids(LabelQuery.ALL));
    }

    @Test
    void takenStatusSlotIsCollisionAndWritesNothing() {
        inserted(label("APP-a", "JC26-SLOT0001", 7, "Vendor", "Product", "router", 1, "M-1"));
        LabelRecord clash = label("APP-b", "JC26-SLOT0002", 7, "Vendor", "Product", "router", 1, "M-2");
        assertInstanceOf(InsertResult.Collision.class, store.insert(clash));
        assertEquals(Optional.empty(), store.get(clash.id()));
        assertEquals(Optional.empty(), store.findByApplication("APP-b"));
        assertEquals(List.of(), ids(model("M-2")));
        // neither the application id nor the label id stayed claimed
        inserted(label("APP-b", "JC26-SLOT0002", 8, "Vendor", "Product", "router", 1, "M-2"));
    }

    @Test
    void takenLabelIdIsCollisionAndWritesNothing() {
        LabelRecord first = inserted(label("APP-a", "JC26-SAMEID01", 1, "Vendor", "Product", "router", 1, "M-1"));
        LabelRecord clash = label("APP-b", "JC26-SAMEID01", 2, "Other", "Other", "camera", 3, "M-2");
        assertInstanceOf(InsertResult.Collision.class, store.insert(clash));
        assertEquals(Optional.of(first), store.get(first.id()));
        assertEquals(Optional.empty(), store.findByApplication("APP-b"));
        assertEquals(List.of(), ids(model("M-2")));
        // the application id and slot 2 stayed free
        inserted(label("APP-b", "JC26-SAMEID02", 2, "Other", "Other", "camera", 3, "M-2"));
    }

    // ------------------------------------------------------------------ search

    @Test
    void vendorMatchesAsSubstringAfterWidthAndCaseNormalisation() {
        LabelRecord abc = inserted(label("ABC電機株式会社", "P", "router", 1, "M-1"));
        LabelRecord lower = inserted(label("xabc industries", "P", "router", 1, "M-2"));
        inserted(label("XYZ Corp", "P", "router", 1, "M-3"));
        assertEquals(List.of(abc.id(), lower.id()), ids(vendor("ＡＢＣ")));
        assertEquals(List.of(abc.id()), ids(vendor("bc電機")));
        assertEquals(List.of(), ids(vendor("ABCD")));
    }

    @Test
    void modelMatchesAsPrefixOfAnyDesignationAndEachLabelOnce() {
        LabelRecord wr = inserted(label("V", "P", "router", 1, "WR-1200X", "WR-1200Y"));
        LabelRecord wr9 = inserted(label("V", "P", "router", 1, "WR-9000"));
        LabelRecord cam = inserted(label("V", "P", "camera", 1, "CAM-1", "ＷＸ-1"));
        assertEquals(List.of(wr.id()), ids(model("wr-12")));
        assertEquals(List.of(wr.id(), wr9.id()), ids(model("ＷＲ")));
        assertEquals(List.of(cam.id()), ids(model("wx")));
        assertEquals(List.of(), ids(model("1200")), "a model matches by prefix, not substring");
    }

    private java.util.Set<String> withSkeletonOf(String model) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (String sk : jp.jcstar.label.Confusables.skeletons(model)) out.addAll(store.labelIdsWithModelSkeleton(sk));
        return out;
    }

    @Test
    void modelSkeletonsFindLookAlikeDesignationsOfEveryLabel() {
        LabelRecord camera = inserted(label("株式会社サクラ電機", "P", "camera", 1, "SC-300", "SC-300W"));
        LabelRecord other = inserted(label("Kage", "P", "camera", 1, "SC-3OO"));
        inserted(label("V", "P", "router", 1, "SC-301"));
        assertEquals(java.util.Set.of(camera.id(), other.id()), withSkeletonOf("ＳＣ－３００"));
        assertEquals(java.util.Set.of(camera.id(), other.id()), withSkeletonOf("S\u0421-300")); // Cyrillic Es
        assertEquals(java.util.Set.of(camera.id()), withSkeletonOf("sc-3oow"));
        assertEquals(java.util.Set.of(), withSkeletonOf("SC-302"));
    }

    @Test
    void productMatchesAsSubstringAfterNormalisation() {
        LabelRecord a = inserted(label("V", "スマートルータ ＰＲＯ", "router", 1, "M-1"));
        inserted(label("V", "ネットワークカメラ", "camera", 1, "M-2"));
        assertEquals(List.of(a.id()), ids(new LabelQuery(null, null, "ルータ pro", null, null, null)));
    }

    private static LabelQuery product(String p) {
        return new LabelQuery(null, null, p, null, null, null);
    }

    @Test
    void searchAsJapaneseUsersTypeIt() {
        LabelRecord router = inserted(label("東都ネットワークス株式会社", "無線LANルータ TN-WR5400", "router", 1, "TN-WR5400"));
        LabelRecord camera = inserted(label("株式会社サクラ電機", "スマートホームカメラ SC-300", "camera", 1, "SC-300", "SC-300W"));
        inserted(label("Other", "ネットワークカメラ NC-3", "camera", 1, "NC-3"));
        for (String p : List.of("ルーター", "ルータ", "ﾙｰﾀｰ", "無線 LAN ルータ", "無線ＬＡＮルーター", "ＴＮ－ＷＲ５４００")) {
            assertEquals(List.of(router.id()), ids(product(p)), p);
        }
        for (String m :
                List.of("SC300", "ＳＣ－３００", "sc-300", "SC‐300", "SC−300", "SCー300", "sc 300", "SC-300W", "ｓｃ３")) {
            assertEquals(List.of(camera.id()), ids(model(m)), m);
        }
        assertEquals(List.of(router.id()), ids(vendor("東都 ネットワークス")));
        assertEquals(List.of(camera.id()), ids(vendor("サクラ電機")));
        assertEquals(List.of(), ids(model("300")), "still a prefix match");
    }

    /**
     * The adapter's stored search keys of {@code records} rewritten as version 1 of the normalisation
     * wrote them (NFKC, lower case, spaces collapsed; the store's version mark removed), and the store
     * (re)opened over that data without migrating: what a registry made before version 2 holds.
     */
    protected abstract LabelStore withLegacySearchKeys(LabelStore store, List<LabelRecord> records) throws Exception;

    protected static String legacySearchKey(String s) {
        return java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFKC)
                .toLowerCase(java.util.Locale.ROOT)
                .strip()
                .replaceAll("\\s+", " ");
    }

    @Test
    void searchKeysOfAnOlderNormalisationAreMigrated() throws Exception {
        LabelRecord camera = inserted(label("株式会社サクラ 電機", "スマートホームカメラ SC-300", "camera", 1, "SC-300", "ＳＣ－３００Ｗ"));
        LabelRecord router = inserted(label("東都ネットワークス", "無線LANルーター", "router", 1, "TN-1"));
        store = withLegacySearchKeys(store, List.of(camera, router));
        store.migrateSearchKeys();
        assertEquals(List.of(camera.id()), ids(model("sc300")));
        assertEquals(List.of(camera.id()), ids(model("SC-300W")));
        assertEquals(List.of(camera.id()), ids(vendor("サクラ電機")));
        assertEquals(List.of(router.id()), ids(product("ルータ")));
        assertEquals(List.of(camera.id(), router.id()), ids(LabelQuery.ALL));
        assertEquals(0, store.migrateSearchKeys(), "a second run finds nothing to do");
        LabelRecord later = inserted(label("V", "P", "router", 1, "XY-9"));
        assertEquals(List.of(later.id()), ids(model("xy9")));
    }

    @Test
    void categoryLevelAndStateMatchExactly() {
        LabelRecord r1 = inserted(label("V", "P", "router", 1, "M-1"));
        LabelRecord c2 = inserted(label("V", "P", "camera", 2, "M-2"));
        LabelRecord r2 = inserted(label("V", "P", "router", 2, "M-3"));
        changeStatus(r2, LabelState.SUSPENDED, RevocationReason.UNDER_INVESTIGATION, T0.plusSeconds(60));
        assertEquals(List.of(r1.id(), r2.id()), ids(new LabelQuery(null, null, null, "router", null, null)));
        assertEquals(List.of(c2.id(), r2.id()), ids(new LabelQuery(null, null, null, null, 2, null)));
        assertEquals(List.of(r2.id()), ids(new LabelQuery(null, null, null, null, null, LabelState.SUSPENDED)));
        assertEquals(List.of(r1.id(), c2.id()), ids(new LabelQuery(null, null, null, null, null, LabelState.VALID)));
        assertEquals(List.of(r2.id()), ids(new LabelQuery(null, null, null, "router", 2, null)));
        assertEquals(List.of(), ids(new LabelQuery(null, null, null, "router", 2, LabelState.VALID)));
        assertEquals(List.of(r1.id(), c2.id(), r2.id()), ids(LabelQuery.ALL));
    }

    @Test
    void allGivenFieldsMustMatch() {
        LabelRecord hit = inserted(label("ＡＢＣ Corp", "Router", "router", 2, "WR-1"));
        inserted(label("ABC Corp", "Router", "router", 1, "WR-2"));
        inserted(label("ABC Corp", "Camera", "camera", 2, "WR-3"));
        inserted(label("XYZ", "Router", "router", 2, "WR-4"));
        assertEquals(List.of(hit.id()), ids(new LabelQuery("abc", "wr", "rout", "router", 2, LabelState.VALID)));
    }

    @Test
    void pagingVisitsEveryMatchExactlyOnce() {
        Set<String> matching = new HashSet<>();
        for (int i = 0; i < 25; i++)
            matching.add(
                    inserted(label("Paging 株式会社", "P", "router", 1, "PG-" + i)).id());
        for (int i = 0; i < 5; i++) inserted(label("Someone else", "P", "router", 1, "X-" + i));
        for (LabelQuery q : List.of(vendor("paging"), model("pg-"))) {
            List<Integer> sizes = new ArrayList<>();
            List<String> seen = new ArrayList<>();
            String cursor = null;
            do {
                Page<LabelRecord> page = store.search(q, cursor, 7);
                sizes.add(page.items().size());
                page.items().forEach(r -> seen.add(r.id()));
                cursor = page.next();
            } while (cursor != null);
            assertEquals(List.of(7, 7, 7, 4), sizes, q.toString());
            assertEquals(25, seen.size());
            assertEquals(matching, new HashSet<>(seen));
            assertEquals(seen.stream().sorted().toList(), seen, "pages are in label id order");
        }
        List<String> all = new ArrayList<>();
        String cursor = null;
        do {
            Page<LabelRecord> page = store.search(LabelQuery.ALL, cursor, 7);
            page.items().forEach(r -> all.add(r.id()));
            cursor = page.next();
        } while (cursor != null);
        assertEquals(30, all.size());
        assertEquals(30, new HashSet<>(all).size());
    }

    @Test
    void exactMultipleOfTheLimitEndsWithoutAnEmptyPage() {
        for (int i = 0; i < 6; i++) inserted(label("V", "P", "router", 1, "M-" + i));
        Page<LabelRecord> first = store.search(LabelQuery.ALL, null, 3);
        Page<LabelRecord> second = store.search(LabelQuery.ALL, first.next(), 3);
        assertEquals(3, second.items().size());
        assertNull(second.next());
    }

    @Test
    void cursorsThisStoreDidNotMakeAreRejected() {
        inserted(label("V", "P", "router", 1, "M-1"));
        var b64 = Base64.getUrlEncoder().withoutPadding();
        for (String bogus : List.of(
                "",
                "bogus!",
                "not-a-cursor",
                "////",
                b64.encodeToString("c1:../etc".getBytes(StandardCharsets.UTF_8)),
                b64.encodeToString("{\"after\":\"JC26-T00001\"}".getBytes(StandardCharsets.UTF_8)))) {
            assertThrows(IllegalArgumentException.class, () -> store.search(LabelQuery.ALL, bogus, 10), bogus);
        }
    }

    @Test
    void limitOutsideOneToThousandIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> store.search(LabelQuery.ALL, null, 0));
        assertThrows(IllegalArgumentException.class, () -> store.search(LabelQuery.ALL, null, 1001));
    }

    // ------------------------------------------------------------------ status

    @Test
    void updateWithStaleVersionIsConcurrentUpdateAndChangesNothing() {
        LabelRecord r = inserted(label("V", "P", "router", 1, "M-1"));
        LabelRecord suspended =
                changeStatus(r, LabelState.SUSPENDED, RevocationReason.UNDER_INVESTIGATION, T0.plusSeconds(10));
        LabelRecord stale =
                r.withStatus(LabelState.REVOKED, RevocationReason.FRAUDULENT, T0.plusSeconds(20), T0.plusSeconds(20));
        assertThrows(
                ConcurrentUpdateException.class,
                () -> store.updateStatus(
                        stale,
                        new StatusChange(
                                r.id(),
                                LabelState.VALID,
                                LabelState.REVOKED,
                                RevocationReason.FRAUDULENT,
                                T0,
                                T0,
                                "op",
                                null)));
        assertEquals(Optional.of(suspended), store.get(r.id()));
        assertEquals(1, store.history(r.id()).size());
    }

    @Test
    void updateOfAMissingLabelIsConcurrentUpdate() {
        LabelRecord ghost = label("V", "P", "router", 1, "M-1");
        LabelRecord updated = ghost.withStatus(LabelState.REVOKED, RevocationReason.FRAUDULENT, T0, T0);
        assertThrows(
                ConcurrentUpdateException.class,
                () -> store.updateStatus(
                        updated,
                        new StatusChange(
                                ghost.id(),
                                LabelState.VALID,
                                LabelState.REVOKED,
                                RevocationReason.FRAUDULENT,
                                T0,
                                T0,
                                "op",
                                null)));
        assertEquals(Optional.empty(), store.get(ghost.id()));
    }

    @Test
    void racingUpdatesOfOneLabelFromTheSameVersionLetExactlyOneWin() throws Exception {
        LabelRecord r = inserted(label("V", "P", "router", 1, "M-1"));
        List<Callable<Boolean>> tasks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Instant at = T0.plusSeconds(100 + i);
            tasks.add(() -> {
                try {
                    changeStatus(r, LabelState.SUSPENDED, RevocationReason.UNDER_INVESTIGATION, at);
                    return true;
                } catch (ConcurrentUpdateException e) {
                    return false;
                }
            });
        }
        List<Boolean> won = parallel(8, tasks);
        assertEquals(1, won.stream().filter(b -> b).count(), won.toString());
        assertEquals(2, store.get(r.id()).orElseThrow().version());
        assertEquals(1, store.history(r.id()).size());
    }

    @Test
    void fiftyParallelStatusUpdatesOnDifferentLabelsLoseNone() throws Exception {
        List<LabelRecord> labels = new ArrayList<>();
        for (int i = 0; i < 50; i++) labels.add(inserted(label("V", "P", "router", 1, "M-" + i)));
        List<Callable<LabelRecord>> tasks = new ArrayList<>();
        for (LabelRecord r : labels)
            tasks.add(() -> changeStatus(r, LabelState.REVOKED, RevocationReason.VENDOR_REQUEST, T0.plusSeconds(5)));
        List<LabelRecord> updated = parallel(16, tasks);
        for (LabelRecord u : updated) {
            assertEquals(Optional.of(u), store.get(u.id()));
            assertEquals(1, store.history(u.id()).size());
        }
        assertEquals(
                50,
                ids(new LabelQuery(null, null, null, null, null, LabelState.REVOKED))
                        .size());
    }

    @Test
    void historyIsReturnedOldestFirst() {
        LabelRecord r = inserted(label("V", "P", "router", 1, "M-1"));
        LabelRecord s = changeStatus(r, LabelState.SUSPENDED, RevocationReason.UNDER_INVESTIGATION, T0.plusSeconds(10));
        LabelRecord v = changeStatus(s, LabelState.VALID, null, T0.plusSeconds(20));
        changeStatus(v, LabelState.REVOKED, RevocationReason.NONCONFORMITY, T0.plusSeconds(30));
        List<StatusChange> history = store.history(r.id());
        assertEquals(
                List.of(
                        new StatusChange(
                                r.id(),
                                LabelState.VALID,
                                LabelState.SUSPENDED,
                                RevocationReason.UNDER_INVESTIGATION,
                                T0.plusSeconds(10),
                                T0.plusSeconds(10).plusMillis(1),
                                "ipa-operator",
                                "理由: 検査"),
                        new StatusChange(
                                r.id(),
                                LabelState.SUSPENDED,
                                LabelState.VALID,
                                null,
                                T0.plusSeconds(20),
                                T0.plusSeconds(20).plusMillis(1),
                                "ipa-operator",
                                "理由: 検査"),
                        new StatusChange(
                                r.id(),
                                LabelState.VALID,
                                LabelState.REVOKED,
                                RevocationReason.NONCONFORMITY,
                                T0.plusSeconds(30),
                                T0.plusSeconds(30).plusMillis(1),
                                "ipa-operator",
                                "理由: 検査")),
                history);
    }

    @Test
    void aChangeForAnotherLabelIsRefused() {
        LabelRecord r = inserted(label("V", "P", "router", 1, "M-1"));
        LabelRecord updated = r.withStatus(LabelState.REVOKED, RevocationReason.FRAUDULENT, T0, T0);
        try {
            store.updateStatus(
                    updated,
                    new StatusChange("JC26-OTHER001", LabelState.VALID, LabelState.REVOKED, null, T0, T0, "op", null));
            fail("expected a refusal");
        } catch (IllegalArgumentException | ConcurrentUpdateException expected) {
            assertEquals(Optional.of(r), store.get(r.id()));
        }
        assertTrue(store.history(r.id()).isEmpty());
    }

    // ------------------------------------------------------------------ status-list entries

    @Test
    void listEntriesFollowEveryStatusChangeAndKeepListsApart() {
        assertEquals(Map.of(), store.listEntries(1));
        LabelRecord a = inserted(labelAt(1, 0));
        LabelRecord b = inserted(labelAt(1, 1023));
        LabelRecord c = inserted(labelAt(1, 1024));
        LabelRecord d = inserted(labelAt(1, 131_071));
        LabelRecord other = inserted(labelAt(2, 1023));
        assertEquals(Map.of(), store.listEntries(1), "new labels are valid: no entries");

        changeStatus(a, LabelState.REVOKED, RevocationReason.FRAUDULENT, T0.plusSeconds(1));
        LabelRecord bs = changeStatus(b, LabelState.SUSPENDED, RevocationReason.UNDER_INVESTIGATION, T0.plusSeconds(2));
        LabelRecord cs = changeStatus(c, LabelState.SUPPORT_ENDED, RevocationReason.SUPPORT_ENDED, T0.plusSeconds(3));
        changeStatus(d, LabelState.EXPIRED, null, T0.plusSeconds(4));
        changeStatus(other, LabelState.REVOKED, RevocationReason.NONCONFORMITY, T0.plusSeconds(5));
        assertEquals(
                Map.of(
                        0,
                        LabelState.REVOKED,
                        1023,
                        LabelState.SUSPENDED,
                        1024,
                        LabelState.SUPPORT_ENDED,
                        131_071,
                        LabelState.EXPIRED),
                store.listEntries(1));
        assertEquals(Map.of(1023, LabelState.REVOKED), store.listEntries(2));

        changeStatus(bs, LabelState.VALID, null, T0.plusSeconds(6)); // reinstated: the entry goes
        changeStatus(
                cs,
                LabelState.REVOKED,
                RevocationReason.KEY_COMPROMISE,
                T0.plusSeconds(7)); // moves, never in two states
        assertEquals(
                Map.of(0, LabelState.REVOKED, 1024, LabelState.REVOKED, 131_071, LabelState.EXPIRED),
                store.listEntries(1));
        assertEquals(Map.of(), store.listEntries(3));
    }

    @Test
    void aRefusedStatusChangeLeavesTheListEntriesAlone() {
        LabelRecord r = inserted(labelAt(1, 7));
        changeStatus(r, LabelState.SUSPENDED, RevocationReason.UNDER_INVESTIGATION, T0.plusSeconds(1));
        LabelRecord stale =
                r.withStatus(LabelState.REVOKED, RevocationReason.FRAUDULENT, T0.plusSeconds(2), T0.plusSeconds(2));
        assertThrows(
                ConcurrentUpdateException.class,
                () -> store.updateStatus(
                        stale,
                        new StatusChange(
                                r.id(),
                                LabelState.VALID,
                                LabelState.REVOKED,
                                RevocationReason.FRAUDULENT,
                                T0,
                                T0,
                                "op",
                                null)));
        assertEquals(Map.of(7, LabelState.SUSPENDED), store.listEntries(1));
    }

    @Test
    void aLabelStoredNotValidIsAnEntryFromItsInsert() {
        LabelRecord r = labelAt(1, 99).withStatus(LabelState.REVOKED, RevocationReason.FRAUDULENT, T0, T0);
        inserted(r);
        assertEquals(Map.of(99, LabelState.REVOKED), store.listEntries(1));
    }

    @Test
    void parallelRevocationsInOneListAreAllEntries() throws Exception {
        List<LabelRecord> labels = new ArrayList<>();
        // 60 labels over three chunks of the DynamoDB adapter, so writers share chunk items
        for (int i = 0; i < 60; i++) labels.add(inserted(labelAt(1, i * 50)));
        List<Callable<LabelRecord>> tasks = new ArrayList<>();
        for (LabelRecord r : labels)
            tasks.add(() -> changeStatus(r, LabelState.REVOKED, RevocationReason.VENDOR_REQUEST, T0.plusSeconds(5)));
        parallel(16, tasks);
        Map<Integer, LabelState> expected = new HashMap<>();
        for (LabelRecord r : labels) expected.put(r.claims().status().index(), LabelState.REVOKED);
        assertEquals(expected, store.listEntries(1));
    }
}
