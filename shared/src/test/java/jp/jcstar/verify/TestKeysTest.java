package jp.jcstar.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.util.Arrays;
import jp.jcstar.verify.TestKeys.Curve;
import jp.jcstar.verify.TestKeys.TestKey;
import org.junit.jupiter.api.Test;

/** The hand-rolled test-key arithmetic agrees with the JDK, so fixtures signed with it test what they claim. */
class TestKeysTest {
    static final byte[] MSG = "golden".getBytes(StandardCharsets.UTF_8);

    @Test
    void p256AndP384SignaturesVerifyWithTheJdk() throws Exception {
        for (TestKey k : new TestKey[] {TestKeys.PRIMARY, TestKeys.SECOND, TestKey.derive(TestKeys.P384, "p384 test")}) {
            String alg = k.curve() == TestKeys.P384 ? "SHA384withECDSAinP1363Format" : "SHA256withECDSAinP1363Format";
            Signature v = Signature.getInstance(alg);
            v.initVerify(k.publicKey());
            v.update(MSG);
            assertTrue(v.verify(k.sign(MSG)), k.curve().name());
            Signature der = Signature.getInstance(alg.replace("inP1363Format", ""));
            der.initVerify(k.publicKey());
            der.update(MSG);
            assertTrue(der.verify(TestKeys.toDer(k.sign(MSG))), "DER form, " + k.curve().name());
        }
    }

    @Test
    void signingIsDeterministicSoFixturesRegenerateIdentically() {
        assertArrayEquals(TestKeys.PRIMARY.sign(MSG), TestKeys.PRIMARY.sign(MSG));
    }

    @Test
    void secp256k1KeySignsVerifiably() {
        Curve c = TestKeys.SECP256K1;
        assertNull(TestKeys.mul(c, c.n(), c.g()), "n·G is the point at infinity");
        TestKey k = TestKey.derive(c, "k1 test");
        BigInteger[] q = {k.qx(), k.qy()};
        assertEquals(q[1].pow(2).mod(c.p()), q[0].pow(3).add(BigInteger.valueOf(7)).mod(c.p()), "Q lies on the curve");
        byte[] sig = k.sign(MSG);
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(sig, 0, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
        BigInteger z = new BigInteger(1, TestKeys.digest("SHA-256", MSG));
        BigInteger w = s.modInverse(c.n());
        BigInteger[] point = TestKeys.add(c, TestKeys.mul(c, z.multiply(w).mod(c.n()), c.g()), TestKeys.mul(c, r.multiply(w).mod(c.n()), q));
        assertEquals(r, point[0].mod(c.n()));
    }
}
