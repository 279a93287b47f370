package jp.jcstar.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import jp.jcstar.embedded.H2LabelStore;
import jp.jcstar.label.Fixtures;
import jp.jcstar.signing.KeySet;
import jp.jcstar.signing.LabelSigner;
import jp.jcstar.signing.LocalKeySigner;
import jp.jcstar.status.LabelState;
import jp.jcstar.status.RevocationReason;
import jp.jcstar.verify.LabelVerifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bulk revocation cannot reach further than the operator saw: exact match on model designation and
 * vendor (after the documented normalisation), a preview whose token covers exactly the listed set and
 * expires, and a limit on the preview.
 */
class BulkRevocationTest {
    @TempDir
    Path dir;

    H2LabelStore store;
    Registry registry;
    MutableClock clock = new MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
    BulkRevocation bulk;
    final byte[] secret = "a test secret, 32 bytes or more!!".getBytes(StandardCharsets.UTF_8);

    static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeEach
    void setUp() {
        store = new H2LabelStore("jdbc:h2:file:" + dir.resolve("registry").toAbsolutePath());
        LocalKeySigner signer = LocalKeySigner.generate();
        registry = new Registry(
                store,
                new LabelSigner(signer, LabelSigner.DEFAULT_DEFLATE),
                new LabelVerifier(KeySet.of(signer.publicKey())),
                clock,
                "https://registry.example.jp",
                RequirementsDeclarations.standard());
        bulk = new BulkRevocation(registry, secret);
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    String issue(String app, String model, String vendor) {
        var a = Fixtures.starOneApplication(app, List.of(model), r -> "確認済み");
        a.put("vendor", vendor);
        try {
            return registry.issue(ApplicationJson.parse(a)).label().id();
        } catch (ConfusableModelException e) {
            // these tests issue look-alikes of other vendors on purpose: the operator confirms them
            var confirmed = e.lookAlikes().stream()
                    .map(ConfusableModelException.LookAlike::existing)
                    .collect(java.util.stream.Collectors.toSet());
            return registry.issue(ApplicationJson.parse(a), confirmed).label().id();
        }
    }

    List<String> ids(BulkRevocation.Preview p) {
        return p.toRevoke().stream().map(BulkRevocation.Previewed::id).toList();
    }

    @Test
    void modelAndVendorMatchExactlyNotAsPrefixOrSubstring() {
        String mine = issue("A1", "RT-BULK-1", "RT Sakura");
        String fullWidth = issue("A2", "ＲＴ－ＢＵＬＫ－１", "rt  sakura"); // the same after NFKC, lower case, spaces collapsed
        issue("A3", "RT-BULK-10", "RT Sakura"); // model prefix
        issue("A4", "RT-BULK-1", "RT Sakura Holdings"); // vendor substring
        issue("A5", "RT-BULK-1", "Other RT Sakura");
        var p = bulk.preview(new BulkRevocation.Match("RT-BULK-1", "RT Sakura", null), 100);
        assertEquals(List.of(mine, fullWidth).stream().sorted().toList(), ids(p));
    }

    @Test
    void aOneCharacterVendorMatchesNothingButThatVendor() {
        issue("B1", "M-1", "株式会社サクラ");
        issue("B2", "M-2", "サクラ株式会社");
        String exact = issue("B3", "M-3", "株");
        assertEquals(List.of(exact), ids(bulk.preview(new BulkRevocation.Match(null, "株", null), 100)));
    }

    @Test
    void theTokenRevokesExactlyThePreviewedSetAndNothingElse() {
        String a = issue("C1", "X-1", "Vendor C");
        String b = issue("C2", "X-1", "Vendor C");
        String other = issue("C3", "X-2", "Vendor C");
        var p = bulk.preview(new BulkRevocation.Match("X-1", "Vendor C", null), 100);
        // another set with the same token: refused, nothing revoked
        assertThrows(
                BulkRevocation.ConfirmationRefusedException.class,
                () -> bulk.revoke(List.of(a, b, other), p.confirmation(), RevocationReason.NONCONFORMITY, "op", null));
        assertThrows(
                BulkRevocation.ConfirmationRefusedException.class,
                () -> bulk.revoke(List.of(a), p.confirmation(), RevocationReason.NONCONFORMITY, "op", null));
        assertEquals(LabelState.VALID, store.get(a).orElseThrow().state());
        var done = bulk.revoke(List.of(b, a), p.confirmation(), RevocationReason.NONCONFORMITY, "op", null);
        assertEquals(List.of(a, b).stream().sorted().toList(), done.revoked());
        assertEquals(LabelState.VALID, store.get(other).orElseThrow().state());
    }

    @Test
    void aTokenFromAnotherSecretOrPastItsExpiryIsRefused() {
        String a = issue("D1", "Y-1", "Vendor D");
        var p = bulk.preview(new BulkRevocation.Match("Y-1", null, null), 100);
        var elsewhere =
                new BulkRevocation(registry, "another secret of thirty-two bytes".getBytes(StandardCharsets.UTF_8));
        assertThrows(
                BulkRevocation.ConfirmationRefusedException.class,
                () -> elsewhere.revoke(List.of(a), p.confirmation(), RevocationReason.NONCONFORMITY, "op", null));
        clock.now = clock.now.plus(BulkRevocation.TOKEN_LIFETIME).plus(Duration.ofSeconds(1));
        var e = assertThrows(
                BulkRevocation.ConfirmationRefusedException.class,
                () -> bulk.revoke(List.of(a), p.confirmation(), RevocationReason.NONCONFORMITY, "op", null));
        assertTrue(e.getMessage().contains("expired"), e.getMessage());
        assertEquals(LabelState.VALID, store.get(a).orElseThrow().state());
    }

    @Test
    void aPreviewAboveTheLimitIsRefusedUnlessRaised() {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 4; i++) all.add(issue("E" + i, "Z-1", "Vendor E"));
        var match = new BulkRevocation.Match("Z-1", "Vendor E", null);
        assertThrows(BulkRevocation.TooManyException.class, () -> bulk.preview(match, 3));
        assertEquals(all.stream().sorted().toList(), ids(bulk.preview(match, 4)));
    }

    @Test
    void alreadyRevokedLabelsAreListedApartAndNotInTheToken() {
        String a = issue("F1", "W-1", "Vendor F");
        String b = issue("F2", "W-1", "Vendor F");
        registry.change(a, Registry.Action.REVOKE, RevocationReason.FRAUDULENT, null, "op", null);
        var p = bulk.preview(new BulkRevocation.Match("W-1", "Vendor F", null), 100);
        assertEquals(List.of(b), ids(p));
        assertEquals(List.of(a), p.alreadyRevoked());
    }
}
