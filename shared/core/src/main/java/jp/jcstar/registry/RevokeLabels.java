package jp.jcstar.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import jp.jcstar.status.RevocationReason;

/**
 * Revokes exactly the labels named (for {@link BulkRevocation}, which decides which ones with a
 * previewed, confirmed set); labels already revoked are skipped. Published lists are flushed once.
 */
public final class RevokeLabels {
    private final ChangeStatus change;
    private final Supplier<Registry.ChangeListener> onChange;

    RevokeLabels(ChangeStatus change, Supplier<Registry.ChangeListener> onChange) {
        this.change = Objects.requireNonNull(change);
        this.onChange = Objects.requireNonNull(onChange);
    }

    public Registry.BulkResult revokeEach(List<String> ids, RevocationReason reason, String actor, String note) {
        List<String> done = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        try {
            for (String id : ids) {
                try {
                    change.changeOne(id, Registry.Action.REVOKE, reason, null, actor, note);
                    done.add(id);
                } catch (TransitionRefusedException e) {
                    skipped.add(id);
                }
            }
        } finally {
            onChange.get().flush(); // what was revoked before a failure is published too
        }
        return new Registry.BulkResult(done, skipped);
    }
}
