package jp.jcstar.local;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import jp.jcstar.lint.SuppressForbidden;

/**
 * Serves the registry site from the classpath folder {@code site/} (module registry-site), as CloudFront
 * does in AWS: {@code /} is {@code index.html}, {@code /v} (the QR URL) is {@code v.html}. Paths with
 * {@code ..}, backslashes or encoded separators are refused.
 */
@SuppressForbidden(
        "com.sun.net.httpserver is the JDK's supported HTTP server (module jdk.httpserver), not an internal class")
final class StaticSite {
    private static final Map<String, String> TYPES = Map.of(
            "html",
            "text/html; charset=utf-8",
            "js",
            "text/javascript; charset=utf-8",
            "mjs",
            "text/javascript; charset=utf-8",
            "css",
            "text/css; charset=utf-8",
            "svg",
            "image/svg+xml",
            "png",
            "image/png",
            "json",
            "application/json; charset=utf-8",
            "ico",
            "image/x-icon",
            "txt",
            "text/plain; charset=utf-8",
            "webmanifest",
            "application/manifest+json");

    void serve(HttpExchange ex, String rawPath) throws IOException {
        String path = switch (rawPath) {
            case "/", "" -> "/index.html";
            case "/v", "/v/" -> "/v.html";
            // a problem document's type URI explains itself (as CloudFront's VerifyPathRewrite does)
            default -> rawPath.matches("/problems/[a-z0-9-]{1,64}") ? "/problems.html" : rawPath;
        };
        if (path.contains("..") || path.contains("\\") || path.contains("%") || path.contains("//")) {
            notFound(ex);
            return;
        }
        if (!path.contains(".")) path = path + ".html";
        String ext = path.substring(path.lastIndexOf('.') + 1);
        String type = TYPES.get(ext);
        InputStream in = type == null ? null : StaticSite.class.getResourceAsStream("/site" + path);
        if (in == null) {
            notFound(ex);
            return;
        }
        byte[] body;
        try (in) {
            body = in.readAllBytes();
        }
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        body = gzipIfAccepted(ex, body, type);
        LocalServer.securityHeaders(ex);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(200, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Compresses text as CloudFront does for the site (Compress: true), so local measurements see the same bytes. */
    static byte[] gzipIfAccepted(HttpExchange ex, byte[] body, String type) throws IOException {
        String accept = ex.getRequestHeaders().getFirst("Accept-Encoding");
        ex.getResponseHeaders().set("Vary", "Accept-Encoding");
        if (accept == null || !accept.contains("gzip") || type.startsWith("image/png") || body.length < 1024)
            return body;
        var out = new java.io.ByteArrayOutputStream();
        try (var gz = new java.util.zip.GZIPOutputStream(out)) {
            gz.write(body);
        }
        ex.getResponseHeaders().set("Content-Encoding", "gzip");
        return out.toByteArray();
    }

    private static void notFound(HttpExchange ex) throws IOException {
        byte[] body = "<!doctype html><title>404</title><p>Not found / ページが見つかりません</p>"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        LocalServer.securityHeaders(ex);
        ex.sendResponseHeaders(404, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
