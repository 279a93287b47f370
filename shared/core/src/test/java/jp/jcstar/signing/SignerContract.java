package jp.jcstar.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.spec.ECParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rules every {@link Signer} obeys: ES256 signatures in JOSE form (64 bytes R‖S) that JCA
 * verifies against {@link Signer#publicKey()}, and a key id that does not change.
 */
public abstract class SignerContract {
    /** A signer on a new key; called before every test. */
    protected abstract Signer createSigner() throws Exception;

    /** A second, independent signer instance on the same key as {@code signer}. */
    protected abstract Signer sameKey(Signer signer) throws Exception;

    protected Signer signer;

    @BeforeEach
    void openSigner() throws Exception {
        signer = createSigner();
    }

    private boolean verifies(byte[] input, byte[] signature) throws Exception {
        Signature v = Signature.getInstance("SHA256withECDSAinP1363Format");
        v.initVerify(signer.publicKey());
        v.update(input);
        return v.verify(signature);
    }

    @Test
    void signatureIsSixtyFourBytesAndVerifiesWithThePublicKey() throws Exception {
        byte[] input =
                "eyJhbGciOiJFUzI1NiJ9.eyJpZCI6IkpDMjYtQUJDIiwicCI6IuODq-ODvOOCvyJ9".getBytes(StandardCharsets.US_ASCII);
        byte[] sig = signer.sign(input);
        assertEquals(64, sig.length);
        assertTrue(verifies(input, sig));
    }

    @Test
    void signatureDoesNotVerifyForOtherInput() throws Exception {
        byte[] sig = signer.sign("header.payload".getBytes(StandardCharsets.US_ASCII));
        assertFalse(verifies("header.payloaD".getBytes(StandardCharsets.US_ASCII), sig));
    }

    @Test
    void manySignaturesVerify() throws Exception {
        // ECDSA R or S with a leading zero byte is where DER→JOSE conversion goes wrong; 64 tries make one
        // near-certain.
        for (int i = 0; i < 64; i++) {
            byte[] input = ("input-" + i).getBytes(StandardCharsets.US_ASCII);
            byte[] sig = signer.sign(input);
            assertEquals(64, sig.length);
            assertTrue(verifies(input, sig), "signature " + i);
        }
    }

    /** One signature per label: s ≤ n/2 always (a random s is high half the time, so 64 tries fail 1 − 2^-64 of runs before the fix). */
    @Test
    void everySignatureIsLowS() throws Exception {
        for (int i = 0; i < 64; i++) {
            byte[] input = ("low-s-" + i).getBytes(StandardCharsets.US_ASCII);
            byte[] sig = signer.sign(input);
            java.math.BigInteger s = new java.math.BigInteger(1, java.util.Arrays.copyOfRange(sig, 32, 64));
            assertTrue(s.compareTo(LowS.HALF_N) <= 0, "signature " + i + " has a high s");
            assertTrue(verifies(input, sig), "signature " + i);
        }
    }

    @Test
    void lowSNormalisationKeepsTheSignatureValid() throws Exception {
        byte[] input = "header.payload".getBytes(StandardCharsets.US_ASCII);
        byte[] sig = signer.sign(input);
        byte[] twin = sig.clone();
        java.math.BigInteger s = new java.math.BigInteger(1, java.util.Arrays.copyOfRange(sig, 32, 64));
        byte[] high = LowS.N.subtract(s).toByteArray();
        java.util.Arrays.fill(twin, 32, 64, (byte) 0);
        System.arraycopy(
                high, Math.max(0, high.length - 32), twin, 64 - Math.min(32, high.length), Math.min(32, high.length));
        assertTrue(LowS.isHigh(twin));
        assertTrue(verifies(input, twin), "(r, n - s) verifies: that is the malleability");
        assertTrue(java.util.Arrays.equals(sig, LowS.normalise(twin)));
    }

    @Test
    void publicKeyIsP256() {
        ECParameterSpec params = signer.publicKey().getParams();
        assertEquals(256, params.getCurve().getField().getFieldSize());
        assertEquals(
                "115792089210356248762697446949407573529996955224135760342422259061068512044369",
                params.getOrder().toString());
    }

    @Test
    void keyIdIsStableAcrossCallsAndInstances() throws Exception {
        String kid = signer.keyId();
        assertNotNull(kid);
        assertFalse(kid.isBlank());
        assertEquals(kid, signer.keyId());
        Signer again = sameKey(signer);
        assertEquals(kid, again.keyId());
        assertEquals(signer.publicKey(), again.publicKey());
    }

    @Test
    void differentKeysHaveDifferentKeyIds() throws Exception {
        assertFalse(signer.keyId().equals(createSigner().keyId()));
    }

    @Test
    void signingIsThreadSafe() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                byte[] input = ("parallel-" + i).getBytes(StandardCharsets.US_ASCII);
                results.add(pool.submit(() -> verifies(input, signer.sign(input))));
            }
            for (Future<Boolean> f : results) assertTrue(f.get());
        } finally {
            pool.shutdownNow();
        }
    }
}
