package jp.jcstar.qr;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import jp.jcstar.label.Fixtures;
import jp.jcstar.signing.B64;
import jp.jcstar.signing.KeySet;
import jp.jcstar.signing.LabelSigner;
import jp.jcstar.signing.LocalKeySigner;
import jp.jcstar.verify.LabelVerifier;
import jp.jcstar.verify.Verification;
import org.junit.jupiter.api.Test;

/**
 * Produces the worked example of docs/label-format.md with a throwaway key (public part only printed)
 * and checks that it verifies. Run: {@code mvn -pl shared test -Dtest=WorkedExampleTest}.
 */
class WorkedExampleTest {
    @Test
    void workedExampleVerifies() {
        LocalKeySigner key = LocalKeySigner.generate();
        String jws = new LabelSigner(key, true).sign(Fixtures.typicalJapanese());
        String[] p = jws.split("\\.");
        String qr = QrText.ofCompactHeader("https://jcstar.example.jp", jws);
        String jwks = KeySet.of(key.publicKey()).toJson();
        assertInstanceOf(Verification.Verified.class, new LabelVerifier(KeySet.of(key.publicKey())).verify(qr));
        System.out.println("=== JWKS\n" + jwks + "\n=== header\n" + new String(B64.decode(p[0]), StandardCharsets.UTF_8)
                + "\n=== payload (after inflating)\n"
                + new String(jp.jcstar.label.LabelCodec.encode(Fixtures.typicalJapanese()), StandardCharsets.UTF_8)
                + "\n=== deflated payload bytes " + B64.decode(p[1]).length
                + "\n=== compact JWS\n" + jws + "\n=== QR text (" + qr.length() + " chars, version "
                + QrCodes.version(qr) + ")\n" + qr
                + "\n=== form 1 QR text\n" + QrText.of("https://jcstar.example.jp", jws) + "\n=== end");
    }
}
