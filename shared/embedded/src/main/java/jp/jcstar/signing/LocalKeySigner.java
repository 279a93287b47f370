package jp.jcstar.signing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * A P-256 signing key kept in a file on this machine (the laptop's stand-in for KMS). The file is
 * created on first use with owner-only permissions (0600) in a folder outside the repository, and
 * holds the PKCS#8 private key and the X.509 public key, base64, one per line. The private key is
 * never logged or returned. Thread-safe ({@link Signature} instances are made per call).
 */
public final class LocalKeySigner implements Signer {
    private final ECPrivateKey privateKey;
    private final ECPublicKey publicKey;
    private final String keyId;

    private LocalKeySigner(ECPrivateKey privateKey, ECPublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.keyId = Kids.of(publicKey);
    }

    /** A fresh key held in memory only (tests, benchmarks). */
    public static LocalKeySigner generate() {
        KeyPair kp = newKeyPair();
        return new LocalKeySigner((ECPrivateKey) kp.getPrivate(), (ECPublicKey) kp.getPublic());
    }

    /** Loads the key in {@code file}, creating it (and its folder, 0700) on first use. */
    public static LocalKeySigner loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) create(file);
            List<String> lines = Files.readAllLines(file);
            if (lines.size() < 2)
                throw new IllegalStateException("key file " + file + " is damaged: expected two lines");
            KeyFactory kf = KeyFactory.getInstance("EC");
            var priv = (ECPrivateKey) kf.generatePrivate(new PKCS8EncodedKeySpec(
                    Base64.getDecoder().decode(lines.get(0).strip())));
            var pub = (ECPublicKey) kf.generatePublic(new X509EncodedKeySpec(
                    Base64.getDecoder().decode(lines.get(1).strip())));
            if (!"secp256r1".equals(curveName(pub)))
                throw new IllegalStateException("key file " + file + " does not hold a P-256 key");
            return new LocalKeySigner(priv, pub);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read key file " + file, e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("key file " + file + " is damaged", e);
        }
    }

    private static String curveName(ECPublicKey pub) {
        return pub.getParams().getCurve().getField().getFieldSize() == 256 ? "secp256r1" : "other";
    }

    private static void create(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.exists(dir)) {
            try {
                Files.createDirectories(
                        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (UnsupportedOperationException e) {
                Files.createDirectories(dir);
            }
        }
        KeyPair kp = newKeyPair();
        String body = Base64.getEncoder().encodeToString(kp.getPrivate().getEncoded()) + "\n"
                + Base64.getEncoder().encodeToString(kp.getPublic().getEncoded()) + "\n";
        Path tmp = Files.createTempFile(dir, ".key", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system (Windows): the folder's ACL applies
            }
            // forced to the device before the rename: a power loss never leaves an empty key file that a
            // restart would replace with a new key (every label signed so far would stop verifying)
            jp.jcstar.embedded.DurableFiles.writeSynced(tmp, body.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            try {
                // Two processes starting at once must end up with the same key: only one move wins.
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                if (!Files.exists(file)) Files.move(tmp, file);
            }
            jp.jcstar.embedded.DurableFiles.forceFolder(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 is not available in this JDK", e);
        }
    }

    @Override
    public String keyId() {
        return keyId;
    }

    @Override
    public ECPublicKey publicKey() {
        return publicKey;
    }

    @Override
    public byte[] sign(byte[] signingInput) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
            s.initSign(privateKey);
            s.update(signingInput);
            return LowS.normalise(s.sign()); // one signature per label: always the low-s form
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing failed", e);
        }
    }

    @Override
    public String toString() {
        return "LocalKeySigner[kid=" + keyId + "]";
    }
}
