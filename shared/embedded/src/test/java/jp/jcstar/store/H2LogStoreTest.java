package jp.jcstar.store;

import java.nio.file.Path;
import jp.jcstar.embedded.H2LabelStore;
import org.junit.jupiter.api.io.TempDir;

/** {@link LogStoreContract} against the embedded H2 adapter. */
class H2LogStoreTest extends LogStoreContract {
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
