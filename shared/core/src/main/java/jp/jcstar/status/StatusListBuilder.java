package jp.jcstar.status;

import java.util.Map;
import java.util.Objects;

/**
 * Builds a status list from the store's record of that list's entries that are not valid
 * ({@code LabelStore#listEntries}: index → stored state), as {@code Publisher} does at every
 * rebuild; every other entry stays VALID (draft §13.3).
 *
 * <p>A label stored as {@link LabelState#EXPIRED} is written as VALID: the list does not carry
 * expiry, the label's own validity end does, and it takes precedence over the list for every
 * verifier (draft §7.1, §8.3). {@code UNKNOWN} and {@code INVALID} are not stored states and are
 * refused. The store keeps one label per entry, so an entry has one state by construction.
 */
public final class StatusListBuilder {
    private StatusListBuilder() {}

    /** The list value written for a stored state (EXPIRED → VALID, see the class comment). */
    public static int listValue(LabelState state) {
        return state == LabelState.EXPIRED ? StatusList.VALID : StatusList.valueOf(state);
    }

    /**
     * The list of {@code size} entries with {@code entries} (index → stored state) set.
     *
     * @throws IllegalArgumentException on an index outside the list or a state that is not stored
     */
    public static StatusList of(Map<Integer, LabelState> entries, int size) {
        StatusList.Builder b = StatusList.builder(size);
        entries.forEach((i, s) -> {
            if (i < 0 || i >= size)
                throw new IllegalArgumentException("status index " + i + " is outside [0, " + size + ")");
            b.set(i, listValue(Objects.requireNonNull(s, "state")));
        });
        return b.build();
    }
}
