package jp.jcstar.store;

import jp.jcstar.aws.S3BlobStore;
import jp.jcstar.testing.Moto;

/** {@link BlobStoreContract} against S3 as moto emulates it; one new bucket per test. */
class S3BlobStoreMotoTest extends BlobStoreContract {
    @Override
    protected BlobStore createStore() {
        String bucket = Moto.uniqueName("blobs");
        S3BlobStore.createBucket(Moto.clients().s3(), bucket);
        return new S3BlobStore(Moto.clients().s3(), bucket);
    }
}
