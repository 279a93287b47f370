package jp.jcstar.webhook;

import java.nio.file.Path;
import jp.jcstar.embedded.H2LabelStore;
import jp.jcstar.embedded.H2Webhooks;
import jp.jcstar.store.LabelStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** {@link WebhookDeliveryContract} on the embedded store: H2 for labels, subscriptions and the queue. */
class H2WebhookDeliveryTest extends WebhookDeliveryContract {
    @TempDir
    Path dir;

    private H2LabelStore labels;
    private H2Webhooks webhooks;

    private String url() {
        return "jdbc:h2:file:" + dir.resolve("registry").toAbsolutePath();
    }

    @BeforeEach
    void open() {
        labels = new H2LabelStore(url());
        webhooks = new H2Webhooks(url());
    }

    @AfterEach
    void close() {
        webhooks.close();
        labels.close();
    }

    @Override
    protected LabelStore labels() {
        return labels;
    }

    @Override
    protected WebhookStore subscriptions() {
        return webhooks;
    }

    @Override
    protected DeliveryQueue queue() {
        return webhooks;
    }

    @Override
    protected void restart() {
        webhooks.close();
        webhooks = new H2Webhooks(url());
    }
}
