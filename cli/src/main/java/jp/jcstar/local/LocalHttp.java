package jp.jcstar.local;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import jp.jcstar.lint.SuppressForbidden;

/**
 * The local server's HTTP/1.1 layer, in place of the JDK's {@code HttpServer}, whose request-line
 * parser refuses what curl and browsers really send (raw UTF-8 in the query: {@code ?vendor=サクラ})
 * with an HTML page naming a Java exception. This one reads the request target as bytes, percent-encodes
 * raw non-ASCII bytes (UTF-8 is the only encoding a URL may carry) and the few ASCII characters
 * {@link URI} does not take, and answers every request it cannot parse — a malformed escape
 * ({@code %ZZ}), a broken request line, too many headers, ambiguous framing, a malformed chunked body —
 * with a problem document and the site's security headers.
 *
 * <p>Bounded as the JDK server was configured: {@value #MAX_HEAD} bytes of request head, at most
 * {@value #MAX_HEADERS} header lines, {@value #REQUEST_SECONDS} s to receive a request and
 * {@value #RESPONSE_SECONDS} s to send the answer (the connection is closed when either runs out), and
 * idle keep-alive connections are closed after {@value #IDLE_SECONDS} s.
 *
 * <p>Handlers see a {@link HttpExchange} with the JDK's semantics for {@code sendResponseHeaders}
 * (length -1: no body, 0: chunked, n: exactly n bytes).
 */
@SuppressForbidden(
        "com.sun.net.httpserver is the JDK's supported HTTP server (module jdk.httpserver), not an internal class")
final class LocalHttp implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LocalHttp.class.getName());
    static final int MAX_HEAD = 64 * 1024;
    static final int MAX_HEADERS = 100;
    static final int REQUEST_SECONDS = 30;
    static final int RESPONSE_SECONDS = 60;
    static final int IDLE_SECONDS = 30;
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

    private final ServerSocket socket;
    private final HttpHandler handler;
    private final ExecutorService connections = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "local-http-deadlines");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;
    private Thread acceptor;

    /** Binds at once: a port in use fails here with a {@link java.net.BindException}. */
    LocalHttp(InetSocketAddress address, int backlog, HttpHandler handler) throws IOException {
        this.handler = handler;
        this.socket = new ServerSocket();
        try {
            socket.bind(address, backlog);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    int port() {
        return socket.getLocalPort();
    }

    void start() {
        acceptor = Thread.ofPlatform().daemon().name("local-http-accept").start(() -> {
            while (!closed) {
                try {
                    Socket s = socket.accept();
                    connections.execute(() -> connection(s));
                } catch (IOException e) {
                    if (!closed) LOG.log(Level.WARNING, "accept failed", e);
                }
            }
        });
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        connections.shutdown();
        try {
            if (!connections.awaitTermination(1, TimeUnit.SECONDS)) connections.shutdownNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deadlines.shutdownNow();
    }

    /** A request the server refuses before any handler sees it. */
    static final class BadRequest extends IOException {
        final int status;
        final String code;

        BadRequest(int status, String code, String detail) {
            super(detail);
            this.status = status;
            this.code = code;
        }
    }

    private void connection(Socket s) {
        try (s) {
            s.setSoTimeout(IDLE_SECONDS * 1000);
            s.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(s.getInputStream(), 8192);
            OutputStream out = new BufferedOutputStream(s.getOutputStream(), 16384);
            while (!closed) {
                in.mark(1);
                int first;
                try {
                    first = in.read();
                } catch (java.net.SocketTimeoutException idle) {
                    return;
                }
                if (first < 0) return;
                in.reset();
                // the time to receive a request: the head, then the body as the handler reads it
                ScheduledFuture<?> deadline =
                        deadlines.schedule(() -> quietClose(s), REQUEST_SECONDS, TimeUnit.SECONDS);
                Exchange ex;
                try {
                    s.setSoTimeout(REQUEST_SECONDS * 1000);
                    ex = readRequest(s, in, out, () -> deadline.cancel(false));
                } catch (BadRequest e) {
                    deadline.cancel(false);
                    reject(out, e.status, e.code, e.getMessage());
                    return;
                }
                if (!(ex.getRequestBody() instanceof Continue)) deadline.cancel(false); // no body: the request is in
                ex.requestDone = () -> deadline.cancel(false);
                try {
                    handler.handle(ex);
                } catch (RuntimeException e) {
                    LOG.log(Level.SEVERE, "handler failure", e);
                    if (!ex.sent) reject(out, 500, "internal-error", "the server failed to answer");
                    return;
                } finally {
                    deadline.cancel(false);
                    if (ex.responseDeadline != null) ex.responseDeadline.cancel(false);
                }
                if (!ex.sent) {
                    reject(out, 500, "internal-error", "the server gave no answer");
                    return;
                }
                ex.finish();
                if (!ex.keepAlive()) return;
                s.setSoTimeout(IDLE_SECONDS * 1000);
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "connection ended", e);
        }
    }

    private static void quietClose(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    /** A problem answer from the server itself, then the connection is closed. */
    private static void reject(OutputStream out, int status, String code, String detail) {
        try {
            byte[] body = ("{\"type\":\"/problems/" + code + "\",\"title\":\"" + title(status) + "\",\"status\":"
                            + status + ",\"detail\":" + jp.jcstar.json.Json.writeString(detail) + "}")
                    .getBytes(StandardCharsets.UTF_8);
            Headers h = new Headers();
            h.set("Content-Type", "application/problem+json; charset=utf-8");
            LocalServer.securityHeaders(h);
            h.set("Connection", "close");
            h.set("Content-Length", Integer.toString(body.length));
            writeHead(out, status, h);
            out.write(body);
            out.flush();
        } catch (IOException ignored) {
            // the client is gone
        }
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 413 -> "Payload too large";
            case 414 -> "URI too long";
            case 431 -> "Request header fields too large";
            case 501 -> "Not implemented";
            case 505 -> "HTTP version not supported";
            default -> "Internal server error";
        };
    }

    private static void writeHead(OutputStream out, int status, Headers h) throws IOException {
        StringBuilder b = new StringBuilder(256)
                .append("HTTP/1.1 ")
                .append(status)
                .append(' ')
                .append(reason(status))
                .append("\r\n");
        if (!h.containsKey("Date"))
            b.append("Date: ")
                    .append(HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC)))
                    .append("\r\n");
        for (Map.Entry<String, List<String>> e : h.entrySet()) {
            for (String v : e.getValue()) {
                if (v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0)
                    throw new IOException("header value with a line break: " + e.getKey());
                b.append(e.getKey()).append(": ").append(v).append("\r\n");
            }
        }
        b.append("\r\n");
        out.write(b.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String reason(int status) {
        return switch (status) {
            case 100 -> "Continue";
            case 200 -> "OK";
            case 201 -> "Created";
            case 204 -> "No Content";
            case 302 -> "Found";
            case 304 -> "Not Modified";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }

    // --- request parsing ---

    private Exchange readRequest(Socket s, InputStream in, OutputStream out, Runnable bodyDone) throws IOException {
        int[] budget = {MAX_HEAD};
        String line = readLine(in, budget, true);
        while (line.isEmpty()) line = readLine(in, budget, true); // RFC 9112 2.2: ignore empty lines before a request
        String[] parts = line.split(" ", -1);
        if (parts.length != 3) throw new BadRequest(400, "bad-request", "malformed request line");
        String method = parts[0];
        if (method.isEmpty() || !method.chars().allMatch(LocalHttp::tokenChar))
            throw new BadRequest(400, "bad-request", "malformed method");
        String protocol = parts[2];
        if (!protocol.equals("HTTP/1.1") && !protocol.equals("HTTP/1.0")) {
            throw protocol.startsWith("HTTP/")
                    ? new BadRequest(505, "http-version", "only HTTP/1.0 and HTTP/1.1 are spoken here")
                    : new BadRequest(400, "bad-request", "malformed request line");
        }
        URI uri = target(parts[1]);
        Headers headers = new Headers();
        int count = 0;
        while (true) {
            String h = readLine(in, budget, false);
            if (h.isEmpty()) break;
            if (++count > MAX_HEADERS)
                throw new BadRequest(431, "headers-too-large", "at most " + MAX_HEADERS + " header lines");
            if (h.charAt(0) == ' ' || h.charAt(0) == '\t')
                throw new BadRequest(400, "bad-request", "folded header lines are not accepted");
            int colon = h.indexOf(':');
            if (colon <= 0) throw new BadRequest(400, "bad-request", "malformed header line");
            String name = h.substring(0, colon);
            if (!name.chars().allMatch(LocalHttp::tokenChar))
                throw new BadRequest(400, "bad-request", "malformed header name");
            String value = h.substring(colon + 1).strip();
            if (value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f))
                throw new BadRequest(400, "bad-request", "control character in a header value");
            headers.add(name, value);
        }
        InputStream body = body(headers, in, out, protocol, bodyDone);
        return new Exchange(s, method, uri, protocol, headers, body, out);
    }

    private static boolean tokenChar(int c) {
        return c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }

    /** A line of the request head, CRLF (or a bare LF) ended, read as ISO-8859-1 (the caller decides about bytes above 0x7f). */
    private static String readLine(InputStream in, int[] budget, boolean requestLine) throws IOException {
        StringBuilder b = new StringBuilder(64);
        while (true) {
            int c = in.read();
            if (c < 0) throw new BadRequest(400, "bad-request", "the request ended early");
            if (--budget[0] < 0) {
                throw requestLine
                        ? new BadRequest(414, "uri-too-long", "the request line may be at most " + MAX_HEAD + " bytes")
                        : new BadRequest(
                                431, "headers-too-large", "the request head may be at most " + MAX_HEAD + " bytes");
            }
            if (c == '\n') {
                int n = b.length();
                if (n > 0 && b.charAt(n - 1) == '\r') b.setLength(n - 1);
                return b.toString();
            }
            b.append((char) c);
        }
    }

    private static final String HEX = "0123456789ABCDEF";

    /**
     * The request target as a {@link URI}: origin form ({@code /path?query}) or absolute form. Raw bytes
     * above 0x7f and the ASCII characters URI refuses are percent-encoded, so {@code getRawQuery()} holds
     * the exact bytes the client sent; a {@code %} not followed by two hex digits is a 400.
     */
    static URI target(String raw) throws BadRequest {
        String t = raw;
        if (t.regionMatches(true, 0, "http://", 0, 7) || t.regionMatches(true, 0, "https://", 0, 8)) {
            int slash = t.indexOf('/', t.indexOf("//") + 2);
            t = slash < 0 ? "/" : t.substring(slash);
        }
        if (!t.startsWith("/")) throw new BadRequest(400, "bad-request", "the request target must be a path");
        StringBuilder b = new StringBuilder(t.length() + 16);
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '%') {
                if (i + 2 >= t.length()
                        || Character.digit(t.charAt(i + 1), 16) < 0
                        || Character.digit(t.charAt(i + 2), 16) < 0
                        || t.charAt(i + 1) > 0x7f
                        || t.charAt(i + 2) > 0x7f) {
                    throw new BadRequest(
                            400,
                            "bad-request",
                            "malformed percent-escape in the URL at character " + (i + 1)
                                    + ": '%' must be followed by two hex digits (write '%25' for a literal '%')");
                }
                b.append(c);
            } else if (c < 0x20 || c == 0x7f) {
                throw new BadRequest(400, "bad-request", "control character in the URL");
            } else if (c > 0x7f || "\"<>\\^`{|}#".indexOf(c) >= 0) {
                b.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 15));
            } else {
                b.append(c);
            }
        }
        try {
            return new URI(b.toString());
        } catch (URISyntaxException e) {
            throw new BadRequest(400, "bad-request", "malformed URL");
        }
    }

    private static InputStream body(Headers h, InputStream in, OutputStream out, String protocol, Runnable done)
            throws BadRequest {
        List<String> te = h.get("Transfer-Encoding");
        List<String> cl = h.get("Content-Length");
        boolean expect = "100-continue".equalsIgnoreCase(h.getFirst("Expect")) && protocol.equals("HTTP/1.1");
        if (te != null) {
            // RFC 9112 6.1: both framings at once is how requests are smuggled
            if (cl != null) throw new BadRequest(400, "bad-request", "Transfer-Encoding and Content-Length together");
            if (te.size() != 1 || !te.getFirst().equalsIgnoreCase("chunked")) {
                throw new BadRequest(501, "not-implemented", "only Transfer-Encoding: chunked is accepted");
            }
            return new Continue(new ChunkedIn(in), out, expect, done);
        }
        if (cl != null) {
            String v = String.join(",", cl);
            String first = v.split(",", -1)[0].strip();
            for (String each : v.split(",", -1)) {
                if (!each.strip().equals(first))
                    throw new BadRequest(400, "bad-request", "conflicting Content-Length values");
            }
            if (!first.matches("\\d{1,18}")) throw new BadRequest(400, "bad-request", "malformed Content-Length");
            long n = Long.parseLong(first);
            return n == 0 ? InputStream.nullInputStream() : new Continue(new FixedIn(in, n), out, expect, done);
        }
        return InputStream.nullInputStream();
    }

    /**
     * Sends {@code 100 Continue} when the handler first reads a body the client is holding back, and
     * tells when the body has been read to its end (the request deadline then ends).
     */
    private static final class Continue extends InputStream {
        private final InputStream in;
        private final OutputStream out;
        private final Runnable done;
        private boolean pending;

        Continue(InputStream in, OutputStream out, boolean expect, Runnable done) {
            this.in = in;
            this.out = out;
            this.pending = expect;
            this.done = done;
        }

        private int ended(int n) {
            if (n < 0) done.run();
            return n;
        }

        private void go() throws IOException {
            if (pending) {
                pending = false;
                out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        }

        @Override
        public int read() throws IOException {
            go();
            return ended(in.read());
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            go();
            return ended(in.read(b, off, len));
        }

        boolean untouched() {
            return pending;
        }

        InputStream inner() {
            return in;
        }
    }

    private static final class FixedIn extends InputStream {
        private final InputStream in;
        private long left;

        FixedIn(InputStream in, long n) {
            this.in = in;
            this.left = n;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) return -1;
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) throw new BadRequest(400, "bad-request", "the body ended before Content-Length bytes");
            left -= n;
            return n;
        }

        boolean done() {
            return left == 0;
        }
    }

    /** RFC 9112 7.1: chunk-size [; extensions] CRLF data CRLF ... 0 CRLF trailers CRLF; anything else is a 400. */
    static final class ChunkedIn extends InputStream {
        private final InputStream in;
        private long left;
        private boolean end;
        private int headBudget = MAX_HEAD;

        ChunkedIn(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (end) return -1;
            if (left == 0) {
                next();
                if (end) return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) throw bad("the chunked body ended inside a chunk");
            left -= n;
            if (left == 0) crlf();
            return n;
        }

        private void next() throws IOException {
            String line = line();
            int semi = line.indexOf(';');
            String size = (semi < 0 ? line : line.substring(0, semi)).strip();
            if (size.isEmpty()
                    || size.length() > 15
                    || !size.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 0x80)) {
                throw bad("malformed chunk size '" + (line.length() > 40 ? line.substring(0, 40) + "…" : line) + "'");
            }
            left = Long.parseLong(size, 16);
            if (left == 0) {
                while (!line().isEmpty()) {
                    // trailer fields, ignored
                }
                end = true;
            }
        }

        private void crlf() throws IOException {
            int a = in.read();
            if (a == '\r') a = in.read();
            if (a != '\n') throw bad("a chunk is not followed by CRLF");
        }

        private String line() throws IOException {
            StringBuilder b = new StringBuilder();
            while (true) {
                int c = in.read();
                if (c < 0) throw bad("the chunked body ended early");
                if (--headBudget < 0) throw bad("chunk lines too long");
                if (c == '\n') {
                    int n = b.length();
                    if (n > 0 && b.charAt(n - 1) == '\r') b.setLength(n - 1);
                    return b.toString();
                }
                b.append((char) c);
            }
        }

        private static BadRequest bad(String detail) {
            return new BadRequest(400, "bad-request", "malformed chunked body: " + detail);
        }

        boolean done() {
            return end;
        }
    }

    // --- the exchange ---

    @SuppressForbidden("an HttpExchange of the JDK's HTTP server API (module jdk.httpserver)")
    private final class Exchange extends HttpExchange {
        private final Socket socket;
        private final String method;
        private final URI uri;
        private final String protocol;
        private final Headers requestHeaders;
        private final Headers responseHeaders = new Headers();
        private final OutputStream raw;
        private InputStream body;
        private OutputStream responseBody;
        private final Map<String, Object> attributes = new HashMap<>();
        private int code = -1;
        boolean sent;
        private boolean closeAfter;
        ScheduledFuture<?> responseDeadline;
        Runnable requestDone = () -> {};

        Exchange(
                Socket socket,
                String method,
                URI uri,
                String protocol,
                Headers requestHeaders,
                InputStream body,
                OutputStream raw) {
            this.socket = socket;
            this.method = method;
            this.uri = uri;
            this.protocol = protocol;
            this.requestHeaders = requestHeaders;
            this.body = body;
            this.raw = raw;
            String conn = requestHeaders.getFirst("Connection");
            boolean close = conn != null && conn.toLowerCase(Locale.ROOT).contains("close");
            boolean keep = conn != null && conn.toLowerCase(Locale.ROOT).contains("keep-alive");
            closeAfter = close || protocol.equals("HTTP/1.0") && !keep;
        }

        @Override
        public Headers getRequestHeaders() {
            return requestHeaders;
        }

        @Override
        public Headers getResponseHeaders() {
            return responseHeaders;
        }

        @Override
        public URI getRequestURI() {
            return uri;
        }

        @Override
        public String getRequestMethod() {
            return method;
        }

        @Override
        public HttpContext getHttpContext() {
            throw new UnsupportedOperationException("no contexts in the local server");
        }

        @Override
        public void close() {
            try {
                if (sent && responseBody != null) responseBody.close();
                else raw.flush();
            } catch (IOException e) {
                closeAfter = true;
            }
        }

        @Override
        public InputStream getRequestBody() {
            return body;
        }

        @Override
        public OutputStream getResponseBody() {
            if (responseBody == null) throw new IllegalStateException("sendResponseHeaders first");
            return responseBody;
        }

        @Override
        public void sendResponseHeaders(int rCode, long responseLength) throws IOException {
            if (sent) throw new IOException("headers already sent");
            sent = true;
            code = rCode;
            requestDone.run(); // answering: the time to receive the request is over, the time to send the answer starts
            responseDeadline = deadlines.schedule(() -> quietClose(socket), RESPONSE_SECONDS, TimeUnit.SECONDS);
            socket.setSoTimeout(RESPONSE_SECONDS * 1000);
            boolean head = method.equals("HEAD");
            boolean noBody = head || rCode == 204 || rCode == 304 || rCode < 200;
            String conn = responseHeaders.getFirst("Connection");
            if (conn != null && conn.equalsIgnoreCase("close")) closeAfter = true;
            if (closeAfter) responseHeaders.set("Connection", "close");
            if (noBody) {
                if (!head) responseHeaders.remove("Content-Length");
                else if (responseLength > 0 && !responseHeaders.containsKey("Content-Length"))
                    responseHeaders.set("Content-Length", Long.toString(responseLength));
                responseBody = new Limited(raw, 0);
            } else if (responseLength == 0) {
                responseHeaders.remove("Content-Length");
                responseHeaders.set("Transfer-Encoding", "chunked");
                responseBody = new ChunkedOut(raw);
            } else {
                long n = Math.max(responseLength, 0);
                responseHeaders.set("Content-Length", Long.toString(n));
                responseBody = new Limited(raw, n);
            }
            writeHead(raw, rCode, responseHeaders);
            if (responseBody instanceof Limited l && l.left == 0) raw.flush();
        }

        /** After the handler: the answer flushed, the rest of the request body read (or the connection marked to close). */
        void finish() throws IOException {
            close();
            if (responseBody instanceof Limited l && l.left > 0) closeAfter = true;
            if (responseBody instanceof ChunkedOut c && !c.closed) closeAfter = true;
            InputStream b = body;
            if (b instanceof Continue c) {
                if (c.untouched()) {
                    closeAfter = true; // the client waits for 100 Continue or sends anyway: don't guess where the next
                    // request starts
                    return;
                }
                b = c.inner();
            }
            if (b instanceof FixedIn f && !f.done() || b instanceof ChunkedIn k && !k.done()) {
                try {
                    long drained = 0;
                    byte[] buf = new byte[8192];
                    int n = 0;
                    while (drained < LocalServer.DRAIN_LIMIT && (n = b.read(buf)) >= 0) drained += n;
                    if (n >= 0) closeAfter = true;
                } catch (IOException e) {
                    closeAfter = true;
                }
            }
        }

        boolean keepAlive() {
            return !closeAfter;
        }

        @Override
        public InetSocketAddress getRemoteAddress() {
            return (InetSocketAddress) socket.getRemoteSocketAddress();
        }

        @Override
        public int getResponseCode() {
            return code;
        }

        @Override
        public InetSocketAddress getLocalAddress() {
            return (InetSocketAddress) socket.getLocalSocketAddress();
        }

        @Override
        public String getProtocol() {
            return protocol;
        }

        @Override
        public Object getAttribute(String name) {
            return attributes.get(name);
        }

        @Override
        public void setAttribute(String name, Object value) {
            attributes.put(name, value);
        }

        @Override
        public void setStreams(InputStream i, OutputStream o) {
            if (i != null) body = i;
            if (o != null) responseBody = o;
        }

        @Override
        public HttpPrincipal getPrincipal() {
            return null;
        }
    }

    /** Exactly n bytes of body; closing flushes (never closes the socket). */
    private static final class Limited extends OutputStream {
        private final OutputStream out;
        long left;

        Limited(OutputStream out, long n) {
            this.out = out;
            this.left = n;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > left) throw new IOException("more body than the announced length");
            out.write(b, off, len);
            left -= len;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }

    private static final class ChunkedOut extends OutputStream {
        private final OutputStream out;
        boolean closed;

        ChunkedOut(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (closed) throw new IOException("closed");
            if (len == 0) return;
            out.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(b, off, len);
            out.write(CRLF);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            if (closed) return;
            closed = true;
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
    }

    private static final byte[] CRLF = {'\r', '\n'};
}
