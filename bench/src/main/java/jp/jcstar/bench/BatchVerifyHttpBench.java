package jp.jcstar.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import jp.jcstar.functions.Wiring;
import jp.jcstar.json.Json;
import jp.jcstar.lint.SuppressForbidden;
import jp.jcstar.local.LocalServer;
import jp.jcstar.local.OperatorToken;
import jp.jcstar.registry.Registry;
import jp.jcstar.registry.VerifyAnswer;
import jp.jcstar.signing.LabelSigner;

/**
 * Batch verification of 10,000 labels: over HTTP through the local server's {@code POST /v1/verify/batch}
 * (10 sequential calls of 1,000, client JSON building and response parsing included) against the
 * in-process {@link Registry#verifyBatch} of the same labels in chunks of 1,000, on the same registry and
 * H2 database, in the same JVM, paired call by call (alternating which goes first) so that both see the
 * same load. Target: HTTP total at most 1.5× in-process.
 *
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests
 * java -cp bench/target/benchmarks.jar jp.jcstar.bench.BatchVerifyHttpBench [labels=10000] [runs=9] [warmups=3]
 * </pre>
 */
@SuppressForbidden("a benchmark prints its results")
public final class BatchVerifyHttpBench {
    public static void main(String[] args) throws Exception {
        int labels = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 9;
        int warmups = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int chunk = 1000;
        Path home = Files.createTempDirectory("jcstar-bench-verify");
        int port;
        try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String base = "http://127.0.0.1:" + port;
        Wiring wiring = Wiring.embedded(home, base, Clock.systemUTC());
        Registry registry = wiring.registry();
        System.err.printf(Locale.ROOT, "seeding %,d labels into %s%n", labels, home);
        String[] jws = BenchData.seed(
                registry.store(), new LabelSigner(wiring.signer(), LabelSigner.DEFAULT_DEFLATE), labels, true, 2);
        List<List<String>> chunks = new ArrayList<>();
        for (int i = 0; i < labels; i += chunk) chunks.add(Arrays.asList(jws).subList(i, Math.min(labels, i + chunk)));

        try (LocalServer server = new LocalServer(
                wiring, OperatorToken.loadOrCreate(home.resolve("operator-token")), "127.0.0.1", port)) {
            server.start();
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI uri = URI.create(base + "/v1/verify/batch");
            List<Double> inproc = new ArrayList<>();
            List<Double> overHttp = new ArrayList<>();
            for (int run = -warmups; run < runs; run++) {
                // Paired per call: each chunk of 1,000 goes in-process and over HTTP back to back, in alternating
                // order, so both see the same state of the machine (it may be shared with other work).
                double a = 0;
                double b = 0;
                for (int c = 0; c < chunks.size(); c++) {
                    List<List<String>> one = chunks.subList(c, c + 1);
                    int n = one.getFirst().size();
                    if (((c + run) & 1) == 0) {
                        a += timeInProcess(registry, one, n);
                        b += timeHttp(http, uri, one, n);
                    } else {
                        b += timeHttp(http, uri, one, n);
                        a += timeInProcess(registry, one, n);
                    }
                }
                if (run >= 0) {
                    inproc.add(a);
                    overHttp.add(b);
                }
                System.err.printf(
                        Locale.ROOT,
                        "%s run %d: in-process %.0f ms, HTTP %.0f ms (%.2f×)%n",
                        run < 0 ? "warm-up" : "measured",
                        run < 0 ? run + warmups + 1 : run + 1,
                        a,
                        b,
                        b / a);
            }
            double mi = BenchData.median(inproc);
            double mh = BenchData.median(overHttp);
            System.out.printf(
                    Locale.ROOT,
                    "%nBatchVerifyHttpBench: %,d labels, calls of %,d, %d measured runs (after %d warm-up), %d CPUs, %s%n",
                    labels,
                    chunk,
                    runs,
                    warmups,
                    Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.vm.version"));
            System.out.printf(
                    Locale.ROOT,
                    "  in-process Registry.verifyBatch  median %.0f ms  (%.1f µs/label; min %.0f, max %.0f)%n",
                    mi,
                    mi * 1000 / labels,
                    inproc.stream().mapToDouble(d -> d).min().orElse(0),
                    inproc.stream().mapToDouble(d -> d).max().orElse(0));
            System.out.printf(
                    Locale.ROOT,
                    "  HTTP POST /v1/verify/batch        median %.0f ms  (%.1f µs/label; min %.0f, max %.0f)%n",
                    mh,
                    mh * 1000 / labels,
                    overHttp.stream().mapToDouble(d -> d).min().orElse(0),
                    overHttp.stream().mapToDouble(d -> d).max().orElse(0));
            System.out.printf(Locale.ROOT, "  ratio HTTP / in-process (medians) %.2f  (target <= 1.5)%n", mh / mi);
        }
    }

    static double timeInProcess(Registry registry, List<List<String>> chunks, int expected) {
        long t0 = System.nanoTime();
        int valid = 0;
        for (List<String> c : chunks) {
            for (VerifyAnswer a : registry.verifyBatch(c)) if (a.valid()) valid++;
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        if (valid != expected) throw new IllegalStateException("in-process: " + valid + " valid of " + expected);
        return ms;
    }

    static double timeHttp(HttpClient http, URI uri, List<List<String>> chunks, int expected) throws Exception {
        long t0 = System.nanoTime();
        int valid = 0;
        for (List<String> c : chunks) {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            ArrayNode arr = body.putArray("labels");
            c.forEach(arr::add);
            HttpRequest req = HttpRequest.newBuilder(uri)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(body)))
                    .build();
            HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200)
                throw new IllegalStateException(
                        "HTTP " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
            JsonNode n = Json.parse(r.body());
            if (n.get("results").size() != c.size()) throw new IllegalStateException("wrong number of results");
            valid += n.path("counts").path("valid").asInt();
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        if (valid != expected) throw new IllegalStateException("HTTP: " + valid + " valid of " + expected);
        return ms;
    }
}
