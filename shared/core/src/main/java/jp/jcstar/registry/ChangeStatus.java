package jp.jcstar.registry;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import jp.jcstar.label.LabelClaims;
import jp.jcstar.label.RejectedInputException;
import jp.jcstar.status.LabelState;
import jp.jcstar.status.RevocationReason;
import jp.jcstar.status.StatusChange;
import jp.jcstar.status.Transitions;
import jp.jcstar.store.LabelRecord;
import jp.jcstar.store.LabelStore;

/**
 * Revokes, suspends or reinstates one label by the operator's decision, under the rules of
 * {@link Transitions}. Retries on concurrent changes, re-checking the rules each time.
 */
public final class ChangeStatus {
    private static final int ATTEMPTS = 10;

    private final LabelStore store;
    private final Clock clock;
    private final LabelViews views;
    private final Supplier<Registry.ChangeListener> onChange;

    ChangeStatus(LabelStore store, Clock clock, LabelViews views, Supplier<Registry.ChangeListener> onChange) {
        this.store = Objects.requireNonNull(store);
        this.clock = Objects.requireNonNull(clock);
        this.views = Objects.requireNonNull(views);
        this.onChange = Objects.requireNonNull(onChange);
    }

    /** See {@link Registry#change}: this change, and the derived files published. */
    public LabelView change(
            String id,
            Registry.Action action,
            RevocationReason reason,
            Instant effectiveAt,
            String actor,
            String note) {
        LabelView v;
        try {
            v = changeOne(id, action, reason, effectiveAt, actor, note);
        } catch (TransitionRefusedException e) {
            // typically the retry of a revocation whose publication failed: the state is stored, the
            // list may still be pending, so publish before refusing
            onChange.get().flush();
            throw e;
        }
        onChange.get().flush();
        return v;
    }

    /** The change, told to the listener but not flushed (a bulk revocation flushes once). */
    LabelView changeOne(
            String id,
            Registry.Action action,
            RevocationReason reason,
            Instant effectiveAt,
            String actor,
            String note) {
        Objects.requireNonNull(actor, "actor");
        // an id that cannot be a label id is not looked up: some stores refuse odd keys with an error (DynamoDB: > 2
        // KB)
        if (id == null || !LabelClaims.ID.matcher(id).matches()) throw new LabelNotFoundException(id);
        LabelState to = action.target();
        Optional<String> badReason = Transitions.reasonRefusal(to, reason);
        if (badReason.isPresent()) throw new RejectedInputException.BadRequest("bad-request", badReason.get());
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            LabelRecord current = store.get(id).orElseThrow(() -> new LabelNotFoundException(id));
            Instant now = clock.instant();
            Instant when = effectiveAt == null ? now : effectiveAt;
            LabelState from = current.state();
            Optional<String> refused = Transitions.refusal(id, from, to);
            if (refused.isPresent()) throw new TransitionRefusedException(refused.get());
            if (to == LabelState.SUSPENDED && from == LabelState.SUSPENDED) {
                // a repeat is idempotent: the date shoppers see stays the original one; only a new reason is recorded
                if (current.reason() == reason) return views.of(current);
                when = current.stateEffectiveAt();
            }
            LabelRecord updated = current.withStatus(to, to == LabelState.VALID ? null : reason, when, now);
            try {
                store.updateStatus(updated, new StatusChange(id, from, to, updated.reason(), when, now, actor, note));
                onChange.get().changed(updated);
                return views.of(updated);
            } catch (LabelStore.ConcurrentUpdateException e) {
                // someone else changed it: read again and re-apply the rules
            }
        }
        throw new IllegalStateException("label " + id + " keeps changing; gave up after " + ATTEMPTS + " attempts");
    }
}
