package jp.jcstar.store;

import jp.jcstar.aws.DynamoLabelStore;
import jp.jcstar.testing.Moto;

/** {@link LabelStoreContract} against DynamoDB as moto emulates it; one new table per test. */
class DynamoLabelStoreMotoTest extends LabelStoreContract {
    private String table;

    @Override
    protected LabelStore createStore() {
        table = Moto.uniqueName("labels");
        DynamoLabelStore.createTable(Moto.clients().dynamo(), table);
        return new DynamoLabelStore(Moto.clients().dynamo(), table);
    }

    @Override
    protected LabelStore withLegacySearchKeys(LabelStore store, java.util.List<LabelRecord> records) {
        DynamoLegacyKeys.rewrite(Moto.clients().dynamo(), table, records);
        return store;
    }
}
