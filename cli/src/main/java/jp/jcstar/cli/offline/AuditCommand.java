package jp.jcstar.cli.offline;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import jp.jcstar.json.Json;
import jp.jcstar.label.StatusRef;
import jp.jcstar.log.Checkpoint;
import jp.jcstar.log.LogEntry;
import jp.jcstar.log.LogFollower;
import jp.jcstar.log.LogPublisher;
import jp.jcstar.log.LogReplay;
import jp.jcstar.log.LogVerificationException;
import jp.jcstar.log.NoteVerifier;
import jp.jcstar.registry.Publisher;
import jp.jcstar.signing.KeySet;
import jp.jcstar.status.InvalidStatusListException;
import jp.jcstar.status.LabelState;
import jp.jcstar.status.RevocationReason;
import jp.jcstar.status.StatusList;
import jp.jcstar.status.StatusListToken;
import jp.jcstar.verify.LabelVerifier;
import jp.jcstar.verify.Verification;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jcstar audit --server URL}: replays the registry's whole transparency log and compares what it
 * rebuilds with what the registry serves (docs/transparency-log.md, "Verifying" step 4):
 * <ol>
 *   <li>the signed checkpoint (log key pinned with {@code --log-key}, or as served), every entry bundle,
 *       their tree's root against the signed one;</li>
 *   <li>the replay: an issuance creates a label in state {@code valid}, a status change must start from
 *       the state the label has at that point;</li>
 *   <li>for every logged label: the served label ({@code /v1/label-jws/<id>}) must be the logged one
 *       (SHA-256) and verify against the JWKS; its status document ({@code /v1/label-status/<id>}) and its
 *       entry in its signed status list must say the replayed state;</li>
 *   <li>every label of the export ({@code /v1/export/labels.json}) must be logged, with the replayed state;
 *       every entry a status list marks must belong to a logged label.</li>
 * </ol>
 * Progress goes to stderr, each difference and the summary to stdout.
 */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description = {
            "Replay the registry's transparency log, rebuild every label and status list from it, and compare them with what the registry serves.",
            "Reports every label served but not logged and every status that differs."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the registry serves exactly what its log says",
            "1:differences found (listed)",
            "2:usage error",
            "3:the log itself is refused (signature, root, a replay that does not add up)",
            "4:the audit could not run (network, server error)"
        })
public final class AuditCommand implements Callable<Integer> {
    static final int DIFFERENCES = 1, LOG_REFUSED = 3, CANNOT_RUN = 4;
    private static final int MAX_BYTES = 64 << 20;

    @Option(
            names = "--server",
            required = true,
            paramLabel = "URL",
            description = "Registry base URL, e.g. https://registry.example.jp or http://127.0.0.1:8080")
    String server;

    @Option(
            names = "--site-base",
            paramLabel = "URL",
            description = "The public base URL the status lists are signed for. Default: the server URL.")
    String siteBase;

    @Option(
            names = "--log-key",
            paramLabel = "FILE",
            description =
                    "The log's verifier key to trust (e.g. the log-key 'jcstar sync' pinned). Default: the key the server publishes.")
    Path logKey;

    @Option(
            names = "--timeout",
            defaultValue = "30",
            paramLabel = "SECONDS",
            description = "Per-request timeout. Default: ${DEFAULT-VALUE}")
    int timeoutSeconds;

    @Spec
    CommandSpec spec;

    private HttpClient http;
    private String base;

    /** A label as the log leaves it. */
    static final class Replayed {
        final String id;
        final long firstIndex;
        final byte[] jwsSha256;
        LabelState state = LabelState.VALID;
        RevocationReason reason;

        Replayed(String id, long firstIndex, byte[] jwsSha256) {
            this.id = id;
            this.firstIndex = firstIndex;
            this.jwsSha256 = jwsSha256;
        }
    }

    static final class Refused extends Exception {
        Refused(String m) {
            super(m);
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        base = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
        String site = siteBase == null ? base : siteBase.replaceAll("/+$", "");
        http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(timeoutSeconds))
                .build();
        try {
            List<String> differences = new ArrayList<>();
            Map<String, Replayed> labels = replay(err);
            out.printf(java.util.Locale.ROOT, "log: %d labels replayed%n", labels.size());
            compare(labels, site, differences, err);
            differences.forEach(out::println);
            out.printf(
                    java.util.Locale.ROOT,
                    "%s: %d labels, %d differences%n",
                    differences.isEmpty() ? "consistent" : "DIFFERENCES",
                    labels.size(),
                    differences.size());
            out.flush();
            return differences.isEmpty() ? 0 : DIFFERENCES;
        } catch (Refused | LogVerificationException e) {
            err.println("jcstar audit: the transparency log is refused: " + e.getMessage());
            err.flush();
            return LOG_REFUSED;
        } catch (IOException | java.io.UncheckedIOException e) {
            err.println("jcstar audit: " + e.getMessage());
            err.flush();
            return CANNOT_RUN;
        }
    }

    /** Every entry of the signed checkpoint, replayed; throws {@link Refused} when the log does not add up. */
    Map<String, Replayed> replay(PrintWriter err) throws IOException, Refused {
        String key;
        if (logKey != null) {
            key = Files.readString(logKey, StandardCharsets.UTF_8).strip();
        } else {
            key = get(base + "/files/" + LogPublisher.KEY)
                    .map(b -> new String(b, StandardCharsets.UTF_8).strip())
                    .orElseThrow(() -> new IOException(
                            "the registry serves no transparency log key (/files/" + LogPublisher.KEY + ")"));
        }
        NoteVerifier verifier;
        try {
            verifier = new NoteVerifier(key);
        } catch (IllegalArgumentException e) {
            throw new Refused("the log key is not acceptable: " + e.getMessage());
        }
        LogFollower follower = new LogFollower(verifier, p -> {
            try {
                return get(base + "/files/" + p);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try {
            Checkpoint c = follower.latest();
            err.printf(java.util.Locale.ROOT, "log: checkpoint of %d entries, signed by %s%n", c.size(), c.origin());
            List<byte[]> entries = follower.entries(c, (soFar, total) -> {
                err.printf(java.util.Locale.ROOT, "log: %d/%d entries read and hashed%n", soFar, total);
                err.flush();
            });
            // the auditor's rebuild (LogReplay): its refusals are the log's (exit 3)
            Map<String, Replayed> labels = new LinkedHashMap<>();
            for (LogReplay.Label l : LogReplay.replay(entries).values()) {
                Replayed r = new Replayed(l.id(), l.firstIndex(), l.jwsSha256());
                r.state = l.state();
                r.reason = l.reason();
                labels.put(l.id(), r);
            }
            return labels;
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    void compare(Map<String, Replayed> labels, String site, List<String> differences, PrintWriter err)
            throws IOException {
        KeySet keys;
        try {
            keys = KeySet.parse(new String(
                    get(base + "/" + Publisher.JWKS).orElseThrow(() -> new IOException("the registry serves no JWKS")),
                    StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IOException("the registry's JWKS cannot be read: " + e.getMessage());
        }
        LabelVerifier verifier = new LabelVerifier(keys);
        Map<Integer, Optional<StatusList>> lists = new TreeMap<>();
        Map<Integer, Map<Integer, String>> owners = new HashMap<>();
        int checked = 0;
        for (Replayed r : labels.values()) {
            if (++checked % 100 == 0 || checked == labels.size()) {
                err.printf(java.util.Locale.ROOT, "labels: %d/%d compared%n", checked, labels.size());
                err.flush();
            }
            Optional<byte[]> jws = get(base + "/" + Publisher.LABEL_JWS + r.id);
            if (jws.isEmpty()) {
                differences.add(r.id + ": logged (entry " + r.firstIndex + ") but its label is not served");
                continue;
            }
            String compact = new String(jws.get(), StandardCharsets.US_ASCII).strip();
            if (!java.security.MessageDigest.isEqual(LogEntry.sha256(compact), r.jwsSha256)) {
                differences.add(r.id + ": the label served is not the one logged (entry " + r.firstIndex + ")");
                continue;
            }
            if (!(verifier.verify(compact) instanceof Verification.Verified v)) {
                differences.add(r.id + ": the label served and logged does not verify against the registry's JWKS");
                continue;
            }
            Optional<byte[]> doc = get(base + "/" + Publisher.LABEL_STATUS + r.id);
            if (doc.isPresent()) {
                JsonNode d = Json.MAPPER.readTree(doc.get());
                String served = d.path("status").asText();
                String reason =
                        d.path("reason").isNull() ? null : d.path("reason").asText(null);
                if (!served.equals(r.state.code())
                        || !java.util.Objects.equals(reason, r.reason == null ? null : r.reason.code())) {
                    differences.add(r.id + ": status document says " + served
                            + (reason == null ? "" : " (" + reason + ")") + ", the log " + describe(r));
                }
            } else if (r.state != LabelState.VALID) {
                differences.add(r.id + ": no status document served, the log " + describe(r));
            }
            StatusRef ref = v.claims().status();
            owners.computeIfAbsent(ref.list(), k -> new HashMap<>()).put(ref.index(), r.id);
            Optional<StatusList> list = lists.computeIfAbsent(ref.list(), n -> list(n, keys, site, differences));
            if (list.isEmpty()) continue;
            int value;
            try {
                value = list.get().get(ref.index());
            } catch (IndexOutOfBoundsException e) {
                differences.add(r.id + ": status list " + ref.list() + " has no index " + ref.index());
                continue;
            }
            if (r.state == LabelState.EXPIRED) continue; // not a list value: computed from the validity end
            if (value != StatusList.valueOf(r.state)) {
                differences.add(r.id + ": status list " + ref.list() + " index " + ref.index() + " says "
                        + StatusList.stateOf(value).code() + ", the log " + describe(r));
            }
        }
        for (var e : lists.entrySet()) {
            if (e.getValue().isEmpty()) continue;
            StatusList l = e.getValue().get();
            Map<Integer, String> mine = owners.getOrDefault(e.getKey(), Map.of());
            for (int i = 0; i < l.size(); i++) {
                if (l.get(i) != StatusList.VALID && !mine.containsKey(i)) {
                    differences.add("status list " + e.getKey() + " index " + i + " is marked "
                            + StatusList.stateOf(l.get(i)).code() + " but no logged label holds it");
                }
            }
        }
        Optional<byte[]> export = get(base + "/v1/export/labels.json");
        if (export.isEmpty()) {
            differences.add(
                    "the registry serves no export (/v1/export/labels.json): labels served but not logged cannot be listed");
            return;
        }
        JsonNode root = Json.MAPPER.readTree(export.get());
        for (JsonNode l : root.path("labels")) {
            String id = l.path("id").asText();
            Replayed r = labels.get(id);
            String status = l.path("status").asText();
            if (r == null) differences.add(id + ": served (export) but not in the log");
            else if (!status.equals(r.state.code())
                    && !(status.equals(LabelState.EXPIRED.code()) && r.state == LabelState.VALID)) {
                differences.add(id + ": the export says " + status + ", the log "
                        + describe(r)); // expired: computed from the validity end
            }
        }
    }

    private Optional<StatusList> list(int n, KeySet keys, String site, List<String> differences) {
        String uri = site + "/v1/status-lists/" + n;
        try {
            Optional<byte[]> token = get(base + "/v1/status-lists/" + n);
            if (token.isEmpty()) {
                differences.add("status list " + n + " is not served");
                return Optional.empty();
            }
            return Optional.of(StatusListToken.parse(
                            new String(token.get(), StandardCharsets.US_ASCII).strip(),
                            keys,
                            uri,
                            Clock.systemUTC().instant())
                    .list());
        } catch (InvalidStatusListException e) {
            differences.add("status list " + n + " does not verify: " + e.getMessage());
            return Optional.empty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String describe(Replayed r) {
        return "says " + r.state.code() + (r.reason == null ? "" : " (" + r.reason.code() + ")");
    }

    private Optional<byte[]> get(String url) throws IOException {
        try {
            HttpResponse<InputStream> r = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(timeoutSeconds))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                if (r.statusCode() == 404) return Optional.empty();
                if (r.statusCode() != 200) throw new IOException("GET " + url + " answered " + r.statusCode());
                byte[] body = in.readNBytes(MAX_BYTES + 1);
                if (body.length > MAX_BYTES)
                    throw new IOException("GET " + url + " sent more than " + MAX_BYTES + " bytes");
                return Optional.of(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (IllegalArgumentException e) {
            throw new IOException("not a URL: " + url);
        }
    }
}
