package jp.jcstar.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jp.jcstar.json.Json;
import jp.jcstar.label.Fixtures;
import jp.jcstar.signing.KeySet;
import jp.jcstar.signing.LabelSigner;
import jp.jcstar.verify.TestKeys.TestKey;
import org.junit.jupiter.api.Test;

/** After a rotation the JWKS holds old and new keys: old labels keep verifying, and a kid names exactly one key. */
class KeyRotationTest {
    static final TestKey OLD = TestKeys.PRIMARY;
    static final TestKey NEW = TestKeys.SECOND;
    static final KeySet ROTATED =
            KeySet.parse(KeySet.of(OLD.publicKey(), NEW.publicKey()).toJson());
    static final LabelVerifier VERIFIER = new LabelVerifier(ROTATED);

    @Test
    void labelsSignedWithTheOldKeyStillVerifyAfterRotation() {
        assertEquals(2, ROTATED.size());
        for (boolean deflate : new boolean[] {false, true}) {
            String old = new LabelSigner(OLD.signer(), deflate).sign(Fixtures.typicalJapanese());
            assertEquals(
                    OLD.kid(),
                    assertInstanceOf(Verification.Verified.class, VERIFIER.verify(old))
                            .kid());
            String fresh = new LabelSigner(NEW.signer(), deflate).sign(Fixtures.withId("JC27-NEWKEY01", 1));
            assertEquals(
                    NEW.kid(),
                    assertInstanceOf(Verification.Verified.class, VERIFIER.verify(fresh))
                            .kid());
        }
    }

    @Test
    void theOldKidOnALabelSignedByTheNewKeyIsABadSignature() {
        String mislabelled = new LabelSigner(NEW.signer(OLD.kid()), false).sign(Fixtures.typicalJapanese());
        var r = assertInstanceOf(Verification.Rejected.class, VERIFIER.verify(mislabelled));
        assertEquals(RejectReason.BAD_SIGNATURE, r.reason());
        assertEquals("signature does not verify with key " + OLD.kid(), r.detail());
        // and the other way round
        String reverse = new LabelSigner(OLD.signer(NEW.kid()), false).sign(Fixtures.typicalJapanese());
        assertEquals(
                RejectReason.BAD_SIGNATURE,
                assertInstanceOf(Verification.Rejected.class, VERIFIER.verify(reverse))
                        .reason());
    }

    @Test
    void aKeyDroppedFromTheJwksNoLongerVerifies() {
        String old = new LabelSigner(OLD.signer(), false).sign(Fixtures.typicalJapanese());
        var r = assertInstanceOf(
                Verification.Rejected.class, new LabelVerifier(KeySet.of(NEW.publicKey())).verify(old));
        assertEquals(RejectReason.UNKNOWN_KID, r.reason());
    }

    @Test
    void aJwksWhoseKidLiesAboutItsKeyIsRefused() throws Exception {
        ObjectNode jwks = (ObjectNode) Json.MAPPER.readTree(ROTATED.toJson());
        // the new key published under the old key's kid: a verifier trusting it would accept the new key's forgeries
        ObjectNode newKey = (ObjectNode) jwks.get("keys").get(1);
        String newKid = newKey.get("kid").textValue();
        assertEquals(NEW.kid(), newKid);
        newKey.put("kid", OLD.kid());
        var e = assertThrows(IllegalArgumentException.class, () -> KeySet.parse(Json.writeString(jwks)));
        assertTrue(e.getMessage().contains("does not match its key"), e.getMessage());
        // a single-key JWKS that lies is refused just the same
        ObjectNode alone =
                (ObjectNode) Json.MAPPER.readTree(KeySet.of(NEW.publicKey()).toJson());
        ((ObjectNode) alone.get("keys").get(0)).put("kid", OLD.kid());
        assertThrows(IllegalArgumentException.class, () -> KeySet.parse(Json.writeString(alone)));
    }

    @Test
    void aJwksWithPrivateKeysOrOtherKeyTypesIsRefused() throws Exception {
        String withPrivate = new com.nimbusds.jose.jwk.JWKSet(
                        new com.nimbusds.jose.jwk.ECKey.Builder(com.nimbusds.jose.jwk.Curve.P_256, OLD.publicKey())
                                .privateKey(OLD.privateKey())
                                .keyID(OLD.kid())
                                .build())
                .toString(false);
        assertThrows(IllegalArgumentException.class, () -> KeySet.parse(withPrivate));
        TestKey p384 = TestKey.derive(TestKeys.P384, "rotation p384");
        String p384Jwks = new com.nimbusds.jose.jwk.JWKSet(
                        new com.nimbusds.jose.jwk.ECKey.Builder(com.nimbusds.jose.jwk.Curve.P_384, p384.publicKey())
                                .build())
                .toString();
        assertThrows(IllegalArgumentException.class, () -> KeySet.parse(p384Jwks));
        assertThrows(IllegalArgumentException.class, () -> KeySet.parse("{\"keys\":[{\"kty\":\"EC\"}]}"));
    }
}
