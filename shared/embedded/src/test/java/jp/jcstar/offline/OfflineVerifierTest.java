package jp.jcstar.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import jp.jcstar.label.Fixtures;
import jp.jcstar.label.LabelClaims;
import jp.jcstar.qr.QrText;
import jp.jcstar.signing.KeySet;
import jp.jcstar.signing.LabelSigner;
import jp.jcstar.signing.LocalKeySigner;
import jp.jcstar.status.LabelState;
import jp.jcstar.status.StatusList;
import jp.jcstar.status.StatusListToken;
import jp.jcstar.status.StatusRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link OfflineVerifier} on hand-made folders: the status rules, dates, freshness and refusals. */
class OfflineVerifierTest {
    static final String SITE = "https://registry.example.jp";
    static final Duration TTL = Duration.ofHours(1);
    static final Duration VALIDITY = Duration.ofDays(3);

    @TempDir
    Path dir;

    final LocalKeySigner key = LocalKeySigner.generate();
    final LabelSigner labels = new LabelSigner(key, true);
    final LabelClaims claims = Fixtures.typicalJapanese(); // list 1, entry 48213; support to 2031-03-31
    final int index = claims.status().index();

    /** Writes jwks.json, status-lists/1.jwt (signed at {@code iat}, entry set to {@code value}) and sync.json (checked at {@code synced}). */
    void folder(Instant iat, int value, Instant synced, String listSite) throws IOException {
        Files.writeString(dir.resolve("jwks.json"), KeySet.of(key.publicKey()).toJson());
        String token = new StatusListToken(
                        listSite + "/v1/status-lists/1",
                        StatusList.builder(StatusList.MIN_SIZE)
                                .set(index, value)
                                .build(),
                        iat,
                        iat.plus(VALIDITY),
                        TTL)
                .sign(key);
        Files.createDirectories(dir.resolve("status-lists"));
        Files.writeString(dir.resolve("status-lists/1.jwt"), token);
        SyncState.Entry e = new SyncState.Entry("\"t\"", null, synced, synced);
        Files.write(
                dir.resolve("sync.json"), new SyncState(SITE, SITE, synced, e, new TreeMap<>(Map.of(1, e))).toJson());
    }

    void folder(Instant iat, int value) throws IOException {
        folder(iat, value, iat, SITE);
    }

    OfflineAnswer verify(Instant now, String label) throws OfflineDataException {
        return OfflineVerifier.open(dir, Clock.fixed(now, ZoneOffset.UTC)).verify(label);
    }

    OfflineAnswer verify(Instant now) throws OfflineDataException {
        return verify(now, labels.sign(claims));
    }

    @Test
    void aValidEntryInAFreshListIsValidWithItsAge() throws Exception {
        Instant iat = Fixtures.ISSUED.plus(Duration.ofDays(10));
        folder(iat, StatusList.VALID, iat.plusSeconds(30), SITE);
        OfflineAnswer a = verify(iat.plus(Duration.ofMinutes(20)), QrText.of(SITE, labels.sign(claims)));
        assertTrue(a.valid());
        assertEquals(OfflineStatus.VALID, a.status());
        assertEquals(claims, a.claims());
        assertEquals(key.keyId(), a.kid());
        assertEquals(LabelState.VALID, a.listStatus());
        assertEquals(Duration.ofMinutes(20).minusSeconds(30), a.freshness().age());
        assertEquals(iat.plusSeconds(30).plus(TTL), a.freshness().refreshDue());
        assertFalse(a.freshness().overdue());
    }

    @Test
    void pastTheTtlButBeforeExpTheLabelIsStillValidButARefreshIsOverdue() throws Exception {
        Instant iat = Fixtures.ISSUED.plus(Duration.ofDays(10));
        folder(iat, StatusList.VALID);
        OfflineAnswer a = verify(iat.plus(Duration.ofHours(5)));
        assertTrue(a.valid());
        assertTrue(a.freshness().overdue());
        assertFalse(a.freshness().expired());
        assertEquals("5 h 0 min", a.freshness().ageText());
    }

    @Test
    void fromTheListsExpASuspendedOrValidLabelIsStaleButARevokedOneStaysRevoked() throws Exception {
        Instant iat = Fixtures.ISSUED.plus(Duration.ofDays(10));
        folder(iat, StatusList.SUSPENDED);
        OfflineAnswer suspended = verify(iat.plus(VALIDITY));
        assertFalse(suspended.valid());
        assertEquals(OfflineStatus.STALE, suspended.status());
        assertFalse(suspended.status().decided());
        assertEquals(LabelState.SUSPENDED, suspended.listStatus());
        assertTrue(suspended.detail().contains("Last known status: suspended"), suspended.detail());

        folder(iat, StatusList.INVALID);
        assertEquals(
                OfflineStatus.REVOKED, verify(iat.plus(Duration.ofDays(30))).status());
    }

    @Test
    void listValueThreeIsSupportEndedBeforeTheDate() throws Exception {
        Instant iat = Fixtures.ISSUED.plus(Duration.ofDays(10));
        folder(iat, StatusList.SUPPORT_ENDED);
        OfflineAnswer a = verify(iat.plusSeconds(60));
        assertEquals(OfflineStatus.SUPPORT_ENDED, a.status());
        assertEquals("support-ended", a.reason());
    }

    @Test
    void pastTheSupportEndDateTheLabelIsSupportEndedEvenIfTheListStillSaysValid() throws Exception {
        LabelClaims c = claims;
        Instant issued = Instant.parse("2030-01-01T00:00:00Z"); // validity to 2032, support to 2031-03-31
        LabelClaims late = new LabelClaims(
                c.id(),
                c.level(),
                c.models(),
                c.product(),
                c.vendor(),
                c.category(),
                c.supportEnd(),
                issued,
                issued.plus(LabelClaims.MAX_VALIDITY),
                c.status());
        Instant end = StatusRules.supportEndsAt(c.supportEnd()); // 2031-04-01 00:00 JST
        folder(end.minus(Duration.ofHours(1)), StatusList.VALID);
        assertEquals(
                OfflineStatus.VALID,
                verify(end.minusSeconds(1), labels.sign(late)).status());
        OfflineAnswer a = verify(end, labels.sign(late));
        assertEquals(OfflineStatus.SUPPORT_ENDED, a.status());
        assertEquals(LabelState.VALID, a.listStatus(), "the sweep has not run yet");
    }

    @Test
    void pastTheValidityEndTheLabelIsExpired() throws Exception {
        LabelClaims c = Fixtures.typicalJapanese();
        LabelClaims shortSupport = new LabelClaims(
                c.id(),
                c.level(),
                c.models(),
                c.product(),
                c.vendor(),
                c.category(),
                java.time.LocalDate.parse("2035-01-01"),
                c.issuedAt(),
                c.validUntil(),
                c.status());
        folder(c.validUntil().minus(Duration.ofHours(1)), StatusList.VALID);
        OfflineAnswer a = verify(c.validUntil(), labels.sign(shortSupport));
        assertEquals(OfflineStatus.EXPIRED, a.status());
        assertEquals("label-validity-ended", a.reason());
    }

    @Test
    void aListSignedForAnotherSiteIsUnknownNotValid() throws Exception {
        Instant iat = Fixtures.ISSUED.plus(Duration.ofDays(10));
        folder(iat, StatusList.VALID, iat, "https://evil.example");
        OfflineAnswer a = verify(iat.plusSeconds(60));
        assertEquals(OfflineStatus.UNKNOWN, a.status());
        assertEquals("status-list-invalid", a.reason());
        assertTrue(a.detail().contains("wrong-subject"), a.detail());
        assertNull(a.freshness());
    }

    @Test
    void aLabelSignedByAnotherKeyIsInvalidWithoutClaims() throws Exception {
        Instant iat = Fixtures.ISSUED.plus(Duration.ofDays(10));
        folder(iat, StatusList.VALID);
        OfflineAnswer a = verify(iat, new LabelSigner(LocalKeySigner.generate(), true).sign(claims));
        assertEquals(OfflineStatus.INVALID, a.status());
        assertEquals("unknown-kid", a.reason());
        assertNull(a.claims());
    }

    @Test
    void aFolderThatWasNeverSyncedCannotBeOpened() throws Exception {
        var e = assertThrows(OfflineDataException.class, () -> OfflineVerifier.open(dir, Clock.systemUTC()));
        assertTrue(e.getMessage().contains("jcstar sync"), e.getMessage());
        folder(Fixtures.ISSUED, StatusList.VALID);
        Files.writeString(
                dir.resolve("jwks.json"), "{\"keys\":[{\"kty\":\"oct\",\"k\":\"AAAA\"}]}", StandardCharsets.UTF_8);
        assertThrows(OfflineDataException.class, () -> OfflineVerifier.open(dir, Clock.systemUTC()));
    }

    @Test
    void syncStateRoundTripsThroughJson() throws Exception {
        Instant t = Instant.parse("2026-11-28T00:00:00Z");
        SyncState.Entry e = new SyncState.Entry("\"abc\"", "Wed, 01 Apr 2026 00:00:00 GMT", t, t.plusSeconds(5));
        SyncState s = new SyncState(SITE + "/", SITE, t, e, new TreeMap<>(Map.of(1, e, 2, e)));
        assertEquals(s, SyncState.parse(s.toJson()));
        assertEquals(SITE + "/v1/status-lists/2", s.listUri(2));
    }
}
