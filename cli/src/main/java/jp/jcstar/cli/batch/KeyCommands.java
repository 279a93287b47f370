package jp.jcstar.cli.batch;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jcstar keys compromise --kid K --since T}: marks a signing key compromised as of T on a running
 * registry ({@code POST /v1/keys/{kid}/compromise}, the operator's token or AWS credentials), which publishes
 * the signed key-status document beside the JWKS (docs/transparency-log.md, "Key compromise"). The key stays
 * in the JWKS; from then on its labels verify only when the log proves them logged before T. Prints the mark:
 * kid, T and N, the number of log entries logged before T.
 */
@Command(
        name = "keys",
        mixinStandardHelpOptions = true,
        description = "The operator's signing keys: mark one compromised without voiding the labels logged before.",
        subcommands = {KeyCommands.Compromise.class})
public final class KeyCommands {
    @Command(
            name = "compromise",
            mixinStandardHelpOptions = true,
            description = "Mark a signing key compromised as of a time: its labels logged before it keep verifying.")
    public static final class Compromise extends OperatorCommands.Base {
        @Option(
                names = "--kid",
                required = true,
                paramLabel = "KID",
                description = "The key id (the kid of the JWKS and of the labels' header).")
        String kid;

        @Option(
                names = "--since",
                required = true,
                paramLabel = "TIME",
                description =
                        "Since when the key is not to be trusted: an ISO-8601 instant, e.g. 2026-12-01T00:00:00Z.")
        String since;

        @Override
        String invalid() {
            if (!kid.matches("[A-Za-z0-9_-]{1,64}")) return "--kid must be a key id (base64url characters)";
            try {
                Instant.parse(since);
            } catch (DateTimeParseException e) {
                return "--since must be an ISO-8601 instant such as 2026-12-01T00:00:00Z";
            }
            return note == null ? null : "--note is not taken by keys compromise";
        }

        @Override
        String path() {
            return "/v1/keys/" + kid + "/compromise";
        }

        @Override
        ObjectNode body() {
            return JsonNodeFactory.instance.objectNode().put("since", since);
        }

        @Override
        String summary(ServerClient.Answer a) {
            var j = a.json();
            long n = j.path("logSizeAtT").asLong();
            return j.path("kid").asText() + "  compromised since "
                    + j.path("compromisedAt").asText() + "  "
                    + (n == 0
                            ? "no label of it is in the log before then"
                            : "its labels among log entries 0.." + (n - 1) + " keep verifying")
                    + "; any other fails (key-compromised)";
        }
    }
}
