package jp.jcstar.verify;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import jp.jcstar.signing.Kids;
import jp.jcstar.signing.Signer;

/**
 * TEST-ONLY elliptic-curve keys, derived at test time from fixed, public seeds: anyone can recompute their
 * private keys, so they must never sign a real label. Deriving them (rather than committing key files)
 * keeps key material out of the repository and makes the golden fixtures reproducible byte for byte:
 * {@link TestKey#sign} is deterministic (k derived from the key and the message hash, in the spirit of
 * RFC 6979), unlike the JDK's randomised ECDSA.
 *
 * <p>The curve arithmetic is plain affine BigInteger math: slow (milliseconds per signature) and not
 * constant-time, which is fine for test data and lets us make signatures on curves the JDK no longer
 * offers (secp256k1 for the ES256K fixture).
 */
public final class TestKeys {
    private TestKeys() {}

    /** The hostile corpus's operator key (functions' golden files are signed with it). */
    public static final SeededSigner CORPUS_A = new SeededSigner("jcstar hostile corpus test key A");
    /** The hostile corpus's attacker key: not in the corpus registry's JWKS. */
    public static final SeededSigner CORPUS_B = new SeededSigner("jcstar hostile corpus test key B (attacker)");

    /**
     * A P-256 key drawn by the JDK from a {@code SHA1PRNG} stream seeded with a public seed string, and
     * ES256 signatures whose nonce comes from a stream seeded with the seed and the input, so the same
     * input always gets the same signature: the hostile corpus (golden files in functions) is regenerated
     * byte for byte and replayed against a registry that trusts exactly {@link #CORPUS_A}. Its keys differ
     * from {@link TestKey#derive}'s for the same seed, and the corpus files depend on them, so it stays.
     */
    public static final class SeededSigner implements Signer {
        private final String seed;
        private final ECPrivateKey privateKey;
        private final ECPublicKey publicKey;
        private final String kid;

        private SeededSigner(String seed) {
            this.seed = seed;
            try {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec("secp256r1"), random(seed));
                KeyPair kp = g.generateKeyPair();
                this.privateKey = (ECPrivateKey) kp.getPrivate();
                this.publicKey = (ECPublicKey) kp.getPublic();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
            this.kid = Kids.of(publicKey);
        }

        /** SHA1PRNG seeded before first use is deterministic: the same seed always gives the same stream. */
        private static SecureRandom random(String seed) throws GeneralSecurityException {
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(seed.getBytes(StandardCharsets.UTF_8));
            return r;
        }

        @Override
        public String keyId() {
            return kid;
        }

        @Override
        public ECPublicKey publicKey() {
            return publicKey;
        }

        /** ES256 in JOSE form, low-s as the registry's own signers; deterministic (see the class comment). */
        @Override
        public byte[] sign(byte[] signingInput) {
            try {
                Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
                s.initSign(privateKey, random(seed + "/" + new String(signingInput, StandardCharsets.ISO_8859_1)));
                s.update(signingInput);
                return jp.jcstar.signing.LowS.normalise(s.sign());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A short Weierstrass curve y² = x³ + ax + b over F_p with base point G of prime order n. */
    public record Curve(
            String name,
            BigInteger p,
            BigInteger a,
            BigInteger b,
            BigInteger gx,
            BigInteger gy,
            BigInteger n,
            String hash,
            int size,
            ECParameterSpec jdkSpec) {
        BigInteger[] g() {
            return new BigInteger[] {gx, gy};
        }
    }

    public static final Curve P256 = jdkCurve("secp256r1", "SHA-256", 32);
    public static final Curve P384 = jdkCurve("secp384r1", "SHA-384", 48);
    /** Bitcoin's curve (SEC 2 §2.4.1), for ES256K; the JDK dropped it in 16. */
    public static final Curve SECP256K1 = new Curve(
            "secp256k1",
            hex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F"),
            BigInteger.ZERO,
            BigInteger.valueOf(7),
            hex("79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798"),
            hex("483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8"),
            hex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141"),
            "SHA-256",
            32,
            null);

    /** The operator key of the fixtures (the verifier under test trusts exactly this one). */
    public static final TestKey PRIMARY = TestKey.derive(P256, "jcstar TEST key 1 - public seed, never a real key");
    /** A second P-256 key: the attacker's key, or the new key of a rotation. */
    public static final TestKey SECOND = TestKey.derive(P256, "jcstar TEST key 2 - public seed, never a real key");

    /** A private scalar d and its public point Q = dG. */
    public record TestKey(Curve curve, BigInteger d, BigInteger qx, BigInteger qy) {
        public static TestKey derive(Curve c, String seed) {
            BigInteger d = new BigInteger(1, digest(c.hash(), seed.getBytes(StandardCharsets.UTF_8)))
                    .mod(c.n().subtract(BigInteger.ONE))
                    .add(BigInteger.ONE);
            BigInteger[] q = mul(c, d, c.g());
            return new TestKey(c, d, q[0], q[1]);
        }

        public ECPublicKey publicKey() {
            try {
                return (ECPublicKey)
                        KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(qx, qy), jdk()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        public ECPrivateKey privateKey() {
            try {
                return (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(d, jdk()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        private ECParameterSpec jdk() {
            if (curve.jdkSpec() == null) throw new IllegalStateException(curve.name() + " has no JDK key type");
            return curve.jdkSpec();
        }

        public String kid() {
            return Kids.of(publicKey());
        }

        /** The uncompressed public point (0x04 ‖ X ‖ Y). */
        public byte[] publicPoint() {
            byte[] out = new byte[1 + 2 * curve.size()];
            out[0] = 4;
            System.arraycopy(fixed(qx, curve.size()), 0, out, 1, curve.size());
            System.arraycopy(fixed(qy, curve.size()), 0, out, 1 + curve.size(), curve.size());
            return out;
        }

        /** Deterministic ECDSA in the JOSE form: R ‖ S, each {@code curve.size()} bytes big-endian. */
        public byte[] sign(byte[] message) {
            byte[] e = digest(curve.hash(), message);
            BigInteger z = new BigInteger(1, e);
            int excess = e.length * 8 - curve.n().bitLength();
            if (excess > 0) z = z.shiftRight(excess);
            for (int counter = 0; ; counter++) {
                byte[] kSeed = concat(fixed(d, curve.size()), e, new byte[] {(byte) counter});
                BigInteger k = new BigInteger(1, digest(curve.hash(), kSeed))
                        .mod(curve.n().subtract(BigInteger.ONE))
                        .add(BigInteger.ONE);
                BigInteger r = mul(curve, k, curve.g())[0].mod(curve.n());
                if (r.signum() == 0) continue;
                BigInteger s =
                        k.modInverse(curve.n()).multiply(z.add(r.multiply(d))).mod(curve.n());
                if (s.signum() == 0) continue;
                if (s.compareTo(curve.n().shiftRight(1)) > 0)
                    s = curve.n().subtract(s); // low-s, as the project's signers
                return concat(fixed(r, curve.size()), fixed(s, curve.size()));
            }
        }

        /** This key as the project's {@link Signer} port, claiming the key id {@code kid} (which may lie). */
        public Signer signer(String kid) {
            ECPublicKey pub = publicKey();
            return new Signer() {
                @Override
                public String keyId() {
                    return kid;
                }

                @Override
                public ECPublicKey publicKey() {
                    return pub;
                }

                @Override
                public byte[] sign(byte[] signingInput) {
                    return TestKey.this.sign(signingInput);
                }
            };
        }

        public Signer signer() {
            return signer(kid());
        }
    }

    /** The DER form (SEQUENCE of two INTEGERs) of a JOSE R ‖ S signature, as JCA's plain SHA256withECDSA makes. */
    public static byte[] toDer(byte[] rs) {
        int half = rs.length / 2;
        byte[] r = new BigInteger(1, Arrays.copyOfRange(rs, 0, half)).toByteArray();
        byte[] s = new BigInteger(1, Arrays.copyOfRange(rs, half, rs.length)).toByteArray();
        byte[] body = concat(new byte[] {2, (byte) r.length}, r, new byte[] {2, (byte) s.length}, s);
        return concat(new byte[] {0x30, (byte) body.length}, body);
    }

    static byte[] fixed(BigInteger v, int size) {
        byte[] b = v.toByteArray();
        byte[] out = new byte[size];
        int copy = Math.min(b.length, size);
        System.arraycopy(b, b.length - copy, out, size - copy, copy);
        return out;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }

    static byte[] digest(String alg, byte[] in) {
        try {
            return MessageDigest.getInstance(alg).digest(in);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BigInteger hex(String h) {
        return new BigInteger(h, 16);
    }

    private static Curve jdkCurve(String name, String hash, int size) {
        try {
            AlgorithmParameters ap = AlgorithmParameters.getInstance("EC");
            ap.init(new ECGenParameterSpec(name));
            ECParameterSpec spec = ap.getParameterSpec(ECParameterSpec.class);
            return new Curve(
                    name,
                    ((ECFieldFp) spec.getCurve().getField()).getP(),
                    spec.getCurve().getA(),
                    spec.getCurve().getB(),
                    spec.getGenerator().getAffineX(),
                    spec.getGenerator().getAffineY(),
                    spec.getOrder(),
                    hash,
                    size,
                    spec);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // Point arithmetic: affine points (BigInteger[2], null = infinity) at the interface, Jacobian inside so that a
    // scalar multiplication needs one inversion rather than hundreds.

    static BigInteger[] mul(Curve c, BigInteger k, BigInteger[] point) {
        BigInteger[] acc = null; // Jacobian X, Y, Z
        BigInteger[] p = point == null ? null : new BigInteger[] {point[0], point[1], BigInteger.ONE};
        for (int i = k.bitLength() - 1; i >= 0; i--) {
            acc = jDouble(c, acc);
            if (k.testBit(i)) acc = jAdd(c, acc, p);
        }
        return affine(c, acc);
    }

    private static BigInteger[] affine(Curve c, BigInteger[] j) {
        if (j == null) return null;
        BigInteger zi = j[2].modInverse(c.p());
        BigInteger zi2 = zi.multiply(zi).mod(c.p());
        return new BigInteger[] {
            j[0].multiply(zi2).mod(c.p()), j[1].multiply(zi2).multiply(zi).mod(c.p())
        };
    }

    private static BigInteger[] jDouble(Curve c, BigInteger[] j) {
        if (j == null || j[1].signum() == 0) return null;
        BigInteger p = c.p();
        BigInteger x = j[0], y = j[1], z = j[2];
        BigInteger y2 = y.multiply(y).mod(p);
        BigInteger s = x.multiply(y2).shiftLeft(2).mod(p);
        BigInteger z2 = z.multiply(z).mod(p);
        BigInteger m = x.multiply(x)
                .multiply(BigInteger.valueOf(3))
                .add(c.a().multiply(z2).multiply(z2))
                .mod(p);
        BigInteger x3 = m.multiply(m).subtract(s.shiftLeft(1)).mod(p);
        BigInteger y3 = m.multiply(s.subtract(x3))
                .subtract(y2.multiply(y2).shiftLeft(3))
                .mod(p);
        BigInteger z3 = y.multiply(z).shiftLeft(1).mod(p);
        return new BigInteger[] {x3, y3, z3};
    }

    private static BigInteger[] jAdd(Curve c, BigInteger[] a, BigInteger[] b) {
        if (a == null) return b;
        if (b == null) return a;
        BigInteger p = c.p();
        BigInteger z1s = a[2].multiply(a[2]).mod(p);
        BigInteger z2s = b[2].multiply(b[2]).mod(p);
        BigInteger u1 = a[0].multiply(z2s).mod(p);
        BigInteger u2 = b[0].multiply(z1s).mod(p);
        BigInteger s1 = a[1].multiply(z2s).multiply(b[2]).mod(p);
        BigInteger s2 = b[1].multiply(z1s).multiply(a[2]).mod(p);
        if (u1.equals(u2)) return s1.equals(s2) ? jDouble(c, a) : null;
        BigInteger h = u2.subtract(u1).mod(p);
        BigInteger r = s2.subtract(s1).mod(p);
        BigInteger h2 = h.multiply(h).mod(p);
        BigInteger h3 = h2.multiply(h).mod(p);
        BigInteger u1h2 = u1.multiply(h2).mod(p);
        BigInteger x3 = r.multiply(r).subtract(h3).subtract(u1h2.shiftLeft(1)).mod(p);
        BigInteger y3 = r.multiply(u1h2.subtract(x3)).subtract(s1.multiply(h3)).mod(p);
        BigInteger z3 = h.multiply(a[2]).multiply(b[2]).mod(p);
        return new BigInteger[] {x3, y3, z3};
    }
}
