package jp.jcstar.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.ByteArrayOutputStream;
import java.util.zip.Inflater;
import jp.jcstar.label.Fixtures;
import jp.jcstar.label.LabelClaims;
import jp.jcstar.label.LabelCodec;
import jp.jcstar.qr.QrText;
import jp.jcstar.signing.KeySet;
import jp.jcstar.signing.LabelSigner;
import jp.jcstar.signing.LocalKeySigner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Labels are plain RFC 7515 ES256: an independent JOSE library (Nimbus) verifies ours using nothing but the
 * published JWKS, and ours verifies labels Nimbus makes with our header and payload. {@code zip} is not a
 * registered JWS header parameter, so Nimbus keeps it as a custom one; as labels never use {@code crit}, no
 * deferred-critical-parameter set is needed.
 */
class NimbusInteropTest {
    static final LocalKeySigner OPERATOR = LocalKeySigner.generate();
    static final KeySet KEYS = KeySet.of(OPERATOR.publicKey());

    @ParameterizedTest(name = "deflate={0}")
    @ValueSource(booleans = {false, true})
    void nimbusVerifiesOurLabelsWithTheKeyFromThePublishedJwks(boolean deflate) throws Exception {
        LabelClaims claims = Fixtures.typicalJapanese();
        String jws = new LabelSigner(OPERATOR, deflate).sign(claims);

        JWKSet jwks = JWKSet.parse(KEYS.toJson());
        JWSObject parsed = JWSObject.parse(jws);
        assertEquals(JWSAlgorithm.ES256, parsed.getHeader().getAlgorithm());
        assertNull(parsed.getHeader().getCriticalParams());
        ECKey key = (ECKey) jwks.getKeyByKeyId(parsed.getHeader().getKeyID());
        assertTrue(parsed.verify(new ECDSAVerifier(key)), "Nimbus verifies our label");
        // QR numeric text round-trips to the same compact JWS, which Nimbus verifies too
        assertTrue(JWSObject.parse(QrText.toCompactJws(QrText.of("https://jcstar.example.jp", jws)))
                .verify(new ECDSAVerifier(key)));

        byte[] payload = parsed.getPayload().toBytes();
        if (deflate) {
            assertEquals("DEF", parsed.getHeader().getCustomParam("zip"));
            payload = inflate(payload);
        } else {
            assertFalse(parsed.getHeader().getCustomParams().containsKey("zip"));
        }
        assertEquals(claims, LabelCodec.decode(payload));
    }

    @ParameterizedTest(name = "deflate={0}")
    @ValueSource(booleans = {false, true})
    void weVerifyLabelsNimbusMakesWithOurHeaderAndPayload(boolean deflate) throws Exception {
        LabelClaims claims = Fixtures.typicalJapanese();
        byte[] payload = LabelCodec.encode(claims);
        JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(TestKeys.PRIMARY.kid());
        if (deflate) {
            header.customParam("zip", "DEF");
            payload = GoldenFixtures.deflate(payload);
        }
        JWSObject made = new JWSObject(header.build(), new Payload(payload));
        made.sign(new ECDSASigner(TestKeys.PRIMARY.privateKey()));
        String[] parts = made.serialize().split("\\.");
        // Nimbus draws s either way; labels are signed low-s (LowS), so the form a registry signer would emit is
        // checked
        String lowS =
                jp.jcstar.signing.B64.encode(jp.jcstar.signing.LowS.normalise(jp.jcstar.signing.B64.decode(parts[2])));
        String jws = parts[0] + "." + parts[1] + "." + lowS;
        String high = parts[0] + "." + parts[1] + "."
                + jp.jcstar.signing.B64.encode(twin(jp.jcstar.signing.B64.decode(lowS)));
        assertEquals(
                RejectReason.HIGH_S,
                assertInstanceOf(
                                Verification.Rejected.class,
                                new LabelVerifier(KeySet.of(TestKeys.PRIMARY.publicKey())).verify(high))
                        .reason(),
                "its high-s twin is refused");

        LabelVerifier ours = new LabelVerifier(
                KeySet.parse(KeySet.of(TestKeys.PRIMARY.publicKey()).toJson()));
        for (String input : new String[] {jws, QrText.of("https://jcstar.example.jp", jws)}) {
            var v = assertInstanceOf(Verification.Verified.class, ours.verify(input), input);
            assertEquals(claims, v.claims());
            assertEquals(TestKeys.PRIMARY.kid(), v.kid());
        }
    }

    @ParameterizedTest(name = "typ={0}")
    @ValueSource(strings = {"JWT", "jcstar-label"})
    void nimbusLabelsWithAHeaderWeDoNotDefineAreRefused(String typ) throws Exception {
        JWSObject made = new JWSObject(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .keyID(TestKeys.PRIMARY.kid())
                        .type(new com.nimbusds.jose.JOSEObjectType(typ))
                        .build(),
                new Payload(LabelCodec.encode(Fixtures.typicalJapanese())));
        made.sign(new ECDSASigner(TestKeys.PRIMARY.privateKey()));
        var r = assertInstanceOf(
                Verification.Rejected.class,
                new LabelVerifier(KeySet.of(TestKeys.PRIMARY.publicKey())).verify(made.serialize()));
        assertEquals(RejectReason.UNEXPECTED_HEADER_PARAM, r.reason());
    }

    private static byte[] inflate(byte[] raw) throws Exception {
        Inflater inf = new Inflater(true);
        inf.setInput(raw);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1024];
        while (!inf.finished()) {
            int n = inf.inflate(buf);
            if (n == 0 && inf.needsInput()) throw new IllegalStateException("truncated");
            out.write(buf, 0, n);
        }
        inf.end();
        return out.toByteArray();
    }

    /** (r, s) → (r, n − s). */
    static byte[] twin(byte[] rs) {
        java.math.BigInteger s = new java.math.BigInteger(1, java.util.Arrays.copyOfRange(rs, 32, 64));
        byte[] t = jp.jcstar.signing.LowS.N.subtract(s).toByteArray();
        byte[] out = java.util.Arrays.copyOf(rs, 64);
        java.util.Arrays.fill(out, 32, 64, (byte) 0);
        int len = Math.min(32, t.length);
        System.arraycopy(t, t.length - len, out, 64 - len, len);
        return out;
    }
}
