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
import java.util.List;
import java.util.Optional;
import jp.jcstar.log.Checkpoint;
import jp.jcstar.log.KeyStatus;
import jp.jcstar.log.LogEntry;
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
    record Checked(byte[] key, byte[] note, String line, byte[] keyStatus, byte[] issuances) {
        Checked(byte[] key, byte[] note, String line) {
            this(key, note, line, null, null);
        }

        void write(Path dir) throws IOException {
            if (key != null) OfflineFolder.writeAtomically(dir.resolve(KEY_FILE), key);
            // the log's issuances first: a reader that sees the new key status sees what it needs with it
            if (issuances != null) OfflineFolder.writeAtomically(dir.resolve(OfflineFolder.LOG_ISSUANCES), issuances);
            if (keyStatus != null) OfflineFolder.writeAtomically(dir.resolve(OfflineFolder.KEY_STATUS), keyStatus);
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
            String line = String.format(
                    java.util.Locale.ROOT, "%-22s %d entries, %s", "transparency log", now.size(), before);
            KeyStatusSync ks = keyStatus(dir, base, http, timeout, verifier, follower, now);
            return new Checked(
                    pinned == null ? servedKey.get() : null,
                    note.getBytes(StandardCharsets.UTF_8),
                    ks.line() == null ? line : line + "\n" + ks.line(),
                    ks.document(),
                    ks.issuances());
        } catch (LogVerificationException e) {
            throw new SyncCommand.SyncFailed("transparency log refused: " + e.getMessage());
        } catch (IOException e) {
            throw new SyncCommand.SyncFailed("transparency log: " + e.getMessage(), e);
        }
    }

    private record KeyStatusSync(byte[] document, byte[] issuances, String line) {}

    /**
     * The key-status document beside the JWKS, verified with the pinned log key; when it lists a key, every
     * entry of the checkpoint just proved (its bundles hashed to the signed root) and, of them, the issuances
     * below the largest {@code logSizeAtT}: what the offline verifier needs to decide without network. A
     * document that does not verify, or one that was stored and is no longer served, fails the sync (a mark
     * is never undone).
     */
    private static KeyStatusSync keyStatus(
            Path dir,
            String base,
            HttpClient http,
            int timeout,
            NoteVerifier verifier,
            LogFollower follower,
            Checkpoint now)
            throws IOException {
        Optional<byte[]> served = get(http, base + "/" + KeyStatus.KEY, timeout);
        if (served.isEmpty()) {
            if (Files.exists(dir.resolve(OfflineFolder.KEY_STATUS)))
                throw new LogVerificationException("the registry no longer serves its key-status document");
            return new KeyStatusSync(null, null, null);
        }
        KeyStatus status = KeyStatus.open(verifier, served.get());
        long below = status.compromised().stream()
                .mapToLong(KeyStatus.Compromise::logSizeAtT)
                .max()
                .orElse(0);
        if (below > now.size())
            throw new LogVerificationException("the key-status document names " + below
                    + " entries logged before a withdrawal, but the log holds " + now.size());
        StringBuilder out = new StringBuilder();
        if (!status.compromised().isEmpty()) {
            List<byte[]> entries = follower.entries(now, null);
            for (int i = 0; i < below; i++) {
                LogEntry e = LogEntry.decode(entries.get(i));
                if (e.kind() != LogEntry.Kind.ISSUANCE) continue;
                out.append(i)
                        .append(' ')
                        .append(e.labelId())
                        .append(' ')
                        .append(jp.jcstar.signing.B64.encode(e.jwsSha256()))
                        .append('\n');
            }
        }
        String line = String.format(
                java.util.Locale.ROOT,
                "%-22s %s",
                "withdrawn keys",
                status.compromised().isEmpty()
                        ? "none"
                        : status.compromised().stream()
                                .map(c -> c.kid() + " since " + c.compromisedAt() + " (entries below " + c.logSizeAtT()
                                        + ")")
                                .collect(java.util.stream.Collectors.joining(", ")));
        return new KeyStatusSync(served.get(), out.toString().getBytes(StandardCharsets.US_ASCII), line);
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
