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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import jp.jcstar.json.Json;
import jp.jcstar.requirements.Requirement;
import jp.jcstar.requirements.RequirementsCatalogue;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jcstar issue-batch FILE.csv}: issues one label per CSV row through {@code POST /v1/labels}.
 * See the command's help (below) for the file format; bad rows are reported with their line numbers and
 * never stop the run; a re-run is safe (issuance is idempotent on the application id).
 */
@Command(
        name = "issue-batch",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Issue labels from a CSV file, one application per row, through POST /v1/labels (operator).",
            "",
            "The file: UTF-8 (with or without BOM), comma-separated, RFC 4180 quoting (\"a, b\"; \"\" for a quote), "
                    + "a header row naming the columns (any order):",
            "  applicationId  the application's id; issuance is idempotent on it",
            "  level          star level 1-4",
            "  models         model designations separated by |   e.g. SC-300|SC-300W",
            "  product, vendor, category (router, camera, ...), supportEnd (YYYY-MM-DD)",
            "  declaration    a JSON file with the conformity declaration ({\"answers\": [...], \"evaluation\": {...}}),"
                    + " relative to the CSV's folder; or star1-self",
            "optional columns, used with declaration = star1-self:",
            "  justification  required: star1-self answers every ☆1 requirement 'conforms' with this justification",
            "  evidence       evidence references for every answer, separated by |",
            "  evaluationBody, evaluationReportId   the third-party evaluation (required by the server for ☆2-☆4)",
            "",
            "Rows go to the server a few at a time (--parallel). A bad row (bad syntax, a field the server refuses) is "
                    + "reported with its line number and the server's reasons and does not stop the others. Re-running "
                    + "the same file is safe: rows issued before are reported as already issued, with their label id.",
            "Writes a result CSV (line, applicationId, result, labelId, error); result is issued, already-issued, "
                    + "rejected or not-sent.",
            "",
            "Authentication: the local server's operator token (--token-file, --token or $JCSTAR_OPERATOR_TOKEN; default "
                    + "~/.jcstar/operator-token), or, for the registry in AWS, requests signed with your AWS credentials "
                    + "(--aws, SigV4; the default for an execute-api URL)."
        },
        footer = {
            "",
            "Exit status: 0 every row issued (now or before); 1 some rows rejected; 2 nothing or not everything "
                    + "could be tried (bad file or header, arguments, credentials refused, server unreachable)."
        })
public final class BatchIssueCommand implements Callable<Integer> {
    static final List<String> REQUIRED =
            List.of("applicationId", "level", "models", "product", "vendor", "category", "supportEnd", "declaration");
    static final List<String> OPTIONAL = List.of("justification", "evidence", "evaluationBody", "evaluationReportId");
    static final String STAR1_SELF = "star1-self";
    private static final int SHOW_AT_MOST = 50;

    @Parameters(index = "0", paramLabel = "FILE.csv", description = "The applications, one per row.")
    Path file;

    @Option(
            names = "--server",
            paramLabel = "URL",
            defaultValue = jp.jcstar.cli.Cli.DEFAULT_SERVER,
            description = "Registry API base URL (default: $JCSTAR_SERVER or ${DEFAULT-VALUE}).")
    String server;

    @Mixin
    OperatorAuth auth = new OperatorAuth();

    @Option(
            names = {"-o", "--out"},
            paramLabel = "FILE",
            description = "Result CSV (default: FILE.results.csv next to the input).")
    Path out;

    @Option(
            names = "--parallel",
            paramLabel = "N",
            defaultValue = "4",
            description = "Requests in flight, 1-16 (default: ${DEFAULT-VALUE}).")
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
            defaultValue = "60",
            description = "Per request (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Spec
    CommandSpec spec;

    /** The outcome of one row. */
    enum Result {
        ISSUED("issued"),
        ALREADY_ISSUED("already-issued"),
        REJECTED("rejected"),
        NOT_SENT("not-sent");

        final String code;

        Result(String code) {
            this.code = code;
        }
    }

    record Row(int line, String applicationId, Result result, String labelId, String error) {}

    /** A row ready to send, or the reason it cannot be. */
    private record Prepared(int line, String applicationId, String json, String error) {}

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        if (parallel < 1 || parallel > 16) return usage(stderr, "--parallel must be 1-16");
        Progress.Mode mode;
        try {
            mode = Progress.Mode.valueOf(progressMode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return usage(stderr, "--progress must be auto, bar, plain or none");
        }
        ServerClient client;
        try {
            client = new ServerClient(server, auth.resolve(server), Duration.ofSeconds(Math.max(1, timeoutSeconds)));
        } catch (IOException | IllegalArgumentException e) {
            return usage(stderr, e.getMessage());
        }
        if (!Files.isRegularFile(file)) return usage(stderr, "no such file: " + file);
        Path results = out != null ? out : defaultOut(file);

        // ---- read and prepare every row before sending anything
        List<Csv.Record> records;
        try {
            records = Csv.parse(Csv.decode(Files.readAllBytes(file)), false); // every value is one line
        } catch (IOException e) {
            return usage(stderr, file + ": " + e.getMessage());
        }
        if (records.isEmpty())
            return usage(stderr, file + " is empty: expected a header row " + String.join(",", REQUIRED));
        Csv.Record header = records.getFirst();
        Map<String, Integer> columns;
        try {
            columns = header(header);
        } catch (IllegalArgumentException e) {
            return usage(stderr, file + " line " + header.line() + ": " + e.getMessage());
        }
        Path folder = file.toAbsolutePath().getParent();
        Map<Path, Object> declarationCache = new HashMap<>();
        List<Prepared> rows = new ArrayList<>();
        for (Csv.Record r : records.subList(1, records.size())) rows.add(prepare(r, columns, folder, declarationCache));
        if (rows.isEmpty()) return usage(stderr, file + " has a header but no rows");

        // ---- send
        Row[] done = new Row[rows.size()];
        AtomicReference<String> abort = new AtomicReference<>();
        long started = System.nanoTime();
        try (Progress progress = new Progress(stderr, "issue-batch", rows.size(), mode);
                ExecutorService pool = Executors.newFixedThreadPool(
                        parallel, Thread.ofPlatform().daemon().name("issue-", 1).factory())) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                int idx = i;
                Prepared p = rows.get(i);
                futures.add(pool.submit(() -> {
                    Row row = send(client, p, abort);
                    done[idx] = row;
                    progress.advance(1, row.result == Result.ISSUED || row.result == Result.ALREADY_ISSUED ? 0 : 1);
                    return null;
                }));
            }
            for (Future<?> f : futures) f.get();
        }
        double secs = (System.nanoTime() - started) / 1e9;

        // ---- results file and summary
        writeResults(results, done);
        Map<Result, Integer> counts = new LinkedHashMap<>();
        for (Result r : Result.values()) counts.put(r, 0);
        for (Row r : done) counts.merge(r.result, 1, Integer::sum);
        stdout.printf(
                Locale.ROOT,
                "%d rows in %s: %d issued, %d already issued, %d rejected%s (%.1f s, %.1f rows/s)%n",
                done.length,
                file.getFileName(),
                counts.get(Result.ISSUED),
                counts.get(Result.ALREADY_ISSUED),
                counts.get(Result.REJECTED),
                counts.get(Result.NOT_SENT) > 0 ? ", " + counts.get(Result.NOT_SENT) + " not sent" : "",
                secs,
                done.length / Math.max(secs, 1e-9));
        int shown = 0;
        for (Row r : done) {
            if (r.result != Result.REJECTED) continue;
            if (shown++ == SHOW_AT_MOST) {
                stdout.println("  … and " + (counts.get(Result.REJECTED) - SHOW_AT_MOST)
                        + " more rejected rows (see the result file)");
                break;
            }
            stdout.println("  line " + r.line
                    + (r.applicationId == null || r.applicationId.isEmpty() ? "" : " (" + r.applicationId + ")") + ": "
                    + abbreviate(r.error, 600));
        }
        stdout.println("results: " + results);
        stdout.flush();
        if (abort.get() != null) {
            stderr.println(jp.jcstar.cli.Cli.error("stopped early: " + abort.get()));
            stderr.println(
                    "       rows marked not-sent were not tried; fix the cause and run the same file again (issued rows are kept).");
            stderr.flush();
            return 2;
        }
        return counts.get(Result.REJECTED) > 0 ? 1 : 0;
    }

    private int usage(PrintWriter err, String message) {
        err.println(jp.jcstar.cli.Cli.error(message));
        err.flush();
        return 2;
    }

    static Path defaultOut(Path input) {
        String name = input.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return input.toAbsolutePath().resolveSibling(stem + ".results.csv");
    }

    /** Column name → index; refuses unknown, duplicate and missing columns (a typo must not pass silently). */
    static Map<String, Integer> header(Csv.Record h) {
        if (h.error() != null) throw new IllegalArgumentException("the header row is malformed: " + h.error());
        Map<String, String> known = new HashMap<>();
        for (String c : REQUIRED) known.put(c.toLowerCase(Locale.ROOT), c);
        for (String c : OPTIONAL) known.put(c.toLowerCase(Locale.ROOT), c);
        Map<String, Integer> cols = new LinkedHashMap<>();
        for (int i = 0; i < h.fields().size(); i++) {
            String raw = h.fields().get(i).strip();
            String name = known.get(raw.toLowerCase(Locale.ROOT));
            if (name == null) {
                throw new IllegalArgumentException("unknown column \"" + raw + "\" (columns: "
                        + String.join(", ", REQUIRED) + "; optional: " + String.join(", ", OPTIONAL) + ")");
            }
            if (cols.put(name, i) != null) throw new IllegalArgumentException("column " + name + " appears twice");
        }
        List<String> missing =
                REQUIRED.stream().filter(c -> !cols.containsKey(c)).toList();
        if (!missing.isEmpty())
            throw new IllegalArgumentException(
                    "missing column" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing));
        return cols;
    }

    private static Prepared prepare(Csv.Record r, Map<String, Integer> cols, Path folder, Map<Path, Object> cache) {
        String appId = r.fields().size() > cols.get("applicationId")
                ? r.fields().get(cols.get("applicationId")).strip()
                : null;
        if (r.error() != null) return new Prepared(r.line(), appId, null, "bad CSV: " + r.error());
        if (r.fields().size() != cols.size()) {
            return new Prepared(
                    r.line(),
                    appId,
                    null,
                    "bad CSV: the row has " + r.fields().size() + " fields, the header " + cols.size()
                            + " (a comma inside a value needs quotes: \"a, b\")");
        }
        java.util.function.Function<String, String> get =
                c -> cols.containsKey(c) ? r.fields().get(cols.get(c)).strip() : "";
        ObjectNode a = JsonNodeFactory.instance.objectNode();
        a.put("applicationId", appId);
        String level = get.apply("level");
        // Numbers go as numbers; anything else goes as typed, so the server names the rule it breaks.
        if (level.matches("[+-]?\\d{1,9}")) a.put("level", Integer.parseInt(level));
        else a.put("level", level);
        ArrayNode models = a.putArray("models");
        for (String m : get.apply("models").split("\\|", -1)) if (!m.isBlank()) models.add(m.strip());
        a.put("product", get.apply("product"));
        a.put("vendor", get.apply("vendor"));
        a.put("category", get.apply("category"));
        a.put("supportEnd", get.apply("supportEnd"));
        String decl = get.apply("declaration");
        try {
            a.set("declaration", declaration(decl, get, folder, cache));
        } catch (IllegalArgumentException e) {
            return new Prepared(r.line(), appId, null, e.getMessage());
        }
        return new Prepared(r.line(), appId, a.toString(), null);
    }

    private static JsonNode declaration(
            String decl, java.util.function.Function<String, String> get, Path folder, Map<Path, Object> cache) {
        if (decl.isEmpty())
            throw new IllegalArgumentException(
                    "declaration is empty: name a JSON file (relative to the CSV) or " + STAR1_SELF);
        if (decl.equals(STAR1_SELF)) {
            String justification = get.apply("justification");
            if (justification.isEmpty()) {
                throw new IllegalArgumentException("declaration " + STAR1_SELF
                        + " needs the column justification (the justification given for every ☆1 requirement)");
            }
            List<String> evidence = new ArrayList<>();
            for (String e : get.apply("evidence").split("\\|", -1)) if (!e.isBlank()) evidence.add(e.strip());
            ObjectNode d = JsonNodeFactory.instance.objectNode();
            ArrayNode answers = d.putArray("answers");
            for (Requirement req : RequirementsCatalogue.get().starOne()) {
                ObjectNode ans = answers.addObject()
                        .put("requirement", req.id())
                        .put("verdict", "conforms")
                        .put("justification", justification);
                ArrayNode ev = ans.putArray("evidence");
                evidence.forEach(ev::add);
            }
            String body = get.apply("evaluationBody");
            String report = get.apply("evaluationReportId");
            if (!body.isEmpty() || !report.isEmpty())
                d.putObject("evaluation").put("body", body).put("reportId", report);
            return d;
        }
        Path p = folder.resolve(decl).normalize();
        Object cached = cache.computeIfAbsent(p, BatchIssueCommand::readDeclaration);
        if (cached instanceof String error) throw new IllegalArgumentException(error);
        return (JsonNode) cached;
    }

    /** The parsed file, or an error message (cached either way: many rows share one file). */
    private static Object readDeclaration(Path p) {
        if (!Files.isRegularFile(p))
            return "declaration file " + p + " not found (paths are relative to the CSV's folder; or use " + STAR1_SELF
                    + ")";
        try {
            byte[] b = Files.readAllBytes(p);
            if (b.length > 1_000_000) return "declaration file " + p + " is larger than 1 MB";
            JsonNode n = Json.parse(Csv.decode(b));
            if (!n.isObject()) return "declaration file " + p + " must hold a JSON object {\"answers\": [...]}";
            return n;
        } catch (IOException | IllegalArgumentException e) {
            return "declaration file " + p + ": " + e.getMessage();
        }
    }

    private static Row send(ServerClient client, Prepared p, AtomicReference<String> abort)
            throws InterruptedException {
        if (p.error != null) return new Row(p.line, p.applicationId, Result.REJECTED, null, p.error);
        if (abort.get() != null)
            return new Row(p.line, p.applicationId, Result.NOT_SENT, null, "not sent: " + abort.get());
        ServerClient.Answer a;
        try {
            a = client.postJson("/v1/labels", p.json);
        } catch (ServerClient.Unreachable e) {
            abort.compareAndSet(null, e.getMessage());
            return new Row(p.line, p.applicationId, Result.NOT_SENT, null, e.getMessage());
        }
        if (a.status() == 201 || a.status() == 200) {
            String id = a.json() == null ? null : a.json().path("id").asText(null);
            if (id == null)
                return new Row(
                        p.line,
                        p.applicationId,
                        Result.REJECTED,
                        null,
                        "the server answered " + a.status() + " without a label id");
            return new Row(
                    p.line, p.applicationId, a.status() == 201 ? Result.ISSUED : Result.ALREADY_ISSUED, id, null);
        }
        if (a.status() == 401 || a.status() == 403) {
            abort.compareAndSet(null, "the server refused the operator credentials (" + a.problem() + ")");
            return new Row(p.line, p.applicationId, Result.NOT_SENT, null, a.problem());
        }
        return new Row(p.line, p.applicationId, Result.REJECTED, null, describe(a));
    }

    /**
     * The problem document with every failing field, e.g. {@code 422 The application cannot be issued:
     * level must be 1, 2, 3 or 4; category must be one of […]}; without a failure list, title and detail.
     */
    static String describe(ServerClient.Answer a) {
        JsonNode failures = a.json() == null ? null : a.json().get("failures");
        if (failures == null || !failures.isArray() || failures.isEmpty()) return a.problem();
        StringBuilder sb = new StringBuilder()
                .append(a.status())
                .append(' ')
                .append(a.json().path("title").asText("Rejected"))
                .append(": ");
        for (int i = 0; i < failures.size(); i++) {
            JsonNode f = failures.get(i);
            if (i > 0) sb.append("; ");
            String field = f.path("field").asText("");
            String msg = f.path("message").asText(f.path("code").asText(""));
            sb.append(field.isEmpty() || msg.startsWith(field + " ") ? msg : field + ": " + msg);
        }
        return sb.toString();
    }

    private static String abbreviate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max) + "… (full text in the result file)";
    }

    static void writeResults(Path results, Row[] rows) throws IOException {
        Path tmp = Files.createTempFile(results.toAbsolutePath().getParent(), ".results", ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write('\uFEFF'); // so Excel opens Japanese text as UTF-8
            Csv.write(w, "line", "applicationId", "result", "labelId", "error");
            for (Row r : rows) Csv.write(w, r.line, r.applicationId, r.result.code, r.labelId, r.error);
        }
        Files.move(tmp, results, StandardCopyOption.REPLACE_EXISTING);
    }

    /** For trying it out before the lead registers the command: {@code java -cp jcstar.jar jp.jcstar.cli.batch.BatchIssueCommand}. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new BatchIssueCommand()).execute(args));
    }
}
