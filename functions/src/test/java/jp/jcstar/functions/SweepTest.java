package jp.jcstar.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import jp.jcstar.label.Application;
import jp.jcstar.label.LabelClaims;
import jp.jcstar.registry.Registry;
import jp.jcstar.requirements.Declaration;
import jp.jcstar.requirements.RequirementsCatalogue;
import jp.jcstar.status.LabelState;
import jp.jcstar.status.RevocationReason;
import jp.jcstar.status.StatusList;
import jp.jcstar.status.StatusListToken;
import jp.jcstar.status.StatusRules;
import jp.jcstar.store.LabelRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daily sweep ({@link Registry#sweep}) on the embedded wiring with a clock moved forward: it stores
 * support-ended and expired, is idempotent, leaves the operator's decisions alone, and the republished
 * status list carries support-ended as 3 (expired stays 0: verifiers compute it from the label).
 */
class SweepTest {
    static final Instant ISSUE = Instant.parse("2026-04-01T00:00:00Z");
    static final String SITE = "https://registry.example.jp";

    @TempDir
    Path home;

    final MovableClock clock = new MovableClock(ISSUE);
    Wiring wiring;
    Registry registry;

    @BeforeEach
    void wire() {
        wiring = Wiring.embedded(home, SITE, clock);
        registry = wiring.registry();
    }

    @Test
    void pastTheSupportEndTheSweepStoresSupportEndedOnceAndTheListShowsThree() throws Exception {
        LabelClaims ending = issue("SW-1", "2027-03-31");
        LabelClaims lasting = issue("SW-2", "2031-03-31");
        LabelClaims revoked = issue("SW-3", "2027-03-31");
        LabelClaims suspended = issue("SW-4", "2027-03-31");
        registry.change(revoked.id(), Registry.Action.REVOKE, RevocationReason.NONCONFORMITY, null, "test", null);
        registry.change(
                suspended.id(), Registry.Action.SUSPEND, RevocationReason.UNDER_INVESTIGATION, null, "test", null);

        clock.set(LocalDate.parse("2027-03-31")
                .atTime(23, 59, 59)
                .atZone(ZoneId.of("Asia/Tokyo"))
                .toInstant());
        assertEquals(0, registry.sweep(null), "the last day of support is still supported (JST)");

        clock.set(StatusRules.supportEndsAt(LocalDate.parse("2027-03-31"))); // 2027-04-01 00:00 JST
        assertEquals(2, registry.sweep(null), "the valid and the suspended label past their support end");
        assertEquals(0, registry.sweep(null), "idempotent: the second run moves nothing");

        LabelRecord moved = registry.store().get(ending.id()).orElseThrow();
        assertEquals(LabelState.SUPPORT_ENDED, moved.state());
        assertEquals(RevocationReason.SUPPORT_ENDED, moved.reason());
        assertEquals(StatusRules.supportEndsAt(ending.supportEnd()), moved.stateEffectiveAt());
        assertEquals("system:sweep", registry.history(ending.id()).getLast().actor());
        assertEquals(
                LabelState.SUPPORT_ENDED,
                registry.store().get(suspended.id()).orElseThrow().state());
        assertEquals(
                LabelState.REVOKED,
                registry.store().get(revoked.id()).orElseThrow().state(),
                "an operator's revocation stays");
        assertEquals(
                LabelState.VALID,
                registry.store().get(lasting.id()).orElseThrow().state());

        StatusList list = publishedList(1);
        assertEquals(3, list.get(ending.status().index()), "support-ended = 3");
        assertEquals(3, list.get(suspended.status().index()));
        assertEquals(1, list.get(revoked.status().index()));
        assertEquals(0, list.get(lasting.status().index()));
        assertEquals(3, list.countNotValid());

        var answer = registry.verify(registry.require(ending.id()).record().jws());
        assertEquals(LabelState.SUPPORT_ENDED, answer.status());
        assertEquals("support-ended", answer.reason());
    }

    @Test
    void pastTheValidityEndTheSweepStoresExpiredOnceAndTheListKeepsZero() throws Exception {
        LabelClaims label = issue("SW-EXP-1", "2031-03-31");
        clock.set(label.validUntil().minusSeconds(1));
        assertEquals(0, registry.sweep(null));
        clock.set(label.validUntil());
        assertEquals(1, registry.sweep(null));
        assertEquals(0, registry.sweep(null), "idempotent");

        LabelRecord r = registry.store().get(label.id()).orElseThrow();
        assertEquals(LabelState.EXPIRED, r.state());
        assertNull(r.reason());
        assertEquals(label.validUntil(), r.stateEffectiveAt());
        assertEquals(
                0,
                publishedList(1).get(label.status().index()),
                "expired is not a list value: verifiers compute it from the label");
        assertEquals(LabelState.EXPIRED, registry.verify(r.jws()).status());
    }

    @Test
    void theScheduledHandlerSweepsAndReSignsTheLists() throws Exception {
        LabelClaims label = issue("SW-H-1", "2027-03-31");
        String before = token(1);
        clock.set(StatusRules.supportEndsAt(label.supportEnd()).plusSeconds(3600));
        SweepHandler handler = new SweepHandler(wiring);
        assertEquals(1, handler.handleRequest(Map.of(), null).get("moved"));
        assertEquals(
                Map.of("moved", 0, "resigned", false, "complete", true),
                handler.handleRequest(Map.of(), null),
                "the day's pass is complete: later invocations that day only read its state");
        StatusListToken after =
                StatusListToken.parse(token(1), wiring.keys(), SITE + "/v1/status-lists/1", clock.instant());
        assertEquals(3, after.list().get(label.status().index()));
        assertTrue(
                after.issuedAt()
                        .isAfter(StatusListToken.parse(
                                        before, wiring.keys(), SITE + "/v1/status-lists/1", clock.instant())
                                .issuedAt()),
                "re-signed with the sweep's time, so the list does not reach its exp");
    }

    @Test
    void everyInvocationReportsTheAgeOfTheLastReSignatureAsAMetric() throws Exception {
        issue("SW-M-1", "2031-03-31");
        clock.set(ISSUE.plusSeconds(3600));
        SweepHandler handler = new SweepHandler(wiring);
        handler.handleRequest(Map.of(), null); // re-signs now
        clock.set(ISSUE.plusSeconds(3600 + 1800));
        var out = new java.io.ByteArrayOutputStream();
        var saved = System.out;
        System.setOut(new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            handler.handleRequest(Map.of(), null);
        } finally {
            System.setOut(saved);
        }
        String line = out.toString(StandardCharsets.UTF_8)
                .lines()
                .filter(l -> l.startsWith("{\"_aws\""))
                .findFirst()
                .orElseThrow();
        var emf = jp.jcstar.json.Json.parse(line);
        var def = emf.path("_aws").path("CloudWatchMetrics").get(0);
        assertEquals(SweepHandler.METRIC_NAMESPACE, def.path("Namespace").asText());
        assertEquals(
                SweepHandler.METRIC_AGE, def.path("Metrics").get(0).path("Name").asText());
        assertEquals("[[\"FunctionName\"]]", def.path("Dimensions").toString());
        assertEquals(1800, emf.path(SweepHandler.METRIC_AGE).asLong(), "seconds since the lists were re-signed");
        assertTrue(emf.hasNonNull("FunctionName"));
    }

    private LabelClaims issue(String applicationId, String supportEnd) {
        List<Declaration.Answer> answers = RequirementsCatalogue.get().starOne().stream()
                .map(r -> new Declaration.Answer(
                        r.id(), Declaration.Verdict.CONFORMS, "試験で確認 (" + r.id() + ")", List.of()))
                .toList();
        Application app = new Application(
                applicationId,
                1,
                List.of("SC-300"),
                "スマートホームカメラ SC-300",
                "株式会社サクラ電機",
                "camera",
                LocalDate.parse(supportEnd),
                new Declaration(answers, null));
        return registry.issue(app).label().record().claims();
    }

    private String token(int n) {
        return new String(
                wiring.blobs().get("v1/status-lists/" + n).orElseThrow().bytes(), StandardCharsets.US_ASCII);
    }

    private StatusList publishedList(int n) throws Exception {
        return StatusListToken.parse(token(n), wiring.keys(), SITE + "/v1/status-lists/" + n, clock.instant())
                .list();
    }

    /** A clock the test moves; the registry and the publisher both read it. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
