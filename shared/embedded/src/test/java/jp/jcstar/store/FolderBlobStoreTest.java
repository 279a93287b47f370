package jp.jcstar.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import jp.jcstar.embedded.FolderBlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link BlobStoreContract} against a local folder, plus the rules only a file system can break. */
class FolderBlobStoreTest extends BlobStoreContract {
    @TempDir
    Path dir;

    private Path root() {
        return dir.resolve("blobs");
    }

    @Override
    protected BlobStore createStore() {
        return new FolderBlobStore(root());
    }

    @Test
    void symlinkedFolderCannotLeadOutOfTheRoot() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.createSymbolicLink(root().resolve("escape"), outside);
        assertThrows(IllegalArgumentException.class, () -> store.put("escape/x.txt", new byte[] {1}, "text/plain"));
        assertFalse(Files.exists(outside.resolve("x.txt")));
    }

    @Test
    void symlinkedFileOutsideTheRootIsNotServed() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(root().resolve("leak.txt"), secret);
        assertThrows(IllegalArgumentException.class, () -> store.get("leak.txt"));
        assertEquals(List.of(), store.list(""));
    }

    @Test
    void sidecarsAndTempFilesNeverShowAsKeys() throws Exception {
        store.put("a/b.json", "{}".getBytes(StandardCharsets.UTF_8), "application/json");
        assertEquals(List.of("a/b.json"), store.list(""));
        try (Stream<Path> files = Files.list(root().resolve("a"))) {
            assertEquals(
                    List.of("b.json", "b.json..content-type"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temp files are left behind");
        }
    }

    @Test
    void aFileDroppedInByHandIsServedAsOctetStream() throws Exception {
        Files.writeString(root().resolve("hand.txt"), "hi");
        assertEquals(
                "application/octet-stream", store.get("hand.txt").orElseThrow().contentType());
    }
}
