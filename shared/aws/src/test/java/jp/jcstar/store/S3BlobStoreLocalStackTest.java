package jp.jcstar.store;

import jp.jcstar.aws.AwsClients;
import jp.jcstar.aws.S3BlobStore;
import jp.jcstar.testing.LocalStack;
import jp.jcstar.testing.Moto;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;

/** {@link BlobStoreContract} against S3 in LocalStack. Skipped where there is no Docker. */
@Testcontainers(disabledWithoutDocker = true)
class S3BlobStoreLocalStackTest extends BlobStoreContract {
    @Container
    static final LocalStackContainer LOCALSTACK = LocalStack.container();

    @Override
    protected BlobStore createStore() {
        AwsClients clients = LocalStack.clients(LOCALSTACK);
        String bucket = Moto.uniqueName("blobs");
        S3BlobStore.createBucket(clients.s3(), bucket);
        return new S3BlobStore(clients.s3(), bucket);
    }
}
