package jp.jcstar.offline;

import jp.jcstar.label.LabelClaims;
import jp.jcstar.status.LabelState;

/**
 * The answer to "is this label genuine and still valid?", computed from a synced folder without
 * calling the registry.
 *
 * @param valid      true only for {@link OfflineStatus#VALID}: a genuine label whose entry in an
 *                   unexpired status list is valid and whose support period and validity have not ended
 * @param status     the verdict
 * @param reason     a stable code: the reject reason for {@code invalid} (e.g. {@code bad-signature}),
 *                   {@code support-ended}, {@code label-validity-ended}, {@code status-list-expired},
 *                   {@code status-list-missing}, {@code status-list-invalid}, {@code status-index-outside-list};
 *                   null for valid, revoked and suspended (the list carries no reason; the registry does)
 * @param detail     one sentence for a person; null for valid
 * @param claims     the label's claims; null for an invalid label (a forged label's claims are never shown)
 * @param kid        the operator key that signed the label; null for an invalid label
 * @param listStatus what the status list says for this label (null when no list was read); for a
 *                   {@code stale} answer, the last known status
 * @param freshness  how old the status data is; null when no list was read
 */
public record OfflineAnswer(
        boolean valid,
        OfflineStatus status,
        String reason,
        String detail,
        LabelClaims claims,
        String kid,
        LabelState listStatus,
        Freshness freshness) {}
