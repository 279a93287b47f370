package jp.jcstar.status;

import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import jp.jcstar.label.StatusRef;

/**
 * Builds the status lists from the stored labels: every label's state is written at its
 * {@link StatusRef} in the list of its number; unused entries stay VALID (draft §13.3).
 *
 * <p>A label stored as {@link LabelState#EXPIRED} is written as VALID: the list does not carry
 * expiry, the label's own validity end does, and it takes precedence over the list for every
 * verifier (draft §7.1, §8.3). {@code UNKNOWN} and {@code INVALID} are not stored states and are
 * refused. Two labels at one entry (double allocation, draft §13.3) are refused.
 */
public final class StatusListBuilder {
    private StatusListBuilder() {}

    /** One label's entry and stored state. */
    public record Entry(StatusRef ref, LabelState state) {
        public Entry {
            Objects.requireNonNull(ref, "ref");
            Objects.requireNonNull(state, "state");
        }
    }

    /** The list value written for a stored state (EXPIRED → VALID, see the class comment). */
    public static int listValue(LabelState state) {
        return state == LabelState.EXPIRED ? StatusList.VALID : StatusList.valueOf(state);
    }

    /**
     * The lists, by list number (ascending), each of {@code size} entries; a list number appears iff
     * some entry refers to it.
     *
     * @throws IllegalArgumentException on an index outside the list, a double allocation, or a state
     *                                  that is not stored
     */
    public static SortedMap<Integer, StatusList> build(Iterable<Entry> entries, int size) {
        return build(entries, Entry::ref, Entry::state, size);
    }

    /** As {@link #build(Iterable, int)}, reading ref and state from any item (e.g. a stored label record). */
    public static <T> SortedMap<Integer, StatusList> build(Iterable<T> items, Function<? super T, StatusRef> ref,
            Function<? super T, LabelState> state, int size) {
        Map<Integer, StatusList.Builder> builders = new HashMap<>();
        Map<Integer, BitSet> used = new HashMap<>();
        for (T item : items) {
            StatusRef r = Objects.requireNonNull(ref.apply(item), "status ref");
            LabelState s = Objects.requireNonNull(state.apply(item), "state");
            if (r.index() >= size) throw new IllegalArgumentException("status index " + r.index() + " of list " + r.list() + " is outside [0, " + size + ")");
            StatusList.Builder b = builders.computeIfAbsent(r.list(), n -> StatusList.builder(size));
            BitSet u = used.computeIfAbsent(r.list(), n -> new BitSet(size));
            if (u.get(r.index())) throw new IllegalArgumentException("status entry " + r.list() + "/" + r.index() + " is allocated twice");
            u.set(r.index());
            b.set(r.index(), listValue(s));
        }
        SortedMap<Integer, StatusList> lists = new TreeMap<>();
        builders.forEach((n, b) -> lists.put(n, b.build()));
        return Collections.unmodifiableSortedMap(lists);
    }
}
