package jp.jcstar.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data folder is the user's alone whatever the umask; a key or token others could read is reported. */
class DataFolderTest {
    @TempDir
    Path dir;

    @Test
    void foldersBecome0700FilesBecome0600AndExposedSecretsAreReported() throws Exception {
        Path home = dir.resolve("data");
        Files.createDirectories(home.resolve("keys"));
        Files.createDirectories(home.resolve("files/v1"));
        // what umask 000 gives
        for (Path d : new Path[] {home, home.resolve("keys"), home.resolve("files"), home.resolve("files/v1")}) {
            Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxrwxrwx"));
        }
        for (String f : new String[] {"keys/signing-key", "operator-token", "registry.mv.db", "files/v1/jwks.json"}) {
            Files.writeString(home.resolve(f), "x");
            Files.setPosixFilePermissions(home.resolve(f), PosixFilePermissions.fromString("rw-rw-rw-"));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataFolder.secure(home, new PrintStream(out, true, StandardCharsets.UTF_8));
        String warnings = out.toString(StandardCharsets.UTF_8);
        assertTrue(warnings.contains("keys/signing-key") && warnings.contains("operator-token"), warnings);
        assertFalse(warnings.contains("registry.mv.db"), warnings);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home)));
        assertEquals(
                "rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("files/v1"))));
        for (String f : new String[] {"keys/signing-key", "operator-token", "registry.mv.db", "files/v1/jwks.json"}) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(f))), f);
        }
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        DataFolder.secure(home, new PrintStream(again, true, StandardCharsets.UTF_8));
        assertEquals("", again.toString(StandardCharsets.UTF_8), "nothing to report once private");
    }

    @Test
    void theTokenIsShownByItsFirstCharactersOnly() throws Exception {
        OperatorToken t = OperatorToken.loadOrCreate(dir.resolve("operator-token"));
        assertEquals(7, t.hint().length());
        assertTrue(t.value().startsWith(t.hint().substring(0, 6)));
        assertFalse(t.hint().contains(t.value()));
    }
}
