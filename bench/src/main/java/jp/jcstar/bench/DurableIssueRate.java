package jp.jcstar.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import jp.jcstar.embedded.FolderBlobStore;
import jp.jcstar.embedded.H2LabelStore;
import jp.jcstar.embedded.H2LabelStore.Durability;
import jp.jcstar.functions.Wiring;
import jp.jcstar.label.Application;
import jp.jcstar.lint.SuppressForbidden;
import jp.jcstar.registry.ApplicationJson;
import jp.jcstar.requirements.RequirementsCatalogue;
import jp.jcstar.signing.LocalKeySigner;

/**
 * Issuance rate of the laptop registry (H2 file database + folder of files, the {@code jcstar serve}
 * wiring without HTTP) under the three durability settings, side by side in one run, rounds interleaved:
 * {@code before} = H2's default write delay and files renamed without fsync (what {@code jcstar serve}
 * did before commits were made durable), {@code written} = commits written before they return (survive
 * a killed process), {@code synced} = written and forced to the device, files fsynced (the default now;
 * survives a power loss). Arguments: labels per round, rounds, threads, a scratch folder (on the disk
 * to measure). Prints labels/s per setting and round, and the medians.
 */
@SuppressForbidden("a benchmark prints its results")
public final class DurableIssueRate {
    public static void main(String[] args) throws Exception {
        int labels = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        Path scratch = Path.of(args.length > 3 ? args[3] : "/tmp/jcstar-durable-bench");
        String[] names = {"before", "written", "synced"};
        Durability[] modes = {Durability.BUFFERED, Durability.WRITTEN, Durability.SYNCED};
        boolean[] filesSynced = {false, false, true};
        List<List<Double>> rates = new ArrayList<>();
        for (int m = 0; m < modes.length; m++) rates.add(new ArrayList<>());
        LocalKeySigner key = LocalKeySigner.generate();
        for (int round = -1; round < rounds; round++) { // round -1 warms the JIT up
            for (int m = 0; m < modes.length; m++) {
                Path home = scratch.resolve(names[m] + "-" + (round + 1));
                deleteTree(home);
                Files.createDirectories(home);
                String url = "jdbc:h2:file:" + home.toAbsolutePath().resolve("registry");
                try (H2LabelStore store = new H2LabelStore(url, modes[m])) {
                    Wiring w = new Wiring(
                            store,
                            new FolderBlobStore(home.resolve("files"), filesSynced[m]),
                            key,
                            List.of(),
                            Clock.systemUTC(),
                            "https://bench.example");
                    double rate = issue(w, labels, threads, names[m] + round);
                    if (round >= 0) rates.get(m).add(rate);
                    System.out.printf(Locale.ROOT, "round %d %-8s %8.1f labels/s%n", round + 1, names[m], rate);
                }
                deleteTree(home);
            }
        }
        System.out.printf(Locale.ROOT, "%nmedian of %d rounds, %d labels each, %d threads:%n", rounds, labels, threads);
        for (int m = 0; m < modes.length; m++)
            System.out.printf(Locale.ROOT, "  %-8s %8.1f labels/s%n", names[m], BenchData.median(rates.get(m)));
    }

    static double issue(Wiring w, int labels, int threads, String tag) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long t0 = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            fs.add(pool.submit(() -> {
                for (int i; (i = next.getAndIncrement()) < labels; )
                    w.registry().issue(application(tag + "-" + i));
                return null;
            }));
        }
        for (Future<?> f : fs) f.get();
        double seconds = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        return labels / seconds;
    }

    static Application application(String id) {
        ObjectNode a = JsonNodeFactory.instance.objectNode();
        a.put("applicationId", "BENCH-" + id);
        a.put("level", 1);
        a.putArray("models").add("BM-" + id);
        a.put("product", "スマートホームカメラ SC-300");
        a.put("vendor", "株式会社サクラ電機");
        a.put("category", "camera");
        a.put("supportEnd", "2031-03-31");
        var answers = a.putObject("declaration").putArray("answers");
        for (var r : RequirementsCatalogue.get().starOne()) {
            answers.addObject()
                    .put("requirement", r.id())
                    .put("verdict", "conforms")
                    .put("justification", "設計書と試験報告書で確認");
        }
        return ApplicationJson.parse(a);
    }

    static void deleteTree(Path p) throws Exception {
        if (!Files.exists(p)) return;
        try (var files = Files.walk(p)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(f);
        }
    }
}
