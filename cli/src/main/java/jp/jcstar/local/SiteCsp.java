package jp.jcstar.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The site's Content-Security-Policy, the one {@code template.yaml} gives CloudFront. The verify page carries its
 * script and style sheet inline (a scan waits for one document: registry-site/bundle.mjs); the policy allows
 * exactly those two by their SHA-256 (CSP hash sources) and no other inline code. In AWS the hashes are written
 * into the template by the bundler; here they are computed from the page being served, so the two cannot differ
 * from what the page holds ({@code bundle.test.mjs} holds the template to the same page).
 */
final class SiteCsp {
    private SiteCsp() {}

    /** The policy for the site whose verify page (v.html) is {@code verifyPage}. */
    static String of(String verifyPage) {
        return "default-src 'self'; script-src 'self'" + hashSource(verifyPage, "script") + "; style-src 'self'"
                + hashSource(verifyPage, "style") + "; img-src 'self' data:; connect-src 'self'; object-src 'none'; "
                + "base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
    }

    /** The policy for the site on the class path ({@code site/v.html} of module registry-site). */
    static String forClassPathSite() {
        try (InputStream in = SiteCsp.class.getResourceAsStream("/site/v.html")) {
            return of(in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** " 'sha256-…'" for the page's one inline {@code <tag>} element (without attributes), or "" if it has none. */
    private static String hashSource(String page, String tag) {
        String open = "<" + tag + ">", close = "</" + tag + ">";
        int start = page.indexOf(open), end = page.indexOf(close, Math.max(start, 0));
        if (start < 0 || end < 0) return "";
        String text = page.substring(start + open.length(), end);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return " 'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
