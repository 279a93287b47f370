package jp.jcstar.signing;

import jp.jcstar.aws.KmsSigner;
import jp.jcstar.testing.Moto;

/**
 * {@link SignerContract} against a KMS key in moto. moto 5.x does not implement {@code MessageType=DIGEST}
 * (it hashes the digest again), so inputs over KMS's 4096-byte raw limit are covered only by the
 * LocalStack variant.
 */
class KmsSignerMotoTest extends SignerContract {
    @Override
    protected Signer createSigner() {
        return new KmsSigner(
                Moto.clients().kms(), KmsSigner.createKey(Moto.clients().kms(), "jcstar test"));
    }

    @Override
    protected Signer sameKey(Signer signer) {
        return new KmsSigner(Moto.clients().kms(), ((KmsSigner) signer).kmsKeyId());
    }
}
