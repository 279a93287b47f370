package jp.jcstar.local;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.jcstar.lint.SuppressForbidden;
import jp.jcstar.registry.Publisher;
import jp.jcstar.store.BlobStore;

/**
 * The published files a shopper's scan reads, served from the data folder as CloudFront serves them
 * from the files bucket in AWS (template.yaml): the JWKS and the key-status document beside it, the status lists, the labels' status documents
 * and signed JWS files, and the Atom feed of revocations ({@code /v1/changes.atom}). Static, with the same cache lifetimes and CORS as the CDN, so the verify page
 * decides a valid label without any request reaching a handler (docs/label-format.md, "What the verify
 * page reads").
 */
@SuppressForbidden(
        "com.sun.net.httpserver is the JDK's supported HTTP server (module jdk.httpserver), not an internal class")
final class PublicFiles {
    /** Path → the file's kind; group 1 (if any) is the list number or label id. */
    private static final Pattern LIST = Pattern.compile("/v1/status-lists/([1-9][0-9]{0,5})");

    private static final Pattern STATUS = Pattern.compile("/v1/label-status/([A-Z0-9][A-Z0-9-]{2,31})");
    private static final Pattern JWS = Pattern.compile("/v1/label-jws/([A-Z0-9][A-Z0-9-]{2,31})");
    static final String JWKS_PATH = "/" + Publisher.JWKS;

    /** Seconds a browser may keep any of these files, as template.yaml tells it (with {@link Publisher#TTL}, the 2-minute bound). */
    static final int STATUS_MAX_AGE = 60;

    private final BlobStore blobs;

    PublicFiles(BlobStore blobs) {
        this.blobs = blobs;
    }

    /** {@code "<base64url of the first 16 bytes of SHA-256(body)>"}, quoted: the handlers' ETag. */
    static String etag(byte[] body) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(body);
            return "\""
                    + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(d, 16))
                    + "\"";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Target(String key, String cacheControl, boolean cors, boolean fallBackToApi) {}

    private static Optional<Target> target(String path) {
        if (path.equals(JWKS_PATH))
            return Optional.of(new Target(Publisher.JWKS, "public, max-age=" + STATUS_MAX_AGE, true, true));
        if (path.equals("/" + jp.jcstar.log.KeyStatus.KEY)) // beside the JWKS, as CloudFront serves it
        return Optional.of(new Target(jp.jcstar.log.KeyStatus.KEY, "public, max-age=" + STATUS_MAX_AGE, true, false));
        Matcher m = LIST.matcher(path);
        if (m.matches())
            return Optional.of(
                    new Target("v1/status-lists/" + m.group(1), "public, max-age=" + STATUS_MAX_AGE, true, true));
        m = STATUS.matcher(path);
        if (m.matches())
            return Optional.of(
                    new Target(Publisher.LABEL_STATUS + m.group(1), "public, max-age=" + STATUS_MAX_AGE, false, false));
        if (path.equals("/" + jp.jcstar.registry.AtomFeed.KEY)) {
            return Optional.of(
                    new Target(jp.jcstar.registry.AtomFeed.KEY, "public, max-age=" + STATUS_MAX_AGE, false, false));
        }
        m = JWS.matcher(path);
        if (m.matches())
            return Optional.of(
                    new Target(Publisher.LABEL_JWS + m.group(1), "public, max-age=" + STATUS_MAX_AGE, false, false));
        return Optional.empty();
    }

    /** True if this GET/HEAD was a public file and has been answered; false leaves it to the API routes. */
    boolean serve(HttpExchange ex, String path) throws IOException {
        String method = ex.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) return false;
        if (ex.getRequestURI().getRawQuery() != null)
            return false; // a file has no query: the API routes judge it (e.g. 414)
        Optional<Target> t = target(path);
        if (t.isEmpty()) return false;
        Optional<BlobStore.Blob> blob = blobs.get(t.get().key());
        // the JWKS and list 1 exist before anything is published: the handlers answer those from the store
        if (blob.isEmpty() && t.get().fallBackToApi()) return false;
        var h = ex.getResponseHeaders();
        LocalServer.securityHeaders(ex);
        if (blob.isEmpty()) {
            byte[] body =
                    ("{\"type\":\"/problems/not-found\",\"title\":\"Not found\",\"status\":404,\"detail\":\"no such file\"}")
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            h.set("Content-Type", "application/problem+json; charset=utf-8");
            h.set("Cache-Control", "public, max-age=" + STATUS_MAX_AGE);
            ex.sendResponseHeaders(404, method.equals("HEAD") ? -1 : body.length);
            if (!method.equals("HEAD"))
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            return true;
        }
        byte[] body = blob.get().bytes();
        h.set("Content-Type", blob.get().contentType());
        h.set("Cache-Control", t.get().cacheControl());
        if (t.get().cors()) h.set("Access-Control-Allow-Origin", "*");
        // the same validator as the handlers (ETags), so a syncing verifier or a browser revalidates to a 304
        String etag = etag(body);
        h.set("ETag", etag);
        String inm = ex.getRequestHeaders().getFirst("If-None-Match");
        if (inm != null
                && java.util.Arrays.stream(inm.split(","))
                        .map(String::strip)
                        .map(s -> s.startsWith("W/") ? s.substring(2) : s)
                        .anyMatch(s -> s.equals("*") || s.equals(etag))) {
            ex.sendResponseHeaders(304, -1);
            return true;
        }
        ex.sendResponseHeaders(200, method.equals("HEAD") ? -1 : body.length);
        if (!method.equals("HEAD"))
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        return true;
    }
}
