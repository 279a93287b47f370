package jp.jcstar.webhook;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jp.jcstar.json.Json;

/**
 * The independent check of a delivery's signature: the official Standard Webhooks library (npm
 * {@code standardwebhooks}, pinned in registry-site/webhook-check/package.json) verifies it in node. A
 * missing node or library is a failure, not a skip (test.sh installs the library with {@code npm ci}).
 */
final class StandardWebhooksCheck {
    private StandardWebhooksCheck() {}

    static final Path DIR = Path.of("..", "..", "registry-site", "webhook-check")
            .toAbsolutePath()
            .normalize(); // from shared/embedded

    /** Whether the library accepts this delivery; the library's message if not. */
    static String verify(String secret, Map<String, String> headers, String body)
            throws IOException, InterruptedException {
        if (!Files.isDirectory(DIR.resolve("node_modules").resolve("standardwebhooks")))
            fail("the Standard Webhooks library is not installed: npm ci --prefix " + DIR);
        Process p = new ProcessBuilder(
                        "node", DIR.resolve("verify-standard-webhooks.mjs").toString())
                .redirectErrorStream(false)
                .start();
        p.getOutputStream().write(Json.write(Map.of("secret", secret, "headers", headers, "body", body)));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("node did not finish");
        }
        return p.exitValue() == 0 ? null : "rejected: " + err + out;
    }
}
