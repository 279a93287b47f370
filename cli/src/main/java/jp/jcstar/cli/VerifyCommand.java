package jp.jcstar.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import jp.jcstar.json.Json;
import jp.jcstar.label.LabelClaims;
import jp.jcstar.label.LabelCodec;
import jp.jcstar.signing.KeySet;
import jp.jcstar.verify.LabelVerifier;
import jp.jcstar.verify.Verification;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = {
            "Verify a label offline against a JWKS file: signature, form, validity and support dates.",
            "Prints the verdict, the reason and the claims. Exit 0 only for a valid label, 1 for any other verdict, 2 for usage errors.",
            "The status list (revocation, suspension) is not consulted offline."
        })
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--jwks", paramLabel = "FILE", description = "the operator's JWKS (default: $JCSTAR_JWKS)")
    Path jwks;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--label", paramLabel = "TEXT", description = "the scanned QR text or the compact JWS")
        String label;

        @Option(names = "--file", paramLabel = "FILE", description = "a file holding the QR text or the compact JWS")
        Path file;

        @Option(names = "--image", paramLabel = "PNG", description = "an image of the QR code")
        Path image;
    }

    @Override
    public Integer call() {
        if (jwks == null) {
            String env = System.getenv("JCSTAR_JWKS");
            if (env == null || env.isBlank())
                throw new Cli.UserError(
                        "verify needs --jwks FILE (or JCSTAR_JWKS): offline verification uses the published keys");
            jwks = Path.of(env);
        }
        KeySet keys;
        try {
            keys = KeySet.parse(Files.readString(Cli.existingFile(jwks, "JWKS file"), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new Cli.UserError("cannot read JWKS file " + jwks + ": " + e.getMessage());
        }
        String text = readInput();
        Verification v = new LabelVerifier(keys).verify(text);
        var o = spec.commandLine().getOut();
        switch (v) {
            case Verification.Rejected r -> {
                o.println("invalid");
                o.println("reason: " + r.reason().code() + " (" + r.detail() + ")");
                return Cli.INVALID;
            }
            case Verification.Verified ok -> {
                String verdict = verdict(ok.claims(), Instant.now());
                o.println(verdict);
                o.println("reason: "
                        + switch (verdict) {
                            case "valid" -> "signature good (kid " + ok.kid() + "); status list not checked offline";
                            case "expired" ->
                                "label validity ended " + ok.claims().validUntil();
                            default -> "support period ended " + ok.claims().supportEnd();
                        });
                ObjectNode claims = LabelCodec.toReadableNode(ok.claims());
                o.println(Json.writeString(claims));
                return verdict.equals("valid") ? Cli.OK : Cli.INVALID;
            }
        }
    }

    /** valid, expired (label validity over) or support-ended (support period over, JST date). */
    static String verdict(LabelClaims c, Instant now) {
        if (now.isAfter(c.validUntil())) return "expired";
        if (LocalDate.ofInstant(now, LabelIds.JST).isAfter(c.supportEnd())) return "support-ended";
        return "valid";
    }

    private String readInput() {
        if (input.label != null) return input.label;
        if (input.file != null) {
            try {
                return Files.readString(Cli.existingFile(input.file, "label file"), StandardCharsets.UTF_8)
                        .strip();
            } catch (IOException e) {
                throw new Cli.UserError("cannot read label file " + input.file + ": " + e.getMessage());
            }
        }
        try {
            return QrImages.read(Cli.existingFile(input.image, "image file"))
                    .orElseThrow(() -> new Cli.UserError("no QR code found in image " + input.image));
        } catch (IOException e) {
            throw new Cli.UserError(e.getMessage());
        }
    }
}
