package jp.jcstar.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The log's Ed25519 key, which signs checkpoints as C2SP signed notes. The key's name is the log's
 * origin. A note is the checkpoint body, a blank line, and one signature line
 * {@code — <name> <base64(key hash[4] ‖ signature[64])>}, where the key hash is the first four bytes of
 * {@code SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key[32])} and the signature is Ed25519 over the body's bytes.
 * Locally the key lives in a file (two base64 lines: PKCS#8 private key, X.509 public key; 0600,
 * created on first use). Thread-safe.
 */
public final class LogKey {
    static final byte ED25519 = 0x01;
    private static final int X509_PREFIX = 12; // the SubjectPublicKeyInfo header before Ed25519's 32 key bytes

    private final String name;
    private final PrivateKey privateKey;
    private final byte[] publicKey;

    private LogKey(String name, PrivateKey privateKey, PublicKey publicKey) {
        if (name.isEmpty() || !name.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '+')) {
            throw new IllegalArgumentException("a key name is printable ASCII without spaces or '+'");
        }
        this.name = name;
        this.privateKey = privateKey;
        byte[] x509 = publicKey.getEncoded();
        this.publicKey = Arrays.copyOfRange(x509, X509_PREFIX, x509.length);
        if (this.publicKey.length != 32) throw new IllegalStateException("not an Ed25519 public key");
    }

    /** A fresh key held in memory only (tests). */
    public static LogKey generate(String name) {
        KeyPair kp = newKeyPair();
        return new LogKey(name, kp.getPrivate(), kp.getPublic());
    }

    /**
     * The Ed25519 key whose private key is {@code seed} (RFC 8032 §5.1.5: the 32-byte private key, from
     * which the signing scalar and the public key are derived). The same seed always gives the same key:
     * the AWS wiring derives its seed from a KMS key ({@code jp.jcstar.aws.KmsLogKey}) at every start.
     */
    public static LogKey fromSeed(String name, byte[] seed) {
        if (seed.length != 32) throw new IllegalArgumentException("an Ed25519 seed is 32 bytes");
        try {
            // the JDK derives the public key only while generating a pair: give its generator the seed as
            // its "random" 32 bytes, then check it did take them (the private key's bytes are the seed)
            KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
            g.initialize(NamedParameterSpec.ED25519, new FixedBytes(seed));
            KeyPair kp = g.generateKeyPair();
            byte[] got = ((EdECPrivateKey) kp.getPrivate()).getBytes().orElse(new byte[0]);
            if (!MessageDigest.isEqual(got, seed))
                throw new IllegalStateException("this JDK's Ed25519 generator did not take the seed");
            return new LogKey(name, kp.getPrivate(), kp.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available in this JDK", e);
        }
    }

    /** A "random" source that yields exactly one given byte string, once ({@link #fromSeed}). */
    @SuppressWarnings("serial")
    private static final class FixedBytes extends SecureRandom {
        private byte[] bytes;

        FixedBytes(byte[] bytes) {
            super(new byte[0]);
            this.bytes = bytes.clone();
        }

        @Override
        public synchronized void nextBytes(byte[] out) {
            if (bytes == null || out.length != bytes.length)
                throw new IllegalStateException("the Ed25519 generator asked for other bytes than the seed");
            System.arraycopy(bytes, 0, out, 0, out.length);
            Arrays.fill(bytes, (byte) 0);
            bytes = null;
        }
    }

    /** Loads the key in {@code file}, creating it (0600, in a 0700 folder) on first use. */
    public static LogKey loadOrCreate(Path file, String name) {
        try {
            if (!Files.exists(file)) create(file);
            List<String> lines = Files.readAllLines(file);
            if (lines.size() < 2)
                throw new IllegalStateException("log key file " + file + " is damaged: expected two lines");
            KeyFactory kf = KeyFactory.getInstance("Ed25519");
            PrivateKey priv = kf.generatePrivate(new PKCS8EncodedKeySpec(
                    Base64.getDecoder().decode(lines.get(0).strip())));
            PublicKey pub = kf.generatePublic(new X509EncodedKeySpec(
                    Base64.getDecoder().decode(lines.get(1).strip())));
            return new LogKey(name, priv, pub);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read log key file " + file, e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("log key file " + file + " is damaged", e);
        }
    }

    public String name() {
        return name;
    }

    /** The raw 32-byte Ed25519 public key. */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The C2SP verifier key: {@code <name>+<hex key hash>+<base64(0x01 ‖ public key)>}. */
    public String verifierKey() {
        byte[] typed = new byte[33];
        typed[0] = ED25519;
        System.arraycopy(publicKey, 0, typed, 1, 32);
        return name + "+" + java.util.HexFormat.of().formatHex(NoteVerifier.keyHash(name, publicKey)) + "+"
                + Base64.getEncoder().encodeToString(typed);
    }

    /** The signed note of {@code checkpoint}. */
    public String sign(Checkpoint checkpoint) {
        return signNote(checkpoint.body());
    }

    /**
     * The signed note of {@code body} (lines, each ended by a newline): the body, an empty line and this
     * key's signature line. Also signs the key-status document ({@link KeyStatus}), whose first line keeps
     * it from ever reading as a checkpoint.
     */
    public String signNote(String body) {
        if (body.isEmpty() || !body.endsWith("\n") || body.contains("\n\n"))
            throw new IllegalArgumentException("a note body is non-empty lines, each ended by a newline");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        byte[] sig;
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(privateKey);
            s.update(bytes);
            sig = s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
        byte[] line = new byte[4 + sig.length];
        System.arraycopy(NoteVerifier.keyHash(name, publicKey), 0, line, 0, 4);
        System.arraycopy(sig, 0, line, 4, sig.length);
        return body + "\n\u2014 " + name + " " + Base64.getEncoder().encodeToString(line) + "\n";
    }

    private static KeyPair newKeyPair() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available in this JDK", e);
        }
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
        Path tmp = Files.createTempFile(dir, ".logkey", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the folder's ACL applies
            }
            Files.writeString(tmp, body, StandardCharsets.US_ASCII);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE); // two processes at once: one key wins
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                if (!Files.exists(file)) Files.move(tmp, file);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public String toString() {
        return "LogKey[" + verifierKey() + "]";
    }
}
