package jp.jcstar.registry;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import jp.jcstar.log.KeyStatusCheck;
import jp.jcstar.qr.QrText;
import jp.jcstar.status.LabelState;
import jp.jcstar.store.LabelRecord;
import jp.jcstar.store.LabelStore;
import jp.jcstar.verify.LabelVerifier;
import jp.jcstar.verify.Verification;

/** Verifies a label (compact JWS or scanned QR text) and reports its current status in this registry. */
public final class VerifyLabel {
    private final LabelStore store;
    private final LabelVerifier verifier;
    private final LabelViews views;
    private volatile KeyWithdrawals withdrawals = KeyWithdrawals.NONE;

    VerifyLabel(LabelStore store, LabelVerifier verifier, LabelViews views) {
        this.store = Objects.requireNonNull(store);
        this.verifier = Objects.requireNonNull(verifier);
        this.views = Objects.requireNonNull(views);
    }

    /** Consulted for every label whose signature verified (withdrawn, compromised keys). */
    void withdrawals(KeyWithdrawals w) {
        this.withdrawals = Objects.requireNonNull(w);
    }

    public VerifyAnswer verify(String input) {
        // the compact QR form names only the registration number: verify the label stored under it
        Optional<String> number = QrText.registrationNumber(input);
        if (number.isPresent()) {
            Optional<LabelRecord> held = store.get(number.get());
            if (held.isEmpty())
                return new VerifyAnswer(
                        false,
                        LabelState.UNKNOWN,
                        null,
                        "this registry holds no label with this registration number",
                        null,
                        null);
            input = held.get().jws();
        }
        Verification v = verifier.verify(input);
        if (v instanceof Verification.Rejected rej) {
            return new VerifyAnswer(false, LabelState.INVALID, rej.reason().code(), rej.detail(), null, null);
        }
        var ok = (Verification.Verified) v;
        var key = withdrawals.decide(ok.kid(), ok.claims().id(), ok.jws());
        if (!key.accepted()) {
            LabelState s =
                    KeyStatusCheck.KEY_COMPROMISED.equals(key.reason()) ? LabelState.INVALID : LabelState.UNKNOWN;
            return new VerifyAnswer(false, s, key.reason(), key.detail(), null, null);
        }
        Optional<LabelRecord> stored = store.get(ok.claims().id());
        if (stored.isEmpty() || !stored.get().claims().equals(ok.claims())) {
            return new VerifyAnswer(
                    false,
                    LabelState.UNKNOWN,
                    null,
                    "genuine signature, but this registry holds no such label",
                    null,
                    ok.claims());
        }
        LabelView view = views.of(stored.get());
        boolean valid = view.status() == LabelState.VALID;
        return new VerifyAnswer(
                valid,
                view.status(),
                view.reason() == null ? null : view.reason().code(),
                valid ? key.note() : describe(view),
                view.statusEffectiveAt(),
                ok.claims());
    }

    public List<VerifyAnswer> verifyBatch(List<String> inputs) {
        return inputs.stream().map(this::verify).toList();
    }

    private static String describe(LabelView v) {
        return switch (v.status()) {
            case REVOKED -> "revoked by the operator";
            case SUSPENDED -> "suspended by the operator";
            case SUPPORT_ENDED -> "the security support period has ended";
            case EXPIRED -> "the label's validity has ended";
            default -> null;
        };
    }
}
