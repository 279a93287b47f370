package jp.jcstar.store;

import jp.jcstar.aws.AwsClients;
import jp.jcstar.aws.DynamoLabelStore;
import jp.jcstar.testing.LocalStack;
import jp.jcstar.testing.Moto;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;

/**
 * {@link LabelStoreContract} against LocalStack (DynamoDB Local inside, which isolates transactions
 * as AWS does, so the race rules run without the moto work-around). Skipped where there is no Docker.
 */
@Testcontainers(disabledWithoutDocker = true)
class DynamoLabelStoreLocalStackTest extends LabelStoreContract {
    @Container
    static final LocalStackContainer LOCALSTACK = LocalStack.container();

    private String table;

    @Override
    protected LabelStore createStore() {
        AwsClients clients = LocalStack.clients(LOCALSTACK);
        table = Moto.uniqueName("labels");
        DynamoLabelStore.createTable(clients.dynamo(), table);
        return new DynamoLabelStore(clients.dynamo(), table);
    }

    @Override
    protected LabelStore withLegacySearchKeys(LabelStore store, java.util.List<LabelRecord> records) {
        DynamoLegacyKeys.rewrite(LocalStack.clients(LOCALSTACK).dynamo(), table, records);
        return store;
    }
}
