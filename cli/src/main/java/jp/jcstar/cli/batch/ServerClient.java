package jp.jcstar.cli.batch;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import jp.jcstar.json.Json;
import jp.jcstar.label.RejectedInputException;

/**
 * The registry API as the batch commands call it: JSON POSTs, authenticated by an {@link Auth} (none,
 * the local server's bearer token, or SigV4 for the API in AWS), retried
 * with back-off on transport errors, 429, 502, 503 and 504 (both batch routes are safe to repeat:
 * issuance is idempotent on the application id, verification has no effects).
 */
final class ServerClient {
    static final int ATTEMPTS = 4;

    private final HttpClient http;
    private final URI base;
    private final Auth auth;
    private final Duration timeout;

    /** What authenticates a request: the headers to add to it. */
    @FunctionalInterface
    interface Auth {
        Auth NONE = (method, uri, headers, body) -> Map.of();

        /**
         * Headers to add to the request {@code method uri} that already carries {@code headers} and
         * {@code body}; called again for every attempt (a signature is valid for minutes, not forever).
         */
        Map<String, String> headers(String method, URI uri, Map<String, String> headers, byte[] body);

        static Auth bearer(String token) {
            return (method, uri, headers, body) -> Map.of("Authorization", "Bearer " + token);
        }
    }

    /** A response: status, parsed JSON body (null if none or not JSON) and the raw text. */
    record Answer(int status, JsonNode json, String text) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** "title: detail" of a problem document, or the status line. */
        String problem() {
            if (json != null && json.isObject() && (json.has("title") || json.has("detail"))) {
                String t = json.path("title").asText("");
                String d = json.path("detail").asText("");
                return status + " " + (t.isEmpty() ? d : d.isEmpty() || d.equals(t) ? t : t + ": " + d);
            }
            String snippet = text == null ? "" : text.strip();
            if (snippet.length() > 200) snippet = snippet.substring(0, 200) + "…";
            return "HTTP " + status + (snippet.isEmpty() ? "" : ": " + snippet);
        }
    }

    /** The server could not be reached or kept failing. */
    static final class Unreachable extends IOException {
        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    ServerClient(String server, Auth auth, Duration timeout) {
        String s = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
        URI u;
        try {
            u = URI.create(s);
        } catch (IllegalArgumentException e) {
            u = URI.create("invalid:");
        }
        if (u.getScheme() == null
                || !(u.getScheme().equalsIgnoreCase("http") || u.getScheme().equalsIgnoreCase("https"))
                || u.getHost() == null) {
            throw new RejectedInputException.BadRequest(
                    "bad-request", "--server must be an http(s) URL such as http://127.0.0.1:8080, not " + server);
        }
        this.base = u;
        this.auth = auth == null ? Auth.NONE : auth;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    URI base() {
        return base;
    }

    Answer postJson(String path, String json) throws Unreachable, InterruptedException {
        return send("POST", path, json.getBytes(StandardCharsets.UTF_8));
    }

    Answer get(String path) throws Unreachable, InterruptedException {
        return send("GET", path, null);
    }

    private Answer send(String method, String path, byte[] payload) throws Unreachable, InterruptedException {
        URI uri = URI.create(base + path);
        byte[] body = payload == null ? new byte[0] : payload;
        Map<String, String> headers = new LinkedHashMap<>();
        if (payload != null) headers.put("Content-Type", "application/json; charset=utf-8");
        headers.put("Accept", "application/json");
        IOException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout);
            if (payload != null) b.POST(HttpRequest.BodyPublishers.ofByteArray(body));
            else b.GET();
            headers.forEach(b::header);
            auth.headers(method, uri, headers, body).forEach(b::header);
            try {
                HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
                int st = r.statusCode();
                if ((st == 429 || st == 502 || st == 503 || st == 504) && attempt < ATTEMPTS) {
                    sleep(attempt, r.headers().firstValue("retry-after").orElse(null));
                    continue;
                }
                String text = new String(r.body(), StandardCharsets.UTF_8);
                JsonNode node = null;
                String ct = r.headers().firstValue("content-type").orElse("").toLowerCase(Locale.ROOT);
                if (ct.contains("json") && r.body().length > 0) {
                    try {
                        node = Json.parse(r.body());
                    } catch (IllegalArgumentException ignored) {
                        // keep the text
                    }
                }
                return new Answer(st, node, text);
            } catch (ConnectException | HttpTimeoutException e) {
                last = e;
            } catch (IOException e) {
                last = e;
            }
            if (attempt < ATTEMPTS) sleep(attempt, null);
        }
        String why = last instanceof ConnectException
                ? "connection refused"
                : last instanceof HttpTimeoutException
                        ? "timed out"
                        : last.getClass().getSimpleName() + (last.getMessage() == null ? "" : " " + last.getMessage());
        throw new Unreachable("cannot reach " + base + " (" + why + ", " + ATTEMPTS + " attempts)", last);
    }

    private static void sleep(int attempt, String retryAfter) throws InterruptedException {
        long ms = 200L << Math.min(attempt, 5);
        if (retryAfter != null && retryAfter.matches("\\d{1,3}")) ms = Math.max(ms, Long.parseLong(retryAfter) * 1000);
        Thread.sleep(ms / 2 + ThreadLocalRandom.current().nextLong(ms / 2 + 1));
    }
}
