package jp.jcstar.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import jp.jcstar.status.LabelState;
import jp.jcstar.status.RevocationReason;
import org.junit.jupiter.api.Test;

class LogEntryTest {
    static final String JWS = "eyJhbGciOiJFUzI1NiJ9.e30.c2ln";

    @Test
    void theEncodingIsTheOneDocumented() {
        LogEntry e = LogEntry.statusChange(
                "JC1ABC",
                JWS,
                LabelState.VALID,
                LabelState.REVOKED,
                RevocationReason.FRAUDULENT,
                Instant.parse("2026-12-01T10:00:00.5Z"),
                Instant.parse("2026-12-01T10:00:01Z"));
        String sha = HexFormat.of().formatHex(LogEntry.sha256(JWS));
        // docs/transparency-log.md, "Entry encoding": the same bytes, field by field
        String expected = "01" + "02" + "06" + hex("JC1ABC") + sha + "05" + hex("valid") + "07" + hex("revoked") + "0a"
                + hex("fraudulent") + "000000006b0e9aa0" + "1dcd6500" + "000000006b0e9aa1" + "00000000";
        assertEquals(expected, HexFormat.of().formatHex(e.encode()));
        assertEquals(Instant.parse("2026-12-01T10:00:00Z").getEpochSecond(), 0x6b0e9aa0L);
        assertEquals(e, LogEntry.decode(e.encode()));
        assertTrue(e.names(JWS));
    }

    @Test
    void anIssuanceRoundTrips() {
        LogEntry e = LogEntry.issuance(
                "JC1XYZ", JWS, Instant.parse("2026-01-02T03:04:05.123456789Z"), Instant.parse("2026-01-02T03:04:06Z"));
        LogEntry back = LogEntry.decode(e.encode());
        assertEquals(e, back);
        assertEquals(null, back.from());
        assertEquals(LabelState.VALID, back.to());
        assertEquals(Instant.parse("2026-01-02T03:04:05.123456789Z"), back.effectiveAt());
    }

    @Test
    void anythingButTheCanonicalBytesIsRefused() {
        byte[] good =
                LogEntry.issuance("JC1XYZ", JWS, Instant.EPOCH, Instant.EPOCH).encode();
        assertThrows(IllegalArgumentException.class, () -> LogEntry.decode(Arrays.copyOf(good, good.length + 1)));
        assertThrows(IllegalArgumentException.class, () -> LogEntry.decode(Arrays.copyOf(good, good.length - 1)));
        byte[] v2 = good.clone();
        v2[0] = 2;
        assertThrows(IllegalArgumentException.class, () -> LogEntry.decode(v2));
        byte[] kind = good.clone();
        kind[1] = 9;
        assertThrows(IllegalArgumentException.class, () -> LogEntry.decode(kind));
        byte[] nanos = good.clone();
        nanos[good.length - 4] = (byte) 0xff;
        assertThrows(IllegalArgumentException.class, () -> LogEntry.decode(nanos));
        assertThrows(IllegalArgumentException.class, () -> LogEntry.decode(new byte[0]));
    }

    static String hex(String ascii) {
        return HexFormat.of().formatHex(ascii.getBytes(StandardCharsets.UTF_8));
    }
}
