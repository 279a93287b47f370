package jp.jcstar.store;

import java.nio.file.Path;
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
}
