package jp.jcstar.store;

import java.util.List;
import java.util.Objects;
import jp.jcstar.status.StatusChange;

/**
 * One status change as the change feed ({@link LabelStore#changes}) lists it: the change, its position
 * in the store's commit order, and the label's vendor and model designations as issued (so a feed
 * filtered by vendor or model needs no read per label). {@code position} is the store's own opaque,
 * ordered key (H2: a sequence number; DynamoDB: the change-index sort key); only the store that made
 * it reads it.
 */
public record ChangeEntry(String position, StatusChange change, String vendor, List<String> models) {
    public ChangeEntry {
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(vendor, "vendor");
        models = List.copyOf(models);
    }
}
