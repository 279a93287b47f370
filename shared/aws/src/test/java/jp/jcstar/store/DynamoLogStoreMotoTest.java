package jp.jcstar.store;

import jp.jcstar.aws.DynamoLabelStore;
import jp.jcstar.testing.Moto;

/** {@link LogStoreContract} against DynamoDB as moto emulates it; one new table per test. */
class DynamoLogStoreMotoTest extends LogStoreContract {
    @Override
    protected LabelStore createStore() {
        String table = Moto.uniqueName("labels");
        DynamoLabelStore.createTable(Moto.clients().dynamo(), table);
        return new DynamoLabelStore(Moto.clients().dynamo(), table);
    }
}
