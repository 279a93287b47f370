package jp.jcstar.signing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import java.security.interfaces.ECPublicKey;

/**
 * Key ids. A label's {@code kid} is the first 16 characters of the key's RFC 7638 JWK thumbprint
 * (SHA-256, base64url): 96 bits, plenty to tell the operator's handful of keys apart, and 27 bytes
 * shorter in every QR code than the full 43-character thumbprint. Verifiers look the kid up in the
 * JWKS; they never derive trust from it.
 */
public final class Kids {
    private Kids() {}

    public static final int LENGTH = 16;

    public static String of(ECPublicKey key) {
        try {
            return new ECKey.Builder(Curve.P_256, key)
                    .build()
                    .computeThumbprint()
                    .toString()
                    .substring(0, LENGTH);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot compute the JWK thumbprint", e);
        }
    }
}
