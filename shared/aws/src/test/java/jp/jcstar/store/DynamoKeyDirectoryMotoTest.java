package jp.jcstar.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import jp.jcstar.aws.DynamoKeyDirectory;
import jp.jcstar.aws.DynamoLabelStore;
import jp.jcstar.signing.KeySet;
import jp.jcstar.testing.Moto;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@link KeyDirectoryContract} against DynamoDB as moto emulates it; one new label table per test. */
class DynamoKeyDirectoryMotoTest extends KeyDirectoryContract {
    private String table;

    @Override
    protected KeyDirectory createDirectory() {
        table = Moto.uniqueName("labels");
        DynamoLabelStore.createTable(Moto.clients().dynamo(), table);
        return new DynamoKeyDirectory(Moto.clients().dynamo(), table);
    }

    @Override
    protected KeyDirectory reopen(KeyDirectory directory) {
        return new DynamoKeyDirectory(Moto.clients().dynamo(), table);
    }

    @Test
    void theKeyItemNeverShowsInLabelSearchesOrLookUps() {
        directory.publish(KeySet.of(newKey(), newKey()));
        DynamoLabelStore labels = new DynamoLabelStore(Moto.clients().dynamo(), table);
        assertEquals(
                0,
                labels.search(new LabelQuery(null, null, null, null, null, null), null, 10)
                        .items()
                        .size());
    }

    @Test
    void theItemIsOneStringSetOfCanonicalJwks() {
        var k = newKey();
        directory.publish(KeySet.of(k));
        var item = Moto.clients()
                .dynamo()
                .getItem(b -> b.tableName(table)
                        .consistentRead(true)
                        .key(Map.of("PK", AttributeValue.fromS("KEYS"), "SK", AttributeValue.fromS("JWKS"))))
                .item();
        assertEquals(java.util.List.of(KeySet.publicJwk(k)), item.get("jwk").ss());
    }

    @Test
    void aTamperedEntryFailsTheLoadInsteadOfBeingTrusted() {
        String lying = KeySet.publicJwk(newKey()).replaceFirst("\"kid\":\"[^\"]+\"", "\"kid\":\"AAAAAAAAAAAAAAAA\"");
        Moto.clients()
                .dynamo()
                .putItem(b -> b.tableName(table)
                        .item(Map.of(
                                "PK",
                                AttributeValue.fromS("KEYS"),
                                "SK",
                                AttributeValue.fromS("JWKS"),
                                "jwk",
                                AttributeValue.fromSs(java.util.List.of(lying)))));
        var e = assertThrows(IllegalStateException.class, directory::load);
        assertTrue(
                e.getMessage()
                        .startsWith("the key directory item in " + table
                                + " holds an entry that is not a P-256 public JWK"),
                e.getMessage());
    }
}
