package jp.jcstar.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import jp.jcstar.store.BlobStore;

/**
 * {@link BlobStore} in a local folder, for the laptop run. Key {@code a/b.png} is the file
 * {@code <root>/a/b.png}; its content type is kept beside it in {@code <root>/a/b.png..content-type}.
 * That name contains {@code ..}, which {@link BlobStore#checkKey} refuses in keys, so it can never
 * collide with a blob; temp files use the same trick.
 *
 * <p>Writes go to a temp file in the target folder, forced to the device, and are moved into place
 * atomically (the folder forced after), so a reader — also after a crash or power loss — sees the old
 * or the new bytes, never a half-written file (the content type is written first: a
 * reader may briefly see new type with old bytes, harmless for the public files kept here). Every key
 * is checked, and the resolved path must stay inside the root even through symbolic links.
 * As in a file system (unlike S3), a key cannot be both a blob and a folder ({@code a} and {@code a/b}).
 *
 * <p>Thread-safe: no mutable state; concurrent puts of one key end with one complete winner.
 */
public final class FolderBlobStore implements BlobStore {
    private static final String TYPE_SUFFIX = "..content-type";
    private static final String DEFAULT_TYPE = "application/octet-stream";

    private final Path root;
    private final boolean synced;

    /** @param root the folder to keep blobs in; created if missing */
    public FolderBlobStore(Path root) {
        this(root, true);
    }

    /**
     * @param synced false skips the forcing to the device (atomic against a crash of the process, not of
     *               the machine): only for measuring what durability costs
     */
    public FolderBlobStore(Path root, boolean synced) {
        Objects.requireNonNull(root, "root");
        this.synced = synced;
        try {
            Files.createDirectories(root);
            this.root = root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use blob folder " + root, e);
        }
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(contentType, "contentType");
        Path file = resolve(key);
        try {
            boolean freshFolder = !Files.isDirectory(file.getParent());
            Files.createDirectories(file.getParent());
            inside(file.getParent().toRealPath(), key); // a symlinked folder must not lead out of the root
            if (freshFolder && synced) {
                // a new folder's entry in its parent must reach the disk too, up to the root
                for (Path d = file.getParent(); d != null && d.startsWith(root); d = d.getParent())
                    DurableFiles.forceFolder(d);
            }
            writeAtomically(sidecar(file), contentType.getBytes(StandardCharsets.UTF_8));
            writeAtomically(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write blob " + key, e);
        }
    }

    @Override
    public Optional<Blob> get(String key) {
        Path file = resolve(key);
        try {
            if (!Files.isRegularFile(file)) return Optional.empty();
            inside(file.toRealPath(), key);
            byte[] bytes = Files.readAllBytes(file);
            String type;
            try {
                type = Files.readString(sidecar(file), StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                type = DEFAULT_TYPE; // a file dropped into the folder by hand
            }
            return Optional.of(new Blob(bytes, type));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read blob " + key, e);
        }
    }

    @Override
    public List<String> list(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (!prefix.isEmpty()) BlobStore.checkKey(prefix);
        List<String> keys = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).forEach(f -> {
                String key =
                        root.relativize(f).toString().replace(f.getFileSystem().getSeparator(), "/");
                if (!key.contains("..") && key.startsWith(prefix)) keys.add(key); // skips sidecars and temp files
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list blobs under " + prefix, e);
        }
        keys.sort(null);
        return keys;
    }

    private Path resolve(String key) {
        BlobStore.checkKey(key);
        Path file = root.resolve(key).normalize();
        inside(file, key);
        if (file.equals(root) || file.getFileName().toString().contains(".."))
            throw new IllegalArgumentException("bad blob key: " + key);
        return file;
    }

    private void inside(Path p, String key) {
        if (!p.startsWith(root)) throw new IllegalArgumentException("blob key leaves the store: " + key);
    }

    private static Path sidecar(Path file) {
        return file.resolveSibling(file.getFileName() + TYPE_SUFFIX);
    }

    /**
     * Write to a temp file, force it to the device, rename it over the target, force the folder: after a
     * crash or a power loss the target holds the old bytes or the new ones, whole, and once this returns
     * the new ones stay (a rename alone may reach the disk before the data it names).
     */
    private void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), ".tmp..", null);
        try {
            if (synced) DurableFiles.writeSynced(tmp, bytes);
            else Files.write(tmp, bytes);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            if (synced) DurableFiles.forceFolder(target.getParent());
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public String toString() {
        return "FolderBlobStore[" + root + "]";
    }
}
