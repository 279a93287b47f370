package jp.jcstar.webhook;

import java.time.Instant;
import java.util.Objects;

/**
 * One message to one subscription: the Standard Webhooks {@code webhook-id} ({@code id}, the same on every
 * attempt, so receivers dedupe by it), the event's JSON body (signed afresh with a new timestamp on each
 * attempt), how often it was tried, when it was first enqueued (retries stop a day later), when it is
 * due next and why the last attempt failed. {@code handle} is the queue's own token for a claimed
 * delivery (SQS: the receipt handle), null otherwise. Immutable.
 */
public record Delivery(
        String id,
        String subscriptionId,
        String type,
        String body,
        int attempts,
        Instant enqueuedAt,
        Instant dueAt,
        String lastError,
        String handle) {
    public Delivery {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(enqueuedAt, "enqueuedAt");
        Objects.requireNonNull(dueAt, "dueAt");
        if (attempts < 0) throw new IllegalArgumentException("attempts < 0");
        if (lastError != null && lastError.length() > 500) lastError = lastError.substring(0, 500);
    }

    public static Delivery fresh(String id, String subscriptionId, String type, String body, Instant now) {
        return new Delivery(id, subscriptionId, type, body, 0, now, now, null, null);
    }

    /** After a failed attempt: one more attempt counted, due again at {@code due}. */
    public Delivery failed(String error, Instant due) {
        return new Delivery(id, subscriptionId, type, body, attempts + 1, enqueuedAt, due, error, handle);
    }

    public Delivery withHandle(String h) {
        return new Delivery(id, subscriptionId, type, body, attempts, enqueuedAt, dueAt, lastError, h);
    }
}
