package jp.jcstar.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The durable queue of webhook deliveries and its dead-letter list (embedded: an H2 table; AWS: an SQS
 * queue and its dead-letter queue). At least once: a delivery stays queued until {@link #done}; one that
 * was claimed and neither done nor put back (the worker died) is claimed again once its lease ends.
 * Implementations are thread-safe.
 */
public interface DeliveryQueue {
    /** Queues the delivery. Enqueueing an id again may queue it twice (SQS) or not (H2): receivers dedupe. */
    void enqueue(Delivery d);

    /**
     * Up to {@code max} deliveries due at {@code now}, each leased for {@code lease}: no other claim gets
     * it before the lease ends. The returned deliveries carry the queue's {@link Delivery#handle}.
     */
    List<Delivery> claim(int max, Instant now, Duration lease);

    /** Delivered: gone from the queue. */
    void done(Delivery claimed);

    /**
     * Failed, try again at {@code failed.dueAt()} (its attempts and error already counted); {@code now} is
     * the caller's clock, which a queue on its own clock (SQS) uses to turn that into a delay.
     */
    void retry(Delivery failed, Instant now);

    /** Given up (a day of retries): off the queue, onto the dead-letter list. */
    void deadLetter(Delivery failed);

    /** The dead-letter list, at most {@code limit} entries. */
    List<Delivery> deadLetters(int limit);

    /**
     * Moves the dead letter with this id back onto the queue, due at {@code now}, its retry day starting
     * anew.
     *
     * @return false if no dead letter has this id
     */
    boolean replay(String id, Instant now);
}
