package jp.jcstar.registry;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import jp.jcstar.embedded.FolderBlobStore;
import jp.jcstar.embedded.H2LabelStore;
import jp.jcstar.signing.KeySet;
import jp.jcstar.signing.LocalKeySigner;
import jp.jcstar.store.BlobStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Publisher} locks per list, on purpose: two lists are signed and written at the same time (a
 * method-wide lock made list 2 wait for list 1's signature and write).
 */
class PublisherLockingTest {
    @TempDir
    Path dir;

    H2LabelStore store;
    final LocalKeySigner signer = LocalKeySigner.generate();

    @BeforeEach
    void open() {
        store = new H2LabelStore("jdbc:h2:file:" + dir.resolve("registry").toAbsolutePath());
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** A folder blob store that calls {@code onPut} as a status list write begins. */
    private BlobStore blobs(java.util.function.Consumer<String> onPut) {
        BlobStore folder = new FolderBlobStore(dir.resolve("files"));
        return new BlobStore() {
            @Override
            public void put(String key, byte[] bytes, String contentType) {
                if (key.startsWith(Publisher.LISTS)) onPut.accept(key.substring(Publisher.LISTS.length()));
                folder.put(key, bytes, contentType);
            }

            @Override
            public Optional<Blob> get(String key) {
                return folder.get(key);
            }

            @Override
            public List<String> list(String prefix) {
                return folder.list(prefix);
            }
        };
    }

    private Publisher publisher(BlobStore blobs) {
        return new Publisher(
                store, blobs, signer, KeySet.of(signer.publicKey()), Clock.systemUTC(), "https://registry.example.jp");
    }

    @Test
    void twoListsArePublishedAtTheSameTime() throws Exception {
        CountDownLatch list1Writing = new CountDownLatch(1);
        CountDownLatch list2Writing = new CountDownLatch(1);
        boolean[] overlapped = {false};
        Publisher p = publisher(blobs(n -> {
            if (n.equals("1")) {
                list1Writing.countDown();
                try {
                    // list 2 gets to its write while list 1 is still writing: no lock is shared between them
                    overlapped[0] = list2Writing.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else if (n.equals("2")) {
                list2Writing.countDown();
            }
        }));
        ExecutorService threads = Executors.newFixedThreadPool(2); // two threads whatever the core count
        try {
            var first = threads.submit(() -> p.publishList(1));
            assertTrue(list1Writing.await(20, TimeUnit.SECONDS));
            var second = threads.submit(() -> p.publishList(2));
            second.get(30, TimeUnit.SECONDS);
            first.get(30, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }
        assertTrue(overlapped[0], "list 2 waited for list 1");
    }
}
