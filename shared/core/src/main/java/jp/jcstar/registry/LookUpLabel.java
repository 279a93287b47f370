package jp.jcstar.registry;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import jp.jcstar.label.LabelClaims;
import jp.jcstar.label.RegistrationNumber;
import jp.jcstar.status.StatusChange;
import jp.jcstar.store.LabelStore;

/** Finds a label by its registration number, as stored or as typed from a printed label, and its history. */
public final class LookUpLabel {
    private final LabelStore store;
    private final LabelViews views;

    LookUpLabel(LabelStore store, LabelViews views) {
        this.store = Objects.requireNonNull(store);
        this.views = Objects.requireNonNull(views);
    }

    public Optional<LabelView> get(String id) {
        if (id == null) return Optional.empty();
        Optional<LabelView> exact =
                LabelClaims.ID.matcher(id).matches() ? store.get(id).map(views::of) : Optional.empty();
        if (exact.isPresent()) return exact;
        // the registration number as typed from a printed label (lower case, full-width, no hyphen, O for 0)
        Optional<String> typed = RegistrationNumber.canonical(id).filter(c -> !c.equals(id));
        return typed.isEmpty() ? Optional.empty() : store.get(typed.get()).map(views::of);
    }

    public LabelView require(String id) {
        return get(id).orElseThrow(() -> new LabelNotFoundException(id));
    }

    public List<StatusChange> history(String id) {
        require(id); // validates the id form before the store sees it
        return store.history(id);
    }
}
