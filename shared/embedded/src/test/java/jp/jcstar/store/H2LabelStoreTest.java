package jp.jcstar.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.List;
import jp.jcstar.embedded.H2LabelStore;
import org.junit.jupiter.api.io.TempDir;

/** {@link LabelStoreContract} against the embedded H2 adapter, one database file per test. */
class H2LabelStoreTest extends LabelStoreContract {
    @TempDir
    Path dir;

    @Override
    protected LabelStore createStore() {
        return new H2LabelStore("jdbc:h2:file:" + dir.resolve("registry").toAbsolutePath());
    }

    @Override
    protected void closeStore(LabelStore store) {
        ((H2LabelStore) store).close();
    }

    /**
     * Closes the store, rewrites its keys as version 1 did and drops the version mark, then opens a copy
     * of the file under a new URL (the in-memory key index is per URL and JVM, so a new URL starts from
     * the file, as a restarted registry does).
     */
    @Override
    protected LabelStore withLegacySearchKeys(LabelStore store, List<LabelRecord> records) throws Exception {
        ((H2LabelStore) store).close();
        String url = "jdbc:h2:file:" + dir.resolve("registry").toAbsolutePath();
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            try (Statement s = c.createStatement()) {
                s.execute("DELETE FROM store_meta");
            }
            for (LabelRecord r : records) {
                for (String table : List.of("labels", "label_keys")) {
                    try (PreparedStatement p = c.prepareStatement(
                            "UPDATE " + table + " SET vendor_key = ?, product_key = ? WHERE id = ?")) {
                        p.setString(1, legacySearchKey(r.claims().vendor()));
                        p.setString(2, legacySearchKey(r.claims().product()));
                        p.setString(3, r.id());
                        p.executeUpdate();
                    }
                }
                try (PreparedStatement p = c.prepareStatement("DELETE FROM label_models WHERE label_id = ?")) {
                    p.setString(1, r.id());
                    p.executeUpdate();
                }
                for (String mk : new LinkedHashSet<>(r.claims().models().stream()
                        .map(LabelStoreContract::legacySearchKey)
                        .toList())) {
                    try (PreparedStatement p =
                            c.prepareStatement("INSERT INTO label_models (label_id, model_key) VALUES (?, ?)")) {
                        p.setString(1, r.id());
                        p.setString(2, mk);
                        p.executeUpdate();
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
        }
        Path copy = dir.resolve("copy-" + System.nanoTime());
        Files.createDirectories(copy);
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("registry."))
                    .toList()) Files.copy(f, copy.resolve(f.getFileName()));
        }
        return new H2LabelStore("jdbc:h2:file:" + copy.resolve("registry").toAbsolutePath());
    }
}
