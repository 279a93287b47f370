package jp.jcstar.local;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import jp.jcstar.functions.SweepHandler;
import jp.jcstar.functions.Wiring;
import jp.jcstar.lint.SuppressForbidden;

/**
 * The laptop's stand-in for the daily EventBridge schedule of template.yaml: the same
 * {@link SweepHandler} (support-ended / expired stored, every status list and the JWKS re-signed) once at
 * start-up and then every day at 00:05 Japan time, so a local registry left running keeps its stored
 * statuses, searches and status lists as current as the one in AWS. A failed run is reported and the
 * next day's run tries again. {@link #close()} stops the schedule.
 */
@SuppressForbidden("the local server reports on its console")
public final class LocalSweep implements AutoCloseable {
    static final ZoneId JST = ZoneId.of("Asia/Tokyo");
    static final LocalTime AT = LocalTime.of(0, 5);

    private final SweepHandler sweep;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "daily-sweep");
        t.setDaemon(true);
        return t;
    });

    public LocalSweep(Wiring wiring) {
        this.sweep = new SweepHandler(wiring);
    }

    /** Runs the sweep now, in this thread; returns how many labels it moved. */
    public int runNow() {
        return ((Number) sweep.handleRequest(Map.of(), null).get("moved")).intValue();
    }

    /**
     * At start-up: re-signs every status list and the JWKS, then runs the sweep. The sweep re-signs only on
     * the first run of a Japan day, but a server that was killed between a commit and its publication
     * left a list behind the store, and nothing else would publish it before the next change in that list.
     */
    public int runAtStart(Wiring wiring) {
        wiring.publisher().republishAll();
        return runNow();
    }

    /** Schedules the daily runs (the first at the next 00:05 JST). */
    public void schedule() {
        long delay = Duration.between(ZonedDateTime.now(JST), nextRun(ZonedDateTime.now(JST)))
                .toMillis();
        timer.scheduleAtFixedRate(
                () -> {
                    try {
                        int moved = runNow();
                        System.out.println("daily sweep: " + moved + " labels moved, status lists re-signed");
                    } catch (RuntimeException e) {
                        System.err.println("daily sweep failed (tried again tomorrow): " + e);
                    }
                },
                delay,
                TimeUnit.DAYS.toMillis(1),
                TimeUnit.MILLISECONDS);
    }

    /** The first 00:05 Japan time strictly after {@code now}. */
    static ZonedDateTime nextRun(ZonedDateTime now) {
        ZonedDateTime jst = now.withZoneSameInstant(JST);
        ZonedDateTime today = jst.toLocalDate().atTime(AT).atZone(JST);
        return today.isAfter(jst) ? today : today.plusDays(1);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
