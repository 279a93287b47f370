package jp.jcstar.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import jp.jcstar.signing.KeySet;
import jp.jcstar.signing.Kids;
import org.junit.jupiter.api.Test;

/** When a warm verifier reads the key directory again, and when it must not. */
class KeyDirectoryKeysTest {
    /** A directory in memory that counts loads (the adapters themselves are covered by KeyDirectoryContract). */
    static final class CountingDirectory implements KeyDirectory {
        volatile KeySet keys = KeySet.of();
        int loads;
        RuntimeException failure;

        @Override
        public void publish(KeySet keys) {
            this.keys = keys;
        }

        @Override
        public synchronized KeySet load() {
            loads++;
            if (failure != null) throw failure;
            return keys;
        }
    }

    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-11-28T00:00:00Z");

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

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    final CountingDirectory directory = new CountingDirectory();
    final MutableClock clock = new MutableClock();
    final ECPublicKey current = KeyDirectoryContract.newKey();
    final ECPublicKey rotated = KeyDirectoryContract.newKey();

    @Test
    void aKeyPublishedAfterStartIsFoundOnTheFirstLabelThatNamesIt() {
        directory.publish(KeySet.of(current));
        KeyDirectoryKeys keys = new KeyDirectoryKeys(directory, clock);
        clock.advance(Duration.ofMinutes(1));
        directory.publish(KeySet.of(current, rotated));
        assertEquals(rotated, keys.find(Kids.of(rotated)).orElseThrow());
        assertEquals(2, directory.loads);
    }

    @Test
    void unknownKidsReloadAtMostOncePerInterval() {
        directory.publish(KeySet.of(current));
        KeyDirectoryKeys keys = new KeyDirectoryKeys(directory, clock);
        clock.advance(KeyDirectoryKeys.UNKNOWN_KID_INTERVAL.plusSeconds(1));
        for (int i = 0; i < 100; i++) assertTrue(keys.find("forged-kid-" + i).isEmpty());
        assertEquals(2, directory.loads, "one load at start, one for the first unknown kid");
        clock.advance(KeyDirectoryKeys.UNKNOWN_KID_INTERVAL.plusSeconds(1));
        assertTrue(keys.find("forged-kid-again").isEmpty());
        assertEquals(3, directory.loads);
    }

    @Test
    void knownKidsNeverReloadWithinTheMaximumAge() {
        directory.publish(KeySet.of(current));
        KeyDirectoryKeys keys = new KeyDirectoryKeys(directory, clock);
        for (int i = 0; i < 10; i++) {
            clock.advance(KeyDirectoryKeys.MAX_AGE.dividedBy(20));
            assertTrue(keys.find(Kids.of(current)).isPresent());
        }
        assertEquals(1, directory.loads);
    }

    @Test
    void aDroppedKeyStopsVerifyingOnceTheSetIsOlderThanTheMaximumAge() {
        directory.publish(KeySet.of(current, rotated));
        KeyDirectoryKeys keys = new KeyDirectoryKeys(directory, clock);
        directory.publish(KeySet.of(rotated)); // `current` dropped, e.g. after a compromise
        clock.advance(KeyDirectoryKeys.MAX_AGE.minusSeconds(1));
        assertTrue(keys.find(Kids.of(current)).isPresent(), "still within the maximum age");
        clock.advance(Duration.ofSeconds(2));
        assertTrue(keys.find(Kids.of(current)).isEmpty());
    }

    @Test
    void whileNothingIsPublishedEveryUnknownKidLooksAgain() {
        KeyDirectoryKeys keys = new KeyDirectoryKeys(directory, clock);
        assertTrue(keys.find(Kids.of(current)).isEmpty());
        directory.publish(KeySet.of(current)); // the first signer publishes moments after this verifier started
        assertTrue(keys.find(Kids.of(current)).isPresent());
    }

    @Test
    void aFailedReloadIsOurFailureNotAVerdictAndIsNotRetriedAtOnce() {
        directory.publish(KeySet.of(current));
        KeyDirectoryKeys keys = new KeyDirectoryKeys(directory, clock);
        clock.advance(KeyDirectoryKeys.UNKNOWN_KID_INTERVAL.plusSeconds(1));
        directory.failure = new IllegalStateException("table unavailable");
        assertThrows(IllegalStateException.class, () -> keys.find(Kids.of(rotated)));
        assertTrue(keys.find(Kids.of(rotated)).isEmpty(), "within the interval the failed attempt is not repeated");
        assertTrue(keys.find(Kids.of(current)).isPresent(), "keys loaded before still verify");
        assertEquals(2, directory.loads);
    }

    @Test
    void aVerifierThatHasCachedAHeaderStillStopsTrustingADroppedKey() {
        var signer = jp.jcstar.signing.LocalKeySigner.generate();
        String jws = new jp.jcstar.signing.LabelSigner(signer, true).sign(jp.jcstar.label.Fixtures.typicalJapanese());
        directory.publish(KeySet.of(signer.publicKey(), current));
        var verifier = new jp.jcstar.verify.LabelVerifier(new KeyDirectoryKeys(directory, clock));
        assertTrue(verifier.verify(jws) instanceof jp.jcstar.verify.Verification.Verified);
        directory.publish(KeySet.of(current));
        clock.advance(KeyDirectoryKeys.MAX_AGE.plusSeconds(1));
        var rejected = (jp.jcstar.verify.Verification.Rejected) verifier.verify(jws);
        assertEquals(jp.jcstar.verify.RejectReason.UNKNOWN_KID, rejected.reason());
    }
}
