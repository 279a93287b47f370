package jp.jcstar.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import jp.jcstar.label.Category;
import jp.jcstar.label.LabelClaims;
import jp.jcstar.label.StatusRef;
import jp.jcstar.lint.SuppressForbidden;
import jp.jcstar.requirements.Declaration;
import jp.jcstar.requirements.DeclarationJson;
import jp.jcstar.requirements.RequirementsCatalogue;
import jp.jcstar.signing.LabelSigner;
import jp.jcstar.status.LabelState;
import jp.jcstar.status.RevocationReason;
import jp.jcstar.store.LabelRecord;
import jp.jcstar.store.LabelStore;

/**
 * A deterministic, realistic population of labels for the benchmarks: 500 vendors (Japanese and
 * English names), 1–3 model designations per label with vendor-specific prefixes, every category, star
 * levels skewed towards ☆1, and a few revoked, suspended and support-ended labels. Seeded straight into
 * a {@link LabelStore} (the fast path: no per-label status-list republishing), each with its own real
 * ES256 signature and the ☆1 declaration stored beside it, as issuance would.
 */
@SuppressForbidden("a benchmark prints its results")
final class BenchData {
    private BenchData() {}

    static final int VENDORS = 500;
    private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final String[] JA = {
        "サクラ", "フジ", "ミナト", "ホクト", "アオバ", "ツバサ", "ヒカリ", "ヤマト", "ミドリ", "カエデ", "アサヒ", "シンカイ", "トウト", "ナニワ", "ハヤテ", "イズミ",
        "コダマ", "スバル", "タカネ", "ユウキ"
    };
    private static final String[] EN = {
        "Kumo", "Aoba", "Nihon", "Sakura", "Hikari", "Tohto", "Shinkai", "Midori", "Yamato", "Kaede", "Asahi", "Subaru",
        "Takane", "Izumi", "Kodama"
    };
    private static final String[] JA_SUFFIX = {"電機株式会社", "株式会社", "通信株式会社", "映像株式会社", "住設株式会社"};
    private static final String[] EN_SUFFIX = {
        "Systems Ltd.", "Networks Inc.", "Electronics Co., Ltd.", "Devices K.K.", "Storage Inc."
    };
    private static final String[] PRODUCT = {
        "スマートホームカメラ",
        "無線LANルータ",
        "Smart Speaker",
        "スマートロック",
        "NAS",
        "複合機",
        "ウェアラブル端末",
        "おしゃべりロボ",
        "産業用ゲートウェイ",
        "スマートエアコン",
        "Home Router"
    };

    /** Vendor {@code v}'s name; unique per v. */
    static String vendor(int v) {
        if (v % 2 == 0)
            return "株式会社" + JA[v / 2 % JA.length] + JA[(v / 2 / JA.length) % JA.length]
                    + JA_SUFFIX[v % JA_SUFFIX.length].replace("株式会社", "") + v;
        return EN[v / 2 % EN.length] + " " + EN[(v / 2 / EN.length) % EN.length] + " " + EN_SUFFIX[v % EN_SUFFIX.length]
                + " " + v;
    }

    /** Vendor {@code v}'s model prefix, e.g. {@code KQ7}. */
    static String modelPrefix(int v) {
        return "" + (char) ('A' + v % 26) + (char) ('A' + v / 26 % 26) + (v % 10);
    }

    static String id(int i) {
        StringBuilder sb = new StringBuilder("JC26-");
        long x = (i * 2_654_435_761L)
                & 0xFF_FFFF_FFFFL; // spread ids over the key space, deterministic, distinct for i < 2^32
        for (int k = 0; k < 8; k++) {
            sb.append(CROCKFORD[(int) (x & 31)]);
            x >>>= 5;
        }
        return sb.toString();
    }

    static String declarationJson() {
        var answers = RequirementsCatalogue.get().starOne().stream()
                .map(r -> new Declaration.Answer(
                        r.id(),
                        Declaration.Verdict.CONFORMS,
                        "自己評価により適合を確認 / self-assessed as conforming",
                        List.of("TR-" + r.id())))
                .toList();
        return new String(
                DeclarationJson.toJson(new Declaration(answers, null)), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The claims of label {@code i} (deterministic). */
    static LabelClaims claims(int i, Instant now) {
        SplittableRandom r = new SplittableRandom(i * 31L + 7);
        int v = r.nextInt(VENDORS);
        int level = r.nextInt(100) < 70 ? 1 : r.nextInt(100) < 50 ? 2 : r.nextInt(100) < 67 ? 3 : 4;
        List<String> codes = new ArrayList<>(Category.codes());
        String category = codes.get(r.nextInt(codes.size()));
        List<String> models = new ArrayList<>();
        int n = 1 + r.nextInt(3);
        String base = modelPrefix(v) + "-" + (100 + r.nextInt(9900));
        models.add(base);
        for (int k = 1; k < n; k++) models.add(base + (char) ('A' + k));
        String product = PRODUCT[r.nextInt(PRODUCT.length)] + " " + base;
        Instant issued = now.minus(Duration.ofDays(r.nextInt(600))).truncatedTo(ChronoUnit.SECONDS);
        LocalDate supportEnd = LocalDate.of(2028 + r.nextInt(8), 1 + r.nextInt(12), 1)
                .plusMonths(1)
                .minusDays(1);
        return new LabelClaims(
                id(i),
                level,
                models,
                product,
                vendor(v),
                category,
                supportEnd,
                issued,
                issued.plus(Duration.ofDays(730)),
                new StatusRef(1 + i / 131_072, i % 131_072));
    }

    /** The record of label {@code i}: 97% valid, 1% each revoked, suspended, support-ended. */
    static LabelRecord record(int i, LabelClaims c, String jws, String declarationJson, boolean allValid) {
        int pick = allValid ? 99 : new SplittableRandom(i * 17L + 3).nextInt(100);
        LabelState state = pick == 0
                ? LabelState.REVOKED
                : pick == 1 ? LabelState.SUSPENDED : pick == 2 ? LabelState.SUPPORT_ENDED : LabelState.VALID;
        RevocationReason reason = state == LabelState.REVOKED
                ? RevocationReason.NONCONFORMITY
                : state == LabelState.SUSPENDED
                        ? RevocationReason.UNDER_INVESTIGATION
                        : state == LabelState.SUPPORT_ENDED ? RevocationReason.SUPPORT_ENDED : null;
        Instant eff = state == LabelState.VALID ? c.issuedAt() : c.issuedAt().plus(Duration.ofDays(10));
        return new LabelRecord(
                "BENCH-" + i, c, jws, state, reason, eff, eff, state == LabelState.VALID ? 1 : 2, declarationJson);
    }

    /**
     * Signs and inserts labels {@code 0..count-1} with {@code threads} threads; returns their JWS in order.
     * Prints progress to stderr.
     */
    static String[] seed(LabelStore store, LabelSigner signer, int count, boolean allValid, int threads)
            throws InterruptedException {
        return seed(store, signer, count, allValid, threads, false);
    }

    /** With {@code oneSignature}, every record carries the JWS of label 0 (search does not look at it; seeding is faster). */
    static String[] seed(
            LabelStore store, LabelSigner signer, int count, boolean allValid, int threads, boolean oneSignature)
            throws InterruptedException {
        Instant now = Instant.now();
        String decl = declarationJson();
        String[] jws = new String[count];
        String shared = oneSignature ? signer.sign(claims(0, now)) : null;
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        long t0 = System.nanoTime();
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int start = t;
            ts.add(Thread.ofPlatform().start(() -> {
                for (int i = start; i < count; i += threads) {
                    LabelClaims c = claims(i, now);
                    jws[i] = shared != null ? shared : signer.sign(c);
                    var res = store.insert(record(i, c, jws[i], decl, allValid));
                    if (!(res instanceof LabelStore.InsertResult.Inserted))
                        throw new IllegalStateException("seed " + i + ": " + res);
                    int d = done.incrementAndGet();
                    if (d % 10_000 == 0)
                        System.err.printf(
                                Locale.ROOT, "  seeded %,d/%,d (%.0f s)%n", d, count, (System.nanoTime() - t0) / 1e9);
                }
            }));
        }
        for (Thread t : ts) t.join();
        System.err.printf(Locale.ROOT, "  seeded %,d labels in %.1f s%n", count, (System.nanoTime() - t0) / 1e9);
        return jws;
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /** Nearest-rank percentile. */
    static double percentile(List<Double> xs, double p) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        int rank = (int) Math.ceil(p / 100.0 * s.size());
        return s.get(Math.max(0, Math.min(s.size() - 1, rank - 1)));
    }
}
