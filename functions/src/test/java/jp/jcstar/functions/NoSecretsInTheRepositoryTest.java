package jp.jcstar.functions;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Requirement 4-3 (no hard-coded critical security parameters) for our own code: no git-tracked file
 * holds a private key (PEM block, PKCS#8 P-256 blob), a JWK private member {@code d}, or an AWS secret
 * access key. The only exception: test sources under {@code src/test/} that say {@code TEST KEYS ONLY}
 * (and even those derive their keys from a public seed instead of storing them).
 */
class NoSecretsInTheRepositoryTest {
    // assembled from parts, so this file does not match itself
    static final List<Pattern> SECRETS = List.of(
            Pattern.compile("-----BEGIN ([A-Z]+ )?" + "PRIVATE KEY-----"),
            Pattern.compile(
                    "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49" + "AwEHBG0wawIBAQQg"), // PKCS#8 P-256 private key, base64
            Pattern.compile("\"d\"\\s*:\\s*\"[A-Za-z0-9_-]{40,}" + "\""), // JWK private member
            Pattern.compile("(?i)aws_secret_access_key\\s*[=:]\\s*['\"]?(?!test|testing|dummy)[A-Za-z0-9/+]{40}"),
            Pattern.compile("\\b(AKIA|ASIA)[A-Z0-9]{16}\\b"));
    static final String TEST_KEY_MARKER = "TEST KEYS " + "ONLY";

    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve(".git"))) p = p.getParent();
        return p;
    }

    @Test
    void noTrackedFileHoldsAPrivateKeyOrAnAwsSecret() throws Exception {
        Path root = repoRoot();
        assertTrue(root != null, "not inside a git work tree");
        Process git = new ProcessBuilder("git", "ls-files", "-z")
                .directory(root.toFile())
                .redirectErrorStream(false)
                .start();
        String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(git.waitFor() == 0, "git ls-files failed");
        List<String> findings = new ArrayList<>();
        int scanned = 0;
        for (String name : out.split("\0")) {
            if (name.isEmpty()) continue;
            Path f = root.resolve(name);
            if (!Files.isRegularFile(f) || Files.size(f) > 20_000_000) continue;
            String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            scanned++;
            boolean allowed = name.contains("src/test/") && text.contains(TEST_KEY_MARKER);
            for (Pattern p : SECRETS) {
                var m = p.matcher(text);
                if (m.find() && !allowed) findings.add(name + ": " + p.pattern());
            }
        }
        assertTrue(scanned > 50, "scanned only " + scanned + " files");
        assertTrue(findings.isEmpty(), "secrets in the repository: " + findings);
    }

    @Test
    void theScannerFindsWhatItLooksFor() throws IOException {
        String pem = "-----BEGIN EC " + "PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----";
        String jwk = "{\"kty\":\"EC\",\"d\":\"" + "A".repeat(43) + "\"}";
        String aws = "aws_secret_access_key = " + "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        for (String s : List.of(pem, jwk, aws, "AKIA" + "IOSFODNN7EXAMPLE")) {
            assertTrue(SECRETS.stream().anyMatch(p -> p.matcher(s).find()), s);
        }
    }
}
