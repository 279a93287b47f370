package jp.jcstar.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules every {@link BlobStore} adapter obeys; one subclass per adapter supplies a fresh, empty store per test. */
public abstract class BlobStoreContract {
    /** A new, empty store; called before every test. */
    protected abstract BlobStore createStore() throws Exception;

    protected BlobStore store;

    @BeforeEach
    void openStore() throws Exception {
        store = createStore();
    }

    @Test
    void putThenGetReturnsTheExactBytesAndContentType() {
        byte[] png = new byte[256];
        for (int i = 0; i < png.length; i++) png[i] = (byte) i;
        store.put("v1/labels/JC26-A/qr.png", png, "image/png");
        var blob = store.get("v1/labels/JC26-A/qr.png").orElseThrow();
        assertArrayEquals(png, blob.bytes());
        assertEquals("image/png", blob.contentType());
    }

    @Test
    void japaneseKeysAndTextRoundTrip() {
        byte[] json = "{\"名前\":\"ルータ\"}".getBytes(StandardCharsets.UTF_8);
        store.put("exports/ラベル一覧.json", json, "application/json; charset=utf-8");
        var blob = store.get("exports/ラベル一覧.json").orElseThrow();
        assertArrayEquals(json, blob.bytes());
        assertEquals("application/json; charset=utf-8", blob.contentType());
    }

    @Test
    void putReplacesTheWholeBlob() {
        store.put("v1/status-lists/1", "a much longer first version".getBytes(StandardCharsets.UTF_8), "text/plain");
        store.put("v1/status-lists/1", "second".getBytes(StandardCharsets.UTF_8), "application/statuslist+jwt");
        var blob = store.get("v1/status-lists/1").orElseThrow();
        assertEquals("second", new String(blob.bytes(), StandardCharsets.UTF_8));
        assertEquals("application/statuslist+jwt", blob.contentType());
        assertEquals(List.of("v1/status-lists/1"), store.list("v1/"));
    }

    @Test
    void emptyBlobIsKept() {
        store.put("empty", new byte[0], "text/plain");
        assertEquals(0, store.get("empty").orElseThrow().bytes().length);
    }

    @Test
    void missingKeyIsEmpty() {
        assertEquals(Optional.empty(), store.get("nothing/here.json"));
    }

    @Test
    void listReturnsOnlyKeysUnderThePrefixSorted() {
        for (String k : List.of(
                "v1/status-lists/2",
                "v1/status-lists/10",
                "v1/status-lists/1",
                "v1/labels/X/qr.svg",
                "site/index.html")) {
            store.put(k, new byte[] {1}, "application/octet-stream");
        }
        assertEquals(
                List.of("v1/status-lists/1", "v1/status-lists/10", "v1/status-lists/2"),
                store.list("v1/status-lists/"));
        assertEquals(
                List.of(
                        "site/index.html",
                        "v1/labels/X/qr.svg",
                        "v1/status-lists/1",
                        "v1/status-lists/10",
                        "v1/status-lists/2"),
                store.list(""));
        assertEquals(List.of(), store.list("nothing/"));
    }

    @Test
    void concurrentPutsOfOneKeyLeaveOneCompleteBlob() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                byte[] bytes = new byte[10_000];
                java.util.Arrays.fill(bytes, (byte) i);
                futures.add(pool.submit(() -> store.put("race/blob", bytes, "application/octet-stream")));
            }
            for (Future<?> f : futures) f.get();
        } finally {
            pool.shutdownNow();
        }
        byte[] got = store.get("race/blob").orElseThrow().bytes();
        assertEquals(10_000, got.length);
        for (byte b : got) assertEquals(got[0], b, "bytes of two writers mixed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/etc/passwd", "../secret", "a/../../b", "a/..", "..", "a\\b", "a\nb", "a\u0000b"})
    void badKeysAreRejectedBeforeAnyIo(String key) {
        assertThrows(IllegalArgumentException.class, () -> store.put(key, new byte[] {1}, "text/plain"));
        assertThrows(IllegalArgumentException.class, () -> store.get(key));
        if (!key.isEmpty()) assertThrows(IllegalArgumentException.class, () -> store.list(key));
    }

    @Test
    void overlongKeyIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> store.get("a".repeat(513)));
    }
}
