package jp.jcstar.aws;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import jp.jcstar.webhook.Subscription;
import jp.jcstar.webhook.SubscriptionJson;
import jp.jcstar.webhook.WebhookStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * {@link WebhookStore} in the label table: one partition {@code WEBHOOKS}, one item per subscription
 * (sort key its id) holding the document ({@link SubscriptionJson}), the state and the position. Few
 * subscriptions (each one approved by the operator), so one partition read lists them all. The secret
 * is in the document: the table is encrypted at rest, and only the webhook functions' roles may read
 * this partition (docs/webhooks.md says why not KMS per item). Conditional writes keep a cursor from
 * moving back. Thread-safe.
 */
public final class DynamoWebhookStore implements WebhookStore {
    static final String PARTITION = "WEBHOOKS";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoWebhookStore(DynamoDbClient dynamo, String table) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static Map<String, AttributeValue> item(Subscription x) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("PK", s(PARTITION));
        m.put("SK", s(x.id()));
        m.put("doc", s(SubscriptionJson.doc(x)));
        m.put("st", s(x.state().code()));
        m.put("pos", x.position() == null ? AttributeValue.fromNul(true) : s(x.position()));
        return m;
    }

    private static Subscription from(Map<String, AttributeValue> m) {
        AttributeValue pos = m.get("pos");
        return SubscriptionJson.parse(
                m.get("doc").s(), m.get("st").s(), pos == null || Boolean.TRUE.equals(pos.nul()) ? null : pos.s());
    }

    @Override
    public void create(Subscription x) {
        try {
            dynamo.putItem(b -> b.tableName(table).item(item(x)).conditionExpression("attribute_not_exists(PK)"));
        } catch (ConditionalCheckFailedException e) {
            throw new IllegalStateException("subscription " + x.id() + " exists already", e);
        }
    }

    @Override
    public Optional<Subscription> subscription(String id) {
        var got = dynamo.getItem(
                b -> b.tableName(table).consistentRead(true).key(Map.of("PK", s(PARTITION), "SK", s(id))));
        return got.hasItem() && !got.item().isEmpty() ? Optional.of(from(got.item())) : Optional.empty();
    }

    @Override
    public List<Subscription> subscriptions() {
        List<Subscription> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse r = dynamo.query(b -> b.tableName(table)
                    .consistentRead(true)
                    .keyConditionExpression("PK = :p")
                    .expressionAttributeValues(Map.of(":p", s(PARTITION)))
                    .exclusiveStartKey(from));
            r.items().forEach(i -> out.add(from(i)));
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        out.sort(Comparator.comparing(Subscription::createdAt).thenComparing(Subscription::id));
        return out;
    }

    @Override
    public boolean replace(Subscription expected, Subscription updated) {
        if (!expected.id().equals(updated.id())) throw new IllegalArgumentException("a subscription keeps its id");
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":st", s(expected.state().code()));
        String cond = "st = :st AND ";
        if (expected.position() == null) cond += "(attribute_not_exists(pos) OR attribute_type(pos, :null))";
        else cond += "pos = :pos";
        if (expected.position() == null) values.put(":null", s("NULL"));
        else values.put(":pos", s(expected.position()));
        String condition = cond;
        try {
            dynamo.putItem(b -> b.tableName(table)
                    .item(item(updated))
                    .conditionExpression(condition)
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }
}
