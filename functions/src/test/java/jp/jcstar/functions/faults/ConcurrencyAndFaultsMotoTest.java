package jp.jcstar.functions.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import jp.jcstar.aws.DynamoLabelStore;
import jp.jcstar.aws.S3BlobStore;
import jp.jcstar.functions.Wiring;
import jp.jcstar.json.Json;
import jp.jcstar.log.LogEntry;
import jp.jcstar.registry.ApplicationJson;
import jp.jcstar.registry.Registry;
import jp.jcstar.registry.TransitionRefusedException;
import jp.jcstar.requirements.RequirementsCatalogue;
import jp.jcstar.signing.LocalKeySigner;
import jp.jcstar.signing.Signer;
import jp.jcstar.status.LabelState;
import jp.jcstar.status.RevocationReason;
import jp.jcstar.status.StatusList;
import jp.jcstar.status.StatusListToken;
import jp.jcstar.store.BlobStore;
import jp.jcstar.store.LabelRecord;
import jp.jcstar.store.LabelStore;
import jp.jcstar.testing.Moto;
import jp.jcstar.testing.StoreScan;
import org.junit.jupiter.api.Test;

/**
 * The registry on DynamoDB and S3 (moto) under load and under failure. Rules guarded: no lost update,
 * no duplicate id, every revocation visible (in the store, in verification, in the signed status
 * list); a failure of KMS, S3 or DynamoDB in the middle of issuance never leaves a half-issued label
 * (a label without its application claim, or anything answered valid that is not stored), and the
 * retry of the same application completes it with the same label.
 *
 * <p>Size: {@code -Djcstar.concurrency.labels=N} (default keeps the test well under a minute on moto).
 */
class ConcurrencyAndFaultsMotoTest {
    static final int WRITERS = 50;
    static final int LABELS = Integer.getInteger("jcstar.concurrency.labels", 50);

    static Wiring onMoto(
            Signer signer,
            java.util.function.UnaryOperator<LabelStore> storeWrap,
            java.util.function.UnaryOperator<BlobStore> blobWrap) {
        String table = Moto.uniqueName("labels");
        DynamoLabelStore.createTable(Moto.clients().dynamo(), table);
        String bucket = Moto.uniqueName("files");
        S3BlobStore.createBucket(Moto.clients().s3(), bucket);
        return new Wiring(
                storeWrap.apply(new DynamoLabelStore(Moto.clients().dynamo(), table)),
                blobWrap.apply(new S3BlobStore(Moto.clients().s3(), bucket)),
                signer,
                List.of(),
                Clock.systemUTC(),
                "https://registry.example.jp");
    }

    static ObjectNode application(String id, String model) {
        ObjectNode a = Json.MAPPER.createObjectNode();
        a.put("applicationId", id);
        a.put("level", 1);
        a.putArray("models").add(model);
        a.put("product", "負荷試験カメラ " + model);
        a.put("vendor", "株式会社並行電機");
        a.put("category", "camera");
        a.put("supportEnd", "2031-03-31");
        var answers = a.putObject("declaration").putArray("answers");
        for (var r : RequirementsCatalogue.get().starOne())
            answers.addObject()
                    .put("requirement", r.id())
                    .put("verdict", "conforms")
                    .put("justification", "確認済み");
        return a;
    }

    static Registry.Issued issue(Wiring w, String appId) {
        return w.registry().issue(ApplicationJson.parse(application(appId, "M-" + appId)));
    }

    static List<LabelRecord> all(LabelStore store) {
        return StoreScan.all(store);
    }

    // ------------------------------------------------------------------ concurrency

    @Test
    void fiftyWritersIssueAndRevokeWithoutLosingOrDuplicatingAnything() throws Exception {
        Wiring w = onMoto(LocalKeySigner.generate(), s -> s, b -> b);
        long t0 = System.nanoTime();
        Map<String, String> idByApp = new ConcurrentHashMap<>();
        Set<String> revoked = ConcurrentHashMap.newKeySet();
        AtomicInteger refusedRevocations = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        int tenth = Math.max(100, LABELS / 10);
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < WRITERS; t++) {
                int writer = t;
                fs.add(pool.submit(() -> {
                    for (int i = writer; i < LABELS; i += WRITERS) {
                        String app = "LOAD-" + i;
                        var issued = issue(w, app);
                        String prev = idByApp.putIfAbsent(app, issued.label().id());
                        if (prev != null) assertEquals(prev, issued.label().id(), "one application, two labels");
                        // every fifth application is also sent by a second writer at once: must give the same label
                        if (i % 5 == 0)
                            assertEquals(
                                    issued.label().id(), issue(w, app).label().id());
                        if (i % 2 == 0) {
                            // two revocations of one label race; exactly one wins, the other is refused, none is lost
                            for (int k = 0; k < 2; k++) {
                                try {
                                    w.registry()
                                            .change(
                                                    issued.label().id(),
                                                    Registry.Action.REVOKE,
                                                    RevocationReason.NONCONFORMITY,
                                                    null,
                                                    "op:" + writer,
                                                    null);
                                    assertTrue(revoked.add(issued.label().id()), "revoked twice");
                                } catch (TransitionRefusedException e) {
                                    refusedRevocations.incrementAndGet();
                                }
                            }
                        }
                        if (done.incrementAndGet() % tenth == 0) {
                            System.out.printf(
                                    Locale.ROOT,
                                    "  %,d / %,d applications done, %.0f s%n",
                                    done.get(),
                                    LABELS,
                                    (System.nanoTime() - t0) / 1e9);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) f.get();
        } finally {
            pool.shutdown();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "ConcurrencyAndFaultsMotoTest: %d writers issued %d labels and revoked %d in %.1f s on moto%n",
                WRITERS,
                LABELS,
                revoked.size(),
                seconds);
        long t1 = System.nanoTime();

        LabelStore store = w.registry().store();
        List<LabelRecord> stored = all(store);
        assertEquals(LABELS, stored.size(), "lost or extra labels");
        Set<String> ids = new HashSet<>();
        Set<String> slots = new HashSet<>();
        for (LabelRecord r : stored) {
            assertTrue(ids.add(r.id()), "duplicate id " + r.id());
            assertTrue(
                    slots.add(r.claims().status().list() + "/"
                            + r.claims().status().index()),
                    "two labels share a status slot");
            assertEquals(
                    r.id(),
                    store.findByApplication(r.applicationId()).orElseThrow().id(),
                    "application claim and label disagree");
        }
        assertEquals(LABELS / 2 + (LABELS % 2), revoked.size());
        assertEquals(
                revoked.size(), refusedRevocations.get(), "each second revocation must be refused, not applied twice");
        Map<Integer, StatusList> lists = new java.util.HashMap<>();
        for (LabelRecord r : stored) {
            boolean shouldBeRevoked = revoked.contains(r.id());
            assertEquals(shouldBeRevoked ? LabelState.REVOKED : LabelState.VALID, r.state(), r.id());
            if (shouldBeRevoked)
                assertEquals(1, store.history(r.id()).size(), "exactly one recorded revocation for " + r.id());
            var v = w.registry().verify(r.jws());
            assertEquals(shouldBeRevoked ? "revoked" : "valid", v.status().code(), r.id());
            int n = r.claims().status().list();
            StatusList list = lists.computeIfAbsent(n, k -> {
                try {
                    return StatusListToken.parse(
                                    w.publisher().token(k).orElseThrow(),
                                    w.keys(),
                                    w.publisher().listUri(k),
                                    java.time.Instant.now())
                            .list();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            assertEquals(
                    shouldBeRevoked ? StatusList.INVALID : StatusList.VALID,
                    list.get(r.claims().status().index()),
                    "the published status list disagrees with the store for " + r.id());
        }
        // the transparency log, once sequenced and published as the sweep does in AWS: exactly one entry per issuance
        // and per revocation, and the auditor's replay of the published log (signature, every bundle hashed against
        // the signed root, then LogReplay as jcstar audit does) is the store: the same labels in the same states
        long t2 = System.nanoTime();
        var log = (jp.jcstar.store.LogStore) store;
        var logKey = jp.jcstar.log.LogKey.generate("registry.example.jp/log");
        var published = new jp.jcstar.log.LogPublisher(log, w.blobs(), logKey).publish();
        assertEquals(LABELS + revoked.size(), published.size(), "one log entry per change");
        var follower = new jp.jcstar.log.LogFollower(
                new jp.jcstar.log.NoteVerifier(logKey.verifierKey()),
                p -> w.blobs().get(p).map(BlobStore.Blob::bytes));
        var checkpoint = follower.latest();
        assertEquals(published, checkpoint);
        var replay = jp.jcstar.log.LogReplay.replay(follower.entries(checkpoint, null));
        Map<String, LabelState> logged = new java.util.TreeMap<>();
        replay.forEach((id, l) -> logged.put(id, l.state()));
        Map<String, LabelState> inStore = new java.util.TreeMap<>();
        for (LabelRecord r : stored) inStore.put(r.id(), r.state());
        assertEquals(inStore, logged, "the log's replay disagrees with the store");
        for (LabelRecord r : stored)
            assertTrue(
                    java.security.MessageDigest.isEqual(
                            LogEntry.sha256(r.jws()), replay.get(r.id()).jwsSha256()),
                    "the log names another JWS for " + r.id());
        System.out.printf(
                Locale.ROOT,
                "ConcurrencyAndFaultsMotoTest: %d log entries published, read back and replayed in %.1f s%n",
                published.size(),
                (System.nanoTime() - t2) / 1e9);
        System.out.printf(
                Locale.ROOT,
                "ConcurrencyAndFaultsMotoTest: every label, history, verification, status-list and log entry checked in %.1f s%n",
                (System.nanoTime() - t1) / 1e9);
    }

    // ------------------------------------------------------------------ faults

    /** A port whose named method fails while {@code armed} is set (once armed, it fires once). */
    @SuppressWarnings("unchecked")
    static <T> T failing(T real, Class<T> port, String method, AtomicBoolean armed, boolean afterCall) {
        return (T) Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (p, m, args) -> {
            boolean fire = m.getName().equals(method) && armed.compareAndSet(true, false);
            if (fire && !afterCall) throw new IllegalStateException("injected failure before " + method);
            Object out;
            try {
                out = m.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (fire) throw new IllegalStateException("injected failure after " + method + " (response lost)");
            return out;
        });
    }

    static void assertNoHalfIssuedLabel(Wiring w, String app) {
        LabelStore store = w.registry().store();
        for (LabelRecord r : all(store)) {
            assertEquals(
                    r.id(),
                    store.findByApplication(r.applicationId())
                            .map(LabelRecord::id)
                            .orElse(null),
                    "label without its application claim");
        }
        store.findByApplication(app)
                .ifPresent(r -> assertEquals(
                        r.id(), store.get(r.id()).orElseThrow().id(), "application claim without its label"));
    }

    static void assertRetryCompletes(Wiring w, String app, boolean firstAttemptStored) {
        var retry = issue(w, app);
        assertEquals(!firstAttemptStored, retry.created());
        assertEquals(
                "valid",
                w.registry().verify(retry.label().record().jws()).status().code());
        assertEquals(retry.label().id(), issue(w, app).label().id(), "issuance is idempotent after the retry");
        assertEquals(
                1,
                all(w.registry().store()).stream()
                        .filter(r -> r.applicationId().equals(app))
                        .count());
    }

    @Test
    void kmsFailingWhileSigningLeavesNothingAndTheRetryIssues() {
        AtomicBoolean armed = new AtomicBoolean();
        Signer signer = failing(LocalKeySigner.generate(), Signer.class, "sign", armed, false);
        Wiring w = onMoto(signer, s -> s, b -> b);
        armed.set(true);
        assertThrows(IllegalStateException.class, () -> issue(w, "KMS-1"));
        assertTrue(
                w.registry().store().findByApplication("KMS-1").isEmpty(),
                "a label was stored although signing failed");
        assertNoHalfIssuedLabel(w, "KMS-1");
        assertRetryCompletes(w, "KMS-1", false);
    }

    @Test
    void dynamoFailingBeforeTheInsertLeavesNothingAndTheRetryIssues() {
        AtomicBoolean armed = new AtomicBoolean();
        Wiring w = onMoto(LocalKeySigner.generate(), s -> failing(s, LabelStore.class, "insert", armed, false), b -> b);
        armed.set(true);
        assertThrows(IllegalStateException.class, () -> issue(w, "DDB-1"));
        assertTrue(w.registry().store().findByApplication("DDB-1").isEmpty());
        assertNoHalfIssuedLabel(w, "DDB-1");
        assertRetryCompletes(w, "DDB-1", false);
    }

    @Test
    void dynamoFailingAfterTheInsertCommittedIsCompletedByTheRetryWithTheSameLabel() {
        AtomicBoolean armed = new AtomicBoolean();
        Wiring w = onMoto(LocalKeySigner.generate(), s -> failing(s, LabelStore.class, "insert", armed, true), b -> b);
        armed.set(true);
        assertThrows(IllegalStateException.class, () -> issue(w, "DDB-2"));
        String stored =
                w.registry().store().findByApplication("DDB-2").orElseThrow().id();
        assertNoHalfIssuedLabel(w, "DDB-2");
        var retry = issue(w, "DDB-2");
        assertFalse(retry.created());
        assertEquals(stored, retry.label().id(), "the retry must return the label the lost response carried");
        assertEquals(
                "valid",
                w.registry().verify(retry.label().record().jws()).status().code());
    }

    @Test
    void s3FailingWhilePublishingAfterIssuanceIsCompletedByTheRetry() {
        AtomicBoolean armed = new AtomicBoolean();
        Wiring w = onMoto(LocalKeySigner.generate(), s -> s, b -> failing(b, BlobStore.class, "put", armed, false));
        armed.set(true);
        assertThrows(IllegalStateException.class, () -> issue(w, "S3-1"));
        assertNoHalfIssuedLabel(w, "S3-1");
        assertRetryCompletes(w, "S3-1", true);
        assertTrue(w.blobs().get("v1/status-lists/1").isPresent(), "the retry published the status list");
    }

    @Test
    void s3FailingWhilePublishingARevocationNeverLosesItFromTheStatusList() throws Exception {
        AtomicBoolean armed = new AtomicBoolean();
        Wiring w = onMoto(LocalKeySigner.generate(), s -> s, b -> failing(b, BlobStore.class, "put", armed, false));
        var issued = issue(w, "S3-2");
        String id = issued.label().id();
        armed.set(true);
        assertThrows(
                IllegalStateException.class,
                () -> w.registry()
                        .change(id, Registry.Action.REVOKE, RevocationReason.NONCONFORMITY, null, "op", null));
        assertEquals(
                LabelState.REVOKED, w.registry().store().get(id).orElseThrow().state(), "the revocation is stored");
        assertEquals(
                "revoked",
                w.registry().verify(issued.label().record().jws()).status().code());
        // the operator retries: refused as already revoked, and the pending list is published on the way
        assertThrows(
                TransitionRefusedException.class,
                () -> w.registry()
                        .change(id, Registry.Action.REVOKE, RevocationReason.NONCONFORMITY, null, "op", null));
        int n = issued.label().record().claims().status().list();
        StatusList list = StatusListToken.parse(
                        new String(
                                w.blobs()
                                        .get("v1/status-lists/" + n)
                                        .orElseThrow()
                                        .bytes(),
                                java.nio.charset.StandardCharsets.US_ASCII),
                        w.keys(),
                        w.publisher().listUri(n),
                        java.time.Instant.now())
                .list();
        assertEquals(
                StatusList.INVALID,
                list.get(issued.label().record().claims().status().index()),
                "revocation missing from the published list");
    }

    @Test
    void kmsFailingWhileSigningTheStatusListOfARevocationIsCompletedByTheNextChange() throws Exception {
        AtomicBoolean armed = new AtomicBoolean();
        Signer signer = failing(LocalKeySigner.generate(), Signer.class, "sign", armed, false);
        Wiring w = onMoto(signer, s -> s, b -> b);
        var a = issue(w, "KMS-2");
        var b = issue(w, "KMS-3");
        armed.set(true);
        assertThrows(
                IllegalStateException.class,
                () -> w.registry()
                        .change(
                                a.label().id(),
                                Registry.Action.REVOKE,
                                RevocationReason.NONCONFORMITY,
                                null,
                                "op",
                                null));
        // an unrelated later change publishes every pending list, the failed one included
        w.registry().change(b.label().id(), Registry.Action.SUSPEND, RevocationReason.NONCONFORMITY, null, "op", null);
        for (var x : List.of(a, b)) {
            int n = x.label().record().claims().status().list();
            StatusList list = StatusListToken.parse(
                            w.publisher().token(n).orElseThrow(),
                            w.keys(),
                            w.publisher().listUri(n),
                            java.time.Instant.now())
                    .list();
            assertEquals(
                    x == a ? StatusList.INVALID : StatusList.SUSPENDED,
                    list.get(x.label().record().claims().status().index()));
        }
    }
}
