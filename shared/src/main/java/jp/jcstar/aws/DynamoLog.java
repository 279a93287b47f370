package jp.jcstar.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The transparency log's items in the label table, for {@link DynamoLabelStore}:
 * <ul>
 *   <li>{@code PK=LOG, SK=HEAD}: {@code size}, the number of entries;</li>
 *   <li>{@code PK=LOG#<seq / 1000>, SK=<seq, 19 digits>}: {@code entry} (the encoded entry, binary) and
 *       {@code lid};</li>
 *   <li>{@code PK=L#<label id>, SK=X#<seq, 19 digits>}: the label's own index of its entries.</li>
 * </ul>
 * Each write of the store adds, to its own {@code TransactWriteItems}, the head's update conditioned on
 * the size it read ({@code size = :read}, or absent for 0) and the entry's two items: two writers
 * that read the same size cannot both commit, the loser re-reads the head and tries again, and an
 * entry exists exactly when its change does.
 */
final class DynamoLog {
    static final String HEAD_PK = "LOG", HEAD_SK = "HEAD", SIZE = "size", ENTRY = "entry";
    static final int PER_PARTITION = 1000;
    /** Attempts for a writer that keeps losing the race for the next number (each loss means another writer won). */
    static final int MAX_RACES = 400;

    private final DynamoDbClient dynamo;
    private final String table;

    DynamoLog(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    long size() {
        var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(DynamoLabelStore.PK, s(HEAD_PK), DynamoLabelStore.SK, s(HEAD_SK)))).item();
        return item == null || !item.containsKey(SIZE) ? 0 : Long.parseLong(item.get(SIZE).n());
    }

    /** {@code writes} followed by the log's three writes for the next entry (the head's update is at {@code writes.size()}). */
    List<TransactWriteItem> withEntry(List<TransactWriteItem> writes, String labelId, byte[] entry) {
        long seq = size();
        List<TransactWriteItem> all = new ArrayList<>(writes);
        Update.Builder head = Update.builder().tableName(table)
                .key(Map.of(DynamoLabelStore.PK, s(HEAD_PK), DynamoLabelStore.SK, s(HEAD_SK)))
                .updateExpression("SET #n = :next").expressionAttributeNames(Map.of("#n", SIZE));
        if (seq == 0) head.conditionExpression("attribute_not_exists(#n)").expressionAttributeValues(Map.of(":next", n(1)));
        else head.conditionExpression("#n = :read").expressionAttributeValues(Map.of(":next", n(seq + 1), ":read", n(seq)));
        all.add(TransactWriteItem.builder().update(head.build()).build());
        all.add(put(Map.of(DynamoLabelStore.PK, s(partition(seq)), DynamoLabelStore.SK, s(sortKey(seq)),
                ENTRY, AttributeValue.fromB(SdkBytes.fromByteArray(entry)), DynamoLabelStore.LID, s(labelId))));
        all.add(put(Map.of(DynamoLabelStore.PK, s("L#" + labelId), DynamoLabelStore.SK, s("X#" + sortKey(seq)))));
        return all;
    }

    /**
     * Whether a cancelled transaction failed only because another writer took the number first: the
     * head's condition failed (or conflicted), the log's items may have failed with it, the change's own
     * items did not fail their conditions.
     */
    static boolean lostTheRace(List<String> codes, int headAt) {
        if (codes.size() <= headAt) return false;
        String head = codes.get(headAt);
        if (!"ConditionalCheckFailed".equals(head) && !"TransactionConflict".equals(head)) return false;
        for (int i = 0; i < codes.size(); i++) {
            String c = codes.get(i);
            boolean ours = i > headAt && "ConditionalCheckFailed".equals(c); // the winner's entry is at that number
            if (i != headAt && !ours && c != null && !c.equals("None") && !c.equals("TransactionConflict")) return false;
        }
        return true;
    }

    List<byte[]> entries(long from, int limit) {
        if (from < 0 || limit < 1 || limit > 1000) throw new IllegalArgumentException("from ≥ 0, limit 1..1000");
        List<byte[]> out = new ArrayList<>();
        long end = Math.min(from + limit, size());
        for (long p = from / PER_PARTITION; from + out.size() < end; p++) {
            long first = from + out.size();
            var request = QueryRequest.builder().tableName(table).consistentRead(true)
                    .keyConditionExpression("#pk = :pk AND #sk BETWEEN :a AND :b")
                    .expressionAttributeNames(Map.of("#pk", DynamoLabelStore.PK, "#sk", DynamoLabelStore.SK))
                    .expressionAttributeValues(Map.of(":pk", s(partition(first)), ":a", s(sortKey(first)),
                            ":b", s(sortKey(Math.min(end, (p + 1) * PER_PARTITION) - 1))))
                    .scanIndexForward(true).build();
            long expect = first;
            for (var item : dynamo.queryPaginator(request).items()) {
                if (Long.parseLong(item.get(DynamoLabelStore.SK).s()) != expect) return out; // never past a gap
                out.add(item.get(ENTRY).b().asByteArray());
                expect++;
            }
            if (expect == first) return out;
        }
        return out;
    }

    List<Long> indexes(String labelId) {
        List<Long> out = new ArrayList<>();
        var request = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :x)")
                .expressionAttributeNames(Map.of("#pk", DynamoLabelStore.PK, "#sk", DynamoLabelStore.SK))
                .expressionAttributeValues(Map.of(":pk", s("L#" + labelId), ":x", s("X#")))
                .scanIndexForward(true).build();
        for (var item : dynamo.queryPaginator(request).items()) out.add(Long.parseLong(item.get(DynamoLabelStore.SK).s().substring(2)));
        return out;
    }

    private TransactWriteItem put(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(#pk)").expressionAttributeNames(Map.of("#pk", DynamoLabelStore.PK)).build()).build();
    }

    static String partition(long seq) {
        return "LOG#" + seq / PER_PARTITION;
    }

    static String sortKey(long seq) {
        return String.format("%019d", seq);
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }
}
