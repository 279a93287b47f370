package jp.jcstar.store;

import java.time.Duration;
import java.util.List;
import jp.jcstar.aws.DynamoChangeSeeder;
import jp.jcstar.aws.DynamoLabelStore;
import jp.jcstar.status.StatusChange;
import jp.jcstar.testing.Moto;

/**
 * {@link ChangeFeedContract} against DynamoDB as moto emulates it; one new table per test. The 10,000
 * changes are written as the audit items {@link DynamoLabelStore#updateStatus} writes, in batches
 * ({@link DynamoChangeSeeder}); the concurrent test goes through {@code updateStatus} itself.
 */
class DynamoChangeFeedMotoTest extends ChangeFeedContract {
    private String table;

    @Override
    protected LabelStore createStore() {
        table = Moto.uniqueName("changes");
        DynamoLabelStore.createTable(Moto.clients().dynamo(), table);
        return new DynamoLabelStore(Moto.clients().dynamo(), table);
    }

    @Override
    protected Duration settle() {
        return DynamoLabelStore.CHANGE_SETTLE;
    }

    @Override
    protected void writeChanges(List<LabelRecord> updated, List<StatusChange> changes) {
        DynamoChangeSeeder.write(Moto.clients().dynamo(), table, updated, changes);
    }
}
