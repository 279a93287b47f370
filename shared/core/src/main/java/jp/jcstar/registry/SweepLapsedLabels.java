package jp.jcstar.registry;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import jp.jcstar.status.LabelState;
import jp.jcstar.status.RevocationReason;
import jp.jcstar.status.StatusChange;
import jp.jcstar.status.StatusRules;
import jp.jcstar.store.LabelQuery;
import jp.jcstar.store.LabelRecord;
import jp.jcstar.store.LabelStore;
import jp.jcstar.store.Page;

/**
 * The daily sweep: stores {@code support-ended} / {@code expired} for labels whose dates have passed
 * ({@link StatusRules}), so status lists and exports carry them. Idempotent and resumable, in bounded
 * steps ({@link #sweepStep}).
 */
public final class SweepLapsedLabels {
    /** The stored states a sweep visits, in order. */
    private static final List<LabelState> SWEPT = List.of(LabelState.VALID, LabelState.SUSPENDED);

    private final LabelStore store;
    private final Clock clock;
    private final Supplier<Registry.ChangeListener> onChange;

    SweepLapsedLabels(LabelStore store, Clock clock, Supplier<Registry.ChangeListener> onChange) {
        this.store = Objects.requireNonNull(store);
        this.clock = Objects.requireNonNull(clock);
        this.onChange = Objects.requireNonNull(onChange);
    }

    /** See {@link Registry#sweep}. */
    public int sweep(Consumer<String> progress) {
        int moved = 0;
        String cursor = null;
        do {
            Registry.SweepStep step = sweepStep(cursor, Integer.MAX_VALUE, progress);
            moved += step.moved();
            cursor = step.next();
        } while (cursor != null);
        return moved;
    }

    /** See {@link Registry#sweepStep}. */
    public Registry.SweepStep sweepStep(String cursor, int maxLabels, Consumer<String> progress) {
        if (maxLabels < 1) throw new IllegalArgumentException("a sweep step visits at least one label");
        int state = 0;
        String storeCursor = null;
        if (cursor != null) {
            int colon = cursor.indexOf(':');
            state = colon < 0
                    ? -1
                    : SWEPT.stream().map(LabelState::code).toList().indexOf(cursor.substring(0, colon));
            if (state < 0) throw new IllegalArgumentException("not a sweep cursor: " + cursor);
            storeCursor = colon + 1 == cursor.length() ? null : cursor.substring(colon + 1);
        }
        int moved = 0, seen = 0;
        String next = null;
        while (state < SWEPT.size() && next == null) {
            LabelState stored = SWEPT.get(state);
            do {
                Page<LabelRecord> page = store.search(
                        new LabelQuery(null, null, null, null, null, stored),
                        storeCursor,
                        Math.min(500, maxLabels - seen));
                for (LabelRecord r : page.items()) {
                    seen++;
                    if (moveIfDue(r, stored, progress)) moved++;
                }
                storeCursor = page.next();
            } while (storeCursor != null && seen < maxLabels);
            if (storeCursor != null) {
                next = stored.code() + ":" + storeCursor;
            } else {
                state++;
                if (seen >= maxLabels && state < SWEPT.size())
                    next = SWEPT.get(state).code() + ":";
            }
        }
        onChange.get().flush();
        return new Registry.SweepStep(moved, next);
    }

    private boolean moveIfDue(LabelRecord r, LabelState stored, Consumer<String> progress) {
        if (stored == LabelState.SUSPENDED && !StatusRules.supportEnded(r.claims(), clock.instant())) return false;
        LabelState eff = StatusRules.effective(LabelState.VALID, r.claims(), clock.instant());
        if (eff == LabelState.VALID) return false;
        try {
            LabelRecord updated = r.withStatus(
                    eff,
                    eff == LabelState.SUPPORT_ENDED ? RevocationReason.SUPPORT_ENDED : null,
                    StatusRules.dateEffectiveAt(eff, r.claims()),
                    clock.instant());
            store.updateStatus(
                    updated,
                    new StatusChange(
                            r.id(),
                            r.state(),
                            eff,
                            updated.reason(),
                            updated.stateEffectiveAt(),
                            clock.instant(),
                            "system:sweep",
                            null));
            onChange.get().changed(updated);
            if (progress != null) progress.accept(r.id() + " -> " + eff.code());
            return true;
        } catch (LabelStore.ConcurrentUpdateException e) {
            // changed meanwhile (e.g. revoked): the next run sees the new state
            return false;
        }
    }
}
