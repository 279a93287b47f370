package jp.jcstar.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import jp.jcstar.status.LabelState;
import jp.jcstar.status.RevocationReason;
import org.junit.jupiter.api.Test;

/** {@link LogReplay}: the labels a log adds up to, and the logs that do not add up. */
class LogReplayTest {
    static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    static byte[] issue(String id, String jws) {
        return LogEntry.issuance(id, jws, T, T).encode();
    }

    static byte[] change(String id, String jws, LabelState from, LabelState to, RevocationReason reason) {
        return LogEntry.statusChange(id, jws, from, to, reason, T, T).encode();
    }

    @Test
    void issuancesAndChangesAddUpToEachLabelsLastState() {
        var labels = LogReplay.replay(List.of(
                issue("JC1A", "a.b.c"),
                issue("JC1B", "d.e.f"),
                change("JC1A", "a.b.c", LabelState.VALID, LabelState.SUSPENDED, RevocationReason.UNDER_INVESTIGATION),
                change("JC1A", "a.b.c", LabelState.SUSPENDED, LabelState.REVOKED, RevocationReason.FRAUDULENT)));
        assertEquals(List.of("JC1A", "JC1B"), List.copyOf(labels.keySet()));
        assertEquals(LabelState.REVOKED, labels.get("JC1A").state());
        assertEquals(RevocationReason.FRAUDULENT, labels.get("JC1A").reason());
        assertEquals(0, labels.get("JC1A").firstIndex());
        assertEquals(LabelState.VALID, labels.get("JC1B").state());
        assertEquals(1, labels.get("JC1B").firstIndex());
    }

    @Test
    void aLogThatDoesNotAddUpIsRefused() {
        for (List<byte[]> bad : List.of(
                List.of(issue("JC1A", "a.b.c"), issue("JC1A", "a.b.c")), // issued twice
                List.of(change("JC1A", "a.b.c", LabelState.VALID, LabelState.REVOKED, RevocationReason.FRAUDULENT)),
                List.of( // revoked, then changed as if still valid: a quiet un-revocation
                        issue("JC1A", "a.b.c"),
                        change("JC1A", "a.b.c", LabelState.VALID, LabelState.REVOKED, RevocationReason.FRAUDULENT),
                        change("JC1A", "a.b.c", LabelState.VALID, LabelState.SUSPENDED, null)),
                List.of( // the change names another JWS than the issuance
                        issue("JC1A", "a.b.c"),
                        change("JC1A", "x.y.z", LabelState.VALID, LabelState.REVOKED, RevocationReason.FRAUDULENT)),
                List.of(new byte[] {1, 2, 3}))) {
            var e = assertThrows(LogVerificationException.class, () -> LogReplay.replay(bad));
            assertTrue(e.getMessage().startsWith("entry "), e.getMessage());
        }
    }
}
