package jp.jcstar.registry;

import jp.jcstar.aws.DynamoLabelStore;
import jp.jcstar.store.LabelStore;
import jp.jcstar.testing.Moto;

/** {@link ModelCheckContract} on DynamoDB as moto emulates it. */
class DynamoModelCheckMotoTest extends ModelCheckContract {
    @Override
    protected LabelStore createStore() {
        String table = Moto.uniqueName("bid");
        DynamoLabelStore.createTable(Moto.clients().dynamo(), table);
        return new DynamoLabelStore(Moto.clients().dynamo(), table);
    }
}
