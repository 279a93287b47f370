package jp.jcstar.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import jp.jcstar.lint.SuppressForbidden;
import jp.jcstar.signing.KeySet;
import jp.jcstar.signing.LocalKeySigner;
import jp.jcstar.status.LabelState;
import jp.jcstar.status.StatusList;
import jp.jcstar.status.StatusListBuilder;
import jp.jcstar.status.StatusListToken;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Rebuilding a status list token: 1,000,000 entries (one list), 1% revoked at random indexes. Targets:
 * the signed token at most 40 KB, a full rebuild (fill + ZLIB + ES256) at most 2 s.
 *
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests
 * java -jar bench/target/benchmarks.jar StatusListBench -f 1 -wi 2 -i 5
 * </pre>
 *
 * The token size is printed once per trial ("token bytes"). {@code parse} measures the verifier side.
 */
@SuppressForbidden("a benchmark prints its results")
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class StatusListBench {
    static final String URI = "https://registry.jcstar.example.jp/v1/status-lists/1";
    static final Instant IAT = Instant.parse("2026-04-01T00:00:00Z");

    @Param({"1000000"})
    public int entries;

    @Param({"0.01"})
    public double revokedFraction;

    LocalKeySigner signer;
    KeySet keys;
    /** The list's entries that are not valid (index → state), as the publisher reads them from its store. */
    Map<Integer, LabelState> notValid;

    StatusList list;
    String token;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        signer = LocalKeySigner.generate();
        keys = KeySet.of(signer.publicKey());
        SplittableRandom r = new SplittableRandom(2026);
        int size = Math.max(StatusList.MIN_SIZE, (entries + 3) / 4 * 4);
        notValid = new HashMap<>();
        for (int i = 0; i < entries; i++) {
            if (r.nextDouble() < revokedFraction) notValid.put(i, LabelState.REVOKED);
        }
        list = StatusListBuilder.of(notValid, size);
        token = sign(list);
        StatusListToken.parse(token, keys, URI, IAT); // fail fast if the output is not a valid token
        System.out.printf(
                Locale.ROOT,
                "%n[StatusListBench] entries=%d notValid=%d raw=%d B lst=%d chars token bytes=%d%n",
                entries,
                list.countNotValid(),
                list.bytes().length,
                list.lst().length(),
                token.getBytes(StandardCharsets.US_ASCII).length);
    }

    String sign(StatusList l) {
        return new StatusListToken(URI, l, IAT, IAT.plus(Duration.ofDays(1)), Duration.ofHours(1)).sign(signer);
    }

    /** The whole rebuild, as {@code Publisher} does it: the stored non-valid entries → list → ZLIB → base64url → signed JWT. */
    @Benchmark
    public String rebuildAndSign() {
        return sign(StatusListBuilder.of(notValid, list.size()));
    }

    /** Compression and signing alone, from a finished list. */
    @Benchmark
    public String compressAndSign() {
        return sign(list);
    }

    /** The verifier side: verify the signature, inflate, check the claims. */
    @Benchmark
    public StatusListToken parse() throws Exception {
        return StatusListToken.parse(token, keys, URI, IAT);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        System.out.printf(Locale.ROOT, "[StatusListBench] token bytes=%d (target <= 40960)%n", token.length());
    }
}
