package jp.jcstar.status;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import jp.jcstar.label.StatusRef;

/**
 * Picks status list indexes for new labels uniformly at random in {@code [0, size)} with a
 * {@link SecureRandom}, so an index reveals neither the issue order nor how many labels exist (herd
 * privacy, draft-ietf-oauth-status-list §12 and §13.3). The store enforces uniqueness of
 * (list, index); on a collision the caller draws again ({@link #allocate} does the loop). A list
 * counts as "full enough" once more than {@link #FULL_FRACTION} of it is used: collisions then cost
 * more than one draw on average, and the issuer moves on to the next list number. Thread-safe.
 */
public final class StatusIndexAllocator {
    /** Fraction of a list in use past which new labels go to the next list. */
    public static final double FULL_FRACTION = 0.5;
    /**
     * Draws {@link #allocate} makes before giving up. Below the {@link #FULL_FRACTION} every draw
     * succeeds with probability at least 1/2, so 64 failures in a row happen with probability 2^-64.
     */
    public static final int MAX_ATTEMPTS = 64;

    private final int size;
    private final SecureRandom random;

    /** An allocator for lists of {@code size} entries. */
    public StatusIndexAllocator(int size) {
        this(size, new SecureRandom());
    }

    public StatusIndexAllocator(int size, SecureRandom random) {
        if (size < StatusList.MIN_SIZE) throw new IllegalArgumentException("a status list has at least " + StatusList.MIN_SIZE + " entries, not " + size);
        this.size = size;
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Entries per list. */
    public int size() {
        return size;
    }

    /** A uniformly random index in {@code [0, size)}. */
    public int nextIndex() {
        return random.nextInt(size);
    }

    /** A random entry of list {@code list}. */
    public StatusRef next(int list) {
        return new StatusRef(list, nextIndex());
    }

    /** True once more than {@link #FULL_FRACTION} of a list's entries are in use: use the next list number. */
    public boolean isFullEnough(long used) {
        if (used < 0) throw new IllegalArgumentException("used must not be negative");
        return used > (long) (size * FULL_FRACTION);
    }

    /**
     * The list number new labels should use, given the current list number and how many of its entries
     * are in use: {@code current} while it is not full enough, else {@code current + 1}.
     */
    public int listFor(int current, long usedInCurrent) {
        return isFullEnough(usedInCurrent) ? current + 1 : current;
    }

    /**
     * Draws random entries of {@code list} until {@code claim} accepts one (the store's conditional
     * write, returning false when the entry is taken), at most {@link #MAX_ATTEMPTS} times.
     *
     * @return the claimed entry, or empty if every draw collided (the list is fuller than it should be)
     */
    public Optional<StatusRef> allocate(int list, Predicate<StatusRef> claim) {
        for (int i = 0; i < MAX_ATTEMPTS; i++) {
            StatusRef ref = next(list);
            if (claim.test(ref)) return Optional.of(ref);
        }
        return Optional.empty();
    }
}
