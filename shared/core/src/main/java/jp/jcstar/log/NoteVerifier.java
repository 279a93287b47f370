package jp.jcstar.log;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Opens a signed checkpoint with a C2SP verifier key ({@code <name>+<hex key hash>+<base64(0x01 ‖ key)>}):
 * the note must carry a signature line of that name and key hash whose Ed25519 signature over the body
 * verifies, and the body must be a checkpoint of that origin. Signature lines of other keys (witnesses)
 * are ignored. Thread-safe.
 */
public final class NoteVerifier {
    private static final byte[] X509_ED25519 = HexFormat.of().parseHex("302a300506032b6570032100");

    private final String name;
    private final byte[] keyHash;
    private final PublicKey key;

    public NoteVerifier(String verifierKey) {
        String[] parts = verifierKey.strip().split("\\+", 3);
        if (parts.length != 3) throw new IllegalArgumentException("a verifier key is <name>+<hash>+<key>");
        byte[] typed;
        try {
            typed = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad base64 in the verifier key");
        }
        if (typed.length != 33 || typed[0] != LogKey.ED25519)
            throw new IllegalArgumentException("not an Ed25519 verifier key");
        byte[] raw = Arrays.copyOfRange(typed, 1, 33);
        this.name = parts[0];
        this.keyHash = keyHash(name, raw);
        if (!HexFormat.of().formatHex(keyHash).equals(parts[1]))
            throw new IllegalArgumentException("the verifier key's hash does not match its key");
        try {
            byte[] x509 = new byte[X509_ED25519.length + 32];
            System.arraycopy(X509_ED25519, 0, x509, 0, X509_ED25519.length);
            System.arraycopy(raw, 0, x509, X509_ED25519.length, 32);
            this.key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 key", e);
        }
    }

    public String name() {
        return name;
    }

    /** The verified checkpoint in {@code note}; {@link LogVerificationException} for anything else. */
    public Checkpoint open(String note) {
        String body = verifiedBody(note, "checkpoint");
        Checkpoint c;
        try {
            c = Checkpoint.parse(body);
        } catch (IllegalArgumentException e) {
            throw new LogVerificationException("signed, but not a checkpoint: " + e.getMessage());
        }
        if (!c.origin().equals(name))
            throw new LogVerificationException("the checkpoint is of another log: " + c.origin());
        return c;
    }

    /**
     * The body of {@code note} once this key's signature line over it verifies ({@code what} names the
     * document in the error); {@link LogVerificationException} for a note without a valid signature of this key.
     */
    public String verifiedBody(String note, String what) {
        int split = note.indexOf("\n\n");
        if (split < 0 || !note.endsWith("\n")) throw new LogVerificationException("not a signed note");
        String body = note.substring(0, split + 1);
        String[] sigs = note.substring(split + 2, note.length() - 1).split("\n", -1);
        for (String line : sigs) {
            if (!line.startsWith("\u2014 ")) throw new LogVerificationException("bad signature line in the note");
            String[] f = line.substring(2).split(" ", -1);
            if (f.length != 2 || !f[0].equals(name)) continue;
            byte[] sig;
            try {
                sig = Base64.getDecoder().decode(f[1]);
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (sig.length != 68 || !MessageDigest.isEqual(Arrays.copyOf(sig, 4), keyHash)) continue;
            try {
                Signature s = Signature.getInstance("Ed25519");
                s.initVerify(key);
                s.update(body.getBytes(StandardCharsets.UTF_8));
                if (!s.verify(Arrays.copyOfRange(sig, 4, 68)))
                    throw new LogVerificationException("the " + what + "'s signature does not verify");
            } catch (GeneralSecurityException e) {
                throw new LogVerificationException("the " + what + "'s signature does not verify");
            }
            return body;
        }
        throw new LogVerificationException("the note carries no signature of " + name);
    }

    static byte[] keyHash(String name, byte[] rawKey) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(name.getBytes(StandardCharsets.UTF_8));
            d.update((byte) 0x0a);
            d.update(LogKey.ED25519);
            d.update(rawKey);
            return Arrays.copyOf(d.digest(), 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
