package jp.jcstar.cli.offline;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.jcstar.json.Json;
import jp.jcstar.offline.Freshness;
import jp.jcstar.offline.OfflineDataException;
import jp.jcstar.offline.OfflineFolder;
import jp.jcstar.offline.SyncState;
import jp.jcstar.signing.B64;
import jp.jcstar.signing.KeySet;
import jp.jcstar.status.InvalidStatusListException;
import jp.jcstar.status.StatusListToken;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jcstar sync DIR --server URL}: downloads the operator's JWKS and every status list (1, 2, …
 * until the server answers 404) into {@code DIR} for {@code jcstar verify-offline}. Only what changed is
 * downloaded: the ETag / Last-Modified of the previous sync go back as {@code If-None-Match} /
 * {@code If-Modified-Since}, and a {@code 304 Not Modified} keeps the local copy. Every downloaded list
 * is verified (signature against the downloaded JWKS, {@code sub}, format) before anything is written,
 * a list older than the newest one seen is refused (no rollback, also across a key rotation: what was
 * seen is kept in {@code sync.json}, whether or not the local copy still verifies), the registry's
 * {@code sub} is pinned at the first sync, a snapshot missing a list seen before is refused, and every
 * file is replaced atomically,
 * {@code sync.json} last. Nothing is written if any step fails.
 *
 * <p>Exit codes: 0 synced; 1 failed (network, server error, a list that does not verify) — the folder is
 * left as it was; 2 usage error.
 */
@Command(
        name = "sync",
        mixinStandardHelpOptions = true,
        description = {
            "Download the operator's keys (JWKS) and every status list into DIR, for offline verification with 'jcstar verify-offline'.",
            "Only changed files are downloaded (ETag / If-None-Match). Every status list is signature-checked before it is written."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:synced", "1:sync failed; DIR was left as it was", "2:usage error"})
public final class SyncCommand implements Callable<Integer> {
    static final int MAX_JWKS_BYTES = 1 << 20;
    static final int MAX_LIST = 999_999;
    private static final Pattern LIST_SUB = Pattern.compile("(https?://[^\\s]+?)/v1/status-lists/1");

    @Parameters(index = "0", paramLabel = "DIR", description = "Folder to sync into (created if missing).")
    Path dir;

    @Option(
            names = "--server",
            required = true,
            paramLabel = "URL",
            description = "Registry base URL, e.g. https://registry.example.jp or http://127.0.0.1:8080")
    String server;

    @Option(
            names = "--site-base",
            paramLabel = "URL",
            description =
                    "The registry's public base URL the lists are signed for (their 'sub' is <URL>/v1/status-lists/<n>). "
                            + "Default: taken from status list 1's signed 'sub'.")
    String siteBase;

    @Option(
            names = "--timeout",
            defaultValue = "30",
            paramLabel = "SECONDS",
            description = "Per-request timeout. Default: ${DEFAULT-VALUE}")
    int timeoutSeconds;

    @Spec
    CommandSpec spec;

    private final Clock clock;
    private HttpClient http;

    public SyncCommand() {
        this(Clock.systemUTC());
    }

    /** Tests pass their clock (the time recorded as fetched / checked). */
    SyncCommand(Clock clock) {
        this.clock = clock;
    }

    /** Now, in whole seconds: what the folder records and prints. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    /** What one file's sync did. */
    enum Outcome {
        DOWNLOADED,
        NOT_MODIFIED
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Result r = sync();
            r.lines.forEach(out::println);
            out.flush();
            return 0;
        } catch (SyncFailed e) {
            err.println("sync failed: " + e.getMessage());
            err.println(dir + " was left as it was.");
            err.flush();
            return 1;
        }
    }

    record Result(List<String> lines, int downloaded, long bytes) {}

    static final class SyncFailed extends Exception {
        SyncFailed(String message) {
            super(message);
        }

        SyncFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private record Fetched(int status, byte[] body, String etag, String lastModified) {}

    /** A file ready to write: its bytes if downloaded (null if the local copy stays), and its new entry. */
    private record Pending(Path file, byte[] bytes, SyncState.Entry entry) {}

    Result sync() throws SyncFailed {
        String base = normaliseServer(server);
        int timeout = Math.max(1, timeoutSeconds);
        http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(timeout))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        OfflineFolder folder = new OfflineFolder(dir);
        List<String> lines = new ArrayList<>();
        if (base.startsWith("http://") && !isLoopback(base)) {
            lines.add("warning: " + base + " is plain http; use https outside a test network");
        }

        SyncState old = null;
        try {
            old = folder.state().orElse(null);
        } catch (OfflineDataException e) {
            lines.add("note: ignoring the damaged " + folder.syncFile() + " (" + e.getMessage()
                    + "); downloading everything");
        }
        // what sync has seen stays whatever the server and whether or not the local copies still verify
        SyncState seenBefore = old;
        if (old != null && !old.server().equals(base)) old = null; // validators belong to the server that gave them

        // 1. the keys
        SyncState.Entry oldJwks = old != null && Files.exists(folder.jwks()) ? old.jwks() : null;
        Fetched fj = get(
                base + "/.well-known/jwks.json",
                "application/jwk-set+json, application/json",
                oldJwks,
                MAX_JWKS_BYTES,
                timeout);
        Instant now = now();
        byte[] jwksBytes;
        Pending jwks;
        if (fj.status == 304) {
            jwksBytes = readLocal(folder.jwks());
            jwks = new Pending(folder.jwks(), null, oldJwks.checked(now));
        } else if (fj.status == 200) {
            jwksBytes = fj.body;
            jwks = new Pending(folder.jwks(), fj.body, new SyncState.Entry(fj.etag, fj.lastModified, now, now));
        } else {
            throw new SyncFailed("GET " + base + "/.well-known/jwks.json answered " + fj.status);
        }
        KeySet keys;
        try {
            keys = KeySet.parse(new String(jwksBytes, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new SyncFailed("the JWKS is not acceptable: " + e.getMessage());
        }
        if (keys.size() == 0) throw new SyncFailed("the JWKS holds no keys");
        byte[] localJwks = readLocalOrNull(folder.jwks());
        lines.add(String.format(
                Locale.ROOT,
                "%-22s %s, %d key(s)",
                OfflineFolder.JWKS,
                jwks.bytes == null
                        ? "unchanged (304 Not Modified)"
                        : localJwks == null
                                ? "new"
                                : java.util.Arrays.equals(localJwks, jwks.bytes)
                                        ? "downloaded, same content"
                                        : "updated",
                keys.size()));

        // 2. the status lists, 1..n until 404
        String site = siteBase == null ? null : SyncState.stripSlash(siteBase);
        if (seenBefore != null) {
            // the registry's identity is pinned at the first sync: a server whose lists name another sub is refused
            if (site != null && !site.equals(seenBefore.siteBase())) {
                throw new SyncFailed("--site-base " + site + " is not the registry " + dir + " was first synced from ("
                        + seenBefore.siteBase() + "); sync another registry into another folder");
            }
            site = seenBefore.siteBase();
        }
        SortedMap<Integer, Instant> seen = new TreeMap<>(seenBefore == null ? java.util.Map.of() : seenBefore.seen());
        List<Pending> lists = new ArrayList<>();
        SortedMap<Integer, SyncState.Entry> entries = new TreeMap<>();
        List<StatusListToken> tokens = new ArrayList<>();
        int downloaded = fj.status == 200 ? 1 : 0;
        long bytes = fj.status == 200 ? fj.body.length : 0;
        for (int n = 1; n <= MAX_LIST; n++) {
            Path file = folder.list(n);
            byte[] local = readLocalOrNull(file);
            SyncState.Entry oldEntry =
                    old == null || local == null ? null : old.lists().get(n);
            String url = base + "/v1/status-lists/" + n;
            Fetched f = get(url, StatusListToken.MEDIA_TYPE, oldEntry, StatusListToken.MAX_TOKEN_CHARS, timeout);
            now = now();
            if (f.status == 404) {
                if (n == 1) throw new SyncFailed("GET " + url + " answered 404: the server publishes no status list 1");
                break;
            }
            if (site == null) site = siteFromList1(f.status == 304 ? local : f.body);
            if (f.status == 304) {
                StatusListToken t;
                try {
                    t = StatusListToken.parse(ascii(local), keys, siteUri(site, n), now);
                } catch (InvalidStatusListException e) {
                    // the local copy no longer verifies (damaged, or its key left the JWKS): fetch it whole
                    f = get(url, StatusListToken.MEDIA_TYPE, null, StatusListToken.MAX_TOKEN_CHARS, timeout);
                    if (f.status != 200) throw new SyncFailed("GET " + url + " answered " + f.status);
                    t = null;
                }
                if (t != null) {
                    seen.merge(n, t.issuedAt(), (a, b) -> a.isAfter(b) ? a : b);
                    lists.add(new Pending(file, null, oldEntry.checked(now)));
                    entries.put(n, oldEntry.checked(now));
                    tokens.add(t);
                    lines.add(String.format(
                            Locale.ROOT,
                            "%-22s unchanged (304 Not Modified), signed %s, expires %s",
                            OfflineFolder.LISTS + "/" + n + ".jwt",
                            t.issuedAt(),
                            t.expiresAt()));
                    continue;
                }
            }
            if (f.status != 200) throw new SyncFailed("GET " + url + " answered " + f.status);
            StatusListToken t;
            try {
                t = StatusListToken.parse(ascii(f.body), keys, siteUri(site, n), now);
            } catch (InvalidStatusListException e) {
                throw new SyncFailed("status list " + n + " from " + url + " does not verify ("
                        + e.reason().code() + "): " + e.getMessage());
            }
            // no rollback, whether or not the local copy still verifies under the keys just fetched (an old
            // key set replayed with a list signed by a retired key makes it fail): the floor is the newest
            // iat seen, or the local copy's own (it was verified when written) for folders older than that
            Instant floor = seen.get(n);
            Instant localIat = local == null ? null : unverifiedIssuedAt(local);
            if (localIat != null && (floor == null || localIat.isAfter(floor))) floor = localIat;
            if (floor != null && t.issuedAt().isBefore(floor)) {
                throw new SyncFailed("the server sent status list " + n + " signed " + t.issuedAt()
                        + ", older than the local copy signed " + floor
                        + "; refusing to go back (a stale cache or a replay)");
            }
            seen.merge(n, t.issuedAt(), (a, b) -> a.isAfter(b) ? a : b);
            downloaded++;
            bytes += f.body.length;
            SyncState.Entry e = new SyncState.Entry(f.etag, f.lastModified, now, now);
            lists.add(new Pending(file, f.body, e));
            entries.put(n, e);
            tokens.add(t);
            lines.add(String.format(
                    Locale.ROOT,
                    "%-22s %s, signed %s, expires %s, %d label(s) not valid",
                    OfflineFolder.LISTS + "/" + n + ".jwt",
                    local == null
                            ? "new"
                            : java.util.Arrays.equals(local, f.body) ? "downloaded, same content" : "updated",
                    t.issuedAt(),
                    t.expiresAt(),
                    t.list().countNotValid()));
        }

        for (int n : seen.keySet()) {
            if (!entries.containsKey(n)) {
                throw new SyncFailed("the server no longer publishes status list " + n
                        + ", synced before; refusing a snapshot that drops it "
                        + "(a replay of an older registry, or a wrong server)");
            }
        }

        // the transparency log: a new checkpoint must extend the last one stored (LogSync)
        LogSync.Checked logged = LogSync.check(dir, base, http, timeout);
        lines.add(logged.line());

        // 3. write: keys first (old lists still verify with them: old keys stay published), lists, sync.json last
        Instant done = now();
        SyncState state = new SyncState(base, site, done, jwks.entry, entries, seen);
        try {
            Files.createDirectories(dir);
            if (jwks.bytes != null) OfflineFolder.writeAtomically(jwks.file, jwks.bytes);
            for (Pending p : lists) if (p.bytes != null) OfflineFolder.writeAtomically(p.file, p.bytes);
            logged.write(dir);
            OfflineFolder.writeAtomically(folder.syncFile(), state.toJson());
        } catch (IOException e) {
            throw new SyncFailed("cannot write " + dir + ": " + e.getMessage(), e);
        }
        Instant due = null;
        Instant exp = null;
        for (StatusListToken t : tokens) {
            Instant d = t.refreshAt(done);
            if (due == null || d.isBefore(due)) due = d;
            if (exp == null || t.expiresAt().isBefore(exp)) exp = t.expiresAt();
        }
        lines.add(String.format(
                Locale.ROOT,
                "synced %d status list(s) from %s (site %s): %d file(s) downloaded, %d bytes",
                tokens.size(),
                base,
                site,
                downloaded,
                bytes));
        lines.add("sync again by " + due + " (ttl); without a sync the lists stop vouching for any label at " + exp
                + " (in " + Freshness.describe(Duration.between(done, exp)) + ")");
        return new Result(lines, downloaded, bytes);
    }

    private Fetched get(String url, String accept, SyncState.Entry validators, int maxBytes, int timeout)
            throws SyncFailed {
        HttpRequest.Builder b;
        try {
            b = HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(timeout))
                    .header("Accept", accept)
                    .GET();
        } catch (IllegalArgumentException e) {
            throw new SyncFailed("bad URL " + url);
        }
        if (validators != null && validators.etag() != null) b.header("If-None-Match", validators.etag());
        if (validators != null && validators.lastModified() != null)
            b.header("If-Modified-Since", validators.lastModified());
        try {
            HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                if (r.statusCode() == 304 && validators == null)
                    throw new SyncFailed("GET " + url + " answered 304 to an unconditional request");
                byte[] body = r.statusCode() == 200 ? in.readNBytes(maxBytes + 1) : new byte[0];
                if (body.length > maxBytes)
                    throw new SyncFailed("GET " + url + " sent more than " + maxBytes + " bytes");
                return new Fetched(
                        r.statusCode(),
                        body,
                        r.headers().firstValue("etag").orElse(null),
                        r.headers().firstValue("last-modified").orElse(null));
            }
        } catch (IOException e) {
            throw new SyncFailed(
                    "GET " + url + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SyncFailed("interrupted");
        }
    }

    /** The site base from list 1's {@code sub}, trusted only once the token verifies for exactly that URI. */
    private static String siteFromList1(byte[] token) throws SyncFailed {
        String t = ascii(token);
        String[] parts = t.split("\\.", -1);
        String sub = null;
        try {
            if (parts.length == 3)
                sub = Json.parse(B64.decode(parts[1])).path("sub").asText(null);
        } catch (IllegalArgumentException e) {
            // reported below
        }
        Matcher m = sub == null ? null : LIST_SUB.matcher(sub);
        if (m == null || !m.matches()) {
            throw new SyncFailed("status list 1 does not name its own URI (sub " + sub + "); pass --site-base URL");
        }
        return m.group(1); // parse(..., expected = this + /v1/status-lists/1) then checks the signature covers it
    }

    /** The {@code iat} of a local list without checking its signature (it was checked when written); null if unreadable. */
    private static Instant unverifiedIssuedAt(byte[] token) {
        String[] parts = ascii(token).split("\\.", -1);
        if (parts.length != 3) return null;
        try {
            var iat = Json.parse(B64.decode(parts[1])).get("iat");
            return iat != null && iat.canConvertToLong() ? Instant.ofEpochSecond(iat.asLong()) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String siteUri(String site, int n) {
        return site + "/v1/status-lists/" + n;
    }

    static String normaliseServer(String s) throws SyncFailed {
        String base = SyncState.stripSlash(s);
        URI u;
        try {
            u = URI.create(base);
        } catch (IllegalArgumentException e) {
            throw new SyncFailed("--server " + s + " is not a URL");
        }
        if (u.getScheme() == null
                || !(u.getScheme().equals("https") || u.getScheme().equals("http"))
                || u.getHost() == null
                || u.getRawQuery() != null
                || u.getRawFragment() != null) {
            throw new SyncFailed("--server must be an http(s) base URL such as https://registry.example.jp, not " + s);
        }
        return base;
    }

    private static boolean isLoopback(String base) {
        String h = URI.create(base).getHost();
        return h.equals("localhost") || h.equals("127.0.0.1") || h.equals("[::1]") || h.equals("::1");
    }

    private static String ascii(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII).strip();
    }

    private static byte[] readLocal(Path file) throws SyncFailed {
        byte[] b = readLocalOrNull(file);
        if (b == null) throw new SyncFailed(file + " disappeared during the sync");
        return b;
    }

    private static byte[] readLocalOrNull(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            return null;
        }
    }
}
