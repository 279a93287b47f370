package jp.jcstar.aws;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import jp.jcstar.log.LogEntry;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The transparency log's items in the label table, for {@link DynamoLabelStore}:
 * <ul>
 *   <li>{@code PK=LOGP#<shard 0..7>, SK=<label id>#<version, 19 digits>}: a pending entry, {@code entry}
 *       (binary), {@code lid}, {@code ver}; written by the change itself, inside its own
 *       {@code TransactWriteItems}, so an entry exists exactly when its change does. Keyed by the change:
 *       writers never write the same item, and never conflict with each other on the log;</li>
 *   <li>{@code PK=LOG, SK=HEAD}: {@code size}, the number of sequenced entries, written only by the sequencer;</li>
 *   <li>{@code PK=LOG#<seq / 1000>, SK=<seq, 19 digits>}: a sequenced entry, {@code entry} and {@code lid};</li>
 *   <li>{@code PK=L#<label id>, SK=X#<seq, 19 digits>}: the label's own index of its entries, {@code ver}.</li>
 * </ul>
 * The sequencer ({@link #sequence}) reads the pending entries, orders them by the time they record
 * (then label id and version), keeps each label's entries in version order and only those whose
 * predecessor is already sequenced, and in one {@code TransactWriteItems} per batch writes their
 * sequenced items, deletes their pending items and moves the head, conditioned on the size it read.
 * Two sequencers at once: one batch commits, the other's transaction is cancelled as a whole and it
 * reads again; a writer's change is never retried because of the log.
 */
final class DynamoLog {
    static final String HEAD_PK = "LOG", HEAD_SK = "HEAD", SIZE = "size", ENTRY = "entry", VER = "ver";
    static final int PER_PARTITION = 1000;
    static final int SHARDS = 8;
    /** Entries per sequencer transaction: three writes each plus the head stay within the 100 of TransactWriteItems. */
    static final int BATCH = 32;
    /** Pending items read per shard and batch. */
    static final int READ = 64;
    /** Batches one call may lose to another sequencer before it leaves the rest to that one. */
    static final int MAX_LOST = 50;

    private final DynamoDbClient dynamo;
    private final String table;

    DynamoLog(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    long size() {
        var item = dynamo.getItem(b -> b.tableName(table)
                        .consistentRead(true)
                        .key(Map.of(DynamoLabelStore.PK, s(HEAD_PK), DynamoLabelStore.SK, s(HEAD_SK))))
                .item();
        return item == null || !item.containsKey(SIZE)
                ? 0
                : Long.parseLong(item.get(SIZE).n());
    }

    /** The pending entry of the change that leaves label {@code labelId} at {@code version}, for the change's own transaction. */
    TransactWriteItem pending(String labelId, long version, byte[] entry) {
        return put(Map.of(
                DynamoLabelStore.PK,
                s(pendingPartition(labelId)),
                DynamoLabelStore.SK,
                s(labelId + "#" + sortKey(version)),
                ENTRY,
                AttributeValue.fromB(SdkBytes.fromByteArray(entry)),
                DynamoLabelStore.LID,
                s(labelId),
                VER,
                n(version)));
    }

    static String pendingPartition(String labelId) {
        return "LOGP#" + Math.floorMod(labelId.hashCode(), SHARDS);
    }

    private record Pending(String pk, String sk, String labelId, long version, byte[] entry, LogEntry decoded) {}

    /** Sequences every pending entry committed before the call (see the class comment); returns the size after. */
    long sequence() {
        int lost = 0;
        for (; ; ) {
            long size = size();
            List<Pending> batch = nextBatch();
            if (batch.isEmpty()) return size;
            List<TransactWriteItem> writes = new ArrayList<>();
            Update.Builder head = Update.builder()
                    .tableName(table)
                    .key(Map.of(DynamoLabelStore.PK, s(HEAD_PK), DynamoLabelStore.SK, s(HEAD_SK)))
                    .updateExpression("SET #n = :next")
                    .expressionAttributeNames(Map.of("#n", SIZE));
            if (size == 0)
                head.conditionExpression("attribute_not_exists(#n)")
                        .expressionAttributeValues(Map.of(":next", n(batch.size())));
            else
                head.conditionExpression("#n = :read")
                        .expressionAttributeValues(Map.of(":next", n(size + batch.size()), ":read", n(size)));
            writes.add(TransactWriteItem.builder().update(head.build()).build());
            long seq = size;
            for (Pending p : batch) {
                writes.add(put(Map.of(
                        DynamoLabelStore.PK,
                        s(partition(seq)),
                        DynamoLabelStore.SK,
                        s(sortKey(seq)),
                        ENTRY,
                        AttributeValue.fromB(SdkBytes.fromByteArray(p.entry())),
                        DynamoLabelStore.LID,
                        s(p.labelId()))));
                writes.add(put(Map.of(
                        DynamoLabelStore.PK,
                        s("L#" + p.labelId()),
                        DynamoLabelStore.SK,
                        s("X#" + sortKey(seq)),
                        VER,
                        n(p.version()))));
                writes.add(TransactWriteItem.builder()
                        .delete(Delete.builder()
                                .tableName(table)
                                .key(Map.of(DynamoLabelStore.PK, s(p.pk()), DynamoLabelStore.SK, s(p.sk())))
                                .conditionExpression("attribute_exists(#pk)")
                                .expressionAttributeNames(Map.of("#pk", DynamoLabelStore.PK))
                                .build())
                        .build());
                seq++;
            }
            try {
                dynamo.transactWriteItems(b -> b.transactItems(writes));
            } catch (TransactionCanceledException e) {
                // another sequencer moved the head or took these entries first: read again
                if (++lost >= MAX_LOST) return size();
                try {
                    Thread.sleep(ThreadLocalRandom.current().nextLong(5, 40));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", ie);
                }
            }
        }
    }

    /**
     * The next entries to number, at most {@link #BATCH}: the pending entries in time order, each label's
     * in version order, starting with the one that follows its last sequenced entry (or its issuance).
     */
    private List<Pending> nextBatch() {
        List<Pending> all = new ArrayList<>();
        for (int shard = 0; shard < SHARDS; shard++) {
            var request = QueryRequest.builder()
                    .tableName(table)
                    .consistentRead(true)
                    .keyConditionExpression("#pk = :pk")
                    .expressionAttributeNames(Map.of("#pk", DynamoLabelStore.PK))
                    .expressionAttributeValues(Map.of(":pk", s("LOGP#" + shard)))
                    .limit(READ)
                    .build();
            for (var item : dynamo.query(request).items()) {
                byte[] entry = item.get(ENTRY).b().asByteArray();
                all.add(new Pending(
                        item.get(DynamoLabelStore.PK).s(),
                        item.get(DynamoLabelStore.SK).s(),
                        item.get(DynamoLabelStore.LID).s(),
                        Long.parseLong(item.get(VER).n()),
                        entry,
                        LogEntry.decode(entry)));
            }
        }
        Comparator<Pending> byTime = Comparator.comparing(
                        (Pending p) -> p.decoded().recordedAt())
                .thenComparing(Pending::labelId)
                .thenComparingLong(Pending::version);
        all.sort(byTime);
        Map<String, List<Pending>> byLabel = new LinkedHashMap<>();
        for (Pending p : all)
            byLabel.computeIfAbsent(p.labelId(), k -> new ArrayList<>()).add(p);
        List<Pending> ready = new ArrayList<>();
        for (var e : byLabel.entrySet()) {
            if (ready.size() >= BATCH) break;
            List<Pending> mine = e.getValue();
            mine.sort(Comparator.comparingLong(Pending::version));
            long expect = mine.getFirst().decoded().kind() == LogEntry.Kind.ISSUANCE
                    ? mine.getFirst().version()
                    : lastVersion(e.getKey()) + 1;
            for (Pending p : mine) {
                if (p.version() != expect) break; // its predecessor is not sequenced (or not visible) yet: next batch
                ready.add(p);
                expect++;
            }
        }
        // time order across labels, version order within each label: a label's entries take its slots in turn
        ready.sort(byTime);
        Map<String, List<Pending>> turns = new HashMap<>();
        for (Pending p : ready)
            turns.computeIfAbsent(p.labelId(), k -> new ArrayList<>()).add(p);
        turns.values().forEach(l -> l.sort(Comparator.comparingLong(Pending::version)));
        Map<String, Integer> next = new HashMap<>();
        List<Pending> ordered = new ArrayList<>();
        for (Pending p : ready) ordered.add(turns.get(p.labelId()).get(next.merge(p.labelId(), 1, Integer::sum) - 1));
        return ordered.size() > BATCH ? ordered.subList(0, BATCH) : ordered;
    }

    /** The version of label {@code labelId} its last sequenced entry records; 0 when none is sequenced. */
    private long lastVersion(String labelId) {
        var request = QueryRequest.builder()
                .tableName(table)
                .consistentRead(true)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :x)")
                .expressionAttributeNames(Map.of("#pk", DynamoLabelStore.PK, "#sk", DynamoLabelStore.SK))
                .expressionAttributeValues(Map.of(":pk", s("L#" + labelId), ":x", s("X#")))
                .scanIndexForward(false)
                .limit(1)
                .build();
        var items = dynamo.query(request).items();
        return items.isEmpty() ? 0 : Long.parseLong(items.getFirst().get(VER).n());
    }

    List<byte[]> entries(long from, int limit) {
        if (from < 0 || limit < 1 || limit > 1000) throw new IllegalArgumentException("from ≥ 0, limit 1..1000");
        List<byte[]> out = new ArrayList<>();
        long end = Math.min(from + limit, size());
        for (long p = from / PER_PARTITION; from + out.size() < end; p++) {
            long first = from + out.size();
            var request = QueryRequest.builder()
                    .tableName(table)
                    .consistentRead(true)
                    .keyConditionExpression("#pk = :pk AND #sk BETWEEN :a AND :b")
                    .expressionAttributeNames(Map.of("#pk", DynamoLabelStore.PK, "#sk", DynamoLabelStore.SK))
                    .expressionAttributeValues(Map.of(
                            ":pk",
                            s(partition(first)),
                            ":a",
                            s(sortKey(first)),
                            ":b",
                            s(sortKey(Math.min(end, (p + 1) * PER_PARTITION) - 1))))
                    .scanIndexForward(true)
                    .build();
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
        var request = QueryRequest.builder()
                .tableName(table)
                .consistentRead(true)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :x)")
                .expressionAttributeNames(Map.of("#pk", DynamoLabelStore.PK, "#sk", DynamoLabelStore.SK))
                .expressionAttributeValues(Map.of(":pk", s("L#" + labelId), ":x", s("X#")))
                .scanIndexForward(true)
                .build();
        for (var item : dynamo.queryPaginator(request).items())
            out.add(Long.parseLong(item.get(DynamoLabelStore.SK).s().substring(2)));
        return out;
    }

    private TransactWriteItem put(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder()
                .put(Put.builder()
                        .tableName(table)
                        .item(item)
                        .conditionExpression("attribute_not_exists(#pk)")
                        .expressionAttributeNames(Map.of("#pk", DynamoLabelStore.PK))
                        .build())
                .build();
    }

    static String partition(long seq) {
        return "LOG#" + seq / PER_PARTITION;
    }

    static String sortKey(long seq) {
        return String.format(java.util.Locale.ROOT, "%019d", seq);
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }
}
