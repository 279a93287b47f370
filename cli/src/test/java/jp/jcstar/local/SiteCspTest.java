package jp.jcstar.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The local server's CSP is the one CloudFront sends, and it lets the verify page's own inline code run, nothing else. */
class SiteCspTest {
    static String sha256(String text) throws Exception {
        return "'sha256-"
                + Base64.getEncoder()
                        .encodeToString(
                                MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)))
                + "'";
    }

    @Test
    void theInlineScriptAndStyleAreAllowedByTheirHashOnly() throws Exception {
        String csp = SiteCsp.of("<style>p{}</style><p>x</p><script>go();</script>");
        assertTrue(csp.contains("script-src 'self' " + sha256("go();") + ";"), csp);
        assertTrue(csp.contains("style-src 'self' " + sha256("p{}") + ";"), csp);
        assertFalse(csp.contains("unsafe-inline"), csp);
        assertEquals(
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
                        + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
                SiteCsp.of("<p>no inline code</p>"));
    }

    @Test
    void theLocalPolicyIsTheSiteDistributionsPolicy() throws IOException {
        String template = Files.readString(Path.of("..", "template.yaml"));
        String site = template.substring(template.indexOf("\n  SecurityHeaders:\n"));
        Matcher policy = Pattern.compile("ContentSecurityPolicy: \"([^\"]+)\"").matcher(site);
        assertTrue(policy.find(), "the site's security headers policy in template.yaml");
        assertEquals(policy.group(1), LocalServer.CSP, "run: node registry-site/bundle.mjs");
        String page = Files.readString(Path.of("..", "registry-site", "site", "v.html"));
        assertTrue(page.contains("<script>") && page.contains("<style>"), "the verify page carries its code inline");
    }
}
