package jp.jcstar.testing;

import java.util.ArrayList;
import java.util.List;
import jp.jcstar.store.LabelQuery;
import jp.jcstar.store.LabelRecord;
import jp.jcstar.store.LabelStore;
import jp.jcstar.store.Page;

/** Test helper: every label a store holds, paging through {@link LabelQuery#ALL}. */
public final class StoreScan {
    private StoreScan() {}

    public static List<LabelRecord> all(LabelStore store) {
        List<LabelRecord> out = new ArrayList<>();
        String cursor = null;
        do {
            Page<LabelRecord> p = store.search(LabelQuery.ALL, cursor, 1000);
            out.addAll(p.items());
            cursor = p.next();
        } while (cursor != null);
        return out;
    }
}
