package jp.jcstar.aws;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import jp.jcstar.log.LogKey;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;

/**
 * The transparency log's Ed25519 key in AWS, derived from a KMS HMAC key (spec {@code HMAC_256}, usage
 * {@code GENERATE_VERIFY_MAC}) that never leaves KMS: the Ed25519 seed is
 * {@code HMAC-SHA-256(kms key, "jcstar transparency log key v1\n" ‖ key name)}, computed by KMS
 * ({@code GenerateMac}) when the sequencing function starts. The same KMS key and name give the same log
 * key at every start, so the published verifier key never changes.
 *
 * <p>Why not a KMS Ed25519 key ({@code ECC_NIST_EDWARDS25519}, {@code ED25519_SHA_512}), which would keep
 * the signing key itself in KMS: the emulator the AWS tests run on (moto 5.2) refuses that key spec, so
 * that path could not be tested; and changing the log key later is an alarm for every verifier that
 * pinned it (docs/transparency-log.md). The price of this design: the derived Ed25519 key is in the
 * sequencing function's memory (and its SnapStart snapshot), and whoever may call {@code GenerateMac} on
 * the KMS key with this message can derive it — the key policy allows that to the sweep's role only.
 */
public final class KmsLogKey {
    /** What the derivation MACs before the key name: the version of this derivation. */
    static final String CONTEXT = "jcstar transparency log key v1\n";

    private KmsLogKey() {}

    /** The log key named {@code name} (the log's origin) from the KMS HMAC key {@code kmsKeyId} (id, ARN or alias). */
    public static LogKey derive(KmsClient kms, String kmsKeyId, String name) {
        Objects.requireNonNull(kmsKeyId, "kmsKeyId");
        byte[] mac = kms.generateMac(b -> b.keyId(kmsKeyId)
                        .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)
                        .message(SdkBytes.fromByteArray((CONTEXT + name).getBytes(StandardCharsets.UTF_8))))
                .mac()
                .asByteArray();
        if (mac.length != 32)
            throw new IllegalStateException("KMS key " + kmsKeyId + " gave a " + mac.length + "-byte MAC, not 32");
        try {
            return LogKey.fromSeed(name, mac);
        } finally {
            Arrays.fill(mac, (byte) 0);
        }
    }

    /** Creates an HMAC key for {@link #derive} and returns its key id (tests; in AWS the SAM template creates it). */
    public static String createKey(KmsClient kms, String description) {
        return kms.createKey(b -> b.keySpec(KeySpec.HMAC_256)
                        .keyUsage(KeyUsageType.GENERATE_VERIFY_MAC)
                        .description(description))
                .keyMetadata()
                .keyId();
    }
}
