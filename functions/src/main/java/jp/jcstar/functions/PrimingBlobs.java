package jp.jcstar.functions;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import jp.jcstar.store.BlobStore;

/**
 * The file store a priming twin works on: reads go to the real store (S3 in AWS), what priming writes
 * stays here, in memory. It never calls {@link BlobStore#put} on the real store.
 */
final class PrimingBlobs implements BlobStore {
    private final BlobStore real;
    private final Map<String, Blob> written = new TreeMap<>();

    PrimingBlobs(BlobStore real) {
        this.real = real;
    }

    @Override
    public synchronized void put(String key, byte[] bytes, String contentType) {
        BlobStore.checkKey(key);
        written.put(key, new Blob(bytes.clone(), contentType));
    }

    @Override
    public synchronized Optional<Blob> get(String key) {
        Optional<Blob> stored = real.get(key);
        Blob w = written.get(key);
        return w != null ? Optional.of(w) : stored;
    }

    @Override
    public synchronized List<String> list(String prefix) {
        TreeSet<String> keys = new TreeSet<>(real.list(prefix));
        for (String k : written.keySet()) if (k.startsWith(prefix)) keys.add(k);
        return List.copyOf(keys);
    }
}
