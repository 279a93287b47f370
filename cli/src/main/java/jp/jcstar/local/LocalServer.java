package jp.jcstar.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import jp.jcstar.functions.ApiHandler;
import jp.jcstar.functions.Request;
import jp.jcstar.functions.Route;
import jp.jcstar.functions.Routes;
import jp.jcstar.functions.Wiring;
import jp.jcstar.label.RejectedInputException;
import jp.jcstar.lint.SuppressForbidden;

/**
 * The whole registry on one port: the API (the very Lambda handlers, fed API Gateway v2 events built
 * from real HTTP requests), the registry site, and the operator check that IAM does in AWS (a bearer
 * token). Bounded: request bodies above {@link Request#MAX_BODY} are refused before they are read,
 * and {@link LocalHttp} limits the request head and the time to receive a request and send the answer.
 * The query is read as API Gateway does: raw UTF-8 or percent-encoded UTF-8; a malformed escape or
 * bytes that are not UTF-8 are a 400 problem. HEAD on a GET route answers as GET, without the body.
 */
@SuppressForbidden(
        "com.sun.net.httpserver is the JDK's supported HTTP server (module jdk.httpserver), not an internal class")
public final class LocalServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LocalServer.class.getName());
    static final String CSP = SiteCsp.forClassPathSite();

    /** Oversized bodies up to this size are read and discarded before the 413, larger ones cut off. */
    static final long DRAIN_LIMIT = 64L * 1024 * 1024;

    private final LocalHttp server;
    private final Wiring wiring;
    private final OperatorToken token;
    private final List<Bound> routes = new ArrayList<>();
    private final StaticSite site = new StaticSite();
    private final PublicFiles files;

    private record Bound(Route route, ApiHandler handler) {}

    public LocalServer(Wiring wiring, OperatorToken token, String host, int port) throws IOException {
        this.wiring = wiring;
        this.token = token;
        this.files = new PublicFiles(wiring.blobs());
        for (Route r : Routes.ALL) routes.add(new Bound(r, r.handler().apply(wiring)));
        // the operator's key compromise (docs/transparency-log.md): a route of the laptop wiring, which holds the log
        // key
        Route compromise = jp.jcstar.functions.KeyCompromiseHandler.ROUTE;
        routes.add(new Bound(compromise, compromise.handler().apply(wiring)));
        this.server = new LocalHttp(new InetSocketAddress(host, port), 128, this::serve);
    }

    public void start() {
        server.start();
    }

    public int port() {
        return server.port();
    }

    public Wiring wiring() {
        return wiring;
    }

    @Override
    public void close() {
        server.close();
    }

    private void serve(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getRawPath();
            if (path.startsWith("/files/")
                    && LogFiles.served(path)
                    && (ex.getRequestMethod().equals("GET")
                            || ex.getRequestMethod().equals("HEAD"))) {
                send(ex, LogFiles.answer(wiring.blobs(), path)); // the transparency log, as CloudFront serves it
            } else if (path.startsWith("/v1/") || path.startsWith("/.well-known/")) {
                if (!files.serve(ex, path)) api(ex, path);
            } else if (ex.getRequestMethod().equals("GET")
                    || ex.getRequestMethod().equals("HEAD")) {
                site.serve(ex, path);
            } else {
                refuse(ex, problem(405, "method-not-allowed", "Method not allowed", "the site only answers GET"));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "local server failure", e);
        }
    }

    /**
     * Answers without reading the request body (refusals before the handler). The connection is closed
     * after the answer, so a client never reuses a connection that still holds an unread body.
     */
    private static void refuse(HttpExchange ex, APIGatewayV2HTTPResponse r) throws IOException {
        r.getHeaders().put("connection", "close");
        send(ex, r);
    }

    private void api(HttpExchange ex, String rawPath) throws IOException {
        String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
        Bound match = null;
        Map<String, String> params = null;
        List<String> allowed = new ArrayList<>();
        for (Bound b : routes) {
            Optional<Map<String, String>> m = b.route().match(rawPath);
            if (m.isEmpty()) continue;
            allowed.add(b.route().method());
            if (b.route().method().equals(method)
                    || method.equals("HEAD") && b.route().method().equals("GET") && match == null) {
                match = b;
                params = m.get();
            }
        }
        if (allowed.contains("GET")) allowed.add(allowed.indexOf("GET") + 1, "HEAD");
        if (match == null) {
            if (allowed.isEmpty()) refuse(ex, problem(404, "not-found", "Not found", "no such route"));
            else {
                APIGatewayV2HTTPResponse r =
                        problem(405, "method-not-allowed", "Method not allowed", "use " + String.join(" or ", allowed));
                r.getHeaders().put("allow", String.join(", ", allowed));
                refuse(ex, r);
            }
            return;
        }
        if (match.route().operator() && !token.matches(ex.getRequestHeaders().getFirst("Authorization"))) {
            APIGatewayV2HTTPResponse r = problem(
                    401,
                    "unauthenticated",
                    "Unauthenticated",
                    "operator routes need the operator token: Authorization: Bearer <the token in the data folder's operator-token file>");
            r.getHeaders().put("www-authenticate", "Bearer realm=\"jcstar-operator\"");
            refuse(ex, r);
            return;
        }
        String len = ex.getRequestHeaders().getFirst("Content-Length");
        if (len != null && len.matches("\\d{1,18}") && Long.parseLong(len) > Request.MAX_BODY) {
            // a client that sends the whole body before reading the answer must not see a reset: discard
            // a moderately oversized body (bounded), then answer
            if (Long.parseLong(len) <= DRAIN_LIMIT) ex.getRequestBody().skipNBytes(Long.parseLong(len));
            refuse(
                    ex,
                    problem(
                            413,
                            "body-too-large",
                            "Payload too large",
                            "the body may be at most " + Request.MAX_BODY + " bytes"));
            return;
        }
        byte[] body;
        try {
            body = readBounded(ex.getRequestBody());
        } catch (LocalHttp.BadRequest e) {
            refuse(ex, problem(e.status, e.code, "Bad request", e.getMessage()));
            return;
        }
        if (body == null) {
            refuse(
                    ex,
                    problem(
                            413,
                            "body-too-large",
                            "Payload too large",
                            "the body may be at most " + Request.MAX_BODY + " bytes"));
            return;
        }
        APIGatewayV2HTTPEvent event;
        try {
            event = toEvent(ex, match.route(), params, body);
        } catch (RejectedInputException e) {
            refuse(ex, problem(400, e.code(), "Bad request", e.getMessage()));
            return;
        } catch (RuntimeException e) {
            // our failure, as the handlers answer it: an incident id, the details in the log only
            String incident = java.util.UUID.randomUUID().toString();
            LOG.log(
                    Level.SEVERE,
                    "incident " + incident + " building the event for "
                            + match.route().routeKey(),
                    e);
            refuse(
                    ex,
                    problem(
                            500,
                            "internal-error",
                            "Internal error",
                            "something went wrong on our side; incident " + incident));
            return;
        }
        send(ex, match.handler().handleRequest(event, null));
    }

    /** The API Gateway HTTP API (payload 2.0) event for this request, as API Gateway would build it. */
    APIGatewayV2HTTPEvent toEvent(HttpExchange ex, Route route, Map<String, String> params, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
        String rawQuery = ex.getRequestURI().getRawQuery();
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) continue;
                int eq = pair.indexOf('=');
                String k = decode(eq < 0 ? pair : pair.substring(0, eq));
                String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
                query.merge(k, v, (a, b) -> a + "," + b);
            }
        }
        Map<String, String> decodedParams = new HashMap<>();
        params.forEach((k, v) -> decodedParams.put(k, decode(v)));
        var http = APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                .withMethod(route.method())
                .withPath(ex.getRequestURI().getRawPath())
                .withProtocol("HTTP/1.1")
                .withSourceIp(ex.getRemoteAddress().getAddress().getHostAddress())
                .withUserAgent(headers.getOrDefault("user-agent", ""))
                .build();
        var ctx = APIGatewayV2HTTPEvent.RequestContext.builder()
                .withRouteKey(route.routeKey())
                .withStage("$default")
                .withRequestId(UUID.randomUUID().toString())
                .withTimeEpoch(Instant.now().toEpochMilli())
                .withHttp(http)
                .withDomainName(headers.getOrDefault("host", "localhost"));
        // the token holder is the operator on public routes too (a label's history then shows who and the note)
        if (route.operator() || token.matches(headers.get("authorization"))) {
            var iam = APIGatewayV2HTTPEvent.RequestContext.IAM
                    .builder()
                    .withUserArn("local:operator")
                    .withCallerId("local:operator")
                    .build();
            ctx.withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                    .withIam(iam)
                    .build());
        }
        boolean text = body.length == 0
                || StandardCharsets.UTF_8
                        .newDecoder()
                        .decode(java.nio.ByteBuffer.wrap(body), java.nio.CharBuffer.allocate(body.length), true)
                        .isUnderflow();
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(route.routeKey())
                .withRawPath(ex.getRequestURI().getRawPath())
                .withRawQueryString(rawQuery == null ? "" : rawQuery)
                .withHeaders(headers)
                .withQueryStringParameters(query.isEmpty() ? null : query)
                .withPathParameters(decodedParams.isEmpty() ? null : decodedParams)
                .withBody(
                        body.length == 0
                                ? null
                                : text
                                        ? new String(body, StandardCharsets.UTF_8)
                                        : java.util.Base64.getEncoder().encodeToString(body))
                .withIsBase64Encoded(body.length > 0 && !text)
                .withRequestContext(ctx.build())
                .build();
    }

    /**
     * Percent-decoding ({@code +} is a space, as in forms) to UTF-8, strictly: {@link LocalHttp} has
     * already refused malformed escapes; bytes that are not UTF-8 are refused here.
     */
    static String decode(String s) {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) return s;
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+') bytes.write(' ');
            else if (c == '%'
                    && i + 2 < s.length()
                    && Character.digit(s.charAt(i + 1), 16) >= 0
                    && Character.digit(s.charAt(i + 2), 16) >= 0) {
                bytes.write(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
                i += 2;
            } else if (c == '%') {
                throw new RejectedInputException.BadRequest(
                        "bad-request", "malformed percent-escape in the URL: '%' must be followed by two hex digits");
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new RejectedInputException.BadRequest("bad-request", "the URL's percent-escapes are not UTF-8");
        }
    }

    private static byte[] readBounded(InputStream in) throws IOException {
        byte[] b = in.readNBytes(Request.MAX_BODY + 1);
        return b.length > Request.MAX_BODY ? null : b;
    }

    static APIGatewayV2HTTPResponse problem(int status, String code, String title, String detail) {
        String body = "{\"type\":\"/problems/" + code + "\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":" + jp.jcstar.json.Json.writeString(detail) + "}";
        Map<String, String> h = new HashMap<>();
        h.put("content-type", "application/problem+json; charset=utf-8");
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status)
                .withHeaders(h)
                .withBody(body)
                .build();
    }

    static void send(HttpExchange ex, APIGatewayV2HTTPResponse r) throws IOException {
        byte[] body = r.getBody() == null
                ? new byte[0]
                : r.getIsBase64Encoded()
                        ? java.util.Base64.getDecoder().decode(r.getBody())
                        : r.getBody().getBytes(StandardCharsets.UTF_8);
        var h = ex.getResponseHeaders();
        if (r.getHeaders() != null) r.getHeaders().forEach(h::set);
        securityHeaders(ex);
        boolean head = ex.getRequestMethod().equals("HEAD");
        if (head && body.length > 0) h.set("Content-Length", Integer.toString(body.length));
        ex.sendResponseHeaders(r.getStatusCode(), head || body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    static void securityHeaders(HttpExchange ex) {
        securityHeaders(ex.getResponseHeaders());
    }

    static void securityHeaders(Headers h) {
        h.set("Content-Security-Policy", CSP);
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        h.set("X-Frame-Options", "DENY");
    }
}
