package jp.jcstar.local;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import jp.jcstar.embedded.H2Webhooks;
import jp.jcstar.lint.SuppressForbidden;
import jp.jcstar.store.LabelStore;
import jp.jcstar.webhook.EndpointGuard;
import jp.jcstar.webhook.HttpWebhookTransport;
import jp.jcstar.webhook.Webhooks;

/**
 * Signed webhooks on the laptop (docs/webhooks.md): subscriptions and the durable delivery queue in the
 * data folder's H2 database, and a worker thread that every {@link #TICK_SECONDS} seconds follows the
 * change feed (queues a delivery per matching change) and delivers what is due. Everything it needs to
 * go on is in the database, so a server that was stopped or killed resumes where it was: a delivery
 * in flight at the kill is claimed again once its lease ends. Outbound requests follow the SSRF rule;
 * {@code JCSTAR_WEBHOOK_ALLOW_HOSTS} (comma-separated) names test hosts exempt from it.
 */
@SuppressForbidden("the local server reports on its console")
public final class LocalWebhooks implements AutoCloseable {
    static final int TICK_SECONDS = 2;

    private final H2Webhooks store;
    private final HttpWebhookTransport transport;
    private final Webhooks webhooks;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "webhook-worker");
        t.setDaemon(true);
        return t;
    });

    public LocalWebhooks(Path home, LabelStore labels, Clock clock) {
        this.store = new H2Webhooks("jdbc:h2:file:" + home.toAbsolutePath().resolve("registry"));
        EndpointGuard guard = EndpointGuard.allowing(System.getenv("JCSTAR_WEBHOOK_ALLOW_HOSTS"));
        this.transport = HttpWebhookTransport.standard(guard);
        this.webhooks = new Webhooks(
                labels, store, store, transport, guard, clock, new SecureRandom(), Webhooks.Policy.STANDARD);
    }

    public Webhooks webhooks() {
        return webhooks;
    }

    /** One tick: follow the feed, then deliver what is due. */
    public Webhooks.Worked tick() {
        webhooks.follow(1000);
        return webhooks.deliverDue(50, System.err::println);
    }

    /** Starts the worker thread. */
    public void start() {
        timer.scheduleWithFixedDelay(
                () -> {
                    try {
                        tick();
                    } catch (RuntimeException e) {
                        System.err.println("webhook worker: " + e + " (tries again)");
                    }
                },
                0,
                TICK_SECONDS,
                TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        timer.shutdownNow();
        timer.awaitTermination(15, TimeUnit.SECONDS);
        transport.close();
        store.close();
    }
}
