package jp.jcstar.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import jp.jcstar.functions.Wiring;
import jp.jcstar.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The local server reads requests as curl and browsers send them, byte for byte, and refuses the broken ones with a problem. */
class LocalHttpParsingTest {
    @TempDir
    Path home;

    LocalServer server;

    @BeforeEach
    void start() throws Exception {
        int port = ServeCommand.freePort();
        Wiring w = Wiring.embedded(home, "http://127.0.0.1:" + port, Clock.systemUTC());
        DemoData.seed(w);
        server = new LocalServer(w, OperatorToken.loadOrCreate(home.resolve("operator-token")), "127.0.0.1", port);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    record Answer(int status, Map<String, String> headers, byte[] body) {
        JsonNode json() {
            return Json.parse(body);
        }

        String header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
        }
    }

    /** Sends the exact bytes and reads one answer (Content-Length or chunked framed; HEAD has no body). */
    Answer raw(byte[] request, boolean head) throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write(request);
            out.flush();
            return read(s.getInputStream(), head);
        }
    }

    static Answer read(InputStream in, boolean head) throws Exception {
        String status = line(in);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l = line(in); !l.isEmpty(); l = line(in)) {
            int c = l.indexOf(':');
            headers.put(
                    l.substring(0, c).toLowerCase(Locale.ROOT),
                    l.substring(c + 1).strip());
        }
        byte[] body;
        if (head) body = new byte[0];
        else if (headers.containsKey("content-length"))
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        else if ("chunked".equals(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (int n = Integer.parseInt(line(in), 16); n > 0; n = Integer.parseInt(line(in), 16)) {
                b.write(in.readNBytes(n));
                line(in);
            }
            line(in);
            body = b.toByteArray();
        } else body = in.readAllBytes();
        return new Answer(Integer.parseInt(status.split(" ")[1]), headers, body);
    }

    static String line(InputStream in) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) throw new IllegalStateException("connection closed mid-line: " + b);
            if (c != '\r') b.write(c);
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    static byte[] get(String target) {
        return ("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    static void assertProblem(Answer a, int status) {
        assertEquals(status, a.status(), new String(a.body(), StandardCharsets.UTF_8));
        assertTrue(
                a.header("content-type").startsWith("application/problem+json"),
                a.headers().toString());
        assertTrue(
                a.header("content-security-policy").contains("default-src 'self'"),
                a.headers().toString());
        assertEquals("nosniff", a.header("x-content-type-options"));
        assertEquals("DENY", a.header("x-frame-options"));
        JsonNode p = a.json();
        assertEquals(status, p.get("status").asInt());
        assertTrue(p.get("type").asText().startsWith("/problems/"), p.toString());
        String detail = p.get("detail").asText();
        assertTrue(!detail.contains("Exception") && !detail.contains("java."), detail);
    }

    @Test
    void rawUtf8InTheQueryIsReadAsUtf8() throws Exception {
        Answer a = raw(get("/v1/labels?vendor=サクラ&limit=10"), false);
        assertEquals(200, a.status(), new String(a.body(), StandardCharsets.UTF_8));
        JsonNode items = a.json().get("items");
        assertEquals(1, items.size(), a.json().toString());
        assertEquals("株式会社サクラ電機", items.get(0).get("label").get("vendor").asText());
        Answer encoded = raw(get("/v1/labels?vendor=%E3%82%B5%E3%82%AF%E3%83%A9&limit=10"), false);
        assertEquals(a.json(), encoded.json());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/v1/labels?vendor=%",
                "/v1/labels?vendor=%ZZ",
                "/v1/labels?vendor=%E",
                "/v1/labels?vendor=%E3%81",
                "/v1/labels?vendor=%FF",
                "/v1/labels/%ZZ",
                "/v1/labels?vendor=a%2"
            })
    void aMalformedEscapeIsAProblem(String target) throws Exception {
        assertProblem(raw(get(target), false), 400);
    }

    @Test
    void brokenRequestLinesAndHeadersAreProblems() throws Exception {
        assertProblem(raw("GET /v1/labels\r\n\r\n".getBytes(StandardCharsets.US_ASCII), false), 400);
        assertProblem(
                raw(
                        "GET /v1/labels HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                        false),
                400);
        assertProblem(
                raw(
                        "GET /v1/labels HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"
                                .getBytes(StandardCharsets.US_ASCII),
                        false),
                400);
        assertProblem(
                raw(
                        "POST /v1/verify HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII),
                        false),
                400);
        StringBuilder many = new StringBuilder("GET /v1/labels HTTP/1.1\r\n");
        for (int i = 0; i < 150; i++) many.append("X-H").append(i).append(": v\r\n");
        assertProblem(raw(many.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII), false), 431);
    }

    static byte[] chunked(String chunks) {
        return ("POST /v1/verify HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + chunks)
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void chunkedBodiesAreReadAndMalformedOnesAreProblems() throws Exception {
        String json = "{\"label\":\"not-a-label\"}";
        Answer ok = raw(
                chunked("5\r\n" + json.substring(0, 5) + "\r\n" + Integer.toHexString(json.length() - 5) + ";ext=1\r\n"
                        + json.substring(5) + "\r\n0\r\n\r\n"),
                false);
        assertEquals(200, ok.status(), new String(ok.body(), StandardCharsets.UTF_8));
        assertTrue(ok.json().has("valid"));
        assertProblem(raw(chunked("zz\r\n" + json + "\r\n0\r\n\r\n"), false), 400);
        assertProblem(raw(chunked("3\r\nabcdef\r\n0\r\n\r\n"), false), 400);
        assertProblem(raw(chunked("-1\r\nabc\r\n0\r\n\r\n"), false), 400);
        assertProblem(raw(chunked("ffffffffffffffffff\r\n"), false), 400);
    }

    @Test
    void headOnGetRoutesAnswersLikeGetWithoutABody() throws Exception {
        Answer got = raw(get("/v1/labels?limit=2"), false);
        byte[] headRequest = "HEAD /v1/labels?limit=2 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write(headRequest);
            Answer head = read(s.getInputStream(), true);
            assertEquals(200, head.status());
            assertEquals(got.header("content-type"), head.header("content-type"));
            assertEquals(Integer.toString(got.body().length), head.header("content-length"));
            assertEquals(-1, s.getInputStream().read(), "no body after a HEAD answer");
        }
        Answer jwks = raw(
                "HEAD /.well-known/jwks.json HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII), true);
        assertEquals(200, jwks.status());
        Answer post = raw("HEAD /v1/verify HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII), true);
        assertEquals(405, post.status());
    }

    @Test
    void keepAliveCarriesSeveralRequestsOnOneConnection() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(get("/v1/labels?limit=1"));
            out.write(chunked("2\r\n{}\r\n0\r\n\r\n"));
            out.write(get("/v1/labels?vendor=サクラ"));
            assertEquals(200, read(in, false).status());
            assertEquals(400, read(in, false).status());
            assertEquals(200, read(in, false).status());
        }
    }
}
