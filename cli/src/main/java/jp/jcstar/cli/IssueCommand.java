package jp.jcstar.cli;

import com.google.zxing.common.BitMatrix;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import jp.jcstar.label.Application;
import jp.jcstar.label.InvalidLabelException;
import jp.jcstar.label.LabelClaims;
import jp.jcstar.label.StatusRef;
import jp.jcstar.qr.LabelArtwork;
import jp.jcstar.qr.LabelArtworkPdf;
import jp.jcstar.qr.QrCodes;
import jp.jcstar.qr.QrText;
import jp.jcstar.signing.LabelSigner;
import jp.jcstar.signing.LocalKeySigner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "issue",
        mixinStandardHelpOptions = true,
        description = {
            "Sign a label from an application JSON file and write ID.jws, ID.qr.txt, ID.qr.png, ID.qr.svg and the print"
                    + " artwork ID.artwork.svg (or, with --artwork-format pdf, ID.artwork.pdf).",
            "Application fields: applicationId, level (1–4), models [..], product, vendor, category, supportEnd (YYYY-MM-DD)."
        })
final class IssueCommand implements Callable<Integer> {
    static final String DEFAULT_SITE = "https://jcstar.example.jp";

    @Spec
    CommandSpec spec;

    @Option(
            names = "--key",
            required = true,
            paramLabel = "FILE",
            description = "signing key file (from jcstar keygen)")
    Path key;

    @Option(names = "--application", required = true, paramLabel = "APP.json", description = "the approved application")
    Path application;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder (created if missing)")
    Path out;

    @Option(
            names = "--site-base",
            paramLabel = "URL",
            defaultValue = DEFAULT_SITE,
            description = "registry site the QR URL opens (default: ${DEFAULT-VALUE})")
    String siteBase;

    @Option(
            names = "--qr-form",
            paramLabel = "FORM",
            defaultValue = "full",
            description =
                    "full (default: the QR holds the signed label and verifies offline) or compact (registration number only,"
                            + " QR version 4 or lower, for small packaging; the verify page fetches the label from the registry)")
    String qrForm;

    /** The print artwork's file format. */
    enum ArtworkFormat {
        svg,
        pdf
    }

    @Option(
            names = "--artwork-format",
            paramLabel = "FORMAT",
            defaultValue = "svg",
            description =
                    "print artwork as svg (default) or pdf (one page of the label's size, Japanese font embedded)")
    ArtworkFormat artworkFormat;

    @Option(names = "--id", paramLabel = "ID", description = "registration number (default: JCyy-XXXXXXXX, random)")
    String id;

    @Option(
            names = "--unchecked-for-tests",
            description =
                    "TESTS ONLY: sign without the registry's application rules "
                            + "(declaration, evaluation, field profiles). A label made so may be one the registry would refuse.")
    boolean uncheckedForTests;

    @Override
    public Integer call() {
        LocalKeySigner signer = LocalKeySigner.loadOrCreate(Cli.existingFile(key, "key file"));
        ApplicationFile app = ApplicationFile.read(application);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        if (!uncheckedForTests) applyTheRegistrysRules(now);
        Instant until = now.atOffset(ZoneOffset.UTC).plusYears(2).toInstant();
        if (until.isAfter(now.plus(LabelClaims.MAX_VALIDITY))) until = now.plus(LabelClaims.MAX_VALIDITY);
        LabelClaims claims;
        try {
            new Application(
                    app.applicationId(),
                    app.level(),
                    app.models(),
                    app.product(),
                    app.vendor(),
                    app.category(),
                    app.supportEnd(),
                    null);
            claims = new LabelClaims(
                    id == null ? LabelIds.next() : id,
                    app.level(),
                    app.models(),
                    app.product(),
                    app.vendor(),
                    app.category(),
                    app.supportEnd(),
                    now,
                    until,
                    new StatusRef(1, LabelIds.statusIndex()));
        } catch (InvalidLabelException e) {
            throw new Cli.UserError(
                    "application field " + (e.field().equals("id") ? "--id" : e.field()) + ": " + e.getMessage());
        }
        if (!qrForm.equals("full") && !qrForm.equals("compact"))
            throw new Cli.UserError("--qr-form is full or compact, not " + qrForm);
        Issued issued = Issued.of(new LabelSigner(signer, true), siteBase, claims);
        if (qrForm.equals("compact")) {
            String text = QrText.ofRegistrationNumber(siteBase, claims.id());
            issued = new Issued(issued.jws(), text, QrCodes.encode(text));
        }
        try {
            Files.createDirectories(out);
            String base = claims.id();
            Files.writeString(out.resolve(base + ".jws"), issued.jws() + "\n", StandardCharsets.US_ASCII);
            Files.writeString(out.resolve(base + ".qr.txt"), issued.qrText() + "\n", StandardCharsets.US_ASCII);
            Files.write(out.resolve(base + ".qr.png"), QrCodes.png(issued.symbol()));
            Files.writeString(out.resolve(base + ".qr.svg"), QrCodes.svg(issued.symbol()), StandardCharsets.UTF_8);
            if (artworkFormat == ArtworkFormat.pdf) {
                byte[] pdf;
                try {
                    pdf = LabelArtworkPdf.pdf(claims, issued.symbol());
                } catch (LabelArtworkPdf.UnprintableTextException e) {
                    throw new Cli.UserError(e.getMessage() + ": use --artwork-format svg");
                }
                Files.write(out.resolve(base + ".artwork.pdf"), pdf);
            } else {
                Files.writeString(
                        out.resolve(base + ".artwork.svg"),
                        LabelArtwork.svg(claims, issued.symbol()),
                        StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + out, e);
        }
        var o = spec.commandLine().getOut();
        o.println("issued " + claims.id() + " (kid " + signer.keyId() + ", QR version "
                + QrCodes.version(issued.qrText()) + " level M, status list 1 index "
                + claims.status().index() + ", valid until " + claims.validUntil() + ")");
        o.println("wrote " + out.resolve(claims.id() + ".{jws,qr.txt,qr.png,qr.svg,artwork." + artworkFormat + "}"));
        return Cli.OK;
    }

    /** The registry's own rules ({@link ApplicationRules}): what the server would refuse is refused here too. */
    private void applyTheRegistrysRules(Instant now) {
        jp.jcstar.label.Application full;
        try {
            full = jp.jcstar.registry.ApplicationJson.parse(jp.jcstar.json.Json.parse(Files.readAllBytes(application)));
        } catch (IOException e) {
            throw new Cli.UserError("cannot read application file " + application + ": " + e.getMessage());
        } catch (jp.jcstar.registry.ApplicationRejectedException e) {
            throw new Cli.UserError(describe(e.failures()));
        }
        var failures = jp.jcstar.registry.ApplicationRules.check(
                full, now, jp.jcstar.registry.RequirementsDeclarations.standard());
        if (!failures.isEmpty()) throw new Cli.UserError(describe(failures));
    }

    private static String describe(java.util.List<jp.jcstar.registry.ApplicationRejectedException.Failure> failures) {
        StringBuilder b = new StringBuilder("the registry would refuse this application:");
        for (var f : failures)
            b.append("\n  application field ").append(f.field()).append(": ").append(f.message());
        return b.toString();
    }

    /** A signed label with its QR text (compact-header numeric form) and symbol. */
    record Issued(String jws, String qrText, BitMatrix symbol) {
        static Issued of(LabelSigner signer, String siteBase, LabelClaims claims) {
            String jws = signer.sign(claims);
            String text = QrText.ofCompactHeader(siteBase, jws);
            return new Issued(jws, text, QrCodes.encode(text));
        }
    }
}
