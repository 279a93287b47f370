package jp.jcstar.aws;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jose.jwk.Curve;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Objects;
import jp.jcstar.signing.Signer;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/**
 * {@link Signer} backed by a KMS key of spec {@code ECC_NIST_P256}, usage {@code SIGN_VERIFY}; the
 * private key never leaves KMS. Signs with {@code ECDSA_SHA_256} and converts KMS's DER signature to
 * the 64-byte JOSE form (R‖S).
 *
 * <p>Inputs up to 4096 bytes go to KMS raw ({@code MessageType=RAW}), so KMS hashes them — JWS
 * signing inputs of labels and status lists are well under that. Larger inputs are hashed here and
 * sent as {@code DIGEST} (AWS KMS handles that correctly; moto does not, which is why RAW is the default).
 *
 * <p>The public key is fetched once, on first use, with {@code GetPublicKey} and cached: the key id
 * and the JWKS depend on it and it cannot change for a key. Thread-safe.
 */
public final class KmsSigner implements Signer {
    private static final int MAX_RAW_MESSAGE = 4096;

    private final KmsClient kms;
    private final String kmsKeyId;
    private volatile ECPublicKey publicKey;
    private volatile String keyId;

    /** @param kms a shared client (see {@link AwsClients#kms()}); @param kmsKeyId key id, ARN or alias of the KMS key */
    public KmsSigner(KmsClient kms, String kmsKeyId) {
        this.kms = Objects.requireNonNull(kms, "kms");
        this.kmsKeyId = Objects.requireNonNull(kmsKeyId, "kmsKeyId");
    }

    /**
     * Creates a P-256 signing key and returns its key id (tests and the local run against an
     * emulator; in AWS the SAM template creates the key).
     */
    public static String createKey(KmsClient kms, String description) {
        return kms.createKey(b -> b.keySpec(KeySpec.ECC_NIST_P256)
                        .keyUsage(KeyUsageType.SIGN_VERIFY)
                        .description(description))
                .keyMetadata()
                .keyId();
    }

    /** The KMS key this signer uses (id, ARN or alias, as given). */
    public String kmsKeyId() {
        return kmsKeyId;
    }

    @Override
    public String keyId() {
        String k = keyId;
        if (k == null) keyId = k = jp.jcstar.signing.Kids.of(publicKey());
        return k;
    }

    @Override
    public ECPublicKey publicKey() {
        ECPublicKey k = publicKey;
        if (k == null) {
            synchronized (this) {
                k = publicKey;
                if (k == null) publicKey = k = fetchPublicKey();
            }
        }
        return k;
    }

    @Override
    public byte[] sign(byte[] signingInput) {
        Objects.requireNonNull(signingInput, "signingInput");
        boolean raw = signingInput.length <= MAX_RAW_MESSAGE;
        byte[] message = raw ? signingInput : sha256(signingInput);
        var response = kms.sign(b -> b.keyId(kmsKeyId)
                .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)
                .messageType(raw ? MessageType.RAW : MessageType.DIGEST)
                .message(SdkBytes.fromByteArray(message)));
        try {
            // KMS draws s either way; one signature per label: always the low-s form
            return jp.jcstar.signing.LowS.normalise(
                    ECDSA.transcodeSignatureToConcat(response.signature().asByteArray(), 64));
        } catch (JOSEException e) {
            throw new IllegalStateException("KMS returned a signature that is not DER ECDSA", e);
        }
    }

    private ECPublicKey fetchPublicKey() {
        var response = kms.getPublicKey(b -> b.keyId(kmsKeyId));
        // KMS names the key spec; moto leaves it out, so the decoded curve is checked as well.
        if (response.keySpec() != null && response.keySpec() != KeySpec.ECC_NIST_P256) {
            throw new IllegalStateException(
                    "KMS key " + kmsKeyId + " is " + response.keySpecAsString() + ", not ECC_NIST_P256");
        }
        ECPublicKey key;
        try {
            key = (ECPublicKey) KeyFactory.getInstance("EC")
                    .generatePublic(new X509EncodedKeySpec(response.publicKey().asByteArray()));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalStateException("KMS returned an unreadable public key for " + kmsKeyId, e);
        }
        if (!Curve.P_256.equals(Curve.forECParameterSpec(key.getParams()))) {
            throw new IllegalStateException("KMS key " + kmsKeyId + " is not on P-256");
        }
        return key;
    }

    private static byte[] sha256(byte[] in) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(in);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "KmsSigner[" + kmsKeyId + "]";
    }
}
