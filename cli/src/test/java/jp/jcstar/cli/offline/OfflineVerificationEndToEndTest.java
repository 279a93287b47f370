package jp.jcstar.cli.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.zip.Inflater;
import jp.jcstar.functions.Wiring;
import jp.jcstar.json.Json;
import jp.jcstar.label.Fixtures;
import jp.jcstar.local.LocalServer;
import jp.jcstar.local.OperatorToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The offline story over real HTTP: a running local server, status changes published as signed lists,
 * {@code jcstar sync} into a folder, {@code jcstar verify-offline} from it. The published list is decoded
 * here with plain {@link Inflater} and bit arithmetic, not with the production reader.
 */
class OfflineVerificationEndToEndTest {
    @TempDir
    Path home;

    @TempDir
    Path offline;

    final HttpClient http = HttpClient.newHttpClient();
    LocalServer server;
    String base;
    String token;

    @BeforeEach
    void start() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        base = "http://127.0.0.1:" + port;
        Wiring w = Wiring.embedded(home, base, Clock.systemUTC());
        OperatorToken t = OperatorToken.loadOrCreate(home.resolve("operator-token"));
        token = t.value();
        server = new LocalServer(w, t, "127.0.0.1", port);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    // ---- the rules ------------------------------------------------------------------------------

    @Test
    void revokedLabelShowsInThePublishedListThenOnlineThenOfflineAfterSync() throws Exception {
        Issued a = issue("OFF-REV-1");
        Issued b = issue("OFF-REV-2");
        assertEquals(0, sync().exit);
        assertEquals(
                "valid", offline(a.jws, Clock.systemUTC()).json.get("status").asText());

        change(a.id, "revocation", "nonconformity");

        assertEquals(1, publishedValue(a), "revoked = 1 in the published list");
        assertEquals(0, publishedValue(b), "the other label stays 0");
        JsonNode online = verifyOnline(a.jws);
        assertFalse(online.get("valid").asBoolean());
        assertEquals("revoked", online.get("status").asText());

        Verdict stale = offline(a.jws, Clock.systemUTC());
        assertEquals(
                "valid", stale.json.get("status").asText(), "until the next sync the folder still holds the old list");

        Run s = sync();
        assertEquals(0, s.exit, s.err);
        assertTrue(s.out.contains("status-lists/1.jwt") && s.out.contains("updated"), s.out);
        Verdict v = offline(a.jws, Clock.systemUTC());
        assertEquals(OfflineVerifyCommand.NOT_VALID, v.exit);
        assertFalse(v.json.get("valid").asBoolean());
        assertEquals("revoked", v.json.get("status").asText());
        assertEquals("revoked", v.json.get("listStatus").asText());
        assertEquals(a.id, v.json.get("label").get("id").asText());
        assertEquals(
                "valid", offline(b.jws, Clock.systemUTC()).json.get("status").asText());
        Verdict text = offlineText(a.qrText, Clock.systemUTC());
        assertEquals(1, text.exit);
        assertTrue(text.out.contains("REVOKED") && text.out.contains("data age"), text.out);
    }

    @Test
    void suspendThenReinstateRoundTripIsVisibleOnlineAndOffline() throws Exception {
        Issued a = issue("OFF-SUS-1");
        change(a.id, "suspension", "under-investigation");
        assertEquals(2, publishedValue(a), "suspended = 2");
        assertEquals("suspended", verifyOnline(a.jws).get("status").asText());
        assertEquals(0, sync().exit);
        Verdict suspended = offline(a.jws, Clock.systemUTC());
        assertEquals(1, suspended.exit);
        assertEquals("suspended", suspended.json.get("status").asText());

        change(a.id, "reinstatement", null);
        assertEquals(0, publishedValue(a), "reinstated = 0 again");
        assertTrue(verifyOnline(a.jws).get("valid").asBoolean());
        assertEquals(0, sync().exit);
        Verdict back = offline(a.jws, Clock.systemUTC());
        assertEquals(0, back.exit, back.out);
        assertTrue(back.json.get("valid").asBoolean());
        assertEquals("valid", back.json.get("status").asText());
    }

    @Test
    void validLabelVerifiesOfflineAsValidWithTheAgeOfTheStatusData() throws Exception {
        Issued a = issue("OFF-VAL-1");
        Instant syncedAt = Instant.now();
        Run s = run(new SyncCommand(Clock.fixed(syncedAt, ZoneOffset.UTC)), offline.toString(), "--server", base);
        assertEquals(0, s.exit, s.err);
        Clock thirtySecondsLater =
                Clock.fixed(syncedAt.plus(Duration.ofSeconds(30)), ZoneOffset.UTC); // within the lists' ttl (60 s)

        Verdict v = offline(a.qrText, thirtySecondsLater); // the QR text, as a procurement app scans it
        assertEquals(OfflineVerifyCommand.VALID, v.exit, v.out);
        assertTrue(v.json.get("valid").asBoolean());
        assertEquals("valid", v.json.get("status").asText());
        JsonNode f = v.json.get("freshness");
        Instant recorded = syncedAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        assertEquals(recorded, Instant.parse(f.get("lastSynced").asText()), "sync records whole seconds");
        assertEquals(
                Duration.between(recorded, syncedAt.plus(Duration.ofSeconds(30)))
                        .getSeconds(),
                f.get("ageSeconds").asLong(),
                "age = now − last sync");
        assertFalse(f.get("expired").asBoolean());
        assertFalse(f.get("overdue").asBoolean(), "ttl is a minute (Publisher.TTL: the revocation bound)");
        assertEquals("株式会社サクラ電機", v.json.get("label").get("vendor").asText());

        Verdict text = offlineText(a.jws, thirtySecondsLater);
        assertEquals(0, text.exit);
        assertTrue(text.out.contains("VALID") && text.out.matches("(?s).*data age    3[01] s .*"), text.out);
        assertTrue(text.out.contains("SC-300, SC-300W"), text.out);
    }

    @Test
    void pastTheListsExpTheOfflineVerifierRefusesToSayValid() throws Exception {
        Issued a = issue("OFF-EXP-1");
        Issued r = issue("OFF-EXP-2");
        change(r.id, "revocation", "fraudulent");
        assertEquals(0, sync().exit);
        Instant exp = Instant.ofEpochSecond(payload(fetchList(1)).get("exp").asLong());

        Verdict before = offline(a.jws, Clock.fixed(exp.minusSeconds(1), ZoneOffset.UTC));
        assertEquals(0, before.exit, "still usable until exp, though a sync is overdue");
        assertTrue(before.json.get("freshness").get("overdue").asBoolean());

        Verdict after = offline(a.jws, Clock.fixed(exp, ZoneOffset.UTC));
        assertEquals(OfflineVerifyCommand.UNDECIDED, after.exit);
        assertFalse(after.json.get("valid").asBoolean());
        assertEquals("stale", after.json.get("status").asText());
        assertEquals("status-list-expired", after.json.get("reason").asText());
        assertEquals("valid", after.json.get("listStatus").asText(), "the last known status is still shown");
        assertTrue(after.json.get("detail").asText().contains("Sync again"), after.json.toString());
        assertTrue(after.json.get("freshness").get("expired").asBoolean());

        Verdict text = offlineText(a.jws, Clock.fixed(exp.plus(Duration.ofDays(1)), ZoneOffset.UTC));
        assertEquals(3, text.exit);
        assertTrue(text.out.contains("STALE") && text.out.contains("EXPIRED at"), text.out);

        Verdict revoked = offline(r.jws, Clock.fixed(exp.plus(Duration.ofDays(1)), ZoneOffset.UTC));
        assertEquals(
                "revoked", revoked.json.get("status").asText(), "revocation is final: an old list still proves it");
        assertEquals(1, revoked.exit);
    }

    @Test
    void secondSyncDownloadsNothingWhenNothingChanged() throws Exception {
        Issued a = issue("OFF-ETAG-1");
        Run first = sync();
        assertEquals(0, first.exit, first.err);
        assertTrue(first.out.contains("2 file(s) downloaded"), first.out);
        assertTrue(first.out.contains("jwks.json              new, 1 key(s)"), first.out);
        assertTrue(first.out.contains("status-lists/1.jwt     new"), first.out);
        Path list1 = offline.resolve("status-lists/1.jwt");
        Path jwks = offline.resolve("jwks.json");
        FileTime listTime = Files.getLastModifiedTime(list1);
        FileTime jwksTime = Files.getLastModifiedTime(jwks);
        byte[] listBytes = Files.readAllBytes(list1);

        Run second = sync();
        assertEquals(0, second.exit, second.err);
        assertTrue(second.out.contains("0 file(s) downloaded, 0 bytes"), second.out);
        assertTrue(second.out.contains("jwks.json              unchanged (304 Not Modified)"), second.out);
        assertTrue(second.out.contains("status-lists/1.jwt     unchanged (304 Not Modified)"), second.out);
        assertEquals(listTime, Files.getLastModifiedTime(list1));
        assertEquals(jwksTime, Files.getLastModifiedTime(jwks));
        assertEquals(
                new String(listBytes, StandardCharsets.UTF_8),
                new String(Files.readAllBytes(list1), StandardCharsets.UTF_8));

        change(a.id, "revocation", "vendor-request");
        Run third = sync();
        assertTrue(third.out.contains("1 file(s) downloaded"), third.out);
        assertTrue(third.out.contains("jwks.json              unchanged"), third.out);
    }

    // ---- the edges ------------------------------------------------------------------------------

    @Test
    void aTamperedLocalListMakesTheAnswerUnknownAndTheNextSyncRepairsIt() throws Exception {
        Issued a = issue("OFF-TAMP-1");
        assertEquals(0, sync().exit);
        Path list1 = offline.resolve("status-lists/1.jwt");
        String t = Files.readString(list1);
        // flip one character of the signature
        char last = t.charAt(t.length() - 2);
        Files.writeString(list1, t.substring(0, t.length() - 2) + (last == 'A' ? 'B' : 'A') + t.charAt(t.length() - 1));

        Verdict v = offline(a.jws, Clock.systemUTC());
        assertEquals(3, v.exit);
        assertEquals("unknown", v.json.get("status").asText());
        assertEquals("status-list-invalid", v.json.get("reason").asText());

        Run repaired = sync(); // the server says 304, but the local copy no longer verifies: fetched whole
        assertEquals(0, repaired.exit, repaired.err);
        assertEquals(0, offline(a.jws, Clock.systemUTC()).exit);
    }

    @Test
    void aMissingListIsUnknownAndAnUnsyncedFolderIsUndecided() throws Exception {
        Issued a = issue("OFF-MISS-1");
        Run never = run(new OfflineVerifyCommand(), offline.toString(), "--label", a.jws);
        assertEquals(3, never.exit);
        assertTrue(never.err.contains("jcstar sync"), never.err);

        assertEquals(0, sync().exit);
        Files.delete(offline.resolve("status-lists/1.jwt"));
        Verdict v = offline(a.jws, Clock.systemUTC());
        assertEquals(3, v.exit);
        assertEquals("unknown", v.json.get("status").asText());
        assertEquals("status-list-missing", v.json.get("reason").asText());
        assertNotNull(v.json.get("label"), "the label itself verified: its claims are shown");
    }

    @Test
    void aForgedLabelIsInvalidWithTheExactReasonAndNoClaims() throws Exception {
        Issued a = issue("OFF-FORGE-1");
        assertEquals(0, sync().exit);
        String[] p = a.jws.split("\\.");
        String forged = p[0] + "." + p[1] + "." + (p[2].charAt(0) == 'A' ? 'B' : 'A') + p[2].substring(1);
        Verdict v = offline(forged, Clock.systemUTC());
        assertEquals(1, v.exit);
        assertEquals("invalid", v.json.get("status").asText());
        assertEquals("bad-signature", v.json.get("reason").asText());
        assertTrue(v.json.get("label").isNull());
    }

    @Test
    void aBatchFileExitsZeroOnlyIfEveryLabelIsValid() throws Exception {
        Issued a = issue("OFF-BATCH-1");
        Issued b = issue("OFF-BATCH-2");
        assertEquals(0, sync().exit);
        Path good = offline.resolve("good.txt");
        Files.writeString(good, "# scanned today\n" + a.qrText + "\n\n" + b.jws + "\n");
        assertEquals(0, run(new OfflineVerifyCommand(), offline.toString(), "--file", good.toString()).exit);
        change(b.id, "revocation", "nonconformity");
        assertEquals(0, sync().exit);
        Run mixed = run(new OfflineVerifyCommand(), offline.toString(), "--file", good.toString(), "--json");
        assertEquals(1, mixed.exit);
        assertEquals(2, mixed.out.lines().count(), mixed.out);
    }

    @Test
    void syncRefusesAServerUrlThatIsNotHttp() {
        Run r = run(new SyncCommand(), offline.toString(), "--server", "file:///etc");
        assertEquals(1, r.exit);
        assertTrue(r.err.contains("http(s) base URL"), r.err);
    }

    // ---- helpers --------------------------------------------------------------------------------

    record Issued(String id, String jws, String qrText, int list, int index) {}

    record Run(int exit, String out, String err) {}

    record Verdict(int exit, JsonNode json, String out) {}

    Issued issue(String applicationId) throws Exception {
        HttpResponse<String> r = send("POST", "/v1/labels", application(applicationId), true);
        assertEquals(201, r.statusCode(), r.body());
        JsonNode j = Json.parse(r.body());
        return new Issued(
                j.get("id").asText(),
                j.get("jws").asText(),
                j.get("qrText").asText(),
                j.get("label").get("status").get("list").asInt(),
                j.get("label").get("status").get("index").asInt());
    }

    void change(String id, String action, String reason) throws Exception {
        String body = reason == null ? "{}" : "{\"reason\":\"" + reason + "\"}";
        HttpResponse<String> r = send("POST", "/v1/labels/" + id + "/" + action, body, true);
        assertEquals(200, r.statusCode(), r.body());
    }

    JsonNode verifyOnline(String label) throws Exception {
        HttpResponse<String> r = send("POST", "/v1/verify", "{\"label\":" + Json.writeString(label) + "}", false);
        assertEquals(200, r.statusCode(), r.body());
        return Json.parse(r.body());
    }

    String fetchList(int n) throws Exception {
        HttpResponse<String> r = send("GET", "/v1/status-lists/" + n, null, false);
        assertEquals(200, r.statusCode());
        assertEquals(
                "application/statuslist+jwt",
                r.headers().firstValue("content-type").orElse(""));
        return r.body();
    }

    static JsonNode payload(String jwt) {
        return Json.parse(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    /** The 2-bit value of the label's entry in the published list: base64url → ZLIB inflate → bits, by hand. */
    int publishedValue(Issued label) throws Exception {
        JsonNode p = payload(fetchList(label.list));
        assertEquals(base + "/v1/status-lists/" + label.list, p.get("sub").asText());
        assertEquals(2, p.get("status_list").get("bits").asInt());
        byte[] zlib =
                Base64.getUrlDecoder().decode(p.get("status_list").get("lst").asText());
        Inflater inf = new Inflater(); // ZLIB wrapper, RFC 1950
        inf.setInput(zlib);
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (!inf.finished()) {
            int n = inf.inflate(buf);
            if (n == 0 && inf.needsInput()) throw new AssertionError("truncated list");
            raw.write(buf, 0, n);
        }
        inf.end();
        byte[] bytes = raw.toByteArray();
        assertTrue(bytes.length * 4 >= 131_072, "herd of at least 131,072 entries");
        int i = label.index;
        return (bytes[i / 4] >> (2 * (i % 4))) & 0b11; // least significant bits first (draft §4.1)
    }

    Run sync() {
        return run(new SyncCommand(), offline.toString(), "--server", base);
    }

    Verdict offline(String label, Clock clock) {
        Run r = run(new OfflineVerifyCommand(clock), offline.toString(), "--label", label, "--json");
        return new Verdict(r.exit, Json.parse(r.out.strip()), r.out);
    }

    Verdict offlineText(String label, Clock clock) {
        Run r = run(new OfflineVerifyCommand(clock), offline.toString(), "--label", label);
        return new Verdict(r.exit, null, r.out);
    }

    static Run run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    HttpResponse<String> send(String method, String path, String body, boolean operator) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(base + path));
        if (operator) b.header("Authorization", "Bearer " + token);
        if (body != null)
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        else b.method(method, HttpRequest.BodyPublishers.noBody());
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static String application(String applicationId) {
        return Fixtures.starOneApplication(applicationId, List.of("SC-300", "SC-300W"), r -> "試験で確認")
                .toString();
    }
}
