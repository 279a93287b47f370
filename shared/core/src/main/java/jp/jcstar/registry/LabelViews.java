package jp.jcstar.registry;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import jp.jcstar.qr.QrText;
import jp.jcstar.status.LabelState;
import jp.jcstar.status.RevocationReason;
import jp.jcstar.status.StatusRules;
import jp.jcstar.store.LabelRecord;

/** A stored label as callers see it now: its effective status ({@link StatusRules}) and its QR text. */
final class LabelViews {
    private final Clock clock;
    private final String siteBase;

    LabelViews(Clock clock, String siteBase) {
        this.clock = Objects.requireNonNull(clock);
        this.siteBase = Objects.requireNonNull(siteBase);
    }

    LabelView of(LabelRecord r) {
        Instant now = clock.instant();
        LabelState eff = StatusRules.effective(r.state(), r.claims(), now);
        Instant at = eff == r.state() ? r.stateEffectiveAt() : StatusRules.dateEffectiveAt(eff, r.claims());
        if (eff == LabelState.VALID) at = null;
        RevocationReason reason = eff == LabelState.SUPPORT_ENDED
                ? RevocationReason.SUPPORT_ENDED
                : (eff == LabelState.REVOKED || eff == LabelState.SUSPENDED) ? r.reason() : null;
        return new LabelView(r, eff, reason, at, QrText.ofCompactHeader(siteBase, r.jws()));
    }
}
