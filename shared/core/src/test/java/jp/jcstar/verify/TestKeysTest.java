package jp.jcstar.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.util.HexFormat;
import jp.jcstar.verify.TestKeys.Curve;
import jp.jcstar.verify.TestKeys.TestKey;
import org.junit.jupiter.api.Test;

/** The hand-rolled test-key arithmetic agrees with the JDK, so fixtures signed with it test what they claim. */
class TestKeysTest {
    static final byte[] MSG = "golden".getBytes(StandardCharsets.UTF_8);

    @Test
    void p256AndP384SignaturesVerifyWithTheJdk() throws Exception {
        for (TestKey k :
                new TestKey[] {TestKeys.PRIMARY, TestKeys.SECOND, TestKey.derive(TestKeys.P384, "p384 test")}) {
            String alg =
                    k.curve().equals(TestKeys.P384) ? "SHA384withECDSAinP1363Format" : "SHA256withECDSAinP1363Format";
            Signature v = Signature.getInstance(alg);
            v.initVerify(k.publicKey());
            v.update(MSG);
            assertTrue(v.verify(k.sign(MSG)), k.curve().name());
            Signature der = Signature.getInstance(alg.replace("inP1363Format", ""));
            der.initVerify(k.publicKey());
            der.update(MSG);
            assertTrue(
                    der.verify(TestKeys.toDer(k.sign(MSG))),
                    "DER form, " + k.curve().name());
        }
    }

    @Test
    void signingIsDeterministicSoFixturesRegenerateIdentically() {
        assertArrayEquals(TestKeys.PRIMARY.sign(MSG), TestKeys.PRIMARY.sign(MSG));
    }

    /**
     * The JDK has had no secp256k1 since 16, so it cannot check this curve; a sign-then-verify with our
     * own arithmetic could not fail (a wrong multiplication is wrong the same way twice). Instead the
     * results are pinned to answers computed outside this code: 2G and 3G from SEC 2's curve as every
     * secp256k1 implementation lists them, and the key and signature below, which OpenSSL derived
     * (the public point from the same private scalar) and verified (the signature over MSG).
     */
    @Test
    void secp256k1ArithmeticMatchesAnswersComputedElsewhere() {
        Curve c = TestKeys.SECP256K1;
        assertNull(TestKeys.mul(c, c.n(), c.g()), "n·G is the point at infinity");
        assertPoint(
                "C6047F9441ED7D6D3045406E95C07CD85C778E4B8CEF3CA7ABAC09B95C709EE5",
                "1AE168FEA63DC339A3C58419466CEAEEF7F632653266D0E1236431A950CFE52A",
                TestKeys.mul(c, BigInteger.TWO, c.g()),
                "2G");
        assertPoint(
                "F9308A019258C31049344F85F89D5229B531C845836F99B08601F113BCE036F9",
                "388F7B0F632DE8140FE337E62A37F3566500A99934C2231B6CB9FD7584B8E672",
                TestKeys.mul(c, BigInteger.valueOf(3), c.g()),
                "3G");
        TestKey k = TestKey.derive(c, "k1 test");
        assertPoint(
                "E18C1F691E198E0A7022D73E81734B4BC8F08006F04CC7A2368166A9E1318CAF",
                "911167F3D54130A89081B32CA3EE15100B71A8C76918C3616D37F69FDF0EB567",
                new BigInteger[] {k.qx(), k.qy()},
                "Q = dG");
        assertEquals(
                "96667CEAFDF5BCB3565768DEAEF7978D52213843561F3D3A7CD96219DA7DB78F"
                        + "6A17B0AE6B284864889E2C0A56B06B59EE575FE9C8ECCA3D509D6C6CF009A212",
                HexFormat.of().withUpperCase().formatHex(k.sign(MSG)),
                "the deterministic signature OpenSSL verified");
    }

    private static void assertPoint(String x, String y, BigInteger[] point, String what) {
        assertEquals(new BigInteger(x, 16), point[0], what + ".x");
        assertEquals(new BigInteger(y, 16), point[1], what + ".y");
    }
}
