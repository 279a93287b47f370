package jp.jcstar.embedded;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The two steps that make a write-then-rename survive a power loss, for the laptop's files (blobs, key,
 * operator token): the data forced to the device before the rename, and the folder forced after it
 * (a rename may otherwise reach the disk before the data it names, leaving an empty file).
 */
public final class DurableFiles {
    private DurableFiles() {}

    /** Writes {@code bytes} to the existing file {@code file} (truncating it) and forces them to the device. */
    public static void writeSynced(Path file, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) ch.write(b);
            ch.force(true);
        }
    }

    /** Makes a rename in {@code folder} durable (POSIX: fsync the directory; Windows cannot open one, and NTFS journals it). */
    public static void forceFolder(Path folder) throws IOException {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (AccessDeniedException | UnsupportedOperationException e) {
            // Windows: a folder is not a channel
        }
    }
}
