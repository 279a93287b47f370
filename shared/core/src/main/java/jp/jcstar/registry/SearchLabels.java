package jp.jcstar.registry;

import java.util.Objects;
import jp.jcstar.store.LabelQuery;
import jp.jcstar.store.LabelRecord;
import jp.jcstar.store.LabelStore;
import jp.jcstar.store.Page;

/** Searches the labels, page by page. */
public final class SearchLabels {
    private final LabelStore store;
    private final LabelViews views;

    SearchLabels(LabelStore store, LabelViews views) {
        this.store = Objects.requireNonNull(store);
        this.views = Objects.requireNonNull(views);
    }

    public Page<LabelView> search(LabelQuery query, String cursor, int limit) {
        Page<LabelRecord> page = store.search(query, cursor, limit);
        return new Page<>(page.items().stream().map(views::of).toList(), page.next());
    }
}
