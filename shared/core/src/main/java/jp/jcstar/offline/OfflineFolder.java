package jp.jcstar.offline;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;

/**
 * The folder a sync writes and an offline verifier reads:
 *
 * <pre>
 * DIR/jwks.json               the operator's public keys (GET /.well-known/jwks.json)
 * DIR/status-lists/&lt;n&gt;.jwt     status list token n (GET /v1/status-lists/n), as served
 * DIR/sync.json               server, site base, fetch times and ETags ({@link SyncState})
 * DIR/log-key, log-checkpoint the pinned log key and the last checkpoint proved consistent
 * DIR/key-status              the key-status document (GET /.well-known/jcstar-key-status), if served
 * DIR/log-issuances           when it lists a key: the issuance entries of the log below its largest
 *                             logSizeAtT, one line each: index, label id, base64url SHA-256 of the JWS
 * </pre>
 *
 * Every file is replaced atomically (written beside, flushed, renamed over), so a reader never sees
 * half a file and a crashed sync leaves the previous copy.
 */
public final class OfflineFolder {
    public static final String JWKS = "jwks.json";
    public static final String SYNC = "sync.json";
    public static final String LISTS = "status-lists";
    public static final String LOG_KEY = "log-key";
    public static final String KEY_STATUS = "key-status";
    public static final String LOG_ISSUANCES = "log-issuances";

    private final Path dir;

    public OfflineFolder(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir");
    }

    public Path dir() {
        return dir;
    }

    public Path jwks() {
        return dir.resolve(JWKS);
    }

    public Path syncFile() {
        return dir.resolve(SYNC);
    }

    public Path list(int n) {
        if (n < 1) throw new IllegalArgumentException("status list numbers start at 1");
        return dir.resolve(LISTS).resolve(n + ".jwt");
    }

    /** The sync record, or empty if the folder was never synced. */
    public Optional<SyncState> state() throws OfflineDataException {
        Optional<byte[]> b = read(syncFile());
        return b.isEmpty() ? Optional.empty() : Optional.of(SyncState.parse(b.get()));
    }

    /** The file's bytes, or empty if it does not exist. */
    public static Optional<byte[]> read(Path file) throws OfflineDataException {
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new OfflineDataException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Replaces {@code file} with {@code bytes} atomically (same-folder temporary file, fsync, rename). */
    public static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
        try {
            try (FileChannel ch =
                    FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
