package jp.jcstar.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import jp.jcstar.embedded.H2LabelStore;
import jp.jcstar.label.Category;
import jp.jcstar.lint.SuppressForbidden;
import jp.jcstar.signing.LabelSigner;
import jp.jcstar.signing.LocalKeySigner;
import jp.jcstar.status.LabelState;
import jp.jcstar.store.LabelQuery;
import jp.jcstar.store.LabelRecord;
import jp.jcstar.store.Page;

/**
 * Registry search over 100,000 labels in the embedded H2 store (a file database, as {@code jcstar serve}
 * uses): first page of 50 (the API's default) for the typical queries — vendor substring, model prefix,
 * category + star level, status — plus product substring, a vendor that matches nothing (the worst case:
 * nothing stops the scan early) and the next page of a common query. Reports p50/p95/max per query kind.
 * Target: p95 at most 50 ms.
 *
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests
 * java -cp bench/target/benchmarks.jar jp.jcstar.bench.RegistrySearchBench [labels=100000] [queries=200] [db folder]
 * </pre>
 * With a folder that already holds a seeded database ({@code registry.mv.db}), seeding is skipped.
 */
@SuppressForbidden("a benchmark prints its results")
public final class RegistrySearchBench {
    record Kind(String name, Function<SplittableRandom, LabelQuery> query, boolean secondPage) {}

    public static void main(String[] args) throws Exception {
        int labels = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int queries = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Path home = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("jcstar-bench-search");
        Files.createDirectories(home);
        boolean seeded = Files.exists(home.resolve("registry.mv.db"));
        String url = "jdbc:h2:file:" + home.toAbsolutePath().resolve("registry");
        try (H2LabelStore store = new H2LabelStore(url)) {
            if (!seeded) {
                System.err.printf(Locale.ROOT, "seeding %,d labels into %s%n", labels, home);
                BenchData.seed(
                        store,
                        new LabelSigner(LocalKeySigner.generate(), LabelSigner.DEFAULT_DEFLATE),
                        labels,
                        false,
                        4,
                        true);
            } else {
                System.err.println("using the database in " + home);
            }
            List<String> categories = new ArrayList<>(Category.codes());
            List<Kind> kinds = List.of(
                    new Kind(
                            "vendor substring (one vendor, ~200 hits)",
                            r -> q(vendorPart(r.nextInt(BenchData.VENDORS)), null, null, null, null, null),
                            false),
                    new Kind(
                            "vendor substring (common word, ~20k hits)",
                            r -> q(r.nextBoolean() ? "株式会社" : "systems", null, null, null, null, null),
                            false),
                    new Kind(
                            "vendor substring (no match)",
                            r -> q("存在しない" + r.nextInt(1000), null, null, null, null, null),
                            false),
                    new Kind(
                            "model prefix (~70 hits)",
                            r -> q(
                                    null,
                                    BenchData.modelPrefix(r.nextInt(BenchData.VENDORS)) + "-" + (1 + r.nextInt(9)),
                                    null,
                                    null,
                                    null,
                                    null),
                            false),
                    new Kind(
                            "model prefix (no match)",
                            r -> q(null, "ZZ" + r.nextInt(1000), null, null, null, null),
                            false),
                    new Kind(
                            "category + level",
                            r -> q(
                                    null,
                                    null,
                                    null,
                                    categories.get(r.nextInt(categories.size())),
                                    1 + r.nextInt(4),
                                    null),
                            false),
                    new Kind(
                            "status (revoked/suspended/support-ended)",
                            r -> q(
                                    null,
                                    null,
                                    null,
                                    null,
                                    null,
                                    List.of(LabelState.REVOKED, LabelState.SUSPENDED, LabelState.SUPPORT_ENDED)
                                            .get(r.nextInt(3))),
                            false),
                    new Kind(
                            "status valid + category (2nd page)",
                            r -> q(
                                    null,
                                    null,
                                    null,
                                    categories.get(r.nextInt(categories.size())),
                                    null,
                                    LabelState.VALID),
                            true),
                    new Kind(
                            "product substring",
                            r -> q(
                                    null,
                                    null,
                                    List.of("カメラ", "ルータ", "Speaker", "ロック").get(r.nextInt(4)),
                                    null,
                                    null,
                                    null),
                            false),
                    new Kind(
                            "vendor + category",
                            r -> q(
                                    vendorPart(r.nextInt(BenchData.VENDORS)),
                                    null,
                                    null,
                                    categories.get(r.nextInt(categories.size())),
                                    null,
                                    null),
                            false),
                    new Kind("all labels (2nd page)", r -> LabelQuery.ALL, true));
            // warm-up: every kind, a few times
            SplittableRandom warm = new SplittableRandom(1);
            for (int w = 0; w < Math.max(2, queries / 10); w++) for (Kind k : kinds) run(store, k, warm);
            Map<String, List<Double>> times = new LinkedHashMap<>();
            Map<String, Integer> hits = new LinkedHashMap<>();
            SplittableRandom rnd = new SplittableRandom(2026);
            for (int i = 0; i < queries; i++) {
                for (Kind k : kinds) { // interleaved, so a slow phase of the machine hits every kind alike
                    long t0 = System.nanoTime();
                    int n = run(store, k, rnd);
                    times.computeIfAbsent(k.name, x -> new ArrayList<>()).add((System.nanoTime() - t0) / 1e6);
                    if (i == 0)
                        System.err.printf(
                                Locale.ROOT, "  first measured %s: %.1f ms%n", k.name, (System.nanoTime() - t0) / 1e6);
                    hits.merge(k.name, n, Integer::sum);
                }
            }
            System.out.printf(
                    Locale.ROOT,
                    "%nRegistrySearchBench: %,d labels, H2 file database, first page of 50, %d queries per kind, %d CPUs, %s%n",
                    labels,
                    queries,
                    Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.vm.version"));
            System.out.printf(
                    Locale.ROOT, "  %-44s %8s %8s %8s %10s%n", "query", "p50 ms", "p95 ms", "max ms", "avg items");
            for (var e : times.entrySet()) {
                List<Double> t = e.getValue();
                System.out.printf(
                        Locale.ROOT,
                        "  %-44s %8.2f %8.2f %8.2f %10.1f%n",
                        e.getKey(),
                        BenchData.percentile(t, 50),
                        BenchData.percentile(t, 95),
                        t.stream().mapToDouble(d -> d).max().orElse(0),
                        hits.get(e.getKey()) / (double) t.size());
            }
        }
    }

    private static LabelQuery q(
            String vendor, String model, String product, String category, Integer level, LabelState state) {
        return new LabelQuery(vendor, model, product, category, level, state);
    }

    /** A distinctive part of vendor v's name, as a person would type it (the name without the legal form). */
    private static String vendorPart(int v) {
        String name = BenchData.vendor(v);
        return name.replace("株式会社", "").replaceAll(" (Systems|Networks|Electronics|Devices|Storage).*", "")
                + (v % 2 == 0 ? "" : "");
    }

    private static int run(H2LabelStore store, Kind k, SplittableRandom r) {
        LabelQuery q = k.query.apply(r);
        Page<LabelRecord> p = store.search(q, null, 50);
        if (k.secondPage && p.next() != null) p = store.search(q, p.next(), 50);
        return p.items().size();
    }
}
