package jp.jcstar.aws;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import jp.jcstar.label.LabelClaims;
import jp.jcstar.label.LabelCodec;
import jp.jcstar.label.RejectedInputException;
import jp.jcstar.label.Text;
import jp.jcstar.log.LogEntries;
import jp.jcstar.status.LabelState;
import jp.jcstar.status.RevocationReason;
import jp.jcstar.status.StatusChange;
import jp.jcstar.store.ChangeEntry;
import jp.jcstar.store.IdCursor;
import jp.jcstar.store.LabelQuery;
import jp.jcstar.store.LabelRecord;
import jp.jcstar.store.LabelStore;
import jp.jcstar.store.LogStore;
import jp.jcstar.store.Page;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * {@link LabelStore} on one DynamoDB table (single-table design, documented in {@code docs/storage.md}).
 *
 * <p>Items, all keyed by {@code PK}/{@code SK} strings:
 * <ul>
 *   <li>label {@code L#<id>}/{@code LABEL}: the record (claims as compact JSON, the JWS, status, version)
 *       plus the normalised search attributes and the keys of the {@code all}, {@code byState},
 *       {@code byCategory} and {@code byLevel} indexes;</li>
 *   <li>application claim {@code A#<applicationId>}/{@code APP} and status-slot claim
 *       {@code S#<list>#<index>}/{@code SLOT}: exist only to make those values unique;</li>
 *   <li>model {@code L#<id>}/{@code M#<modelKey>}: one per normalised model designation, keys of the
 *       {@code byModel} index (prefix search);</li>
 *   <li>model skeleton {@code L#<id>}/{@code K#<skeleton>}: one per UTS #39 skeleton of its model
 *       designations ({@link jp.jcstar.label.Confusables}), in the {@code byModel} index under partition
 *       {@code K#<skeleton>}, so issuance finds look-alike designations with one query;</li>
 *   <li>search-key version {@code META}/{@code SEARCHKEYS}: the {@link Text#SEARCH_KEY_VERSION} every
 *       label's stored keys are at ({@link #migrateSearchKeys}); label items carry theirs in {@code skv};</li>
 *   <li>audit {@code L#<id>}/{@code H#<version, 19 digits>}: one per status change, so the history is
 *       a range query in version (= time) order.</li>
 *   <li>status-list chunk {@code SL#<list>}/{@code C#<chunk, 4 digits>}: the entries
 *       {@code [chunk × CHUNK, (chunk + 1) × CHUNK)} of a status list that are not valid, as one number
 *       set per stored state (attribute = state code). A status change moves its index between sets
 *       ({@code DELETE}/{@code ADD}, no read) inside the label's own transaction, so the list is never
 *       out of step with the labels, and a list is read with one consistent query of its partition.
 *       Chunks keep each item small (≤ {@value #CHUNK} numbers) and spread concurrent revocations over
 *       several items.</li>
 * </ul>
 *
 * <p>Writes are single {@code TransactWriteItems} calls with conditions, so a label and its claims
 * appear together or not at all, and a status change and its audit item likewise. Search pages are
 * ordered by label id; the cursor is the last id returned, so paging is stable and visits every
 * match once. Reads that follow writes use consistent reads on the table (indexes are eventually
 * consistent in AWS, as any GSI is).
 *
 * <p>Thread-safe: it holds only the (thread-safe) client and the table name.
 */
public final class DynamoLabelStore implements LabelStore, LogStore {
    static final String PK = "PK", SK = "SK";
    static final String LID = "lid",
            APP = "app",
            CLAIMS = "claims",
            JWS = "jws",
            STATE = "state",
            REASON = "reason",
            EFFECTIVE_AT = "effAt",
            UPDATED_AT = "updAt",
            VERSION = "ver",
            DECLARATION = "decl",
            VENDOR_KEY = "vendorKey",
            PRODUCT_KEY = "productKey",
            CATEGORY = "cat",
            LEVEL = "lvl",
            ALL = "gAll",
            MODEL_SHARD = "mShard",
            MODEL_KEY = "mKey",
            SEARCH_KEY_VERSION = "skv";
    static final String H_FROM = "hFrom",
            H_TO = "hTo",
            H_REASON = "hReason",
            H_EFFECTIVE_AT = "hEffAt",
            H_RECORDED_AT = "hRecAt",
            H_ACTOR = "hActor",
            H_NOTE = "hNote";
    public static final String INDEX_ALL = "all",
            INDEX_STATE = "byState",
            INDEX_CATEGORY = "byCategory",
            INDEX_LEVEL = "byLevel",
            INDEX_MODEL = "byModel";
    private static final String LABEL_SK = "LABEL", ALL_VALUE = "LABEL";
    private static final int MAX_ATTEMPTS = 8;
    /** Status-list entries per chunk item. */
    static final int CHUNK = 1024;

    /** Change-feed attributes of an audit item: the shard partition and the commit-time sort key of the {@code changes} index. */
    static final String CHANGE_SHARD = "chShard", CHANGE_KEY = "chKey", H_VENDOR = "hVendor", H_MODELS = "hModels";

    public static final String INDEX_CHANGES = "changes";
    /** Audit items are spread over this many {@code changes} index partitions (by label id), so no one key takes every write. */
    static final int CHANGE_SHARDS = 8;
    /**
     * The change feed lists a change once it is this old: longer than a status change takes from its
     * timestamp to its commit and than the index takes to show it, so no change can appear behind a
     * position already handed out (docs/storage.md).
     */
    public static final java.time.Duration CHANGE_SETTLE = java.time.Duration.ofSeconds(5);

    private final DynamoDbClient dynamo;
    private final String table;
    private final DynamoLog log;
    private final java.time.Clock clock;

    /** @param dynamo a shared client (see {@link AwsClients#dynamo()}); @param table the table name */
    public DynamoLabelStore(DynamoDbClient dynamo, String table) {
        this(dynamo, table, java.time.Clock.systemUTC());
    }

    /** As {@link #DynamoLabelStore(DynamoDbClient, String)}; {@code clock} decides which changes have settled. */
    public DynamoLabelStore(DynamoDbClient dynamo, String table, java.time.Clock clock) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
        this.log = new DynamoLog(dynamo, table);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Creates the table with its indexes (on-demand billing) and waits until it is active. For tests
     * and the local run; in AWS the SAM template creates the same schema.
     */
    public static void createTable(DynamoDbClient dynamo, String tableName) {
        dynamo.createTable(b -> b.tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        attr(PK, ScalarAttributeType.S),
                        attr(SK, ScalarAttributeType.S),
                        attr(LID, ScalarAttributeType.S),
                        attr(ALL, ScalarAttributeType.S),
                        attr(STATE, ScalarAttributeType.S),
                        attr(CATEGORY, ScalarAttributeType.S),
                        attr(LEVEL, ScalarAttributeType.N),
                        attr(MODEL_SHARD, ScalarAttributeType.S),
                        attr(MODEL_KEY, ScalarAttributeType.S),
                        attr(CHANGE_SHARD, ScalarAttributeType.S),
                        attr(CHANGE_KEY, ScalarAttributeType.S))
                .keySchema(key(PK, KeyType.HASH), key(SK, KeyType.RANGE))
                .globalSecondaryIndexes(
                        gsi(INDEX_ALL, ALL, LID, ProjectionType.ALL),
                        gsi(INDEX_STATE, STATE, LID, ProjectionType.ALL),
                        gsi(INDEX_CATEGORY, CATEGORY, LID, ProjectionType.ALL),
                        gsi(INDEX_LEVEL, LEVEL, LID, ProjectionType.ALL),
                        gsi(INDEX_MODEL, MODEL_SHARD, MODEL_KEY, ProjectionType.KEYS_ONLY),
                        gsi(INDEX_CHANGES, CHANGE_SHARD, CHANGE_KEY, ProjectionType.ALL)));
        dynamo.waiter().waitUntilTableExists(b -> b.tableName(tableName));
    }

    private static AttributeDefinition attr(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder()
                .attributeName(name)
                .attributeType(type)
                .build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static GlobalSecondaryIndex gsi(String name, String hash, String range, ProjectionType projection) {
        return GlobalSecondaryIndex.builder()
                .indexName(name)
                .keySchema(key(hash, KeyType.HASH), key(range, KeyType.RANGE))
                .projection(Projection.builder().projectionType(projection).build())
                .build();
    }

    // ---------------------------------------------------------------- insert

    @Override
    public InsertResult insert(LabelRecord r) {
        Objects.requireNonNull(r, "record");
        List<TransactWriteItem> writes = new ArrayList<>();
        // Order matters: cancellation reasons come back in this order (0 app, 1 slot, 2 label).
        writes.add(putIfAbsent(Map.of(PK, s(appKey(r.applicationId())), SK, s("APP"), LID, s(r.id()))));
        writes.add(putIfAbsent(Map.of(PK, s(slotKey(r)), SK, s("SLOT"), LID, s(r.id()))));
        writes.add(putIfAbsent(labelItem(r)));
        for (String mk : modelKeys(r.claims())) {
            writes.add(putIfAbsent(Map.of(
                    PK,
                    s(labelKey(r.id())),
                    SK,
                    s("M#" + mk),
                    LID,
                    s(r.id()),
                    MODEL_SHARD,
                    s(shard(mk)),
                    MODEL_KEY,
                    s(mk + "#" + r.id()))));
        }
        for (String sk : skeletons(r.claims())) writes.add(putIfAbsent(skeletonItem(r.id(), sk)));
        if (r.state() != LabelState.VALID) writes.add(listEntryUpdate(r));
        writes.add(log.pending(r.id(), r.version(), LogEntries.issuance(r))); // last: the indexes above stay
        for (int attempt = 1; ; attempt++) {
            try {
                dynamo.transactWriteItems(b -> b.transactItems(writes));
                return new InsertResult.Inserted();
            } catch (TransactionCanceledException e) {
                List<String> codes = e.hasCancellationReasons()
                        ? e.cancellationReasons().stream()
                                .map(CancellationReason::code)
                                .toList()
                        : List.of();
                if (failed(codes, 0)
                        || (codes.isEmpty()
                                && findByApplication(r.applicationId()).isPresent())) {
                    Optional<LabelRecord> existing = findByApplication(r.applicationId());
                    if (existing.isPresent()) return new InsertResult.DuplicateApplication(existing.get());
                } else if (failed(codes, 1) || (codes.isEmpty() && itemExists(slotKey(r), "SLOT"))) {
                    return new InsertResult.Collision(
                            "status slot " + r.claims().status().list() + "/"
                                    + r.claims().status().index());
                } else if (failed(codes, 2) || (codes.isEmpty() && itemExists(labelKey(r.id()), LABEL_SK))) {
                    return new InsertResult.Collision("label id " + r.id());
                }
                // A conflicting transaction was in flight (TransactionConflict): the winner will be
                // visible shortly, so try again and let the conditions decide.
                if (attempt >= MAX_ATTEMPTS)
                    throw new IllegalStateException("insert of " + r.id() + " kept conflicting: " + codes, e);
                backoff(attempt);
            }
        }
    }

    private static boolean failed(List<String> codes, int i) {
        return i < codes.size() && "ConditionalCheckFailed".equals(codes.get(i));
    }

    private TransactWriteItem putIfAbsent(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder()
                .put(Put.builder()
                        .tableName(table)
                        .item(item)
                        .conditionExpression("attribute_not_exists(#pk)")
                        .expressionAttributeNames(Map.of("#pk", PK))
                        .build())
                .build();
    }

    private Map<String, AttributeValue> labelItem(LabelRecord r) {
        LabelClaims c = r.claims();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(labelKey(r.id())));
        item.put(SK, s(LABEL_SK));
        item.put(LID, s(r.id()));
        item.put(APP, s(r.applicationId()));
        item.put(CLAIMS, s(new String(LabelCodec.encode(c), StandardCharsets.UTF_8)));
        item.put(JWS, s(r.jws()));
        item.put(STATE, s(r.state().code()));
        if (r.reason() != null) item.put(REASON, s(r.reason().code()));
        if (r.stateEffectiveAt() != null)
            item.put(EFFECTIVE_AT, s(r.stateEffectiveAt().toString()));
        item.put(UPDATED_AT, s(r.updatedAt().toString()));
        item.put(VERSION, n(r.version()));
        if (r.declarationJson() != null) item.put(DECLARATION, s(r.declarationJson()));
        item.put(VENDOR_KEY, s(Text.searchKey(c.vendor())));
        item.put(PRODUCT_KEY, s(Text.searchKey(c.product())));
        item.put(SEARCH_KEY_VERSION, n(Text.SEARCH_KEY_VERSION));
        item.put(CATEGORY, s(c.category()));
        item.put(LEVEL, n(c.level()));
        item.put(ALL, s(ALL_VALUE));
        return item;
    }

    // ---------------------------------------------------------------- reads

    @Override
    public Optional<LabelRecord> get(String labelId) {
        if (labelId == null || labelId.isEmpty()) return Optional.empty();
        var item = dynamo.getItem(b ->
                        b.tableName(table).consistentRead(true).key(Map.of(PK, s(labelKey(labelId)), SK, s(LABEL_SK))))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toRecord(item));
    }

    @Override
    public Optional<LabelRecord> findByApplication(String applicationId) {
        if (applicationId == null || applicationId.isEmpty()) return Optional.empty();
        var item = dynamo.getItem(b ->
                        b.tableName(table).consistentRead(true).key(Map.of(PK, s(appKey(applicationId)), SK, s("APP"))))
                .item();
        if (item == null || item.isEmpty()) return Optional.empty();
        return get(item.get(LID).s());
    }

    private boolean itemExists(String pk, String sk) {
        var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true).key(Map.of(PK, s(pk), SK, s(sk))))
                .item();
        return item != null && !item.isEmpty();
    }

    @Override
    public List<StatusChange> history(String labelId) {
        List<StatusChange> out = new ArrayList<>();
        if (labelId == null || labelId.isEmpty()) return out;
        var request = QueryRequest.builder()
                .tableName(table)
                .consistentRead(true)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :h)")
                .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                .expressionAttributeValues(Map.of(":pk", s(labelKey(labelId)), ":h", s("H#")))
                .scanIndexForward(true)
                .build();
        for (var item : dynamo.queryPaginator(request).items()) {
            out.add(new StatusChange(
                    labelId,
                    LabelState.fromCode(item.get(H_FROM).s()),
                    LabelState.fromCode(item.get(H_TO).s()),
                    item.containsKey(H_REASON)
                            ? RevocationReason.fromCode(item.get(H_REASON).s())
                            : null,
                    Instant.parse(item.get(H_EFFECTIVE_AT).s()),
                    Instant.parse(item.get(H_RECORDED_AT).s()),
                    item.get(H_ACTOR).s(),
                    item.containsKey(H_NOTE) ? item.get(H_NOTE).s() : null));
        }
        return out;
    }

    // ---------------------------------------------------------------- search

    @Override
    public Page<LabelRecord> search(LabelQuery query, String cursor, int limit) {
        Objects.requireNonNull(query, "query");
        if (limit < 1 || limit > 1000) throw new IllegalArgumentException("limit must be 1..1000");
        String after = IdCursor.decode(cursor);
        // One more than asked tells us whether a next page exists, so the last page never has a cursor.
        List<LabelRecord> found =
                query.model() != null ? searchByModel(query, after, limit + 1) : searchByIndex(query, after, limit + 1);
        if (found.size() <= limit) return new Page<>(found, null);
        List<LabelRecord> page = found.subList(0, limit);
        return new Page<>(page, IdCursor.encode(page.getLast().id()));
    }

    /** Query the most selective id-ordered index, filter the rest in DynamoDB and, exactly, with {@link LabelQuery#matches}. */
    private List<LabelRecord> searchByIndex(LabelQuery q, String after, int want) {
        String index, keyAttr;
        AttributeValue keyValue;
        if (q.state() != null && q.state() != LabelState.VALID) {
            index = INDEX_STATE;
            keyAttr = STATE;
            keyValue = s(q.state().code());
        } else if (q.category() != null) {
            index = INDEX_CATEGORY;
            keyAttr = CATEGORY;
            keyValue = s(q.category());
        } else if (q.level() != null) {
            index = INDEX_LEVEL;
            keyAttr = LEVEL;
            keyValue = n(q.level());
        } else if (q.state() != null) {
            index = INDEX_STATE;
            keyAttr = STATE;
            keyValue = s(q.state().code());
        } else {
            index = INDEX_ALL;
            keyAttr = ALL;
            keyValue = s(ALL_VALUE);
        }
        Map<String, String> names = new HashMap<>(Map.of("#k", keyAttr));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":k", keyValue));
        String keyCondition = "#k = :k";
        if (after != null) {
            keyCondition += " AND #lid > :after";
            names.put("#lid", LID);
            values.put(":after", s(after));
        }
        List<String> filters = new ArrayList<>();
        // a label whose keys predate the current normalisation (not yet migrated) passes to the exact check below
        if (q.vendor() != null || q.product() != null) {
            names.put("#skv", SEARCH_KEY_VERSION);
            values.put(":skv", n(Text.SEARCH_KEY_VERSION));
        }
        if (q.vendor() != null)
            filter(
                    filters,
                    names,
                    values,
                    "(contains(#vk, :vk) OR attribute_not_exists(#skv) OR #skv < :skv)",
                    "#vk",
                    VENDOR_KEY,
                    ":vk",
                    s(Text.searchKey(q.vendor())));
        if (q.product() != null)
            filter(
                    filters,
                    names,
                    values,
                    "(contains(#pk2, :pk2) OR attribute_not_exists(#skv) OR #skv < :skv)",
                    "#pk2",
                    PRODUCT_KEY,
                    ":pk2",
                    s(Text.searchKey(q.product())));
        if (q.category() != null && !keyAttr.equals(CATEGORY))
            filter(filters, names, values, "#c = :c", "#c", CATEGORY, ":c", s(q.category()));
        if (q.level() != null && !keyAttr.equals(LEVEL))
            filter(filters, names, values, "#l = :l", "#l", LEVEL, ":l", n(q.level()));
        if (q.state() != null && !keyAttr.equals(STATE))
            filter(
                    filters,
                    names,
                    values,
                    "#st = :st",
                    "#st",
                    STATE,
                    ":st",
                    s(q.state().code()));

        var b = QueryRequest.builder()
                .tableName(table)
                .indexName(index)
                .keyConditionExpression(keyCondition)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .scanIndexForward(true)
                // Read a little more than we need: filtered-out items still count against Limit.
                .limit(Math.min(1000, Math.max(want * 2, 25)));
        if (!filters.isEmpty()) b.filterExpression(String.join(" AND ", filters));
        QueryRequest request = b.build();

        List<LabelRecord> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse resp = dynamo.query(
                    start == null
                            ? request
                            : request.toBuilder().exclusiveStartKey(start).build());
            for (var item : resp.items()) {
                LabelRecord r = toRecord(item);
                if (q.matches(r)) {
                    out.add(r);
                    if (out.size() == want) return out;
                }
            }
            start = resp.hasLastEvaluatedKey() && !resp.lastEvaluatedKey().isEmpty() ? resp.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }

    private static void filter(
            List<String> filters,
            Map<String, String> names,
            Map<String, AttributeValue> values,
            String expression,
            String name,
            String attribute,
            String placeholder,
            AttributeValue value) {
        filters.add(expression);
        names.put(name, attribute);
        values.put(placeholder, value);
    }

    /**
     * Model prefix: collect the ids whose model keys start with the prefix (keys-only index, sharded by
     * the first character), then read those labels in id order. Cost grows with the number of models
     * sharing the prefix, which stays small for a prefix of a few characters.
     */
    private List<LabelRecord> searchByModel(LabelQuery q, String after, int want) {
        String prefix = Text.searchKey(q.model());
        var request = QueryRequest.builder()
                .tableName(table)
                .indexName(INDEX_MODEL)
                .keyConditionExpression("#s = :s AND begins_with(#m, :m)")
                .expressionAttributeNames(Map.of("#s", MODEL_SHARD, "#m", MODEL_KEY))
                .expressionAttributeValues(Map.of(":s", s(shard(prefix)), ":m", s(prefix)))
                .build();
        TreeSet<String> ids = new TreeSet<>();
        for (var item : dynamo.queryPaginator(request).items()) {
            String id = item.get(PK).s().substring(2);
            if (after == null || id.compareTo(after) > 0) ids.add(id);
        }
        List<LabelRecord> out = new ArrayList<>();
        List<String> chunk = new ArrayList<>();
        for (String id : ids) {
            chunk.add(id);
            if (chunk.size() == 100) {
                if (collect(batchGet(chunk), q, out, want)) return out;
                chunk.clear();
            }
        }
        if (!chunk.isEmpty()) collect(batchGet(chunk), q, out, want);
        return out;
    }

    private static boolean collect(List<LabelRecord> inIdOrder, LabelQuery q, List<LabelRecord> out, int want) {
        for (LabelRecord r : inIdOrder) {
            if (q.matches(r)) {
                out.add(r);
                if (out.size() == want) return true;
            }
        }
        return false;
    }

    /** Labels with these ids, in the given order; ids without a label are skipped. */
    private List<LabelRecord> batchGet(List<String> ids) {
        Map<String, LabelRecord> byId = new HashMap<>();
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (String id : ids) keys.add(Map.of(PK, s(labelKey(id)), SK, s(LABEL_SK)));
        Map<String, KeysAndAttributes> pending = Map.of(
                table,
                KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            var req = pending;
            BatchGetItemResponse resp = dynamo.batchGetItem(b -> b.requestItems(req));
            for (var item : resp.responses().getOrDefault(table, List.of())) {
                LabelRecord r = toRecord(item);
                byId.put(r.id(), r);
            }
            pending = resp.hasUnprocessedKeys() ? resp.unprocessedKeys() : Map.of();
            if (!pending.isEmpty()) {
                if (attempt >= MAX_ATTEMPTS) throw new IllegalStateException("batch read kept being throttled");
                backoff(attempt);
            }
        }
        List<LabelRecord> out = new ArrayList<>();
        for (String id : ids) if (byId.containsKey(id)) out.add(byId.get(id));
        return out;
    }

    // ---------------------------------------------------------------- status

    @Override
    public void updateStatus(LabelRecord updated, StatusChange change) {
        Objects.requireNonNull(updated, "updated");
        Objects.requireNonNull(change, "change");
        if (!change.labelId().equals(updated.id())) throw new IllegalArgumentException("change is for another label");
        Map<String, String> names = new HashMap<>(
                Map.of("#st", STATE, "#upd", UPDATED_AT, "#ver", VERSION, "#r", REASON, "#eff", EFFECTIVE_AT));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":st",
                s(updated.state().code()),
                ":upd",
                s(updated.updatedAt().toString()),
                ":ver",
                n(updated.version()),
                ":expected",
                n(updated.version() - 1)));
        List<String> set = new ArrayList<>(List.of("#st = :st", "#upd = :upd", "#ver = :ver"));
        List<String> remove = new ArrayList<>();
        if (updated.reason() != null) {
            set.add("#r = :r");
            values.put(":r", s(updated.reason().code()));
        } else {
            remove.add("#r");
        }
        if (updated.stateEffectiveAt() != null) {
            set.add("#eff = :eff");
            values.put(":eff", s(updated.stateEffectiveAt().toString()));
        } else {
            remove.add("#eff");
        }
        String expression =
                "SET " + String.join(", ", set) + (remove.isEmpty() ? "" : " REMOVE " + String.join(", ", remove));

        Map<String, AttributeValue> audit = auditItem(updated, change);

        List<TransactWriteItem> writes = List.of(
                TransactWriteItem.builder()
                        .update(Update.builder()
                                .tableName(table)
                                .key(Map.of(PK, s(labelKey(updated.id())), SK, s(LABEL_SK)))
                                .updateExpression(expression)
                                .conditionExpression("#ver = :expected")
                                .expressionAttributeNames(names)
                                .expressionAttributeValues(values)
                                .build())
                        .build(),
                putIfAbsent(audit),
                listEntryUpdate(updated),
                log.pending(updated.id(), updated.version(), LogEntries.statusChange(updated, change)));
        for (int attempt = 1; ; attempt++) {
            try {
                dynamo.transactWriteItems(b -> b.transactItems(writes));
                return;
            } catch (TransactionCanceledException e) {
                boolean conflict = e.hasCancellationReasons()
                        && e.cancellationReasons().stream().anyMatch(c -> "TransactionConflict".equals(c.code()));
                if (!conflict || attempt >= MAX_ATTEMPTS) throw new ConcurrentUpdateException(updated.id());
                backoff(attempt); // another transaction held the item; retrying lets the version condition decide
            }
        }
    }

    /**
     * The audit item of a status change {@code L#<id>}/{@code H#<version>}, with its place in the
     * {@code changes} index (shard and commit-time key) and the label's vendor and models for the feed's filters.
     */
    static Map<String, AttributeValue> auditItem(LabelRecord updated, StatusChange change) {
        Map<String, AttributeValue> audit = new HashMap<>();
        audit.put(PK, s(labelKey(updated.id())));
        audit.put(SK, s("H#" + String.format(Locale.ROOT, "%019d", updated.version())));
        audit.put(H_FROM, s(change.from().code()));
        audit.put(H_TO, s(change.to().code()));
        if (change.reason() != null) audit.put(H_REASON, s(change.reason().code()));
        audit.put(H_EFFECTIVE_AT, s(change.effectiveAt().toString()));
        audit.put(H_RECORDED_AT, s(change.recordedAt().toString()));
        audit.put(H_ACTOR, s(change.actor()));
        if (change.note() != null) audit.put(H_NOTE, s(change.note()));
        audit.put(H_VENDOR, s(updated.claims().vendor()));
        audit.put(
                H_MODELS,
                AttributeValue.fromL(updated.claims().models().stream()
                        .map(DynamoLabelStore::s)
                        .toList()));
        audit.put(CHANGE_SHARD, s(changeShard(updated.id())));
        audit.put(CHANGE_KEY, s(changeKey(change.recordedAt(), updated.id(), updated.version())));
        return audit;
    }

    /**
     * Moves the label's status-list index into the set of its new state and out of every other set
     * (whatever the caller believes the old state was, an index is never in two sets).
     */
    private TransactWriteItem listEntryUpdate(LabelRecord r) {
        int index = r.claims().status().index();
        Map<String, String> names = new HashMap<>();
        List<String> delete = new ArrayList<>();
        for (LabelState st : LabelState.values()) {
            if (st == LabelState.VALID || st == r.state() || !stored(st)) continue;
            names.put("#d" + st.ordinal(), st.code());
            delete.add("#d" + st.ordinal() + " :i");
        }
        String expression = "DELETE " + String.join(", ", delete);
        if (r.state() != LabelState.VALID) {
            names.put("#a", r.state().code());
            expression = "ADD #a :i " + expression;
        }
        return TransactWriteItem.builder()
                .update(Update.builder()
                        .tableName(table)
                        .key(Map.of(PK, s(listKey(r.claims().status().list())), SK, s(chunkKey(index / CHUNK))))
                        .updateExpression(expression)
                        .expressionAttributeNames(names)
                        .expressionAttributeValues(
                                Map.of(":i", AttributeValue.fromNs(List.of(Integer.toString(index)))))
                        .build())
                .build();
    }

    /** States a label can have in the store (the others only ever describe a verification). */
    private static boolean stored(LabelState s) {
        return s != LabelState.UNKNOWN && s != LabelState.INVALID;
    }

    @Override
    public Map<Integer, LabelState> listEntries(int list) {
        Map<Integer, LabelState> out = new HashMap<>();
        var request = QueryRequest.builder()
                .tableName(table)
                .consistentRead(true)
                .keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", PK))
                .expressionAttributeValues(Map.of(":pk", s(listKey(list))))
                .build();
        for (var item : dynamo.queryPaginator(request).items()) {
            for (LabelState st : LabelState.values()) {
                AttributeValue set = item.get(st.code());
                if (set == null || st == LabelState.VALID || !stored(st)) continue;
                for (String i : set.ns()) out.put(Integer.parseInt(i), st);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- change feed

    /** Feed positions: {@code d} and the {@code changes} index sort key. */
    private static final java.util.regex.Pattern FEED_POSITION =
            java.util.regex.Pattern.compile("d[0-9]{21}#[A-Z0-9][A-Z0-9-]{2,31}#[0-9]{19}");

    static String changeShard(String labelId) {
        return "CH#" + Math.floorMod(labelId.hashCode(), CHANGE_SHARDS);
    }

    /** Sorts by recording time (fixed width), then label id and version, so every change has its own key. */
    static String changeKey(Instant recordedAt, String labelId, long version) {
        return String.format(
                java.util.Locale.ROOT,
                "%012d%09d#%s#%019d",
                recordedAt.getEpochSecond(),
                recordedAt.getNano(),
                labelId,
                version);
    }

    /**
     * Reads every shard of the {@code changes} index after {@code after}, at most {@code limit} settled
     * changes each, and merges them: the first {@code limit} of the merge are the feed's next entries,
     * since each of them is among the first {@code limit} of its own shard. The order is the recording
     * time; a change is listed once {@link #CHANGE_SETTLE} old, by when it has committed and reached the index.
     */
    @Override
    public Page<ChangeEntry> changes(String after, int limit) {
        if (limit < 1 || limit > 1000) throw new IllegalArgumentException("limit must be 1..1000");
        if (after != null && !FEED_POSITION.matcher(after).matches())
            throw new RejectedInputException.BadRequest("bad-cursor", "bad change feed position");
        String from = after == null ? null : after.substring(1);
        String settled = changeKey(clock.instant().minus(CHANGE_SETTLE), "", 0);
        List<Map<String, AttributeValue>> merged = new ArrayList<>();
        boolean more = false;
        for (int shard = 0; shard < CHANGE_SHARDS; shard++) {
            List<Map<String, AttributeValue>> got = readShard("CH#" + shard, from, settled, limit + 1, true);
            more |= got.size() > limit;
            merged.addAll(got.subList(0, Math.min(limit, got.size())));
        }
        merged.sort(java.util.Comparator.comparing(i -> i.get(CHANGE_KEY).s()));
        more |= merged.size() > limit;
        List<ChangeEntry> out = new ArrayList<>();
        for (var item : merged.subList(0, Math.min(limit, merged.size()))) out.add(toChangeEntry(item));
        return new Page<>(out, more && !out.isEmpty() ? out.getLast().position() : null);
    }

    @Override
    public List<ChangeEntry> latestChanges(int limit) {
        if (limit < 1 || limit > 1000) throw new IllegalArgumentException("limit must be 1..1000");
        String settled = "~"; // a snapshot, not a cursor: the newest changes the index shows, settled or not
        List<Map<String, AttributeValue>> merged = new ArrayList<>();
        for (int shard = 0; shard < CHANGE_SHARDS; shard++)
            merged.addAll(readShard("CH#" + shard, null, settled, limit, false));
        merged.sort(java.util.Comparator.comparing(
                        (Map<String, AttributeValue> i) -> i.get(CHANGE_KEY).s())
                .reversed());
        List<ChangeEntry> out = new ArrayList<>();
        for (var item : merged.subList(0, Math.min(limit, merged.size()))) out.add(toChangeEntry(item));
        return out;
    }

    /** Up to {@code want} items of one shard, ascending after {@code from} or descending, all before {@code settled}. */
    private List<Map<String, AttributeValue>> readShard(
            String shard, String from, String settled, int want, boolean ascending) {
        Map<String, String> names = Map.of("#s", CHANGE_SHARD, "#k", CHANGE_KEY);
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":s", s(shard)));
        String condition;
        if (ascending && from != null) {
            condition = "#s = :s AND #k > :from";
            values.put(":from", s(from));
        } else {
            condition = "#s = :s AND #k < :settled";
            values.put(":settled", s(settled));
        }
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            var b = QueryRequest.builder()
                    .tableName(table)
                    .indexName(INDEX_CHANGES)
                    .keyConditionExpression(condition)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .scanIndexForward(ascending)
                    .limit(want - out.size());
            if (start != null) b.exclusiveStartKey(start);
            QueryResponse resp = dynamo.query(b.build());
            for (var item : resp.items()) {
                if (item.get(CHANGE_KEY).s().compareTo(settled) >= 0) return out; // ascending: the rest has not settled
                out.add(item);
            }
            start = resp.hasLastEvaluatedKey() && !resp.lastEvaluatedKey().isEmpty() ? resp.lastEvaluatedKey() : null;
        } while (start != null && out.size() < want);
        return out;
    }

    private static ChangeEntry toChangeEntry(Map<String, AttributeValue> item) {
        String labelId = item.get(PK).s().substring(2);
        return new ChangeEntry(
                "d" + item.get(CHANGE_KEY).s(),
                new StatusChange(
                        labelId,
                        LabelState.fromCode(item.get(H_FROM).s()),
                        LabelState.fromCode(item.get(H_TO).s()),
                        item.containsKey(H_REASON)
                                ? RevocationReason.fromCode(item.get(H_REASON).s())
                                : null,
                        Instant.parse(item.get(H_EFFECTIVE_AT).s()),
                        Instant.parse(item.get(H_RECORDED_AT).s()),
                        item.get(H_ACTOR).s(),
                        item.containsKey(H_NOTE) ? item.get(H_NOTE).s() : null),
                item.containsKey(H_VENDOR) ? item.get(H_VENDOR).s() : "",
                item.containsKey(H_MODELS)
                        ? item.get(H_MODELS).l().stream().map(AttributeValue::s).toList()
                        : List.of());
    }

    // ---------------------------------------------------------------- mapping

    private static LabelRecord toRecord(Map<String, AttributeValue> item) {
        LabelClaims claims;
        try {
            claims = LabelCodec.decode(item.get(CLAIMS).s().getBytes(StandardCharsets.UTF_8));
        } catch (LabelCodec.ClaimsException e) {
            // Only this class writes the attribute, so this is our failure, not the caller's.
            throw new IllegalStateException(
                    "stored claims of " + item.get(LID).s() + " are unreadable: " + e.getMessage(), e);
        }
        return new LabelRecord(
                item.get(APP).s(),
                claims,
                item.get(JWS).s(),
                LabelState.fromCode(item.get(STATE).s()),
                item.containsKey(REASON)
                        ? RevocationReason.fromCode(item.get(REASON).s())
                        : null,
                item.containsKey(EFFECTIVE_AT)
                        ? Instant.parse(item.get(EFFECTIVE_AT).s())
                        : null,
                Instant.parse(item.get(UPDATED_AT).s()),
                Long.parseLong(item.get(VERSION).n()),
                item.containsKey(DECLARATION) ? item.get(DECLARATION).s() : null);
    }

    // ---------------------------------------------------------------- search-key migration

    private static final Map<String, AttributeValue> META_KEY = Map.of(PK, s("META"), SK, s("SEARCHKEYS"));

    /**
     * Rewrites the search keys (vendor, product, model items) of every label stored under an older
     * {@link Text#SEARCH_KEY_VERSION}, then records the current version in the {@code META} item, so a
     * second call costs one read. Each label is rewritten in one transaction (its item and its model
     * items); an interrupted run resumes where it stopped. Until a label is migrated, vendor and product
     * searches still find it (the exact check decides); model searches find it once it is migrated.
     */
    @Override
    public int migrateSearchKeys() {
        var meta = dynamo.getItem(b -> b.tableName(table).consistentRead(true).key(META_KEY))
                .item();
        if (meta != null
                && meta.containsKey(VERSION)
                && Integer.parseInt(meta.get(VERSION).n()) >= Text.SEARCH_KEY_VERSION) return 0;
        var request = QueryRequest.builder()
                .tableName(table)
                .indexName(INDEX_ALL)
                .keyConditionExpression("#k = :k")
                .filterExpression("attribute_not_exists(#skv) OR #skv < :skv")
                .expressionAttributeNames(Map.of("#k", ALL, "#skv", SEARCH_KEY_VERSION))
                .expressionAttributeValues(Map.of(":k", s(ALL_VALUE), ":skv", n(Text.SEARCH_KEY_VERSION)))
                .build();
        int migrated = 0;
        for (var item : dynamo.queryPaginator(request).items()) {
            if (rekey(toRecord(item))) migrated++;
        }
        dynamo.putItem(b -> b.tableName(table)
                .item(Map.of(PK, META_KEY.get(PK), SK, META_KEY.get(SK), VERSION, n(Text.SEARCH_KEY_VERSION))));
        return migrated;
    }

    private boolean rekey(LabelRecord r) {
        var modelRequest = QueryRequest.builder()
                .tableName(table)
                .consistentRead(true)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :m)")
                .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                .expressionAttributeValues(Map.of(":pk", s(labelKey(r.id())), ":m", s("M#")))
                .build();
        List<String> wanted = modelKeys(r.claims());
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder()
                .update(Update.builder()
                        .tableName(table)
                        .key(Map.of(PK, s(labelKey(r.id())), SK, s(LABEL_SK)))
                        .updateExpression("SET #vk = :vk, #pk2 = :pk2, #skv = :skv")
                        .conditionExpression("attribute_exists(#pk)")
                        .expressionAttributeNames(
                                Map.of("#vk", VENDOR_KEY, "#pk2", PRODUCT_KEY, "#skv", SEARCH_KEY_VERSION, "#pk", PK))
                        .expressionAttributeValues(Map.of(
                                ":vk",
                                s(Text.searchKey(r.claims().vendor())),
                                ":pk2",
                                s(Text.searchKey(r.claims().product())),
                                ":skv",
                                n(Text.SEARCH_KEY_VERSION)))
                        .build())
                .build());
        List<String> present = new ArrayList<>();
        for (var m : dynamo.queryPaginator(modelRequest).items()) {
            String mk = m.get(SK).s().substring(2);
            present.add(mk);
            if (!wanted.contains(mk)) {
                writes.add(TransactWriteItem.builder()
                        .delete(b -> b.tableName(table).key(Map.of(PK, m.get(PK), SK, m.get(SK))))
                        .build());
            }
        }
        for (String mk : wanted) {
            if (present.contains(mk)) continue;
            writes.add(TransactWriteItem.builder()
                    .put(Put.builder()
                            .tableName(table)
                            .item(Map.of(
                                    PK,
                                    s(labelKey(r.id())),
                                    SK,
                                    s("M#" + mk),
                                    LID,
                                    s(r.id()),
                                    MODEL_SHARD,
                                    s(shard(mk)),
                                    MODEL_KEY,
                                    s(mk + "#" + r.id())))
                            .build())
                    .build());
        }
        // labels stored before model skeletons existed get theirs (a put of the same item is harmless)
        for (String sk : skeletons(r.claims())) {
            writes.add(TransactWriteItem.builder()
                    .put(Put.builder()
                            .tableName(table)
                            .item(skeletonItem(r.id(), sk))
                            .build())
                    .build());
        }
        for (int attempt = 1; ; attempt++) {
            try {
                dynamo.transactWriteItems(b -> b.transactItems(writes));
                return true;
            } catch (TransactionCanceledException e) {
                if (attempt >= MAX_ATTEMPTS)
                    throw new IllegalStateException("search keys of " + r.id() + " kept conflicting", e);
                backoff(attempt);
            }
        }
    }

    /**
     * A model skeleton item {@code L#<id>}/{@code K#<skeleton>}: in the {@code byModel} index under the
     * partition {@code K#<skeleton>} (model keys' partitions are one code point long, so they never meet).
     */
    private static Map<String, AttributeValue> skeletonItem(String id, String skeleton) {
        return Map.of(
                PK,
                s(labelKey(id)),
                SK,
                s("K#" + skeleton),
                LID,
                s(id),
                MODEL_SHARD,
                s("K#" + skeleton),
                MODEL_KEY,
                s(id));
    }

    static java.util.Set<String> skeletons(LabelClaims c) {
        java.util.Set<String> out = new LinkedHashSet<>();
        c.models().forEach(m -> out.addAll(jp.jcstar.label.Confusables.skeletons(m)));
        return out;
    }

    @Override
    public List<String> labelIdsWithModelSkeleton(String skeleton) {
        Objects.requireNonNull(skeleton, "skeleton");
        var request = QueryRequest.builder()
                .tableName(table)
                .indexName(INDEX_MODEL)
                .keyConditionExpression("#s = :s")
                .expressionAttributeNames(Map.of("#s", MODEL_SHARD))
                .expressionAttributeValues(Map.of(":s", s("K#" + skeleton)))
                .build();
        TreeSet<String> ids = new TreeSet<>();
        for (var item : dynamo.queryPaginator(request).items())
            ids.add(item.get(MODEL_KEY).s());
        return List.copyOf(ids);
    }

    /** Distinct normalised model keys: two designations that normalise alike need one index item. */
    static List<String> modelKeys(LabelClaims c) {
        return List.copyOf(
                new LinkedHashSet<>(c.models().stream().map(Text::searchKey).toList()));
    }

    /** The index partition of a model key: its first code point, so a prefix query hits one partition. */
    static String shard(String modelKey) {
        return modelKey.isEmpty() ? "-" : new String(Character.toChars(modelKey.codePointAt(0)));
    }

    private static String labelKey(String id) {
        return "L#" + id;
    }

    private static String appKey(String applicationId) {
        return "A#" + applicationId;
    }

    private static String listKey(int list) {
        return "SL#" + list;
    }

    private static String chunkKey(int chunk) {
        return String.format(Locale.ROOT, "C#%04d", chunk);
    }

    private static String slotKey(LabelRecord r) {
        return "S#" + r.claims().status().list() + "#" + r.claims().status().index();
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    private static void backoff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L << Math.min(attempt, 5)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    // ---------------------------------------------------------------- transparency log (DynamoLog)

    @Override
    public long logSize() {
        return log.size();
    }

    @Override
    public List<byte[]> logEntries(long from, int limit) {
        return log.entries(from, limit);
    }

    @Override
    public List<Long> logIndexes(String labelId) {
        return labelId == null || labelId.isEmpty() ? List.of() : log.indexes(labelId);
    }

    @Override
    public long sequenceLog() {
        return log.sequence();
    }

    @Override
    public String toString() {
        return "DynamoLabelStore[" + table + "]";
    }
}
