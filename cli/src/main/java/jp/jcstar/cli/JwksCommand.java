package jp.jcstar.cli;

import java.nio.file.Path;
import java.security.interfaces.ECPublicKey;
import java.util.List;
import java.util.concurrent.Callable;
import jp.jcstar.signing.KeySet;
import jp.jcstar.signing.LocalKeySigner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "jwks",
        mixinStandardHelpOptions = true,
        description = "Print the JWKS (public keys only) of one or more key files; give old keys too after a rotation.")
final class JwksCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--key",
            required = true,
            paramLabel = "FILE",
            description = "key file; repeat for every published key")
    List<Path> keys;

    @Override
    public Integer call() {
        List<ECPublicKey> pubs = keys.stream()
                .map(k -> LocalKeySigner.loadOrCreate(Cli.existingFile(k, "key file"))
                        .publicKey())
                .toList();
        spec.commandLine().getOut().println(KeySet.of(pubs).toJson());
        return Cli.OK;
    }
}
