package jp.jcstar.status;

import java.time.Instant;
import java.util.Objects;

/**
 * One audited status change of a label: who moved it from which state to which, why, and
 * from when it takes effect. Stored with the label; never edited afterwards.
 */
public record StatusChange(
        String labelId,
        LabelState from,
        LabelState to,
        RevocationReason reason,
        Instant effectiveAt,
        Instant recordedAt,
        String actor,
        String note) {
    public StatusChange {
        Objects.requireNonNull(labelId, "labelId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(effectiveAt, "effectiveAt");
        Objects.requireNonNull(recordedAt, "recordedAt");
        Objects.requireNonNull(actor, "actor");
    }
}
