package jp.jcstar.cli.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jcstar verify-batch FILE}: verifies many labels through {@code POST /v1/verify/batch}, in calls
 * of up to 1,000, and writes one result per input line.
 */
@Command(
        name = "verify-batch",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Verify many labels through POST /v1/verify/batch (public; no credentials needed).",
            "",
            "FILE holds one label per line: the compact JWS or the text scanned from the QR code (the URL). "
                    + "UTF-8, BOM allowed; blank lines and lines starting with # are skipped; - reads standard input.",
            "Labels go in calls of up to 1,000 (--chunk), a few calls at a time (--parallel). Prints counts per status "
                    + "(valid, support-ended, expired, revoked, suspended, unknown, invalid) and writes a result CSV: "
                    + "line, status, valid, labelId, reason, detail."
        },
        footer = {
            "",
            "Exit status: 0 every label is valid; 1 some labels are not valid; 2 some labels could not be checked "
                    + "(server unreachable or refusing) or bad arguments."
        })
public final class BatchVerifyCommand implements Callable<Integer> {
    static final int MAX_CHUNK = 1000;
    /** Keeps a call well under the API's 5 MB body limit even with labels at the verifier's size limit. */
    static final int MAX_CHUNK_CHARS = 3_000_000;

    static final List<String> STATUSES =
            List.of("valid", "support-ended", "expired", "revoked", "suspended", "unknown", "invalid");
    static final String NOT_CHECKED = "not-checked";

    @Parameters(index = "0", paramLabel = "FILE", description = "Labels, one per line (- for standard input).")
    String input;

    @Option(
            names = "--server",
            paramLabel = "URL",
            defaultValue = jp.jcstar.cli.Cli.DEFAULT_SERVER,
            description = "Registry API base URL (default: $JCSTAR_SERVER or ${DEFAULT-VALUE}).")
    String server;

    @Option(
            names = {"-o", "--out"},
            paramLabel = "FILE",
            description =
                    "Result CSV (default: FILE.results.csv next to the input; verify-results.csv for standard input).")
    Path out;

    @Option(
            names = "--chunk",
            paramLabel = "N",
            defaultValue = "1000",
            description = "Labels per call, 1-1000 (default: ${DEFAULT-VALUE}).")
    int chunk;

    @Option(
            names = "--parallel",
            paramLabel = "N",
            defaultValue = "2",
            description = "Calls in flight, 1-8 (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(
            names = "--progress",
            paramLabel = "MODE",
            defaultValue = "auto",
            description = "auto (a bar on a terminal, plain lines otherwise), bar, plain or none.")
    String progressMode;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "120",
            description = "Per call (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Spec
    CommandSpec spec;

    record Line(int line, String label) {}

    record Result(int line, String status, Boolean valid, String labelId, String reason, String detail) {}

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        if (chunk < 1 || chunk > MAX_CHUNK) return usage(stderr, "--chunk must be 1-" + MAX_CHUNK);
        if (parallel < 1 || parallel > 8) return usage(stderr, "--parallel must be 1-8");
        Progress.Mode mode;
        try {
            mode = Progress.Mode.valueOf(progressMode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return usage(stderr, "--progress must be auto, bar, plain or none");
        }
        ServerClient client;
        try {
            client = new ServerClient(server, ServerClient.Auth.NONE, Duration.ofSeconds(Math.max(1, timeoutSeconds)));
        } catch (IllegalArgumentException e) {
            return usage(stderr, e.getMessage());
        }
        boolean stdin = input.equals("-");
        Path file = stdin ? null : Path.of(input);
        if (!stdin && !Files.isRegularFile(file)) return usage(stderr, "no such file: " + input);
        Path results = out != null ? out : stdin ? Path.of("verify-results.csv") : BatchIssueCommand.defaultOut(file);
        String text;
        try {
            text = Csv.decode(stdin ? System.in.readAllBytes() : Files.readAllBytes(file));
        } catch (IOException e) {
            return usage(stderr, input + ": " + e.getMessage());
        }
        List<Line> lines = lines(text);
        if (lines.isEmpty()) return usage(stderr, input + " holds no labels");

        List<List<Line>> chunks = chunks(lines, chunk);
        Result[] done = new Result[lines.size()];
        int[] offsets = new int[chunks.size()];
        for (int i = 1; i < chunks.size(); i++)
            offsets[i] = offsets[i - 1] + chunks.get(i - 1).size();
        AtomicReference<String> failure = new AtomicReference<>();
        long started = System.nanoTime();
        try (Progress progress = new Progress(stderr, "verify-batch", lines.size(), mode);
                ExecutorService pool = Executors.newFixedThreadPool(
                        parallel,
                        Thread.ofPlatform().daemon().name("verify-", 1).factory())) {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < chunks.size(); c++) {
                int ci = c;
                futures.add(pool.submit(() -> {
                    List<Result> rs = verify(client, chunks.get(ci), failure);
                    int bad = 0;
                    for (int k = 0; k < rs.size(); k++) {
                        done[offsets[ci] + k] = rs.get(k);
                        if (!Boolean.TRUE.equals(rs.get(k).valid)) bad++;
                    }
                    progress.advance(rs.size(), bad);
                    return null;
                }));
            }
            for (Future<?> f : futures) f.get();
        }
        double secs = (System.nanoTime() - started) / 1e9;

        write(results, done);
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String s : STATUSES) counts.put(s, 0);
        for (Result r : done) counts.merge(r.status, 1, Integer::sum);
        StringBuilder sb = new StringBuilder();
        for (var e : counts.entrySet()) {
            if (e.getValue() == 0 && !e.getKey().equals("valid")) continue;
            sb.append(sb.isEmpty() ? "" : ", ").append(e.getValue()).append(' ').append(e.getKey());
        }
        stdout.printf(
                Locale.ROOT,
                "%d labels: %s (%.1f s, %.0f labels/s)%n",
                done.length,
                sb,
                secs,
                done.length / Math.max(secs, 1e-9));
        stdout.println("results: " + results.toAbsolutePath());
        stdout.flush();
        if (failure.get() != null) {
            stderr.println(jp.jcstar.cli.Cli.error("some labels could not be checked: " + failure.get()));
            stderr.flush();
            return 2;
        }
        return counts.get("valid") == done.length ? 0 : 1;
    }

    private int usage(PrintWriter err, String message) {
        err.println(jp.jcstar.cli.Cli.error(message));
        err.flush();
        return 2;
    }

    static List<Line> lines(String text) {
        List<Line> out = new ArrayList<>();
        String[] raw = text.split("\r?\n", -1);
        for (int i = 0; i < raw.length; i++) {
            String s = raw[i].strip();
            if (i == 0 && s.startsWith("\uFEFF")) s = s.substring(1).strip();
            // as verify-offline --file: blank lines and # comments are not labels
            if (!s.isEmpty() && !s.startsWith("#")) out.add(new Line(i + 1, s));
        }
        return out;
    }

    static List<List<Line>> chunks(List<Line> lines, int size) {
        List<List<Line>> out = new ArrayList<>();
        List<Line> cur = new ArrayList<>();
        long chars = 0;
        for (Line l : lines) {
            if (!cur.isEmpty() && (cur.size() == size || chars + l.label.length() > MAX_CHUNK_CHARS)) {
                out.add(cur);
                cur = new ArrayList<>();
                chars = 0;
            }
            cur.add(l);
            chars += l.label.length() + 4;
        }
        if (!cur.isEmpty()) out.add(cur);
        return out;
    }

    private static List<Result> verify(ServerClient client, List<Line> chunk, AtomicReference<String> failure)
            throws InterruptedException {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode labels = body.putArray("labels");
        chunk.forEach(l -> labels.add(l.label));
        String why;
        try {
            ServerClient.Answer a = client.postJson("/v1/verify/batch", body.toString());
            JsonNode results = a.json() == null ? null : a.json().get("results");
            if (a.status() == 200 && results != null && results.isArray() && results.size() == chunk.size()) {
                List<Result> out = new ArrayList<>(chunk.size());
                for (int i = 0; i < chunk.size(); i++) {
                    JsonNode r = results.get(i);
                    JsonNode claims = r.get("label");
                    out.add(new Result(
                            chunk.get(i).line,
                            r.path("status").asText("?"),
                            r.path("valid").asBoolean(false),
                            claims == null || claims.isNull()
                                    ? null
                                    : claims.path("id").asText(null),
                            text(r.get("reason")),
                            text(r.get("detail"))));
                }
                return out;
            }
            why = a.status() == 200 ? "the server's answer does not hold one result per label" : a.problem();
        } catch (ServerClient.Unreachable e) {
            why = e.getMessage();
        }
        failure.compareAndSet(null, why);
        List<Result> out = new ArrayList<>(chunk.size());
        for (Line l : chunk) out.add(new Result(l.line, NOT_CHECKED, null, null, null, why));
        return out;
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    static void write(Path results, Result[] rows) throws IOException {
        Path parent = results.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(parent, ".results", ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write('\uFEFF');
            Csv.write(w, "line", "status", "valid", "labelId", "reason", "detail");
            for (Result r : rows) Csv.write(w, r.line, r.status, r.valid, r.labelId, r.reason, r.detail);
        }
        Files.move(tmp, results, StandardCopyOption.REPLACE_EXISTING);
    }

    /** For trying it out before the lead registers the command. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new BatchVerifyCommand()).execute(args));
    }
}
