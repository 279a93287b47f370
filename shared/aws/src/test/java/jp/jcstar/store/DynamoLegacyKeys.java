package jp.jcstar.store;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** For the contract's migration rule: a DynamoDB table's search keys rewritten as version 1 wrote them. */
final class DynamoLegacyKeys {
    private DynamoLegacyKeys() {}

    static void rewrite(DynamoDbClient dynamo, String table, List<LabelRecord> records) {
        dynamo.deleteItem(b -> b.tableName(table).key(Map.of("PK", s("META"), "SK", s("SEARCHKEYS"))));
        for (LabelRecord r : records) {
            var pk = s("L#" + r.id());
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of("PK", pk, "SK", s("LABEL")))
                    .updateExpression("SET vendorKey = :v, productKey = :p REMOVE skv")
                    .expressionAttributeValues(Map.of(
                            ":v",
                            s(LabelStoreContract.legacySearchKey(r.claims().vendor())),
                            ":p",
                            s(LabelStoreContract.legacySearchKey(r.claims().product())))));
            var models = dynamo.query(b -> b.tableName(table)
                            .keyConditionExpression("PK = :pk AND begins_with(SK, :m)")
                            .expressionAttributeValues(Map.of(":pk", pk, ":m", s("M#"))))
                    .items();
            for (var m : models)
                dynamo.deleteItem(b -> b.tableName(table).key(Map.of("PK", m.get("PK"), "SK", m.get("SK"))));
            for (String mk : new LinkedHashSet<>(r.claims().models().stream()
                    .map(LabelStoreContract::legacySearchKey)
                    .toList())) {
                dynamo.putItem(b -> b.tableName(table)
                        .item(Map.of(
                                "PK",
                                pk,
                                "SK",
                                s("M#" + mk),
                                "lid",
                                s(r.id()),
                                "mShard",
                                s(new String(Character.toChars(mk.codePointAt(0)))),
                                "mKey",
                                s(mk + "#" + r.id()))));
            }
        }
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }
}
