package jp.jcstar.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import jp.jcstar.cli.Jcstar;
import jp.jcstar.functions.Wiring;
import jp.jcstar.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A label's history over the local server and in the CLI: the demo's revoked label. */
class HistoryOverHttpTest {
    @TempDir
    Path home;

    @Test
    void theRevokedDemoLabelsHistoryPublicAndForTheOperator() throws Exception {
        int port = ServeCommand.freePort();
        String base = "http://127.0.0.1:" + port;
        Wiring w = Wiring.embedded(home, base, Clock.systemUTC());
        DemoData.seed(w);
        OperatorToken token = OperatorToken.loadOrCreate(home.resolve("operator-token"));
        String id = w.registry()
                .store()
                .findByApplication("DEMO-0011")
                .orElseThrow()
                .id();
        try (LocalServer s = new LocalServer(w, token, "127.0.0.1", port)) {
            s.start();
            HttpClient http = HttpClient.newHttpClient();
            var pub = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/v1/labels/" + id + "/history"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, pub.statusCode(), pub.body());
            var items = Json.parse(pub.body().getBytes(StandardCharsets.UTF_8)).get("items");
            assertEquals("revoked", items.get(items.size() - 1).get("state").asText());
            assertEquals(
                    "nonconformity", items.get(items.size() - 1).get("reason").asText());
            assertFalse(pub.body().contains("demo:operator"), pub.body());
            var op = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/v1/labels/" + id + "/history"))
                            .header("Authorization", "Bearer " + token.value())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(op.body().contains("demo:operator") && op.body().contains("初期パスワード"), op.body());

            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cl = Jcstar.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            assertEquals(0, cl.execute("history", id, "--server", base), err.toString());
            assertTrue(out.toString().contains("valid -> revoked  reason nonconformity"), out.toString());
            assertFalse(out.toString().contains("demo:operator"), out.toString());
            out.getBuffer().setLength(0);
            assertEquals(0, cl.execute("history", id, "--server", base, "--token", token.value()), err.toString());
            assertTrue(out.toString().contains("by demo:operator  note: 初期パスワード"), out.toString());
            assertEquals(1, cl.execute("history", "JC26-ZZZZZZZZ", "--server", base));
        }
    }
}
