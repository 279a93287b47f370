package jp.jcstar.cli.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where the operator credential comes from, first match wins: {@code --token}, {@code --token-file},
 * the environment variable {@code JCSTAR_OPERATOR_TOKEN}, then the local server's default token file
 * {@code ~/.jcstar/operator-token}.
 */
final class OperatorAuth {
    static final String ENV = "JCSTAR_OPERATOR_TOKEN";

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "File holding the operator token (the local server writes it to <data>/operator-token).")
    Path tokenFile;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "The operator token itself (visible to other users in the process list; prefer --token-file or $" + ENV + ").")
    String token;

    /** The token, or throws with a message that says how to provide one. */
    String resolve() throws IOException {
        if (token != null && !token.isBlank()) return token.strip();
        if (tokenFile != null) {
            if (!Files.isReadable(tokenFile)) throw new IOException("cannot read the token file " + tokenFile);
            String t = Files.readString(tokenFile).strip();
            if (t.isEmpty()) throw new IOException("the token file " + tokenFile + " is empty");
            return t;
        }
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) return env.strip();
        Path fallback = Path.of(System.getProperty("user.home"), ".jcstar", "operator-token");
        if (Files.isReadable(fallback)) return Files.readString(fallback).strip();
        throw new IOException("no operator token: give --token-file FILE (the local server prints where it keeps it), "
                + "--token TOKEN or set $" + ENV);
    }
}
