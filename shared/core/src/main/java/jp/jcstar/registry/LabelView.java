package jp.jcstar.registry;

import java.time.Instant;
import jp.jcstar.status.LabelState;
import jp.jcstar.status.RevocationReason;
import jp.jcstar.store.LabelRecord;

/**
 * A label as the public sees it now: the stored record plus its <em>effective</em> status, which also
 * accounts for the support period and the label validity having ended (computed at read time, so the
 * answer is right before the daily sweep runs).
 */
public record LabelView(
        LabelRecord record, LabelState status, RevocationReason reason, Instant statusEffectiveAt, String qrText) {
    public String id() {
        return record.id();
    }

    /** The compact QR form (registration number only, for small packaging): the verify URL of {@link #qrText} with the id after {@code #}. */
    public String compactQrText() {
        return qrText.substring(0, qrText.indexOf('#') + 1) + record.id();
    }
}
