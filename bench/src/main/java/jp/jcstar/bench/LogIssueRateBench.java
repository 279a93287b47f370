package jp.jcstar.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import jp.jcstar.embedded.H2LabelStore;
import jp.jcstar.embedded.LegacyH2LabelStore;
import jp.jcstar.label.LabelClaims;
import jp.jcstar.label.LabelCodec;
import jp.jcstar.label.StatusRef;
import jp.jcstar.store.LabelRecord;
import jp.jcstar.store.LabelStore;

/**
 * Parallel issuance into H2 with the transparency log (each insert also writes its unnumbered entry in
 * the same transaction, and one sequencer thread numbers the pending entries in batches meanwhile, as the
 * log's publisher does after changes) against the store before the log ({@link LegacyH2LabelStore}),
 * alternating, each round on a fresh database file. A logged round ends when every label is inserted
 * <em>and</em> sequenced. Measures the store alone — the part the log changes; signing and the QR code
 * (≈ 0.9 ms CPU per label, docs/benchmarks.md) come on top, unchanged.
 *
 * <pre>java -cp bench/target/benchmarks.jar jp.jcstar.bench.LogIssueRateBench [labels per round] [threads] [rounds] [dir]</pre>
 */
@jp.jcstar.lint.SuppressForbidden("a benchmark prints its results")
public final class LogIssueRateBench {
    public static void main(String[] args) throws Exception {
        int labels = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path dir = Path.of(
                args.length > 3
                        ? args[3]
                        : Files.createTempDirectory("jcstar-logbench").toString());
        System.out.printf(
                java.util.Locale.ROOT,
                "%d labels per round, %d threads, %d rounds, H2 files in %s%n",
                labels,
                threads,
                rounds,
                dir);
        List<Double> before = new ArrayList<>();
        List<Double> after = new ArrayList<>();
        for (int round = 0; round <= rounds; round++) { // round 0 warms the JIT up and is not counted
            for (boolean logged : new boolean[] {false, true}) {
                String url = "jdbc:h2:file:"
                        + dir.resolve((logged ? "log-" : "legacy-") + round).toAbsolutePath();
                LabelStore store = logged ? new H2LabelStore(url) : new LegacyH2LabelStore(url);
                double rate = run(store, labels, threads);
                if (logged) ((H2LabelStore) store).close();
                else ((LegacyH2LabelStore) store).close();
                System.out.printf(
                        java.util.Locale.ROOT,
                        "round %d %-22s %8.0f labels/s%n",
                        round,
                        logged ? "with the log" : "before (no log)",
                        rate);
                if (round > 0) (logged ? after : before).add(rate);
            }
        }
        double b = median(before);
        double a = median(after);
        System.out.printf(
                java.util.Locale.ROOT,
                "median: before %.0f labels/s, with the log %.0f labels/s, ratio %.2f (target ≥ 0.80)%n",
                b,
                a,
                a / b);
    }

    static double run(LabelStore store, int labels, int threads) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        long t0 = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            fs.add(pool.submit(() -> {
                for (int i; (i = next.getAndIncrement()) < labels; ) {
                    if (!(store.insert(label(i)) instanceof LabelStore.InsertResult.Inserted))
                        throw new IllegalStateException("not inserted: " + i);
                }
                return null;
            }));
        }
        java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        Future<?> sequencer = store instanceof H2LabelStore logged
                ? pool.submit(() -> {
                    while (writing.get()) {
                        logged.sequenceLog();
                        Thread.sleep(1); // the publisher runs after changes, not in a busy loop
                    }
                    return null;
                })
                : null;
        for (Future<?> f : fs) f.get();
        writing.set(false);
        if (sequencer != null) {
            sequencer.get();
            H2LabelStore logged = (H2LabelStore) store;
            if (logged.sequenceLog() != labels) throw new IllegalStateException("the log does not hold every label");
        }
        long ns = System.nanoTime() - t0;
        pool.shutdown();
        return labels / (ns / 1e9);
    }

    static LabelRecord label(int i) {
        Instant issued = Instant.parse("2026-04-01T00:00:00Z").plusSeconds(i);
        var claims = new LabelClaims(
                String.format(java.util.Locale.ROOT, "JC26-B%07d", i),
                1,
                List.of("SC-" + i, "SC-" + i + "W"),
                "スマートホームカメラ SC-" + i,
                "株式会社サクラ電機",
                "camera",
                LocalDate.parse("2031-03-31"),
                issued,
                issued.plus(Duration.ofDays(730)),
                new StatusRef(1 + i / 100_000, i % 100_000));
        var b64 = Base64.getUrlEncoder().withoutPadding();
        String jws = b64.encodeToString("{\"alg\":\"ES256\",\"kid\":\"bench\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(LabelCodec.encode(claims)) + "." + b64.encodeToString(new byte[64]);
        return LabelRecord.issued("APP-" + i, claims, jws, "{\"declaration\":\"☆1\"}");
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        return s.get(s.size() / 2);
    }
}
