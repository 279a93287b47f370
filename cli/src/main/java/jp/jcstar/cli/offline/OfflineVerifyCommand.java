package jp.jcstar.cli.offline;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import jp.jcstar.json.Json;
import jp.jcstar.label.LabelClaims;
import jp.jcstar.label.LabelCodec;
import jp.jcstar.offline.Freshness;
import jp.jcstar.offline.OfflineAnswer;
import jp.jcstar.offline.OfflineDataException;
import jp.jcstar.offline.OfflineVerifier;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jcstar verify-offline DIR (--label TEXT | --file FILE)}: verifies labels against a folder
 * written by {@code jcstar sync}, without network access ({@link OfflineVerifier}). Prints the verdict,
 * the reason, the label's claims and how old the status data is.
 *
 * <p>Exit codes: 0 every label is valid; 1 at least one label is not valid (revoked, suspended,
 * support-ended, expired, invalid); 3 no label is known to be not valid, but at least one could not be
 * decided from the synced data ({@code stale}, {@code unknown}, or DIR was never synced) — sync, then
 * verify again; 2 usage error.
 */
@Command(
        name = "verify-offline",
        mixinStandardHelpOptions = true,
        description = {
            "Verify JC-STAR labels offline, against the keys and status lists 'jcstar sync' saved in DIR.",
            "A label is valid only if its signature verifies, its status list has not expired (exp) and says valid, and its support period and validity have not ended."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every label is valid",
            "1:at least one label is not valid (revoked, suspended, support-ended, expired, invalid)",
            "2:usage error",
            "3:undecided: a status list is expired (stale) or missing (unknown), or DIR was never synced; sync, then verify again"
        })
public final class OfflineVerifyCommand implements Callable<Integer> {
    public static final int VALID = 0, NOT_VALID = 1, UNDECIDED = 3;

    @Parameters(index = "0", paramLabel = "DIR", description = "Folder written by 'jcstar sync'.")
    Path dir;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(
                names = "--label",
                paramLabel = "TEXT",
                description = "The label: its compact JWS, or the text of its QR code.")
        String label;

        @Option(
                names = "--file",
                paramLabel = "FILE",
                description =
                        "A file of labels, one per line (JWS or QR text; blank lines and lines starting with # are skipped); - reads standard input.")
        Path file;
    }

    @Option(names = "--json", description = "Print one JSON object per label instead of text.")
    boolean json;

    @Spec
    CommandSpec spec;

    private final Clock clock;

    public OfflineVerifyCommand() {
        this(Clock.systemUTC());
    }

    /** Tests pass a clock, e.g. one past a list's {@code exp}. */
    OfflineVerifyCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> labels;
        try {
            labels = labels();
        } catch (IOException e) {
            err.println("cannot read " + input.file + ": " + e.getMessage());
            err.flush();
            return 2;
        }
        if (labels.isEmpty()) {
            err.println("no label given");
            err.flush();
            return 2;
        }
        OfflineVerifier verifier;
        try {
            verifier = OfflineVerifier.open(dir, clock);
        } catch (OfflineDataException e) {
            err.println("cannot verify offline: " + e.getMessage());
            err.flush();
            return UNDECIDED;
        }
        boolean notValid = false, undecided = false;
        for (String l : labels) {
            OfflineAnswer a = verifier.verify(l);
            if (json) out.println(Json.writeString(toJson(a)));
            else print(out, a);
            if (!a.valid()) {
                if (a.status().decided()) notValid = true;
                else undecided = true;
            }
        }
        out.flush();
        return notValid ? NOT_VALID : undecided ? UNDECIDED : VALID;
    }

    private List<String> labels() throws IOException {
        if (input.label != null) return List.of(input.label.strip());
        List<String> lines = input.file.toString().equals("-")
                ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                        .lines()
                        .toList()
                : Files.readAllLines(input.file, StandardCharsets.UTF_8);
        List<String> labels = new ArrayList<>();
        for (String line : lines) {
            String s = line.strip();
            if (!s.isEmpty() && !s.startsWith("#")) labels.add(s);
        }
        return labels;
    }

    static void print(PrintWriter out, OfflineAnswer a) {
        LabelClaims c = a.claims();
        out.println((c == null ? "(label)" : c.id()) + "  " + a.status().code().toUpperCase(java.util.Locale.ROOT)
                + (a.valid() ? "" : "  (not valid)"));
        out.printf(Locale.ROOT, "  verdict     %s%n", a.status().code());
        if (a.reason() != null) out.printf(Locale.ROOT, "  reason      %s%n", a.reason());
        if (a.detail() != null) out.printf(Locale.ROOT, "  detail      %s%n", a.detail());
        if (c != null) {
            out.printf(Locale.ROOT, "  product     %s%n", c.product());
            out.printf(Locale.ROOT, "  vendor      %s%n", c.vendor());
            out.printf(Locale.ROOT, "  models      %s%n", String.join(", ", c.models()));
            out.printf(Locale.ROOT, "  level       %s (%d)%n", "★".repeat(c.level()), c.level());
            out.printf(Locale.ROOT, "  category    %s%n", c.category());
            out.printf(Locale.ROOT, "  support     until %s (JST)%n", c.supportEnd());
            out.printf(Locale.ROOT, "  issued      %s, valid until %s%n", c.issuedAt(), c.validUntil());
            out.printf(
                    Locale.ROOT,
                    "  status ref  list %d, entry %d%n",
                    c.status().list(),
                    c.status().index());
            out.printf(Locale.ROOT, "  signed by   key %s%n", a.kid());
        }
        Freshness f = a.freshness();
        if (f != null) {
            out.printf(
                    Locale.ROOT,
                    "  list says   %s%n",
                    a.listStatus() == null ? "-" : a.listStatus().code());
            out.printf(
                    Locale.ROOT,
                    "  data age    %s (last synced %s; list signed %s)%n",
                    f.ageText(),
                    f.lastChecked(),
                    f.issuedAt());
            out.printf(
                    Locale.ROOT,
                    "  freshness   %s%n",
                    f.expired()
                            ? "EXPIRED at " + f.expiresAt() + ": sync again"
                            : f.overdue()
                                    ? "refresh overdue since " + f.refreshDue() + " (usable until " + f.expiresAt()
                                            + "): sync soon"
                                    : "fresh; sync again by " + f.refreshDue() + ", list expires " + f.expiresAt());
        }
        out.println();
    }

    static ObjectNode toJson(OfflineAnswer a) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("valid", a.valid());
        o.put("status", a.status().code());
        o.put("reason", a.reason());
        o.put("detail", a.detail());
        o.set("label", a.claims() == null ? null : LabelCodec.toReadableNode(a.claims()));
        o.put("kid", a.kid());
        o.put("listStatus", a.listStatus() == null ? null : a.listStatus().code());
        Freshness f = a.freshness();
        if (f == null) {
            o.putNull("freshness");
        } else {
            ObjectNode fr = o.putObject("freshness");
            fr.put("list", f.list());
            fr.put("issuedAt", f.issuedAt().toString());
            fr.put("expiresAt", f.expiresAt().toString());
            fr.put("ttlSeconds", f.ttl().getSeconds());
            fr.put("lastSynced", f.lastChecked().toString());
            fr.put("ageSeconds", f.age().getSeconds());
            fr.put("refreshDue", f.refreshDue().toString());
            fr.put("overdue", f.overdue());
            fr.put("expired", f.expired());
        }
        return o;
    }
}
