package jp.jcstar.log;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import jp.jcstar.store.BlobStore;
import jp.jcstar.store.LogStore;

/** Test doubles: a log store as a list, public files as a sorted map. */
final class MemoryLog implements LogStore {
    final List<byte[]> entries = new ArrayList<>();

    synchronized void add(int n) {
        for (int i = 0; i < n; i++) {
            int k = entries.size();
            entries.add(LogEntry.issuance(
                            "JC" + k,
                            "jws." + k + ".sig",
                            Instant.ofEpochSecond(1_700_000_000L + k),
                            Instant.ofEpochSecond(1_700_000_000L + k))
                    .encode());
        }
    }

    @Override
    public synchronized long logSize() {
        return entries.size();
    }

    @Override
    public synchronized List<byte[]> logEntries(long from, int limit) {
        return new ArrayList<>(
                entries.subList((int) Math.min(from, entries.size()), (int) Math.min(from + limit, entries.size())));
    }

    /** The entries are numbered as they are added. */
    @Override
    public synchronized long sequenceLog() {
        return entries.size();
    }

    @Override
    public List<Long> logIndexes(String labelId) {
        return List.of(Long.parseLong(labelId.substring(2)));
    }

    static class Files implements BlobStore {
        final Map<String, byte[]> map = new ConcurrentSkipListMap<>();
        int puts;

        @Override
        public void put(String key, byte[] bytes, String contentType) {
            BlobStore.checkKey(key);
            puts++;
            map.put(key, bytes.clone());
        }

        @Override
        public Optional<Blob> get(String key) {
            byte[] b = map.get(key);
            return b == null ? Optional.empty() : Optional.of(new Blob(b.clone(), "application/octet-stream"));
        }

        @Override
        public List<String> list(String prefix) {
            return new ArrayList<>(new TreeMap<>(map)
                    .subMap(prefix, prefix + Character.MAX_VALUE)
                    .keySet());
        }

        Optional<byte[]> fetch(String key) {
            return Optional.ofNullable(map.get(key)).map(byte[]::clone);
        }
    }
}
