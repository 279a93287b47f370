package jp.jcstar.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The local server's operator credential: 256 random bits, created on first start in a 0600 file
 * outside the repository, never a fixed default. Compared in constant time.
 */
public final class OperatorToken {
    private final byte[] token;
    private final Path file;

    private OperatorToken(byte[] token, Path file) {
        this.token = token;
        this.file = file;
    }

    public static OperatorToken loadOrCreate(Path file) throws IOException {
        if (!Files.exists(file)) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            byte[] raw = new byte[32];
            new SecureRandom().nextBytes(raw);
            String t = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".token", ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // non-POSIX file system
            }
            jp.jcstar.embedded.DurableFiles.writeSynced(tmp, (t + "\n").getBytes(StandardCharsets.US_ASCII));
            Files.move(tmp, file);
            jp.jcstar.embedded.DurableFiles.forceFolder(file.toAbsolutePath().getParent());
        }
        String t = Files.readString(file).strip();
        if (t.length() < 32)
            throw new IOException("operator token in " + file + " is too short; delete the file to make a new one");
        return new OperatorToken(t.getBytes(StandardCharsets.US_ASCII), file);
    }

    public Path file() {
        return file;
    }

    /** The first characters only, enough to tell two tokens apart, far too few to use (6 of 43 base64url characters). */
    public String hint() {
        return new String(token, 0, 6, StandardCharsets.US_ASCII) + "…";
    }

    public String value() {
        return new String(token, StandardCharsets.US_ASCII);
    }

    /** True when the Authorization header carries this token as a Bearer credential. */
    public boolean matches(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) return false;
        byte[] given = authorizationHeader.substring(7).strip().getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(given, token);
    }
}
