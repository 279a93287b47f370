package jp.jcstar.bench;

import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.util.concurrent.TimeUnit;
import jp.jcstar.qr.QrText;
import jp.jcstar.signing.B64;
import jp.jcstar.signing.KeySet;
import jp.jcstar.signing.LabelSigner;
import jp.jcstar.signing.LocalKeySigner;
import jp.jcstar.verify.LabelVerifier;
import jp.jcstar.verify.Verification;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The whole verify path from the scanned QR text (numeric decoding, header checks, ES256, inflation,
 * strict claim parsing) against a bare JCA {@code SHA256withECDSAinP1363Format} verification of the same
 * signing input, in the same run. Target: ours at least 0.9× the bare verification.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class VerifyBench {
    LabelVerifier verifier;
    String qrText;
    String jws;
    byte[] signingInput;
    byte[] signature;
    ECPublicKey key;

    @Setup
    public void setup() {
        LocalKeySigner signer = LocalKeySigner.generate();
        key = signer.publicKey();
        jws = new LabelSigner(signer, true).sign(IssueBench.typical(48213));
        qrText = QrText.ofCompactHeader(IssueBench.SITE, jws);
        verifier = new LabelVerifier(KeySet.of(key));
        int d2 = jws.lastIndexOf('.');
        signingInput = jws.substring(0, d2).getBytes(StandardCharsets.US_ASCII);
        signature = B64.decode(jws.substring(d2 + 1));
        if (!(verifier.verify(qrText) instanceof Verification.Verified))
            throw new IllegalStateException("fixture does not verify");
    }

    @Benchmark
    public Verification verifyQrText() {
        return verifier.verify(qrText);
    }

    @Benchmark
    public Verification verifyCompactJws() {
        return verifier.verify(jws);
    }

    @Benchmark
    public boolean bareJcaVerify() throws Exception {
        Signature v = Signature.getInstance("SHA256withECDSAinP1363Format");
        v.initVerify(key);
        v.update(signingInput);
        return v.verify(signature);
    }
}
