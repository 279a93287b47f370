package jp.jcstar.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.Callable;
import jp.jcstar.embedded.H2LabelStore;
import jp.jcstar.lint.SuppressForbidden;
import jp.jcstar.local.LocalWebhooks;
import jp.jcstar.webhook.Delivery;
import jp.jcstar.webhook.Subscription;
import jp.jcstar.webhook.WebhookFilter;
import jp.jcstar.webhook.Webhooks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jcstar webhooks list|register|approve|dead-letters|replay}: the operator's webhook commands on
 * the embedded registry's data folder (docs/webhooks.md). {@code approve} sends the verification
 * challenge; the subscription becomes active only if the endpoint echoes it.
 */
@Command(
        name = "webhooks",
        mixinStandardHelpOptions = true,
        description = "Webhook subscriptions of the local registry: list, register, approve, dead-letters, replay.")
@SuppressForbidden("a command-line tool prints its answers")
public final class WebhooksCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "list | register | approve | dead-letters | replay")
    String action;

    @Parameters(
            index = "1",
            arity = "0..1",
            description = "register: the endpoint URL; approve: the subscription id; replay: the delivery id")
    String argument;

    @Option(names = "--data", description = "Data folder of the local registry. Default: ~/.jcstar")
    Path data;

    @Option(names = "--vendor", description = "register: only labels of vendors containing this")
    String vendor;

    @Option(names = "--model", description = "register: only labels with a model designation starting with this")
    String model;

    @Option(names = "--label", description = "register: only these label ids (repeatable)")
    Set<String> labels;

    @Override
    public Integer call() throws Exception {
        Path home = data != null ? data : Path.of(System.getProperty("user.home"), ".jcstar");
        try (H2LabelStore store =
                        new H2LabelStore("jdbc:h2:file:" + home.toAbsolutePath().resolve("registry"));
                LocalWebhooks local = new LocalWebhooks(home, store, Clock.systemUTC())) {
            Webhooks w = local.webhooks();
            switch (action) {
                case "list" -> {
                    for (Subscription s : w.list())
                        System.out.println(s.id() + "  " + s.state().code() + "  " + s.endpoint()
                                + (s.lastError() == null ? "" : "  (" + s.lastError() + ")"));
                }
                case "register" -> {
                    var r = w.register(required(), new WebhookFilter(labels, vendor, model));
                    System.out.println(r.subscription().id() + " pending; secret (shown once): " + r.secret());
                }
                case "approve" -> {
                    try {
                        Subscription s = w.approve(required(), System.getProperty("user.name", "operator"));
                        System.out.println(s.id() + " " + s.state().code());
                    } catch (Webhooks.ChallengeFailedException e) {
                        System.err.println(e.getMessage());
                        return 1;
                    }
                }
                case "dead-letters" -> {
                    for (Delivery d : w.deadLetters(1000))
                        System.out.println(d.id() + "  " + d.subscriptionId() + "  " + d.type() + "  " + d.attempts()
                                + " attempts  " + d.lastError());
                }
                case "replay" -> {
                    if (!w.replay(required())) {
                        System.err.println("no dead letter " + argument);
                        return 1;
                    }
                    System.out.println("queued again: " + argument);
                }
                default -> {
                    System.err.println(
                            "unknown action " + action + "; one of list, register, approve, dead-letters, replay");
                    return 2;
                }
            }
        } catch (IllegalArgumentException | Webhooks.SubscriptionNotFoundException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        return 0;
    }

    private String required() {
        if (argument == null || argument.isBlank()) throw new IllegalArgumentException(action + " needs an argument");
        return argument;
    }
}
