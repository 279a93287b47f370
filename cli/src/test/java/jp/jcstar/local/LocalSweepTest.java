package jp.jcstar.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import jp.jcstar.functions.Wiring;
import jp.jcstar.status.LabelState;
import jp.jcstar.status.StatusList;
import jp.jcstar.status.StatusListToken;
import jp.jcstar.store.LabelQuery;
import jp.jcstar.store.LabelRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSweepTest {
    @Test
    void theDailyRunIsAtFiveMinutesPastMidnightJapanTime() {
        assertEquals(
                ZonedDateTime.parse("2026-11-28T00:05+09:00[Asia/Tokyo]"),
                LocalSweep.nextRun(ZonedDateTime.parse("2026-11-28T00:04:59+09:00[Asia/Tokyo]")));
        assertEquals(
                ZonedDateTime.parse("2026-11-29T00:05+09:00[Asia/Tokyo]"),
                LocalSweep.nextRun(ZonedDateTime.parse("2026-11-28T00:05+09:00[Asia/Tokyo]")));
        // 23:00 UTC is already 08:00 the next day in Japan
        assertEquals(
                ZonedDateTime.parse("2026-11-30T00:05+09:00[Asia/Tokyo]"),
                LocalSweep.nextRun(ZonedDateTime.of(2026, 11, 28, 23, 0, 0, 0, ZoneOffset.UTC)));
    }

    @Test
    void theStartUpSweepStoresAnEndedSupportPeriodAndPublishesItOnce(@TempDir Path home) throws Exception {
        Wiring wiring = Wiring.embedded(home, "http://127.0.0.1:8080", Clock.systemUTC());
        DemoData.seed(wiring); // DEMO-0013: issued 700 days ago, support ended 30 days ago, stored valid
        LabelRecord router =
                wiring.registry().store().findByApplication("DEMO-0013").orElseThrow();
        assertEquals(LabelState.VALID, router.state());
        LabelQuery ended = new LabelQuery(null, null, null, null, null, LabelState.SUPPORT_ENDED);
        assertTrue(wiring.registry().store().search(ended, null, 10).items().isEmpty());

        LocalSweep sweep = new LocalSweep(wiring);
        assertEquals(2, sweep.runNow(), "DEMO-0013 support-ended, DEMO-0014 expired");

        assertEquals(
                LabelState.SUPPORT_ENDED,
                wiring.registry().store().get(router.id()).orElseThrow().state());
        assertEquals(
                router.id(),
                wiring.registry()
                        .store()
                        .search(ended, null, 10)
                        .items()
                        .getFirst()
                        .id());
        int n = router.claims().status().list();
        StatusList list = StatusListToken.parse(
                        wiring.publisher().token(n).orElseThrow(),
                        wiring.keys(),
                        wiring.publisher().listUri(n),
                        Instant.now())
                .list();
        assertEquals(3, list.get(router.claims().status().index()), "support-ended is 3 in the published list");
        assertEquals(0, sweep.runNow(), "idempotent");
        sweep.close();
    }
}
