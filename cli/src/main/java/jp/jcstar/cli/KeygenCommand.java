package jp.jcstar.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import jp.jcstar.signing.LocalKeySigner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "keygen",
        mixinStandardHelpOptions = true,
        description = "Create a P-256 signing key file (owner-only, 0600) and print its kid. Never overwrites.")
final class KeygenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--key",
            required = true,
            paramLabel = "FILE",
            description = "key file to create (keep it outside the repository)")
    Path key;

    @Override
    public Integer call() {
        if (Files.exists(key)) throw new Cli.UserError("key file " + key + " already exists; refusing to overwrite it");
        LocalKeySigner signer = LocalKeySigner.loadOrCreate(key);
        spec.commandLine().getOut().println(signer.keyId());
        return Cli.OK;
    }
}
