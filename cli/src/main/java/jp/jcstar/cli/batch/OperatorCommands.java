package jp.jcstar.cli.batch;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The operator's status actions against a running registry: {@code revoke}, {@code suspend},
 * {@code reinstate} one label, and {@code revoke-all} labels of a model or vendor issued before a time.
 * Each prints the label's new status; a refused transition (revocation is final) is exit 1 with the
 * server's explanation. Requests carry the local server's token, or are signed with the operator's AWS
 * credentials for the registry in AWS ({@link OperatorAuth}).
 */
public final class OperatorCommands {
    private OperatorCommands() {}

    /** Null for a known reason code, else what to tell the user. */
    static String reasonProblem(String reason) {
        try {
            jp.jcstar.status.RevocationReason.fromCode(reason);
            return null;
        } catch (IllegalArgumentException e) {
            return "unknown --reason " + reason + "; one of "
                    + java.util.Arrays.stream(jp.jcstar.status.RevocationReason.values())
                            .map(jp.jcstar.status.RevocationReason::code)
                            .collect(java.util.stream.Collectors.joining(", "));
        }
    }

    abstract static class Base implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(
                names = "--server",
                paramLabel = "URL",
                defaultValue = jp.jcstar.cli.Cli.DEFAULT_SERVER,
                description = "Registry API base URL (default: $JCSTAR_SERVER or ${DEFAULT-VALUE}).")
        String server;

        /** Checks the arguments before anything is sent; a message means bad usage (exit 2). */
        String invalid() {
            return null;
        }

        @Mixin
        OperatorAuth auth = new OperatorAuth();

        @Option(
                names = "--note",
                paramLabel = "TEXT",
                description = "Why, for the audit record (at most 1000 characters).")
        String note;

        abstract String path();

        abstract ObjectNode body();

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            String bad = invalid();
            if (bad != null) {
                err.println(jp.jcstar.cli.Cli.error(bad));
                return jp.jcstar.cli.Cli.USAGE;
            }
            ServerClient client;
            try {
                client = new ServerClient(server, auth.resolve(server), Duration.ofSeconds(60));
            } catch (java.io.IOException | IllegalArgumentException e) {
                err.println(jp.jcstar.cli.Cli.error(e.getMessage()));
                return 2;
            }
            ObjectNode b = body();
            if (note != null) b.put("note", note);
            ServerClient.Answer a;
            try {
                a = client.postJson(path(), b.toString());
            } catch (ServerClient.Unreachable e) {
                err.println(jp.jcstar.cli.Cli.error(e.getMessage()));
                return 2;
            }
            if (!a.ok()) {
                err.println(jp.jcstar.cli.Cli.error(a.problem()));
                // refused input or credentials are usage errors; a refused transition or an unknown label a failed
                // operation
                int s = a.status();
                return s == 400 || s == 401 || s == 403 || s == 413 || s == 415 || s == 422 ? 2 : 1;
            }
            out.println(summary(a));
            return 0;
        }

        String summary(ServerClient.Answer a) {
            var j = a.json();
            return j.path("id").asText() + "  " + j.path("status").asText()
                    + (j.path("reason").isTextual()
                            ? "  reason " + j.path("reason").asText()
                            : "")
                    + (j.path("statusEffectiveAt").isTextual()
                            ? "  since " + j.path("statusEffectiveAt").asText()
                            : "");
        }
    }

    abstract static class OneLabel extends Base {
        @Parameters(index = "0", paramLabel = "LABEL_ID", description = "The registration number, e.g. JC26-4F7K2M9Q.")
        String id;

        @Option(
                names = "--effective-at",
                paramLabel = "INSTANT",
                description = "When it takes effect (ISO-8601, e.g. 2026-12-01T00:00:00Z). Default: now.")
        String effectiveAt;

        abstract String action();

        @Override
        String path() {
            return "/v1/labels/" + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8) + "/"
                    + action();
        }

        ObjectNode base() {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            if (effectiveAt != null) o.put("effectiveAt", effectiveAt);
            return o;
        }
    }

    /** A status change that needs a reason code. */
    abstract static class WithReason extends OneLabel {
        @Option(
                names = "--reason",
                required = true,
                paramLabel = "CODE",
                description = "Reason code (see the command's description).")
        String reason;

        @Override
        String invalid() {
            return reasonProblem(reason);
        }

        @Override
        ObjectNode body() {
            return base().put("reason", reason);
        }
    }

    @Command(
            name = "revoke",
            mixinStandardHelpOptions = true,
            description = "Revoke a label (final). Reason codes: nonconformity, "
                    + "vendor-request, fraudulent, key-compromise, superseded, support-ended.")
    public static final class Revoke extends WithReason {
        @Override
        String action() {
            return "revocation";
        }
    }

    @Command(
            name = "suspend",
            mixinStandardHelpOptions = true,
            description =
                    "Suspend a valid label (reversible with reinstate). Reason codes as for revoke, or under-investigation.")
    public static final class Suspend extends WithReason {
        @Override
        String action() {
            return "suspension";
        }
    }

    @Command(name = "reinstate", mixinStandardHelpOptions = true, description = "Reinstate a suspended label.")
    public static final class Reinstate extends OneLabel {
        @Override
        String action() {
            return "reinstatement";
        }

        @Override
        ObjectNode body() {
            return base();
        }
    }

    @Command(
            name = "revoke-all",
            mixinStandardHelpOptions = true,
            description = {
                "Revoke the labels of a model and/or vendor (optionally issued before a time), in two steps:",
                "the server lists the labels that match exactly (model designation and vendor as issued, after NFKC, lower case",
                "and collapsed spaces; no prefix, no substring), this command shows them and asks; only then are exactly those",
                "revoked. --yes skips the question (scripts). Revocation is final."
            })
    public static final class RevokeAll extends Base {
        @Option(names = "--model", paramLabel = "MODEL", description = "Model designation (exact match).")
        String model;

        @Option(names = "--vendor", paramLabel = "VENDOR", description = "Vendor name (exact match).")
        String vendor;

        @Option(
                names = "--issued-before",
                paramLabel = "INSTANT",
                description = "Only labels issued before this time (ISO-8601).")
        String issuedBefore;

        @Option(names = "--reason", required = true, paramLabel = "CODE", description = "Reason code (as for revoke).")
        String reason;

        @Option(
                names = "--limit",
                paramLabel = "N",
                description = "Refuse if more than N labels match (default 100, at most 10000).")
        Integer limit;

        @Option(names = "--yes", description = "Do not ask: revoke what the preview lists.")
        boolean yes;

        /** Where the answer to the question is read from (tests give their own). */
        java.io.BufferedReader input = new java.io.BufferedReader(
                new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8));

        @Override
        String invalid() {
            return reasonProblem(reason);
        }

        @Override
        String path() {
            return "/v1/revocations";
        }

        @Override
        ObjectNode body() {
            ObjectNode o = JsonNodeFactory.instance.objectNode().put("reason", reason);
            if (model != null) o.put("model", model);
            if (vendor != null) o.put("vendor", vendor);
            if (issuedBefore != null) o.put("issuedBefore", issuedBefore);
            if (limit != null) o.put("limit", limit);
            return o;
        }

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            ServerClient client;
            try {
                client = new ServerClient(server, auth.resolve(server), Duration.ofSeconds(60));
            } catch (java.io.IOException | IllegalArgumentException e) {
                err.println("jcstar: " + e.getMessage());
                return 2;
            }
            try {
                ServerClient.Answer preview = client.postJson(path(), body().toString());
                if (!preview.ok()) return refused(err, preview);
                var labels = preview.json().path("labels");
                var already = preview.json().path("alreadyRevoked");
                if (already.size() > 0) out.println(already.size() + " matching label(s) already revoked: " + already);
                if (labels.isEmpty()) {
                    out.println("no label matches exactly; nothing revoked");
                    return 1;
                }
                out.println(labels.size() + " label(s) match:");
                for (var l : labels) {
                    out.println("  " + l.path("id").asText() + "  "
                            + l.path("vendor").asText() + "  " + l.path("models") + "  "
                            + l.path("product").asText() + "  issued "
                            + l.path("issuedAt").asText() + "  "
                            + l.path("status").asText());
                }
                if (!yes) {
                    out.print("Revoke these " + labels.size() + " label(s) with reason " + reason
                            + "? Revocation is final. Type yes to confirm: ");
                    out.flush();
                    String answer = input.readLine();
                    if (answer == null || !answer.strip().equalsIgnoreCase("yes")) {
                        out.println("nothing revoked");
                        return 1;
                    }
                }
                ObjectNode confirm = JsonNodeFactory.instance
                        .objectNode()
                        .put("reason", reason)
                        .put("confirmation", preview.json().path("confirmation").asText());
                var ids = confirm.putArray("labels");
                for (var l : labels) ids.add(l.path("id").asText());
                if (note != null) confirm.put("note", note);
                ServerClient.Answer done = client.postJson(path(), confirm.toString());
                if (!done.ok()) return refused(err, done);
                out.println(summary(done));
                return 0;
            } catch (ServerClient.Unreachable e) {
                err.println("jcstar: " + e.getMessage());
                return 2;
            }
        }

        private static int refused(PrintWriter err, ServerClient.Answer a) {
            err.println("jcstar: " + a.problem());
            return a.status() == 401 || a.status() == 403 ? 2 : 1;
        }

        @Override
        String summary(ServerClient.Answer a) {
            var j = a.json();
            return "revoked " + j.path("revoked").size() + " label(s) " + j.path("revoked") + "; already revoked: "
                    + j.path("alreadyRevoked").size();
        }
    }
}
