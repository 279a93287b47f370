package jp.jcstar.store;

import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import jp.jcstar.signing.KeySet;
import jp.jcstar.signing.PublicKeys;

/**
 * The operator's public keys as a {@link KeyDirectory} publishes them, for a long-lived verifier (a warm
 * Lambda instance): loaded when built, then reloaded
 * <ul>
 *   <li>when a label names a kid not in the loaded set (a key rotation published after this instance
 *       started), at most once per {@code unknownKidInterval}, so forged kids cannot turn every request
 *       into a read of the directory (while nothing is published yet, on every unknown kid: a verifier
 *       may start before the first signer publishes, e.g. when a deployment initialises them in
 *       parallel);</li>
 *   <li>when the loaded set is older than {@code maxAge}, so that a key dropped from the directory
 *       stops verifying within that time.</li>
 * </ul>
 * A failed reload throws (the caller answers with its own failure, not with a verdict on the label).
 * Thread-safe.
 */
public final class KeyDirectoryKeys implements PublicKeys {
    /** How often an unknown kid may trigger a reload. */
    public static final Duration UNKNOWN_KID_INTERVAL = Duration.ofSeconds(30);
    /** How long a loaded key set is used before it is read again (the JWKS is cached as long). */
    public static final Duration MAX_AGE = Duration.ofMinutes(5);

    private final KeyDirectory directory;
    private final Clock clock;
    private final Duration unknownKidInterval;
    private final Duration maxAge;
    private volatile Loaded loaded;

    private record Loaded(KeySet keys, Instant at) {}

    /** Loads the directory now; with {@link #UNKNOWN_KID_INTERVAL} and {@link #MAX_AGE}. */
    public KeyDirectoryKeys(KeyDirectory directory, Clock clock) {
        this(directory, clock, UNKNOWN_KID_INTERVAL, MAX_AGE);
    }

    public KeyDirectoryKeys(KeyDirectory directory, Clock clock, Duration unknownKidInterval, Duration maxAge) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.unknownKidInterval = Objects.requireNonNull(unknownKidInterval, "unknownKidInterval");
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
        this.loaded = new Loaded(directory.load(), clock.instant());
    }

    @Override
    public Optional<ECPublicKey> find(String kid) {
        Loaded l = loaded;
        Instant now = clock.instant();
        if (now.isAfter(l.at().plus(maxAge))) l = reload(l);
        Optional<ECPublicKey> key = l.keys().find(kid);
        if (key.isPresent() || (l.keys().size() > 0 && !now.isAfter(l.at().plus(unknownKidInterval)))) return key;
        return reload(l).keys().find(kid);
    }

    @Override
    public KeySet current() {
        return loaded.keys();
    }

    /** Reloads unless another thread already did since {@code seen} was read. */
    private synchronized Loaded reload(Loaded seen) {
        Loaded l = loaded;
        if (l != seen) return l;
        // the attempt counts even if it fails: a failing directory is not hammered either
        Instant at = clock.instant();
        loaded = new Loaded(l.keys(), at);
        loaded = l = new Loaded(directory.load(), at);
        return l;
    }

    @Override
    public String toString() {
        return "KeyDirectoryKeys[" + directory + ", " + loaded.keys().size() + " keys]";
    }
}
