package jp.jcstar.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import jp.jcstar.json.Json;
import jp.jcstar.label.Fixtures;
import jp.jcstar.signing.KeySet;
import jp.jcstar.status.LabelState;
import jp.jcstar.status.StatusListToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing acknowledged is lost when the local server dies: a child JVM runs {@code jcstar serve}, clients
 * issue and revoke labels against it, and it is killed with SIGKILL at a random moment; after every
 * restart each label answered 201 is there with its id (re-issuing its application gives the same
 * label), each revocation answered 200 is still a revocation, the published status lists agree with the
 * store for every stored label, and every stored label is whole (its QR image is served). Rounds:
 * {@code -Djcstar.crash.rounds} (3 in the normal run; {@code scripts/crash-loop.sh} runs many). Each kill comes
 * 0–1.5 s after the round's first acknowledgement.
 */
class CrashLoopTest {
    static final String SITE = "https://crash.example";
    static final int ROUNDS = Integer.getInteger("jcstar.crash.rounds", 3);
    static final long SEED = Long.getLong("jcstar.crash.seed", System.nanoTime());

    /** application id → label id, for every 201 (or 200 on a repeat) answered. */
    final Map<String, String> issued = new ConcurrentHashMap<>();
    /** label ids whose revocation was answered 200. */
    final Set<String> revoked = ConcurrentHashMap.newKeySet();

    final AtomicInteger appCounter = new AtomicInteger();

    @TempDir
    Path home;

    @Test
    void everyAcknowledgedIssuanceAndRevocationSurvivesSigkill() throws Exception {
        Random random = new Random(SEED);
        int acknowledgedBefore = 0;
        for (int round = 0; round <= ROUNDS; round++) {
            Child child = Child.start(home);
            try {
                checkEverythingAcknowledgedIsThere(child, "after restart " + round + " (seed " + SEED + ")");
                if (round == ROUNDS) break;
                workUntilKilled(child, random, random.nextInt(1500));
            } finally {
                child.kill();
            }
            int now = issued.size() + revoked.size();
            assertTrue(now > acknowledgedBefore, "the clients got nothing acknowledged in round " + round);
            acknowledgedBefore = now;
        }
        System.out.println("crash loop: " + ROUNDS + " kills, " + issued.size() + " labels and " + revoked.size()
                + " revocations acknowledged, all present after every restart (seed " + SEED + ")");
    }

    private void workUntilKilled(Child child, Random random, int killAfterMs) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> workers = new ArrayList<>();
        List<Throwable> unexpected = new CopyOnWriteArrayList<>();
        for (int w = 0; w < 4; w++) {
            boolean revoker = w == 3;
            long seed = random.nextLong();
            workers.add(Thread.ofPlatform().start(() -> {
                Random r = new Random(seed);
                while (!stop.get()) {
                    try {
                        if (revoker) revokeOne(child, r);
                        else issueOne(child);
                    } catch (IOException e) {
                        return; // the server died mid-request: nothing was acknowledged
                    } catch (Throwable e) {
                        unexpected.add(e);
                        return;
                    }
                }
            }));
        }
        // the kill comes at a random moment once the round has work in flight (a cold JVM may take a while
        // to answer its first request), so that every round has something to lose
        int before = issued.size() + revoked.size();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (issued.size() + revoked.size() == before && System.nanoTime() < deadline && unexpected.isEmpty())
            Thread.sleep(5);
        Thread.sleep(killAfterMs);
        child.kill();
        stop.set(true);
        for (Thread t : workers) t.join(20_000);
        if (!unexpected.isEmpty()) throw new AssertionError("a client failed unexpectedly", unexpected.getFirst());
    }

    private void issueOne(Child child) throws Exception {
        String appId = "CRASH-" + appCounter.incrementAndGet();
        var r = child.send("POST", "/v1/labels", application(appId));
        if (r.statusCode() == 201 || r.statusCode() == 200) {
            issued.put(appId, Json.parse(r.body()).get("id").asText());
        } else if (r.statusCode() != 503) {
            fail("issuance answered " + r.statusCode() + ": " + r.body());
        }
    }

    private void revokeOne(Child child, Random r) throws Exception {
        List<String> candidates = new ArrayList<>(issued.values());
        candidates.removeAll(revoked);
        if (candidates.isEmpty()) {
            Thread.sleep(5);
            return;
        }
        String id = candidates.get(r.nextInt(candidates.size()));
        var answer = child.send(
                "POST", "/v1/labels/" + id + "/revocation", "{\"reason\":\"nonconformity\",\"note\":\"crash loop\"}");
        if (answer.statusCode() == 200) revoked.add(id);
        // 409: revoked by an earlier (unacknowledged, then durable) attempt; fine either way
        else if (answer.statusCode() != 409) fail("revocation answered " + answer.statusCode() + ": " + answer.body());
    }

    static String application(String appId) {
        var a = Fixtures.starOneApplication(appId, List.of("CR-" + appId), id -> "試験で確認");
        return a.toString();
    }

    private void checkEverythingAcknowledgedIsThere(Child child, String when) throws Exception {
        // every acknowledged label, with its id and its acknowledged revocation
        for (var e : issued.entrySet()) {
            var r = child.send("GET", "/v1/labels/" + e.getValue(), null);
            assertEquals(200, r.statusCode(), when + ": label " + e.getValue() + " (answered 201) is gone");
            String status = Json.parse(r.body()).get("status").asText();
            if (revoked.contains(e.getValue()))
                assertEquals("revoked", status, when + ": revocation of " + e.getValue() + " (answered 200) is lost");
        }
        // re-issuing an acknowledged application gives the same label
        for (var e : issued.entrySet().stream().limit(20).toList()) {
            var r = child.send("POST", "/v1/labels", application(e.getKey()));
            assertEquals(
                    200, r.statusCode(), when + ": re-issuing " + e.getKey() + " did not find its label: " + r.body());
            assertEquals(
                    e.getValue(),
                    Json.parse(r.body()).get("id").asText(),
                    when + ": re-issuing " + e.getKey() + " gave another label");
        }
        // every stored label is whole, and the published status lists agree with the store
        KeySet keys =
                KeySet.parse(child.send("GET", "/.well-known/jwks.json", null).body());
        Map<Integer, StatusListToken> lists = new HashMap<>();
        String cursor = null;
        int stored = 0;
        do {
            var page = Json.parse(child.send(
                            "GET",
                            "/v1/labels?limit=200"
                                    + (cursor == null
                                            ? ""
                                            : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)),
                            null)
                    .body());
            for (JsonNode item : page.get("items")) {
                stored++;
                String id = item.get("id").asText();
                int list = item.get("label").get("status").get("list").asInt();
                int index = item.get("label").get("status").get("index").asInt();
                StatusListToken token = lists.computeIfAbsent(list, n -> {
                    try {
                        String t =
                                child.send("GET", "/v1/status-lists/" + n, null).body();
                        return StatusListToken.parse(t, keys, SITE + "/v1/status-lists/" + n, Instant.now());
                    } catch (Exception ex) {
                        throw new AssertionError(when + ": status list " + n + " unreadable", ex);
                    }
                });
                assertEquals(
                        LabelState.fromCode(item.get("status").asText()),
                        token.list().state(index),
                        when + ": status list " + list + " disagrees with the store about " + id);
                assertEquals(
                        200,
                        child.sendBytes("GET", "/v1/labels/" + id + "/qr.png").statusCode(),
                        when + ": " + id + " has no QR image");
            }
            cursor = page.get("next").isNull() ? null : page.get("next").asText();
        } while (cursor != null);
        assertTrue(stored >= issued.size(), when + ": the store holds fewer labels than were acknowledged");
    }

    /** {@code jcstar serve} in its own JVM, killed with SIGKILL. */
    record Child(Process process, int port, String token, HttpClient http) {
        static Child start(Path home) throws Exception {
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(
                            java,
                            "-Xmx256m",
                            "-XX:TieredStopAtLevel=1",
                            "-cp",
                            System.getProperty("java.class.path"),
                            "jp.jcstar.cli.Jcstar",
                            "serve",
                            "--data",
                            home.toString(),
                            "--port",
                            "0",
                            "--empty",
                            "--site-base",
                            SITE)
                    .redirectErrorStream(true)
                    .start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            StringBuilder seen = new StringBuilder();
            int port = -1;
            String line;
            while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
                seen.append(line).append('\n');
                if (line.contains("registry site"))
                    port = Integer.parseInt(line.replaceAll(".*127\\.0\\.0\\.1:(\\d+).*", "$1"));
                if (line.startsWith("Press Ctrl-C")) break;
            }
            if (port < 0) {
                p.destroyForcibly();
                throw new AssertionError("the server did not start:\n" + seen);
            }
            Thread.ofVirtual().start(() -> out.lines().forEach(l -> {})); // keep its output from blocking it
            String token = Files.readString(home.resolve("operator-token")).strip();
            if (seen.toString().contains(token))
                throw new AssertionError("the server printed the whole operator token:\n" + seen);
            return new Child(
                    p,
                    port,
                    token,
                    HttpClient.newBuilder()
                            .connectTimeout(Duration.ofSeconds(5))
                            .build());
        }

        HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
            var b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token)
                    .header("content-type", "application/json")
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body));
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<byte[]> sendBytes(String method, String path) throws IOException, InterruptedException {
            var b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(30))
                    .method(method, HttpRequest.BodyPublishers.noBody());
            return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        }

        /** SIGKILL (what {@link Process#destroyForcibly} sends on Unix): no shutdown hook, no clean close. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
