package jp.jcstar.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import jp.jcstar.label.Fixtures;
import jp.jcstar.label.LabelClaims;
import jp.jcstar.qr.QrText;
import jp.jcstar.signing.B64;
import jp.jcstar.signing.KeySet;
import jp.jcstar.signing.LabelSigner;
import jp.jcstar.signing.LocalKeySigner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LabelVerifierRoundTripTest {
    static final LocalKeySigner KEY = LocalKeySigner.generate();

    @ParameterizedTest(name = "deflate={0}")
    @ValueSource(booleans = {false, true})
    void signedLabelVerifiesAsJwsAndAsQrTextWithJapaneseClaimsIntact(boolean deflate) {
        LabelClaims claims = Fixtures.typicalJapanese();
        String jws = new LabelSigner(KEY, deflate).sign(claims);
        LabelVerifier verifier = new LabelVerifier(KeySet.of(KEY.publicKey()));
        for (String input : new String[] {
            jws,
            QrText.of("https://jcstar.example.jp", jws),
            QrText.plain("https://jcstar.example.jp", jws),
            QrText.ofCompactHeader("https://jcstar.example.jp", jws)
        }) {
            var v = assertInstanceOf(Verification.Verified.class, verifier.verify(input), input);
            assertEquals(claims, v.claims());
            assertEquals(jws, v.jws());
        }
    }

    @ParameterizedTest(name = "deflate={0}")
    @ValueSource(booleans = {false, true})
    void compactHeaderFormRebuildsTheSignedHeaderAndAFlippedFlagBreaksTheSignature(boolean deflate) {
        String jws = new LabelSigner(KEY, deflate).sign(Fixtures.typicalJapanese());
        String text = QrText.ofCompactHeader("https://jcstar.example.jp", jws);
        String frag = text.substring(text.indexOf('#') + 1);
        assertEquals('2', frag.charAt(0));
        assertEquals(deflate ? '1' : '0', frag.charAt(1));
        LabelVerifier verifier = new LabelVerifier(KeySet.of(KEY.publicKey()));
        String flipped = text.substring(0, text.indexOf('#') + 2) + (deflate ? '0' : '1') + frag.substring(2);
        var r = assertInstanceOf(Verification.Rejected.class, verifier.verify(flipped));
        assertEquals(RejectReason.BAD_SIGNATURE, r.reason());
    }

    @ParameterizedTest(name = "deflate={0}")
    @ValueSource(booleans = {false, true})
    void payloadIsUtf8WithoutUnicodeEscapes(boolean ignored) {
        String jws = new LabelSigner(KEY, false).sign(Fixtures.typicalJapanese());
        String payload = new String(B64.decode(jws.split("\\.")[1]), StandardCharsets.UTF_8);
        assertTrue(payload.contains("株式会社サクラ電機"), payload);
        assertFalse(payload.contains("\\u"), payload);
    }
}
