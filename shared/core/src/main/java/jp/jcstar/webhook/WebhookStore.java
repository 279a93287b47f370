package jp.jcstar.webhook;

import java.util.List;
import java.util.Optional;

/**
 * Where webhook subscriptions live (embedded: an H2 table next to the labels; AWS: items of the label
 * table). Each one carries its cursor into the change feed, so the follower resumes where it stopped.
 * Implementations are thread-safe.
 */
public interface WebhookStore {
    /** Stores a new subscription; its id must be new. */
    void create(Subscription s);

    Optional<Subscription> subscription(String id);

    /** Every subscription, oldest first (there are few: each one is approved by the operator). */
    List<Subscription> subscriptions();

    /**
     * Replaces the subscription if it still stands as {@code expected} (state and position), so two
     * followers never move one cursor back.
     *
     * @return false if it changed meanwhile (nothing written)
     */
    boolean replace(Subscription expected, Subscription updated);
}
