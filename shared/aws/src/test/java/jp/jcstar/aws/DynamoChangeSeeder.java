package jp.jcstar.aws;

import java.util.ArrayList;
import java.util.List;
import jp.jcstar.status.StatusChange;
import jp.jcstar.store.LabelRecord;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * For tests that need many changes in the feed: writes the audit items of status changes exactly as
 * {@link DynamoLabelStore#updateStatus} does ({@link DynamoLabelStore#auditItem}), 25 per batch instead of
 * one transaction each (the label items are left as they are). moto answers a few transactions a second
 * on a busy machine; 10,000 of them would take half an hour.
 */
public final class DynamoChangeSeeder {
    private DynamoChangeSeeder() {}

    public static void write(
            DynamoDbClient dynamo, String table, List<LabelRecord> updated, List<StatusChange> changes) {
        List<WriteRequest> batch = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            batch.add(WriteRequest.builder()
                    .putRequest(PutRequest.builder()
                            .item(DynamoLabelStore.auditItem(updated.get(i), changes.get(i)))
                            .build())
                    .build());
            if (batch.size() == 25 || i == changes.size() - 1) {
                var req = List.copyOf(batch);
                var pending = java.util.Map.of(table, req);
                while (!pending.isEmpty()) {
                    var p = pending;
                    var resp = dynamo.batchWriteItem(b -> b.requestItems(p));
                    pending = resp.hasUnprocessedItems() ? resp.unprocessedItems() : java.util.Map.of();
                }
                batch.clear();
            }
        }
    }
}
