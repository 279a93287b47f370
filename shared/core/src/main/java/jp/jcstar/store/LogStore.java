package jp.jcstar.store;

import java.util.List;

/**
 * Port: the transparency log's entries, kept by the label store itself. A store that implements this
 * writes one {@link jp.jcstar.log.LogEntry} in the same atomic step as each {@link LabelStore#insert}
 * (an issuance) and each {@link LabelStore#updateStatus} (a status change): a change without its
 * entry, or an entry without its change, is never visible. The entry is written <em>unnumbered</em>
 * (pending), so parallel writers never contend for a counter; {@link #sequenceLog} later gives the
 * committed pending entries the next indexes 0, 1, 2, … without gaps or repeats, in batches, each
 * label's entries in the order of its changes. Only sequenced entries are in the log (size, entries,
 * indexes).
 */
public interface LogStore {
    /** The number of entries sequenced. */
    long logSize();

    /** The encoded entries {@code from, from+1, …}, at most {@code limit} (1..1000), fewer at the end of the log. */
    List<byte[]> logEntries(long from, int limit);

    /** The indexes of the sequenced entries of label {@code labelId}, oldest first (its issuance is the first). */
    List<Long> logIndexes(String labelId);

    /**
     * Numbers every entry committed and still pending when it is called, appending them to the log; returns
     * the log's size after. Safe to call from several places at once (the store's conditional write on the
     * log head lets one batch win, the others read again), but meant to be run by one sequencer, the log's
     * publisher, after each change.
     */
    long sequenceLog();
}
