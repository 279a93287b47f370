package jp.jcstar.aws;

import java.util.Map;
import java.util.Objects;
import jp.jcstar.signing.KeySet;
import jp.jcstar.store.KeyDirectory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@link KeyDirectory} as one item of the label table ({@code docs/storage.md}, "Key directory"):
 * {@code PK = KEYS}, {@code SK = JWKS}, attribute {@code jwk} a string set of canonical public JWKs
 * ({@link KeySet#publicJwk}). Publishing is one {@code PutItem} of the whole set; loading is one
 * strongly consistent {@code GetItem}. The item carries none of the index attributes, so label
 * searches never see it. Thread-safe.
 */
public final class DynamoKeyDirectory implements KeyDirectory {
    static final String KEYS_PK = "KEYS", KEYS_SK = "JWKS", JWK = "jwk", UPDATED_AT = "updAt";

    private final DynamoDbClient dynamo;
    private final String table;

    /** @param dynamo a shared client; @param table the label table */
    public DynamoKeyDirectory(DynamoDbClient dynamo, String table) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
    }

    @Override
    public void publish(KeySet keys) {
        if (keys.size() == 0) throw new IllegalArgumentException("an empty key set is never published");
        dynamo.putItem(b -> b.tableName(table)
                .item(Map.of(
                        DynamoLabelStore.PK,
                        AttributeValue.fromS(KEYS_PK),
                        DynamoLabelStore.SK,
                        AttributeValue.fromS(KEYS_SK),
                        JWK,
                        AttributeValue.fromSs(keys.publicJwks()),
                        UPDATED_AT,
                        AttributeValue.fromS(java.time.Instant.now().toString()))));
    }

    @Override
    public KeySet load() {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                        .consistentRead(true)
                        .key(Map.of(
                                DynamoLabelStore.PK,
                                AttributeValue.fromS(KEYS_PK),
                                DynamoLabelStore.SK,
                                AttributeValue.fromS(KEYS_SK)))
                        .projectionExpression("#j")
                        .expressionAttributeNames(Map.of("#j", JWK)))
                .item();
        if (item == null || !item.containsKey(JWK)) return KeySet.of();
        try {
            return KeySet.fromJwks(item.get(JWK).ss());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "the key directory item in " + table + " holds an entry that is not a P-256 public JWK", e);
        }
    }

    @Override
    public String toString() {
        return "DynamoKeyDirectory[" + table + "]";
    }
}
