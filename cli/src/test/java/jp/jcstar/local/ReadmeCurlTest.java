package jp.jcstar.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jp.jcstar.functions.Wiring;
import jp.jcstar.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Try it (curl)" commands, word for word, run by curl against the local server with the
 * demo data: every request answers 2xx. Only the base URL, {@code $ID} and {@code $T} are supplied
 * (a different label for the revocation, so that suspend and reinstate still apply).
 */
class ReadmeCurlTest {
    @TempDir
    Path home;

    @TempDir
    Path work;

    static List<String> readmeCommands() throws Exception {
        Path readme = Path.of("..", "README.md");
        List<String> lines = Files.readAllLines(readme);
        int start = lines.indexOf("## Try it (curl)");
        assertTrue(start >= 0, "README has a 'Try it (curl)' section");
        int open = start;
        while (!lines.get(open).startsWith("```")) open++;
        List<String> commands = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = open + 1; !lines.get(i).startsWith("```"); i++) {
            String l = lines.get(i);
            if (current.isEmpty() && (l.isBlank() || l.strip().startsWith("#"))) continue;
            if (l.endsWith("\\")) {
                current.append(l, 0, l.length() - 1).append(' ');
                continue;
            }
            current.append(l);
            commands.add(current.toString());
            current.setLength(0);
        }
        return commands;
    }

    @Test
    void everyTryItCommandAnswersTwoHundredSomething() throws Exception {
        List<String> commands = readmeCommands();
        assertTrue(commands.size() >= 15, "commands: " + commands);
        int port = ServeCommand.freePort();
        String base = "http://127.0.0.1:" + port;
        Wiring w = Wiring.embedded(home, base, Clock.systemUTC());
        OperatorToken token = OperatorToken.loadOrCreate(home.resolve("operator-token"));
        DemoData.seed(w);
        String validA = w.registry()
                .store()
                .findByApplication("DEMO-0003")
                .orElseThrow()
                .id();
        String validB = w.registry()
                .store()
                .findByApplication("DEMO-0005")
                .orElseThrow()
                .id();
        Files.createDirectories(work.resolve("docs/examples"));
        Files.copy(
                Path.of("..", "docs/examples/application-star1.json"),
                work.resolve("docs/examples/application-star1.json"));
        // curl reads its defaults from $CURL_HOME/.curlrc: quiet, and each status line on stderr
        Files.writeString(
                work.resolve(".curlrc"),
                "silent\nshow-error\nwrite-out = \"%{stderr}HTTP %{http_code} %{url_effective}\\n\"\n");
        try (LocalServer s = new LocalServer(w, token, "127.0.0.1", port)) {
            s.start();
            for (String c : commands) {
                String cmd = c.replace("http://127.0.0.1:8080", base);
                String id = cmd.contains("/revocation") ? validA : validB;
                ProcessBuilder pb =
                        new ProcessBuilder("bash", "-c", "set -o pipefail; " + cmd).directory(work.toFile());
                pb.environment().put("CURL_HOME", work.toString());
                pb.environment().put("HOME", work.toString());
                pb.environment().put("ID", id);
                pb.environment().put("T", token.value());
                pb.environment().put("LC_ALL", "C.UTF-8");
                Process p = pb.start();
                byte[] out = p.getInputStream().readAllBytes();
                String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(p.waitFor(60, TimeUnit.SECONDS));
                String stdout = new String(out, StandardCharsets.UTF_8);
                assertEquals(0, p.exitValue(), cmd + "\n" + err + "\n" + stdout);
                List<String> statuses =
                        err.lines().filter(l -> l.startsWith("HTTP ")).toList();
                assertFalse(statuses.isEmpty(), cmd + "\n" + err);
                for (String st : statuses) assertTrue(st.startsWith("HTTP 2"), cmd + "\n" + st + "\n" + stdout);
                assertEquals(statuses.size(), err.lines().count(), cmd + "\n" + err);
                if (cmd.contains("vendor=サクラ")) {
                    JsonNode page = Json.parse(out);
                    assertTrue(page.get("items").size() >= 1, stdout);
                    for (JsonNode item : page.get("items"))
                        assertTrue(item.get("label").get("vendor").asText().contains("サクラ"), stdout);
                }
            }
        }
    }
}
