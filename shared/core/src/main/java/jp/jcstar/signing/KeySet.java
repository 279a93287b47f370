package jp.jcstar.signing;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import java.security.interfaces.ECPublicKey;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operator's published public keys (the JWKS at {@code /.well-known/jwks.json}). After a
 * rotation old keys stay in the set, so labels signed with them still verify; only one signer is
 * active for new labels. Immutable and thread-safe.
 */
public final class KeySet implements PublicKeys {
    private final Map<String, ECPublicKey> keys;

    private KeySet(Map<String, ECPublicKey> keys) {
        this.keys = Map.copyOf(keys);
    }

    public static KeySet of(Collection<ECPublicKey> publicKeys) {
        Map<String, ECPublicKey> m = new LinkedHashMap<>();
        for (ECPublicKey k : publicKeys) m.put(Kids.of(k), k);
        return new KeySet(m);
    }

    public static KeySet of(ECPublicKey... publicKeys) {
        return of(List.of(publicKeys));
    }

    /**
     * Reads a JWKS document, keeping only P-256 keys whose {@code kid} is the one {@link Kids}
     * derives (a JWKS that lies about a kid is refused, so a kid always names exactly one key).
     */
    public static KeySet parse(String jwksJson) {
        try {
            JWKSet set = JWKSet.parse(jwksJson);
            Map<String, ECPublicKey> m = new LinkedHashMap<>();
            for (JWK jwk : set.getKeys()) add(m, jwk);
            return new KeySet(m);
        } catch (ParseException | com.nimbusds.jose.JOSEException e) {
            throw new IllegalArgumentException("not a valid JWKS: " + e.getMessage(), e);
        }
    }

    /**
     * Reads single public JWKs, each as {@link #publicJwk} writes it, with the same checks as
     * {@link #parse}: P-256 only, no private part, a kid that matches its key.
     */
    public static KeySet fromJwks(Collection<String> jwks) {
        Map<String, ECPublicKey> m = new LinkedHashMap<>();
        for (String json : jwks) {
            try {
                add(m, JWK.parse(json));
            } catch (ParseException | com.nimbusds.jose.JOSEException e) {
                throw new IllegalArgumentException("not a valid JWK: " + e.getMessage(), e);
            }
        }
        return new KeySet(m);
    }

    private static void add(Map<String, ECPublicKey> m, JWK jwk) throws com.nimbusds.jose.JOSEException {
        if (!(jwk instanceof ECKey ec) || !Curve.P_256.equals(ec.getCurve())) {
            throw new IllegalArgumentException("JWKS holds a key that is not EC P-256: " + jwk.getKeyID());
        }
        if (ec.isPrivate()) throw new IllegalArgumentException("JWKS must not hold private keys");
        ECPublicKey pub = ec.toECPublicKey();
        String kid = Kids.of(pub);
        if (ec.getKeyID() != null && !ec.getKeyID().equals(kid)) {
            throw new IllegalArgumentException(
                    "JWKS key id " + ec.getKeyID() + " does not match its key (expected " + kid + ")");
        }
        m.put(kid, pub);
    }

    /**
     * One public key as a JWK in canonical form: members in lexicographic order, no whitespace
     * ({@code {"crv":"P-256","kid":…,"kty":"EC","x":…,"y":…}}), so the same key always gives the same
     * text (a key directory stores these as a set).
     */
    public static String publicJwk(ECPublicKey key) {
        ECKey ec = new ECKey.Builder(Curve.P_256, key).build();
        return "{\"crv\":\"P-256\",\"kid\":\"" + Kids.of(key) + "\",\"kty\":\"EC\",\"x\":\"" + ec.getX() + "\",\"y\":\""
                + ec.getY() + "\"}";
    }

    /** Every key as {@link #publicJwk}, in this set's order. */
    public List<String> publicJwks() {
        return keys.values().stream().map(KeySet::publicJwk).toList();
    }

    /** The key ids, in this set's order. */
    public List<String> kids() {
        return List.copyOf(keys.keySet());
    }

    @Override
    public Optional<ECPublicKey> find(String kid) {
        return Optional.ofNullable(keys.get(kid));
    }

    /** This set itself: it never changes. */
    @Override
    public KeySet current() {
        return this;
    }

    public int size() {
        return keys.size();
    }

    public KeySet plus(ECPublicKey key) {
        Map<String, ECPublicKey> m = new LinkedHashMap<>(keys);
        m.put(Kids.of(key), key);
        return new KeySet(m);
    }

    /** The JWKS JSON (RFC 7517), public parts only, with kid, use=sig and alg=ES256. */
    public String toJson() {
        List<JWK> list = new ArrayList<>();
        keys.forEach((kid, k) -> list.add(new ECKey.Builder(Curve.P_256, k)
                .keyID(kid)
                .keyUse(KeyUse.SIGNATURE)
                .algorithm(new Algorithm("ES256"))
                .build()));
        return new JWKSet(list).toString(true);
    }
}
