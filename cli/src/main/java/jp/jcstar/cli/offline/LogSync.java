package jp.jcstar.cli.offline;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import jp.jcstar.log.Checkpoint;
import jp.jcstar.log.LogFollower;
import jp.jcstar.log.LogPublisher;
import jp.jcstar.log.LogVerificationException;
import jp.jcstar.log.NoteVerifier;
import jp.jcstar.offline.OfflineFolder;

/**
 * {@code jcstar sync}'s part of the transparency log (docs/transparency-log.md): pins the log key on first
 * use ({@code log-key}), and proves every new checkpoint consistent with the one stored last
 * ({@code log-checkpoint}) before storing it. A fork (same size, another root), a shrinking log or a
 * different key fails the sync; a server without a log is only noted.
 */
final class LogSync {
    static final String KEY_FILE = "log-key", CHECKPOINT_FILE = "log-checkpoint";
    private static final int MAX_BYTES = 1 << 20;

    /** What to write once the whole sync succeeded, and the line to print. */
    record Checked(byte[] key, byte[] note, String line) {
        void write(Path dir) throws IOException {
            if (key != null) OfflineFolder.writeAtomically(dir.resolve(KEY_FILE), key);
            if (note != null) OfflineFolder.writeAtomically(dir.resolve(CHECKPOINT_FILE), note);
        }
    }

    private LogSync() {}

    static Checked check(Path dir, String base, HttpClient http, int timeout) throws SyncCommand.SyncFailed {
        String files = base + "/files/";
        Path keyFile = dir.resolve(KEY_FILE);
        Path cpFile = dir.resolve(CHECKPOINT_FILE);
        try {
            Optional<byte[]> servedKey = get(http, files + LogPublisher.KEY, timeout);
            byte[] pinned = Files.exists(keyFile) ? Files.readAllBytes(keyFile) : null;
            if (servedKey.isEmpty()) {
                if (pinned != null)
                    throw new SyncCommand.SyncFailed("the registry no longer serves its transparency log key");
                return new Checked(
                        null,
                        null,
                        String.format(java.util.Locale.ROOT, "%-22s %s", "transparency log", "none served"));
            }
            String key = new String(pinned != null ? pinned : servedKey.get(), StandardCharsets.UTF_8).strip();
            if (pinned != null && !key.equals(new String(servedKey.get(), StandardCharsets.UTF_8).strip())) {
                throw new SyncCommand.SyncFailed(
                        "the registry serves another transparency log key than the one pinned in " + keyFile);
            }
            NoteVerifier verifier;
            try {
                verifier = new NoteVerifier(key);
            } catch (IllegalArgumentException e) {
                throw new SyncCommand.SyncFailed("the transparency log key is not acceptable: " + e.getMessage());
            }
            LogFollower follower = new LogFollower(verifier, p -> {
                try {
                    return get(http, files + p, timeout);
                } catch (IOException e) {
                    throw new LogVerificationException("cannot fetch " + p + ": " + e.getMessage());
                }
            });
            String note = follower.note().orElseThrow(() -> new LogVerificationException("the log has no checkpoint"));
            Checkpoint now = verifier.open(note);
            String before = "new";
            if (Files.exists(cpFile)) {
                Checkpoint old = verifier.open(Files.readString(cpFile, StandardCharsets.UTF_8));
                follower.checkConsistent(old, now);
                before = old.size() == now.size() ? "unchanged" : "grew from " + old.size() + ", consistency proved";
            }
            return new Checked(
                    pinned == null ? servedKey.get() : null,
                    note.getBytes(StandardCharsets.UTF_8),
                    String.format(
                            java.util.Locale.ROOT, "%-22s %d entries, %s", "transparency log", now.size(), before));
        } catch (LogVerificationException e) {
            throw new SyncCommand.SyncFailed("transparency log refused: " + e.getMessage());
        } catch (IOException e) {
            throw new SyncCommand.SyncFailed("transparency log: " + e.getMessage(), e);
        }
    }

    private static Optional<byte[]> get(HttpClient http, String url, int timeout) throws IOException {
        try {
            HttpResponse<InputStream> r = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(timeout))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                if (r.statusCode() == 404) return Optional.empty();
                if (r.statusCode() != 200) throw new IOException("GET " + url + " answered " + r.statusCode());
                byte[] body = in.readNBytes(MAX_BYTES + 1);
                if (body.length > MAX_BYTES)
                    throw new IOException("GET " + url + " sent more than " + MAX_BYTES + " bytes");
                return Optional.of(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }
}
