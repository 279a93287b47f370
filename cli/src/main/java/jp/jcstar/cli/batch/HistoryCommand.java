package jp.jcstar.cli.batch;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import jp.jcstar.cli.Cli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jcstar history LABEL_ID}: a label's issuance and status changes, oldest first, from
 * {@code GET /v1/labels/{id}/history}. With the operator token (local server) each change also shows
 * who made it and the note.
 */
@Command(
        name = "history",
        mixinStandardHelpOptions = true,
        description = {
            "Show a label's history: its issuance and every status change (state, reason code, effective date).",
            "With the local server's operator token (--token-file, --token or $JCSTAR_OPERATOR_TOKEN) also who made each change and the note."
        },
        footer = {"", "Exit status: 0 shown; 1 no such label; 2 bad usage or the server unreachable."})
public final class HistoryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "LABEL_ID", description = "The registration number, e.g. JC26-4F7K2M9Q.")
    String id;

    @Option(
            names = "--server",
            paramLabel = "URL",
            defaultValue = Cli.DEFAULT_SERVER,
            description = "Registry API base URL (default: $JCSTAR_SERVER or ${DEFAULT-VALUE}).")
    String server;

    @Option(
            names = "--token-file",
            paramLabel = "FILE",
            description = "The operator token's file (shows who and the note).")
    java.nio.file.Path tokenFile;

    @Option(names = "--token", paramLabel = "TOKEN", description = "The operator token itself.")
    String token;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ServerClient.Auth auth = ServerClient.Auth.NONE;
        String t = token != null
                ? token.strip()
                : tokenFile != null
                        ? java.nio.file.Files.readString(tokenFile).strip()
                        : System.getenv(OperatorAuth.ENV);
        if (t != null && !t.isBlank()) auth = ServerClient.Auth.bearer(t);
        ServerClient.Answer a;
        try {
            ServerClient client = new ServerClient(server, auth, Duration.ofSeconds(30));
            a = client.get("/v1/labels/"
                    + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8)
                            .replace("+", "%20") + "/history");
        } catch (IllegalArgumentException | ServerClient.Unreachable e) {
            err.println(Cli.error(e.getMessage()));
            return Cli.USAGE;
        }
        if (!a.ok() || a.json() == null) {
            err.println(Cli.error(a.problem()));
            return a.status() == 404 ? Cli.INVALID : Cli.USAGE;
        }
        out.println(a.json().path("id").asText() + "  now "
                + a.json().path("status").asText());
        for (JsonNode i : a.json().path("items")) out.println(line(i));
        return Cli.OK;
    }

    static String line(JsonNode i) {
        StringBuilder b =
                new StringBuilder("  ").append(i.path("effectiveAt").asText()).append("  ");
        b.append(
                i.path("event").asText().equals("issued")
                        ? "issued"
                        : i.path("from").asText() + " -> " + i.path("state").asText());
        if (i.path("reason").isTextual())
            b.append("  reason ").append(i.path("reason").asText());
        if (i.path("actor").isTextual())
            b.append("  by ").append(i.path("actor").asText());
        if (i.path("note").isTextual())
            b.append("  note: ").append(i.path("note").asText());
        return b.toString();
    }
}
