package jp.jcstar.cli.batch;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jcstar check-models bid.csv --min-level 1 --support-until 2029-03-31}: the bid check
 * ({@code POST /v1/models/check}) for every model designation of a bid's CSV, one call per vendor and
 * 500 models; a result CSV with one row per input row.
 */
@Command(
        name = "check-models",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Check a bid's model designations through POST /v1/models/check (public; no credentials needed).",
            "",
            "FILE is a CSV with the model designation in the first column and optionally the vendor in the second "
                    + "(a first row 'model,vendor' or '型番,事業者' is a header). UTF-8, BOM allowed; blank lines skipped; - reads standard input.",
            "Each model gets a verdict: meets, below-level, support-ends-early, not-found or not-valid (docs/batch-cli.md). "
                    + "Writes a result CSV: line, model, vendor, verdict, bestLevel, bestLabel, supportEnd, validUntil, labels."
        },
        footer = {
            "",
            "Exit status: 0 every model meets; 1 some model does not; 2 bad arguments or a bad CSV (the line is named); "
                    + "3 some models could not be checked (server unreachable or refusing)."
        })
public final class CheckModelsCommand implements Callable<Integer> {
    /** Models per call: the API's limit. */
    static final int CHUNK = 500;

    static final int EXIT_FAILS = 1, EXIT_USAGE = 2, EXIT_UNCHECKED = 3;

    @Parameters(index = "0", paramLabel = "FILE", description = "The bid's CSV (- for standard input).")
    String input;

    @Option(names = "--min-level", paramLabel = "N", description = "The star level asked, 1-4 (default: 1).")
    Integer minLevel;

    @Option(
            names = "--support-until",
            paramLabel = "DATE",
            description = "Support must last at least until this date (YYYY-MM-DD).")
    String supportUntil;

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
                    "Result CSV (default: FILE.results.csv next to the input; check-results.csv for standard input).")
    Path out;

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

    record Row(int line, String model, String vendor) {}

    record Result(
            Row row,
            String verdict,
            String bestLevel,
            String bestLabel,
            String supportEnd,
            String validUntil,
            String labels) {}

    /** A CSV the command cannot use; the message names the line. */
    static final class BadCsv extends Exception {
        BadCsv(String message) {
            super(message);
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        if (minLevel != null && (minLevel < 1 || minLevel > 4)) return usage(stderr, "--min-level must be 1-4");
        if (supportUntil != null) {
            try {
                if (!supportUntil.matches("\\d{4}-\\d{2}-\\d{2}"))
                    throw new DateTimeParseException("", supportUntil, 0);
                LocalDate.parse(supportUntil);
            } catch (DateTimeParseException e) {
                return usage(stderr, "--support-until must be a date, YYYY-MM-DD");
            }
        }
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
        Path results = out != null ? out : stdin ? Path.of("check-results.csv") : BatchIssueCommand.defaultOut(file);
        List<Row> rows;
        try {
            rows = rows(Csv.decode(stdin ? System.in.readAllBytes() : Files.readAllBytes(file)));
        } catch (IOException e) {
            return usage(stderr, input + ": " + e.getMessage());
        } catch (BadCsv e) {
            return usage(stderr, input + ": " + e.getMessage());
        }
        if (rows.isEmpty()) return usage(stderr, input + " holds no models");

        // one call per vendor (the API takes one) and per 500 models
        Map<String, List<Row>> byVendor = new LinkedHashMap<>();
        for (Row r : rows)
            byVendor.computeIfAbsent(r.vendor == null ? "" : r.vendor, k -> new ArrayList<>())
                    .add(r);
        Map<Integer, Result> done = new LinkedHashMap<>();
        String failure = null;
        try (Progress progress = new Progress(stderr, "check-models", rows.size(), mode)) {
            for (var group : byVendor.entrySet()) {
                List<Row> all = group.getValue();
                for (int i = 0; i < all.size(); i += CHUNK) {
                    List<Row> chunk = all.subList(i, Math.min(all.size(), i + CHUNK));
                    String why = check(client, group.getKey(), chunk, done);
                    if (why != null && failure == null) failure = why;
                    int bad = 0;
                    for (Row r : chunk) if (!"meets".equals(done.get(r.line).verdict)) bad++;
                    progress.advance(chunk.size(), bad);
                }
            }
        }
        List<Result> ordered = new ArrayList<>();
        for (Row r : rows) ordered.add(done.get(r.line));
        write(results, ordered);
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Result r : ordered) counts.merge(r.verdict, 1, Integer::sum);
        StringBuilder sb = new StringBuilder();
        counts.forEach((k, v) ->
                sb.append(sb.isEmpty() ? "" : ", ").append(v).append(' ').append(k));
        stdout.println(ordered.size() + " models: " + sb);
        stdout.println("results: " + results.toAbsolutePath());
        stdout.flush();
        if (failure != null) {
            stderr.println(jp.jcstar.cli.Cli.error("some models could not be checked: " + failure));
            stderr.flush();
            return EXIT_UNCHECKED;
        }
        return counts.getOrDefault("meets", 0) == ordered.size() ? 0 : EXIT_FAILS;
    }

    private int usage(PrintWriter err, String message) {
        err.println(jp.jcstar.cli.Cli.error(message));
        err.flush();
        return EXIT_USAGE;
    }

    /** The bid's rows: model[,vendor], an optional header, blank lines skipped. */
    static List<Row> rows(String text) throws BadCsv {
        List<Row> out = new ArrayList<>();
        int modelCol = 0, vendorCol = 1;
        boolean first = true;
        for (Csv.Record r : Csv.parse(text, false)) {
            if (r.error() != null) throw new BadCsv("line " + r.line() + ": " + r.error());
            List<String> f = r.fields().stream().map(String::strip).toList();
            if (f.stream().allMatch(String::isEmpty)) continue;
            if (first) {
                first = false;
                List<String> lower =
                        f.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
                int m = indexOf(lower, "model", "型番", "型式");
                if (m >= 0) {
                    modelCol = m;
                    vendorCol = indexOf(lower, "vendor", "事業者", "メーカー");
                    continue;
                }
            }
            if (f.size() > 2 && vendorCol <= 1 && modelCol <= 1) {
                throw new BadCsv("line " + r.line() + ": expected model[,vendor], found " + f.size() + " columns");
            }
            String model = modelCol < f.size() ? f.get(modelCol) : "";
            if (model.isEmpty()) throw new BadCsv("line " + r.line() + ": no model designation");
            if (model.length() > 100)
                throw new BadCsv("line " + r.line() + ": a model designation is at most 100 characters");
            String vendor =
                    vendorCol >= 0 && vendorCol < f.size() && !f.get(vendorCol).isEmpty() ? f.get(vendorCol) : null;
            out.add(new Row(r.line(), model, vendor));
        }
        return out;
    }

    private static int indexOf(List<String> fields, String... names) {
        for (int i = 0; i < fields.size(); i++)
            for (String n : names) if (fields.get(i).equals(n)) return i;
        return -1;
    }

    /** One call; fills {@code done} for every row of the chunk; returns why it failed, or null. */
    private String check(ServerClient client, String vendor, List<Row> chunk, Map<Integer, Result> done)
            throws InterruptedException {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        var models = body.putArray("models");
        chunk.forEach(r -> models.add(r.model));
        if (!vendor.isEmpty()) body.put("vendor", vendor);
        if (minLevel != null) body.put("minLevel", minLevel);
        if (supportUntil != null) body.put("supportUntil", supportUntil);
        String why;
        try {
            ServerClient.Answer a = client.postJson("/v1/models/check", body.toString());
            JsonNode results = a.json() == null ? null : a.json().get("results");
            if (a.status() == 200 && results != null && results.isArray() && results.size() == chunk.size()) {
                for (int i = 0; i < chunk.size(); i++) {
                    JsonNode r = results.get(i);
                    List<String> ids = new ArrayList<>();
                    r.path("labels").forEach(l -> ids.add(l.path("id").asText()));
                    done.put(
                            chunk.get(i).line,
                            new Result(
                                    chunk.get(i),
                                    r.path("verdict").asText("?"),
                                    text(r.get("bestLevel")),
                                    text(r.get("bestLabel")),
                                    text(r.get("supportEnd")),
                                    text(r.get("validUntil")),
                                    String.join(" ", ids)));
                }
                return null;
            }
            why = a.status() == 200 ? "the server's answer does not hold one result per model" : a.problem();
        } catch (ServerClient.Unreachable e) {
            why = e.getMessage();
        }
        for (Row r : chunk) done.put(r.line, new Result(r, "not-checked", "", "", "", "", ""));
        return why;
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? "" : n.asText();
    }

    static void write(Path file, List<Result> results) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write('\uFEFF'); // Excel opens UTF-8 CSV correctly only with the BOM
            Csv.write(
                    w,
                    "line",
                    "model",
                    "vendor",
                    "verdict",
                    "bestLevel",
                    "bestLabel",
                    "supportEnd",
                    "validUntil",
                    "labels");
            for (Result r : results) {
                Csv.write(
                        w,
                        r.row.line,
                        r.row.model,
                        r.row.vendor == null ? "" : r.row.vendor,
                        r.verdict,
                        r.bestLevel,
                        r.bestLabel,
                        r.supportEnd,
                        r.validUntil,
                        r.labels);
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
