package jp.jcstar.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import jp.jcstar.json.Json;
import jp.jcstar.registry.ChangeFeed;
import jp.jcstar.status.LabelState;
import jp.jcstar.status.StatusChange;
import jp.jcstar.store.ChangeEntry;
import jp.jcstar.store.LabelStore;
import jp.jcstar.store.Page;

/**
 * Signed webhooks (docs/webhooks.md): registration, the operator's approval with the endpoint's
 * challenge, the follower that turns the change feed into queued deliveries, and the worker step that
 * delivers them per the Standard Webhooks specification, with retries for a day and a dead-letter list.
 *
 * <p>At least once, never lost: a subscription's cursor moves only after the deliveries of the changes up
 * to it are queued ({@link #follow}); a delivery leaves the queue only once the receiver answered 2xx
 * ({@link #deliverDue}). The {@code webhook-id} of a change's delivery is derived from the subscription
 * and the change's position, so a change queued twice (a crash between queueing and moving the cursor)
 * is the same message, which receivers dedupe. Thread-safe (stateless over thread-safe ports).
 */
public final class Webhooks {
    /** How long to retry, the first retry's delay and the longest delay, and a claim's lease. */
    public record Policy(Duration retryFor, Duration firstDelay, Duration maxDelay, Duration lease) {
        public static final Policy STANDARD =
                new Policy(Duration.ofHours(24), Duration.ofSeconds(30), Duration.ofHours(4), Duration.ofSeconds(60));
    }

    /** A registration's answer: the pending subscription and its secret, shown this once. */
    public record Registered(Subscription subscription, String secret) {}

    /** What a worker step did. */
    public record Worked(int delivered, int retried, int deadLettered) {}

    public static final class SubscriptionNotFoundException extends RuntimeException {
        public SubscriptionNotFoundException(String id) {
            super("no webhook subscription " + id);
        }
    }

    /** The endpoint did not answer the verification challenge with 2xx and the challenge value. */
    public static final class ChallengeFailedException extends RuntimeException {
        public ChallengeFailedException(String message) {
            super(message);
        }
    }

    private final LabelStore labels;
    private final WebhookStore subscriptions;
    private final DeliveryQueue queue;
    private final WebhookTransport transport;
    private final EndpointGuard guard;
    private final Clock clock;
    private final SecureRandom random;
    private final Policy policy;

    public Webhooks(
            LabelStore labels,
            WebhookStore subscriptions,
            DeliveryQueue queue,
            WebhookTransport transport,
            EndpointGuard guard,
            Clock clock,
            SecureRandom random,
            Policy policy) {
        this.labels = Objects.requireNonNull(labels, "labels");
        this.subscriptions = Objects.requireNonNull(subscriptions, "subscriptions");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.guard = Objects.requireNonNull(guard, "guard");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /**
     * A procurement system registers an endpoint: stored {@code pending} until the operator approves. The
     * secret is in this answer only: the registrant needs it to check the verification challenge that the
     * approval sends, and the operator who approves never sees it.
     *
     * @throws EndpointRefusedException if deliveries may not go there
     */
    public Registered register(String endpoint, WebhookFilter filter) {
        URI u = guard.check(endpoint);
        WebhookSecret secret = WebhookSecret.generate(random);
        Subscription s = new Subscription(
                newId(), u, filter, secret, Subscription.State.PENDING, null, clock.instant(), null, null);
        subscriptions.create(s);
        return new Registered(s, secret.value());
    }

    public Subscription get(String id) {
        return subscriptions.subscription(id).orElseThrow(() -> new SubscriptionNotFoundException(id));
    }

    public List<Subscription> list() {
        return subscriptions.subscriptions();
    }

    /**
     * The operator approves: the registry sends a signed {@code webhook.verification} event with a random
     * challenge; only an endpoint that answers 2xx with the challenge (the body itself, or JSON
     * {@code {"challenge": "…"}}) becomes {@code active}, its cursor at the feed's newest change (it
     * receives changes from now on). Otherwise it stays {@code pending} with the reason, and nothing is
     * delivered to it.
     *
     * @throws ChallengeFailedException if the endpoint did not echo the challenge
     */
    public Subscription approve(String id, String operator) {
        Subscription s = get(id);
        if (s.state() == Subscription.State.ACTIVE) return s;
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(24));
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("type", "webhook.verification");
        body.put("timestamp", clock.instant().toString());
        body.putObject("data").put("subscriptionId", s.id()).put("challenge", challenge);
        String failure;
        try {
            WebhookTransport.Answer a =
                    send(s, "msg_" + s.id().substring(3) + "_verify_" + challenge.substring(0, 8), Json.write(body));
            failure = a.ok() && echoes(a.body(), challenge)
                    ? null
                    : a.ok() ? "the endpoint answered without the challenge" : "the endpoint answered " + a.status();
        } catch (EndpointRefusedException e) {
            failure = e.getMessage();
        } catch (IOException e) {
            failure = "the endpoint did not answer (" + e.getClass().getSimpleName() + ")";
        }
        if (failure != null) {
            subscriptions.replace(s, s.withState(Subscription.State.PENDING, null, failure));
            throw new ChallengeFailedException("verification challenge failed: " + failure);
        }
        List<ChangeEntry> newest = labels.latestChanges(1);
        Subscription active = s.withState(Subscription.State.ACTIVE, operator, null)
                .at(newest.isEmpty() ? null : newest.getFirst().position());
        if (!subscriptions.replace(s, active))
            throw new IllegalStateException("subscription " + id + " changed meanwhile");
        return active;
    }

    /** The operator stops a subscription: nothing more is queued for it; queued deliveries are dead-lettered. */
    public Subscription disable(String id, String operator) {
        Subscription s = get(id);
        Subscription d = s.withState(Subscription.State.DISABLED, operator, null);
        if (!subscriptions.replace(s, d)) throw new IllegalStateException("subscription " + id + " changed meanwhile");
        return d;
    }

    private static boolean echoes(String answer, String challenge) {
        String a = answer.strip();
        if (a.equals(challenge)) return true;
        try {
            JsonNode j = Json.parse(a);
            return j.isObject()
                    && j.path("challenge").isTextual()
                    && j.get("challenge").textValue().equals(challenge);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The follower step: for each active subscription, reads the change feed after its cursor (at most
     * {@code maxChanges} changes each), queues a delivery for each change its filter matches, then moves
     * the cursor. Returns the number of deliveries queued.
     */
    public int follow(int maxChanges) {
        int queued = 0;
        for (Subscription s : subscriptions.subscriptions()) {
            if (s.state() != Subscription.State.ACTIVE) continue;
            Subscription at = s;
            int read = 0;
            while (read < maxChanges) {
                Page<ChangeEntry> page = labels.changes(at.position(), Math.min(500, maxChanges - read));
                if (page.items().isEmpty()) break;
                for (ChangeEntry e : page.items()) {
                    if (!at.filter().matches(e)) continue;
                    queue.enqueue(Delivery.fresh(
                            deliveryId(s.id(), e.position()), s.id(), type(e.change()), eventBody(e), clock.instant()));
                    queued++;
                }
                read += page.items().size();
                // the cursor moves only after the page's deliveries are queued: a crash here re-queues them
                Subscription moved = at.at(page.items().getLast().position());
                if (!subscriptions.replace(at, moved)) break; // another follower moved it
                at = moved;
                if (page.next() == null) break;
            }
        }
        return queued;
    }

    /** A change's delivery id: stable for (subscription, change), so re-queueing it is the same message. */
    public static String deliveryId(String subscriptionId, String position) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(position.getBytes(StandardCharsets.UTF_8));
            return "msg_" + subscriptionId.substring(3) + "_" + HexFormat.of().formatHex(h, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The event type of a change: {@code label.revoked}, {@code label.suspended}, {@code label.reinstated}, … */
    public static String type(StatusChange c) {
        if (c.to() == LabelState.VALID) return "label.reinstated";
        return "label." + c.to().code().toLowerCase(Locale.ROOT);
    }

    static String eventBody(ChangeEntry e) {
        StatusChange c = e.change();
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("type", type(c));
        o.put("timestamp", c.recordedAt().toString());
        ObjectNode d = o.putObject("data");
        d.put("labelId", c.labelId());
        d.put("from", c.from().code());
        d.put("state", c.to().code());
        d.put("reason", c.reason() == null ? null : c.reason().code());
        d.put("effectiveAt", c.effectiveAt().toString());
        d.put("recordedAt", c.recordedAt().toString());
        d.put("cursor", ChangeFeed.cursorAt(e.position()));
        d.put("label", "/v1/labels/" + c.labelId());
        return new String(Json.write(o), StandardCharsets.UTF_8);
    }

    /**
     * The worker step: claims up to {@code max} due deliveries and sends each, signed with a fresh
     * timestamp. 2xx: done. Otherwise retried after a delay that doubles per attempt (from
     * {@link Policy#firstDelay} up to {@link Policy#maxDelay}) until {@link Policy#retryFor} after it was
     * queued, then dead-lettered. {@code log} hears of each failure (never the secret).
     */
    public Worked deliverDue(int max, Consumer<String> log) {
        int ok = 0, retried = 0, dead = 0;
        Instant now = clock.instant();
        for (Delivery d : queue.claim(max, now, policy.lease())) {
            Outcome o = deliver(d);
            switch (o) {
                case DELIVERED -> ok++;
                case RETRIED -> retried++;
                case DEAD -> dead++;
            }
            if (o != Outcome.DELIVERED) log.accept("webhook " + d.id() + " to " + d.subscriptionId() + ": " + o);
        }
        return new Worked(ok, retried, dead);
    }

    /** What became of one claimed delivery. */
    public enum Outcome {
        DELIVERED,
        RETRIED,
        DEAD
    }

    /**
     * Sends one claimed delivery and settles it on the queue (done, retry, dead letter). The AWS delivery
     * function calls it per SQS message.
     */
    public Outcome deliver(Delivery d) {
        Instant now = clock.instant();
        Subscription s = subscriptions.subscription(d.subscriptionId()).orElse(null);
        String error;
        if (s == null || s.state() != Subscription.State.ACTIVE) {
            queue.deadLetter(d.failed("subscription is not active", now));
            return Outcome.DEAD;
        }
        try {
            WebhookTransport.Answer a = send(s, d.id(), d.body().getBytes(StandardCharsets.UTF_8));
            if (a.ok()) {
                queue.done(d);
                return Outcome.DELIVERED;
            }
            error = "answered " + a.status();
        } catch (EndpointRefusedException e) {
            error = e.getMessage();
        } catch (IOException e) {
            error = "no answer (" + e.getClass().getSimpleName() + ")";
        }
        Instant giveUp = d.enqueuedAt().plus(policy.retryFor());
        if (!now.isBefore(giveUp)) {
            queue.deadLetter(d.failed(error, now));
            return Outcome.DEAD;
        }
        Instant due = now.plus(delay(d.attempts() + 1));
        queue.retry(d.failed(error, due.isAfter(giveUp) ? giveUp : due), now);
        return Outcome.RETRIED;
    }

    /** The delay after the {@code attempt}-th failed attempt (1-based). */
    Duration delay(int attempt) {
        Duration d = policy.firstDelay();
        for (int i = 1; i < attempt && d.compareTo(policy.maxDelay()) < 0; i++) d = d.multipliedBy(2);
        return d.compareTo(policy.maxDelay()) > 0 ? policy.maxDelay() : d;
    }

    public List<Delivery> deadLetters(int limit) {
        return queue.deadLetters(limit);
    }

    /** Puts a dead letter back on the queue, due now, with a new day of retries. */
    public boolean replay(String deliveryId) {
        return queue.replay(deliveryId, clock.instant());
    }

    private WebhookTransport.Answer send(Subscription s, String id, byte[] bytes) throws IOException {
        long ts = clock.instant().getEpochSecond();
        Map<String, String> h = new LinkedHashMap<>();
        h.put("webhook-id", id);
        h.put("webhook-timestamp", Long.toString(ts));
        h.put("webhook-signature", s.secret().sign(id, ts, bytes));
        return transport.post(s.endpoint(), h, bytes);
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private String newId() {
        byte[] b = bytes(13);
        String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        StringBuilder sb = new StringBuilder("wh_");
        long bits = 0;
        int have = 0;
        List<Character> out = new ArrayList<>();
        for (byte x : b) {
            bits = (bits << 8) | (x & 0xff);
            have += 8;
            while (have >= 5 && out.size() < 20) {
                out.add(alphabet.charAt((int) ((bits >> (have - 5)) & 31)));
                have -= 5;
            }
        }
        out.forEach(sb::append);
        return sb.toString();
    }
}
