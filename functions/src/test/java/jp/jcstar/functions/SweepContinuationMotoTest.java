package jp.jcstar.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.jcstar.aws.DynamoLabelStore;
import jp.jcstar.aws.S3BlobStore;
import jp.jcstar.label.Fixtures;
import jp.jcstar.label.LabelClaims;
import jp.jcstar.signing.LocalKeySigner;
import jp.jcstar.signing.Signer;
import jp.jcstar.status.LabelState;
import jp.jcstar.status.StatusListToken;
import jp.jcstar.status.StatusRules;
import jp.jcstar.store.BlobStore;
import jp.jcstar.store.LabelStore;
import jp.jcstar.testing.Moto;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sweep on moto with a registry larger than one step: it re-signs the status lists before it
 * moves any label (and keeps them re-signed when the label pass fails), then continues the pass over
 * several invocations from the cursor it keeps in the bucket, until complete; the day's later
 * invocations do nothing, the next day's start a new pass.
 */
class SweepContinuationMotoTest {
    static final String SITE = "https://registry.example.jp";
    static final int STEP = 3;
    final SweepTest.MovableClock clock = new SweepTest.MovableClock(Instant.parse("2026-04-01T00:00:00Z"));
    final String table = Moto.uniqueName("sweep-labels"), bucket = Moto.uniqueName("sweep-files");
    final Signer signer = LocalKeySigner.generate();
    LabelStore store;
    BlobStore blobs;
    Wiring wiring;
    final List<LabelClaims> ending = new ArrayList<>();

    @BeforeEach
    void registry() {
        DynamoLabelStore.createTable(Moto.clients().dynamo(), table);
        S3BlobStore.createBucket(Moto.clients().s3(), bucket);
        store = new DynamoLabelStore(Moto.clients().dynamo(), table);
        blobs = new S3BlobStore(Moto.clients().s3(), bucket);
        wiring = wiring(store);
        var issue = new IssueLabelHandler(wiring);
        for (int i = 0; i < 8; i++) {
            String end = i < 7 ? "2027-03-31" : "2031-03-31";
            var app = Fixtures.starOneApplication("SWEEP-" + i, List.of("SW-" + i), r -> "試験で確認 (" + r + ")");
            app.put("supportEnd", end);
            var r = issue.handleRequest(TestApi.withBody("issue-label-iam.json", app.toString()), null);
            assertEquals(201, r.getStatusCode(), r.getBody());
            if (i < 7)
                ending.add(store.get(TestApi.json(r).get("id").asText())
                        .orElseThrow()
                        .claims());
        }
    }

    @Test
    void everyTickNumbersTheTransparencyLogsPendingEntriesAndTheLabelRecordThenPointsIntoIt() {
        var log = (jp.jcstar.store.LogStore) store;
        assertEquals(0, log.logSize(), "written with each issuance, numbered only by the sequencer");
        String id = ending.getFirst().id();
        var before = new GetLabelHandler(wiring.registry())
                .handleRequest(TestApi.event("get-label.json", Map.of("LABELID", id)), null);
        assertFalse(TestApi.json(before).has("logIndex"), "no index before it is sequenced");
        clock.set(Instant.parse("2026-04-01T00:10:00Z")); // a tick of the same day as the issuances: nothing moves
        new SweepHandler(wiring, STEP, Duration.ZERO).handleRequest(Map.of(), null);
        assertEquals(8, log.logSize());
        var after = new GetLabelHandler(wiring.registry())
                .handleRequest(TestApi.event("get-label.json", Map.of("LABELID", id)), null);
        assertEquals(
                log.logIndexes(id).getFirst(),
                TestApi.json(after).get("logIndex").asLong());
    }

    @Test
    void aPassLargerThanOneStepReSignsFirstThenContinuesFromItsCursorUntilComplete() throws Exception {
        Instant day1 = StatusRules.supportEndsAt(LocalDate.parse("2027-03-31")).plusSeconds(300); // 00:05 JST
        clock.set(day1);
        SweepHandler sweep = new SweepHandler(wiring, STEP, Duration.ZERO); // one step per invocation

        Map<String, Object> first = sweep.handleRequest(Map.of(), null);
        assertEquals(true, first.get("resigned"));
        assertEquals(false, first.get("complete"), "8 labels do not fit one step of " + STEP);
        assertTrue((int) first.get("moved") <= STEP, first.toString());
        assertEquals(day1, listIssuedAt(), "the status list carries the sweep's time: re-signed");
        assertTrue(stillValid() >= ending.size() - STEP, "labels remain for later steps");
        String cursor = SweepHandler.read(blobs).orElseThrow().cursor();
        assertTrue(cursor != null && !cursor.isEmpty(), "the cursor is kept between invocations: " + cursor);

        int moved = (int) first.get("moved"), invocations = 1;
        Map<String, Object> r = first;
        while (!(boolean) r.get("complete")) {
            clock.set(clock.instant().plus(Duration.ofMinutes(10)));
            r = sweep.handleRequest(Map.of(), null);
            assertEquals(false, r.get("resigned"), "continuations do not re-sign again");
            assertTrue((int) r.get("moved") <= STEP);
            moved += (int) r.get("moved");
            assertTrue(++invocations < 10, "the pass ends");
        }
        assertTrue(invocations >= 3, "8 labels in steps of 3: " + invocations + " invocations");
        assertEquals(ending.size(), moved);
        assertEquals(0, stillValid() - 1, "only the label with support to 2031 stays valid");
        for (LabelClaims c : ending)
            assertEquals(
                    LabelState.SUPPORT_ENDED, store.get(c.id()).orElseThrow().state());

        clock.set(clock.instant().plus(Duration.ofMinutes(10)));
        assertEquals(
                Map.of("moved", 0, "resigned", false, "complete", true),
                sweep.handleRequest(Map.of(), null),
                "the day is done");

        Instant day2 = day1.plus(Duration.ofDays(1));
        clock.set(day2);
        assertEquals(true, sweep.handleRequest(Map.of(), null).get("resigned"), "a new day, a new pass");
        assertEquals(day2, listIssuedAt());
    }

    @Test
    void whenTheLabelPassFailsTheListsAreReSignedAllTheSameAndTheNextInvocationContinues() throws Exception {
        Instant day1 = StatusRules.supportEndsAt(LocalDate.parse("2027-03-31")).plusSeconds(300);
        clock.set(day1);
        LabelStore failing = (LabelStore) Proxy.newProxyInstance(
                LabelStore.class.getClassLoader(), new Class<?>[] {LabelStore.class}, (proxy, m, args) -> {
                    if (m.getName().equals("updateStatus"))
                        throw new IllegalStateException("injected: DynamoDB is failing");
                    try {
                        return m.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        var broken = new SweepHandler(wiring(failing), STEP, Duration.ZERO);
        var e = assertThrows(
                IllegalStateException.class,
                () -> broken.handleRequest(Map.of(), null),
                "a failure is an error (dead-letter queue, alarm)");
        assertTrue(e.getMessage().contains("injected"), e.getMessage());
        assertEquals(day1, listIssuedAt(), "re-signed before the failing label pass");
        assertEquals(ending.size() + 1, stillValid(), "nothing moved");

        clock.set(day1.plus(Duration.ofMinutes(10)));
        var healthy = new SweepHandler(wiring, 100, Duration.ofMinutes(5));
        Map<String, Object> r = healthy.handleRequest(Map.of(), null);
        assertEquals(false, r.get("resigned"), "the day's lists are already re-signed");
        assertEquals(true, r.get("complete"));
        assertEquals(ending.size(), r.get("moved"));
    }

    private Wiring wiring(LabelStore s) {
        return new Wiring(s, blobs, signer, List.of(), clock, SITE);
    }

    private int stillValid() {
        return (int) jp.jcstar.testing.StoreScan.all(store).stream()
                .filter(x -> x.state() == LabelState.VALID)
                .count();
    }

    private Instant listIssuedAt() throws Exception {
        int n = ending.getFirst().status().list();
        String token =
                new String(blobs.get("v1/status-lists/" + n).orElseThrow().bytes(), StandardCharsets.US_ASCII);
        return StatusListToken.parse(token, wiring.keys(), SITE + "/v1/status-lists/" + n, clock.instant())
                .issuedAt();
    }
}
