package jp.jcstar.store;

import java.util.List;

/**
 * Port: the transparency log's entries, kept by the label store itself. A store that implements this
 * appends one {@link jp.jcstar.log.LogEntry} in the same atomic step as each {@link LabelStore#insert}
 * (an issuance) and each {@link LabelStore#updateStatus} (a status change), numbered 0, 1, 2, … without
 * gaps in the order the steps commit, using the store's conditional writes: a change without its
 * entry, or an entry without its change, is never visible.
 */
public interface LogStore {
    /** The number of entries committed. */
    long logSize();

    /** The encoded entries {@code from, from+1, …}, at most {@code limit} (1..1000), fewer at the end of the log. */
    List<byte[]> logEntries(long from, int limit);

    /** The indexes of the entries of label {@code labelId}, oldest first (its issuance is the first). */
    List<Long> logIndexes(String labelId);
}
