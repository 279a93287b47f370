package jp.jcstar.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import jp.jcstar.store.BlobStore;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * {@link BlobStore} on one S3 bucket (served through CloudFront in AWS). Every key passes
 * {@link BlobStore#checkKey} before any request is made. A put replaces the whole object
 * atomically (S3 semantics), so readers see the old or the new bytes, never a mix.
 *
 * <p>Thread-safe: holds only the (thread-safe) client and the bucket name.
 */
public final class S3BlobStore implements BlobStore {
    private final Supplier<S3Client> s3;
    private final String bucket;

    /** @param s3 a shared client (see {@link AwsClients#s3()}); @param bucket the bucket name */
    public S3BlobStore(S3Client s3, String bucket) {
        Objects.requireNonNull(s3, "s3");
        this.s3 = () -> s3;
        this.bucket = Objects.requireNonNull(bucket, "bucket");
    }

    /**
     * A store whose client is asked for on first use ({@code aws::s3}): functions that never touch
     * a file, such as verify, then never build the S3 client — the heaviest of the three to load.
     */
    public S3BlobStore(Supplier<S3Client> s3, String bucket) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
    }

    /** Creates the bucket (tests and the local run; in AWS the SAM template creates it). */
    public static void createBucket(S3Client s3, String bucket) {
        s3.createBucket(b -> b.bucket(bucket));
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) {
        BlobStore.checkKey(key);
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(contentType, "contentType");
        s3.get().putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(bytes));
    }

    @Override
    public Optional<Blob> get(String key) {
        BlobStore.checkKey(key);
        try {
            var response = s3.get().getObjectAsBytes(b -> b.bucket(bucket).key(key));
            return Optional.of(
                    new Blob(response.asByteArray(), response.response().contentType()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<String> list(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (!prefix.isEmpty()) BlobStore.checkKey(prefix);
        List<String> keys = new ArrayList<>();
        for (var o : s3.get()
                .listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix))
                .contents()) keys.add(o.key());
        keys.sort(null); // S3 lists in UTF-8 byte order; the port promises String order
        return keys;
    }

    @Override
    public String toString() {
        return "S3BlobStore[" + bucket + "]";
    }
}
