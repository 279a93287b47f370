package jp.jcstar.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.Signature;
import jp.jcstar.aws.AwsClients;
import jp.jcstar.aws.KmsSigner;
import jp.jcstar.testing.LocalStack;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;

/** {@link SignerContract} against KMS in LocalStack. Skipped where there is no Docker. */
@Testcontainers(disabledWithoutDocker = true)
class KmsSignerLocalStackTest extends SignerContract {
    @Container
    static final LocalStackContainer LOCALSTACK = LocalStack.container();

    private AwsClients clients() {
        return LocalStack.clients(LOCALSTACK);
    }

    @Override
    protected Signer createSigner() {
        AwsClients c = clients();
        return new KmsSigner(c.kms(), KmsSigner.createKey(c.kms(), "jcstar test"));
    }

    @Override
    protected Signer sameKey(Signer signer) {
        return new KmsSigner(clients().kms(), ((KmsSigner) signer).kmsKeyId());
    }

    @Test
    void inputsOverTheKmsRawLimitAreSignedAsDigestAndVerify() throws Exception {
        byte[] input = new byte[5000];
        byte[] sig = signer.sign(input);
        assertEquals(64, sig.length);
        Signature v = Signature.getInstance("SHA256withECDSAinP1363Format");
        v.initVerify(signer.publicKey());
        v.update(input);
        assertTrue(v.verify(sig));
    }
}
