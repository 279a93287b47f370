package jp.jcstar.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;
import jp.jcstar.functions.ApiHandler;
import jp.jcstar.functions.Request;
import jp.jcstar.functions.Route;
import jp.jcstar.functions.Routes;
import jp.jcstar.functions.Wiring;

/**
 * The whole registry on one port: the API (the very Lambda handlers, fed API Gateway v2 events built
 * from real HTTP requests), the registry site, and the operator check that IAM does in AWS (a bearer
 * token). Bounded: request bodies above {@link Request#MAX_BODY} are refused before they are read,
 * and the JDK server's request/response timeouts are set.
 */
public final class LocalServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LocalServer.class.getName());
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    /** Oversized bodies up to this size are read and discarded before the 413, larger ones cut off. */
    static final long DRAIN_LIMIT = 64L * 1024 * 1024;

    private final HttpServer server;
    private final ExecutorService executor;
    private final Wiring wiring;
    private final OperatorToken token;
    private final List<Bound> routes = new ArrayList<>();
    private final StaticSite site = new StaticSite();

    private record Bound(Route route, ApiHandler handler) {}

    static {
        // seconds; the JDK server drops a client that takes longer to send its request or read the answer
        System.setProperty("sun.net.httpserver.maxReqTime", System.getProperty("sun.net.httpserver.maxReqTime", "30"));
        System.setProperty("sun.net.httpserver.maxRspTime", System.getProperty("sun.net.httpserver.maxRspTime", "60"));
        System.setProperty("sun.net.httpserver.maxReqHeaders", System.getProperty("sun.net.httpserver.maxReqHeaders", "100"));
    }

    public LocalServer(Wiring wiring, OperatorToken token, String host, int port) throws IOException {
        this.wiring = wiring;
        this.token = token;
        for (Route r : Routes.ALL) routes.add(new Bound(r, r.handler().apply(wiring)));
        this.server = HttpServer.create(new InetSocketAddress(host, port), 128);
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::serve);
    }

    public void start() {
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public Wiring wiring() {
        return wiring;
    }

    @Override
    public void close() {
        server.stop(1);
        executor.shutdown();
    }

    private void serve(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getRawPath();
            if (path.startsWith("/files/") && LogFiles.served(path) && (ex.getRequestMethod().equals("GET") || ex.getRequestMethod().equals("HEAD"))) {
                send(ex, LogFiles.answer(wiring.blobs(), path)); // the transparency log, as CloudFront serves it
            } else if (path.startsWith("/v1/") || path.startsWith("/.well-known/")) {
                api(ex, path);
            } else if (ex.getRequestMethod().equals("GET") || ex.getRequestMethod().equals("HEAD")) {
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
            if (b.route().method().equals(method)) {
                match = b;
                params = m.get();
            }
        }
        if (match == null) {
            if (allowed.isEmpty()) refuse(ex, problem(404, "not-found", "Not found", "no such route"));
            else {
                APIGatewayV2HTTPResponse r = problem(405, "method-not-allowed", "Method not allowed", "use " + String.join(" or ", allowed));
                r.getHeaders().put("allow", String.join(", ", allowed));
                refuse(ex, r);
            }
            return;
        }
        if (match.route().operator() && !token.matches(ex.getRequestHeaders().getFirst("Authorization"))) {
            APIGatewayV2HTTPResponse r = problem(401, "unauthenticated", "Unauthenticated",
                    "operator routes need the operator token: Authorization: Bearer <token from " + token.file() + ">");
            r.getHeaders().put("www-authenticate", "Bearer realm=\"jcstar-operator\"");
            refuse(ex, r);
            return;
        }
        String len = ex.getRequestHeaders().getFirst("Content-Length");
        if (len != null && len.matches("\\d{1,18}") && Long.parseLong(len) > Request.MAX_BODY) {
            // a client that sends the whole body before reading the answer must not see a reset: discard
            // a moderately oversized body (bounded), then answer
            if (Long.parseLong(len) <= DRAIN_LIMIT) ex.getRequestBody().skipNBytes(Long.parseLong(len));
            refuse(ex, problem(413, "body-too-large", "Payload too large", "the body may be at most " + Request.MAX_BODY + " bytes"));
            return;
        }
        byte[] body = readBounded(ex.getRequestBody());
        if (body == null) {
            refuse(ex, problem(413, "body-too-large", "Payload too large", "the body may be at most " + Request.MAX_BODY + " bytes"));
            return;
        }
        APIGatewayV2HTTPEvent event = toEvent(ex, match.route(), params, body);
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
                .withMethod(route.method()).withPath(ex.getRequestURI().getRawPath()).withProtocol("HTTP/1.1")
                .withSourceIp(ex.getRemoteAddress().getAddress().getHostAddress())
                .withUserAgent(headers.getOrDefault("user-agent", "")).build();
        var ctx = APIGatewayV2HTTPEvent.RequestContext.builder()
                .withRouteKey(route.routeKey()).withStage("$default").withRequestId(UUID.randomUUID().toString())
                .withTimeEpoch(Instant.now().toEpochMilli()).withHttp(http).withDomainName(headers.getOrDefault("host", "localhost"));
        if (route.operator()) {
            var iam = APIGatewayV2HTTPEvent.RequestContext.IAM.builder().withUserArn("local:operator").withCallerId("local:operator").build();
            ctx.withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder().withIam(iam).build());
        }
        boolean text = body.length == 0 || StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(body), java.nio.CharBuffer.allocate(body.length), true).isUnderflow();
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0").withRouteKey(route.routeKey()).withRawPath(ex.getRequestURI().getRawPath())
                .withRawQueryString(rawQuery == null ? "" : rawQuery).withHeaders(headers)
                .withQueryStringParameters(query.isEmpty() ? null : query).withPathParameters(decodedParams.isEmpty() ? null : decodedParams)
                .withBody(body.length == 0 ? null : text ? new String(body, StandardCharsets.UTF_8) : java.util.Base64.getEncoder().encodeToString(body))
                .withIsBase64Encoded(body.length > 0 && !text)
                .withRequestContext(ctx.build()).build();
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s; // API Gateway passes undecodable escapes through as they are
        }
    }

    private static byte[] readBounded(InputStream in) throws IOException {
        byte[] b = in.readNBytes(Request.MAX_BODY + 1);
        return b.length > Request.MAX_BODY ? null : b;
    }

    static APIGatewayV2HTTPResponse problem(int status, String code, String title, String detail) {
        String body = "{\"type\":\"/problems/" + code + "\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":"
                + jp.jcstar.json.Json.writeString(detail) + "}";
        Map<String, String> h = new HashMap<>();
        h.put("content-type", "application/problem+json; charset=utf-8");
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(h).withBody(body).build();
    }

    static void send(HttpExchange ex, APIGatewayV2HTTPResponse r) throws IOException {
        byte[] body = r.getBody() == null ? new byte[0]
                : r.getIsBase64Encoded() ? java.util.Base64.getDecoder().decode(r.getBody()) : r.getBody().getBytes(StandardCharsets.UTF_8);
        var h = ex.getResponseHeaders();
        if (r.getHeaders() != null) r.getHeaders().forEach(h::set);
        securityHeaders(ex);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(r.getStatusCode(), head || body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    static void securityHeaders(HttpExchange ex) {
        var h = ex.getResponseHeaders();
        h.set("Content-Security-Policy", CSP);
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        h.set("X-Frame-Options", "DENY");
    }
}
