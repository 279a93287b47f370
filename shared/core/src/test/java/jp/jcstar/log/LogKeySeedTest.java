package jp.jcstar.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** {@link LogKey#fromSeed}: the RFC 8032 key of a seed, the same every time, and notes that verify. */
class LogKeySeedTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void theSeedGivesTheRfc8032PublicKey() {
        // RFC 8032 §7.1, TEST 1 and TEST 2: secret key → public key
        assertArrayEquals(
                HEX.parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"),
                LogKey.fromSeed(
                                "example.org/log",
                                HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"))
                        .publicKey());
        assertArrayEquals(
                HEX.parseHex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c"),
                LogKey.fromSeed(
                                "example.org/log",
                                HEX.parseHex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"))
                        .publicKey());
    }

    @Test
    void theSameSeedSignsNotesThatTheSameVerifierKeyOpens() {
        byte[] seed = new byte[32];
        seed[0] = 7;
        LogKey a = LogKey.fromSeed("example.org/log", seed), b = LogKey.fromSeed("example.org/log", seed);
        assertEquals(a.verifierKey(), b.verifierKey());
        Checkpoint c = new Checkpoint("example.org/log", 3, Merkle.sha256(new byte[] {1}));
        assertEquals(c, new NoteVerifier(a.verifierKey()).open(b.sign(c)));
        seed[0] = 8;
        LogKey other = LogKey.fromSeed("example.org/log", seed);
        assertNotEquals(a.verifierKey(), other.verifierKey());
        assertThrows(LogVerificationException.class, () -> new NoteVerifier(a.verifierKey()).open(other.sign(c)));
    }

    @Test
    void aSeedIs32Bytes() {
        assertThrows(IllegalArgumentException.class, () -> LogKey.fromSeed("example.org/log", new byte[31]));
    }
}
