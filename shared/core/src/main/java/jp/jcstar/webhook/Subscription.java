package jp.jcstar.webhook;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A procurement system's webhook subscription: where to deliver, which changes, its signing secret, its
 * state and its durable cursor into the change feed ({@code position}: the store's position of the last
 * change it has enqueued deliveries for; null until active). {@code lastError} says why the last
 * verification challenge failed. Immutable.
 */
public record Subscription(
        String id,
        URI endpoint,
        WebhookFilter filter,
        WebhookSecret secret,
        State state,
        String position,
        Instant createdAt,
        String approvedBy,
        String lastError) {
    /** {@code wh_} and 20 lower-case base32 characters. */
    public static final Pattern ID = Pattern.compile("wh_[a-z2-7]{20}");

    public enum State {
        /** registered, waiting for the operator, or approved but the endpoint did not echo the challenge */
        PENDING("pending"),
        /** the endpoint echoed the challenge: deliveries flow */
        ACTIVE("active"),
        /** the operator stopped it: nothing is delivered */
        DISABLED("disabled");

        private final String code;

        State(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        public static State fromCode(String code) {
            for (State s : values()) if (s.code.equals(code)) return s;
            throw new IllegalArgumentException("unknown subscription state " + code);
        }
    }

    public Subscription {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) throw new IllegalArgumentException("not a subscription id");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public Subscription withState(State s, String by, String error) {
        return new Subscription(id, endpoint, filter, secret, s, position, createdAt, by, error);
    }

    public Subscription at(String newPosition) {
        return new Subscription(id, endpoint, filter, secret, state, newPosition, createdAt, approvedBy, lastError);
    }
}
