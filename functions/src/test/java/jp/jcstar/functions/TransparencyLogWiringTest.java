package jp.jcstar.functions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import jp.jcstar.log.Checkpoint;
import jp.jcstar.log.LogEntry;
import jp.jcstar.log.LogFollower;
import jp.jcstar.log.LogPublisher;
import jp.jcstar.log.Merkle;
import jp.jcstar.log.NoteVerifier;
import jp.jcstar.registry.ApplicationJson;
import jp.jcstar.status.LabelState;
import jp.jcstar.status.RevocationReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The laptop wiring logs every issuance and status change, publishes the log, and the label record points into it. */
class TransparencyLogWiringTest {
    @TempDir
    Path home;

    @Test
    void issuanceAndRevocationAreLoggedPublishedAndProvable() {
        Wiring w = Wiring.embedded(home, "https://registry.example.jp", Clock.systemUTC());
        var issued = w.registry()
                .issue(ApplicationJson.parse(TestApi.application("APP-LOG-1")))
                .label();
        w.registry().issue(ApplicationJson.parse(TestApi.application("APP-LOG-2")));
        w.registry()
                .change(
                        issued.id(),
                        jp.jcstar.registry.Registry.Action.REVOKE,
                        RevocationReason.FRAUDULENT,
                        null,
                        "ipa-operator",
                        "test");

        var blobs = w.blobs();
        String key = new String(blobs.get(LogPublisher.KEY).orElseThrow().bytes(), StandardCharsets.UTF_8).strip();
        LogFollower follower =
                new LogFollower(new NoteVerifier(key), p -> blobs.get(p).map(b -> b.bytes()));
        Checkpoint c = follower.latest();
        assertEquals("registry.example.jp/log", c.origin());
        assertEquals(3, c.size());
        var entries = follower.entries(c, null);

        var r = new GetLabelHandler(w.registry())
                .handleRequest(TestApi.event("get-label.json", Map.of("LABELID", issued.id())), null);
        assertEquals(200, r.getStatusCode(), r.getBody());
        var json = TestApi.json(r);
        long index = json.get("logIndex").asLong();
        assertEquals(2, json.get("logEntries").size());
        LogEntry first = LogEntry.decode(entries.get((int) index));
        assertEquals(LogEntry.Kind.ISSUANCE, first.kind());
        assertEquals(issued.id(), first.labelId());
        assertArrayEquals(LogEntry.sha256(json.get("jws").asText()), first.jwsSha256());
        follower.proveInclusion(c, index, Merkle.leafHash(entries.get((int) index)));
        LogEntry revocation =
                LogEntry.decode(entries.get(json.get("logEntries").get(1).asInt()));
        assertEquals(LabelState.REVOKED, revocation.to());
        assertEquals(RevocationReason.FRAUDULENT, revocation.reason());
    }
}
