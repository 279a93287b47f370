package jp.jcstar.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.function.Function;
import jp.jcstar.json.Json;

/**
 * A webhook receiver on 127.0.0.1 (JDK HttpServer) as docs/webhooks.md asks receivers to be: it answers a
 * verification challenge by echoing it, and dedupes deliveries by {@code webhook-id}. {@code answer}
 * picks the status per request (tests make it fail for a while). Records every request it got.
 */
@jp.jcstar.lint.SuppressForbidden(
        "the JDK's HTTP server is the receiver the issue asks for (a webhook endpoint on 127.0.0.1)")
final class Receiver implements AutoCloseable {
    record Got(Map<String, String> headers, String body) {
        String id() {
            return headers.get("webhook-id");
        }
    }

    final List<Got> all = Collections.synchronizedList(new ArrayList<>());
    final Map<String, Got> unique = new ConcurrentHashMap<>();
    volatile boolean echo = true;
    volatile Function<Got, Integer> answer = g -> 204;
    private final HttpServer server;

    Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/hook", this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    private void handle(HttpExchange x) throws IOException {
        String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> h = new LinkedHashMap<>();
        for (String name : Set.of("webhook-id", "webhook-timestamp", "webhook-signature", "content-type"))
            if (x.getRequestHeaders().getFirst(name) != null)
                h.put(name, x.getRequestHeaders().getFirst(name));
        Got g = new Got(h, body);
        all.add(g);
        var j = Json.parse(body);
        if (j.path("type").asText().equals("webhook.verification")) {
            byte[] out = echo
                    ? Json.write(
                            Map.of("challenge", j.path("data").path("challenge").asText()))
                    : "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, out.length);
            x.getResponseBody().write(out);
            x.close();
            return;
        }
        int status = answer.apply(g);
        if (status >= 200 && status < 300) unique.putIfAbsent(g.id(), g);
        x.sendResponseHeaders(status, -1);
        x.close();
    }

    List<Got> deliveries() {
        synchronized (all) {
            return all.stream()
                    .filter(g -> !Json.parse(g.body()).path("type").asText().equals("webhook.verification"))
                    .toList();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
