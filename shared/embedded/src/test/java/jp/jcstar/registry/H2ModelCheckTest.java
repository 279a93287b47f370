package jp.jcstar.registry;

import java.nio.file.Path;
import jp.jcstar.embedded.H2LabelStore;
import jp.jcstar.store.LabelStore;
import org.junit.jupiter.api.io.TempDir;

/** {@link ModelCheckContract} on the embedded store. */
class H2ModelCheckTest extends ModelCheckContract {
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
