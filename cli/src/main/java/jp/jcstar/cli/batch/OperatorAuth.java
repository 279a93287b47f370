package jp.jcstar.cli.batch;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import jp.jcstar.aws.ExecuteApiSigner;
import jp.jcstar.label.RejectedInputException;
import picocli.CommandLine.Option;

/**
 * How operator requests are authenticated. In AWS the operator routes use IAM authorisation, so
 * requests are signed with the operator's own AWS credentials (SigV4, {@code --aws}; the default when
 * {@code --server} is an {@code execute-api} URL). The local server takes a bearer token instead,
 * first match wins: {@code --token}, {@code --token-file}, the environment variable
 * {@code JCSTAR_OPERATOR_TOKEN}, then the local server's default token file {@code ~/.jcstar/operator-token}.
 */
final class OperatorAuth {
    static final String ENV = "JCSTAR_OPERATOR_TOKEN";

    @Option(
            names = "--token-file",
            paramLabel = "FILE",
            description = "File holding the operator token (the local server writes it to <data>/operator-token).")
    Path tokenFile;

    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            description =
                    "The operator token itself (visible to other users in the process list; prefer --token-file or $"
                            + ENV + ").")
    String token;

    @Option(
            names = "--aws",
            description =
                    "Sign requests with your AWS credentials (SigV4: AWS_PROFILE, SSO, environment, ...) for the registry "
                            + "deployed in AWS, whose operator routes use IAM authorisation. Default for an execute-api URL.")
    boolean aws;

    @Option(
            names = "--region",
            paramLabel = "REGION",
            description =
                    "AWS region of the API for --aws (default: from an execute-api host name, else AWS_REGION or the profile).")
    String region;

    /** The authentication for requests to {@code server}, or throws with a message that says how to provide one. */
    ServerClient.Auth resolve(String server) throws IOException {
        URI api;
        try {
            api = URI.create(server);
        } catch (IllegalArgumentException e) {
            throw new RejectedInputException.BadRequest(
                    "bad-request", "--server must be an http(s) URL such as http://127.0.0.1:8080, not " + server);
        }
        boolean tokenGiven = (token != null && !token.isBlank()) || tokenFile != null;
        if (aws && tokenGiven) throw new IOException("give either --aws or a token, not both");
        if (aws || (!tokenGiven && ExecuteApiSigner.regionOfHost(api.getHost()).isPresent())) {
            ExecuteApiSigner signer;
            try {
                signer = ExecuteApiSigner.forApi(api, region);
            } catch (IllegalStateException e) {
                throw new IOException(e.getMessage(), e);
            }
            return signer::sign;
        }
        return ServerClient.Auth.bearer(token());
    }

    private String token() throws IOException {
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
                + "--token TOKEN or set $" + ENV + "; for the registry in AWS give --aws");
    }
}
