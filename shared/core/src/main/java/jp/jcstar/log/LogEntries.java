package jp.jcstar.log;

import jp.jcstar.status.StatusChange;
import jp.jcstar.store.LabelRecord;

/** The log entry each store write records, the same for every adapter of {@link jp.jcstar.store.LogStore}. */
public final class LogEntries {
    private LogEntries() {}

    /** The entry of inserting {@code r}: its issuance, effective and recorded at its issue time. */
    public static byte[] issuance(LabelRecord r) {
        return LogEntry.issuance(r.id(), r.jws(), r.claims().issuedAt(), r.updatedAt())
                .encode();
    }

    /** The entry of {@code change} to the label now {@code updated}. */
    public static byte[] statusChange(LabelRecord updated, StatusChange change) {
        return LogEntry.statusChange(
                        updated.id(),
                        updated.jws(),
                        change.from(),
                        change.to(),
                        change.reason(),
                        change.effectiveAt(),
                        change.recordedAt())
                .encode();
    }
}
