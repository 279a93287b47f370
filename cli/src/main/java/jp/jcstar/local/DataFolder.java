package jp.jcstar.local;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The local server's data folder (database, signing key, operator token, files) belongs to its user
 * alone, whatever the umask: the folder and every folder in it 0700, every file 0600. A key or token
 * file that others could read is reported (it may have been copied) and tightened. On a file system
 * without POSIX permissions (Windows) this does nothing; the folder's ACL applies.
 */
public final class DataFolder {
    private DataFolder() {}

    static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    /** The secrets whose exposure is worth a warning, relative to the data folder. */
    static final List<String> SECRETS = List.of("keys/signing-key", "operator-token");

    /** Creates {@code home} if needed and makes it and everything in it private; warnings go to {@code warn}. */
    public static void secure(Path home, PrintStream warn) throws IOException {
        Files.createDirectories(home);
        if (!Files.getFileStore(home).supportsFileAttributeView("posix")) return;
        for (String secret : SECRETS) {
            Path f = home.resolve(secret);
            if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) continue;
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(f, LinkOption.NOFOLLOW_LINKS);
            if (!FILE.containsAll(p)) {
                warn.println("warning: " + home.relativize(f) + " in the data folder could be read by others (mode "
                        + PosixFilePermissions.toString(p) + "); made 0600 — if others may have copied it, replace it");
            }
        }
        try (Stream<Path> all = Files.walk(home)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (Files.isSymbolicLink(p)) continue;
                Files.setPosixFilePermissions(p, Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? FOLDER : FILE);
            }
        }
    }
}
