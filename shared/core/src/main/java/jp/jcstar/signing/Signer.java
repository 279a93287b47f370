package jp.jcstar.signing;

import java.security.interfaces.ECPublicKey;

/**
 * Port: the operator's ES256 signing key. Local key file on a laptop, KMS in AWS (the private key
 * never leaves KMS). Implementations are thread-safe.
 */
public interface Signer {
    /** The key id published in the JWKS and put in every JWS header this signer makes. */
    String keyId();

    /** The P-256 public key. */
    ECPublicKey publicKey();

    /**
     * Signs {@code signingInput} with ECDSA P-256 / SHA-256 and returns the JOSE form of the
     * signature: R and S as two 32-byte big-endian integers (64 bytes), not DER.
     */
    byte[] sign(byte[] signingInput);
}
