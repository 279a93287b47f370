package jp.jcstar.store;

import java.nio.file.Path;
import java.time.Duration;
import jp.jcstar.embedded.H2LabelStore;
import org.junit.jupiter.api.io.TempDir;

/** {@link ChangeFeedContract} against the embedded H2 adapter. */
class H2ChangeFeedTest extends ChangeFeedContract {
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

    @Override
    protected Duration settle() {
        return Duration.ZERO;
    }
}
