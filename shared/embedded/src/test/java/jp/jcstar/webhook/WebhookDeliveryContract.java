package jp.jcstar.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.jcstar.json.Json;
import jp.jcstar.label.LabelClaims;
import jp.jcstar.label.LabelCodec;
import jp.jcstar.label.StatusRef;
import jp.jcstar.status.LabelState;
import jp.jcstar.status.RevocationReason;
import jp.jcstar.status.StatusChange;
import jp.jcstar.store.LabelRecord;
import jp.jcstar.store.LabelStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Signed webhooks end to end (issue 17, items 2 and 5) on one adapter family: a revocation reaches a
 * receiver on 127.0.0.1 signed so that the official Standard Webhooks library accepts it; a worker killed
 * mid-way and restarted still delivers every change, exactly once per {@code webhook-id} at the deduping
 * receiver; an endpoint that does not echo the challenge stays pending and gets nothing; private
 * addresses are refused; failures are retried with growing delays for a day, then dead-lettered, and a
 * replay delivers. Time is a clock the test moves (no sleeps), except where a store lists changes only
 * once they have settled ({@link #settle()}).
 */
public abstract class WebhookDeliveryContract {
    /** The label store (with its change feed) this family uses. */
    protected abstract LabelStore labels();

    protected abstract WebhookStore subscriptions();

    protected abstract DeliveryQueue queue();

    /** Closes and reopens the webhook store and queue, as a restarted registry would. */
    protected abstract void restart();

    protected Duration settle() {
        return Duration.ZERO;
    }

    /** The retry and lease times the test runs with (a queue on real time, SQS, needs short ones). */
    protected Webhooks.Policy policy() {
        return Webhooks.Policy.STANDARD;
    }

    /** Lets {@code d} pass: the test's clock moves (and, for a queue on real time, real time passes). */
    protected void pass(Duration d) throws InterruptedException {
        clock.advance(d);
    }

    protected final MovableClock clock = new MovableClock(Instant.now());
    private Receiver receiver;
    private HttpWebhookTransport transport;
    private int n;

    /** What a killed process would do to the step: it stops where it is, settling nothing. */
    static final class Killed extends Error {
        Killed() {
            super("killed");
        }
    }

    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = new Receiver();
        transport = new HttpWebhookTransport(
                EndpointGuard.allowing("127.0.0.1"), Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    @AfterEach
    void stopReceiver() throws IOException {
        receiver.close();
        transport.close();
    }

    Webhooks webhooks(WebhookTransport t) {
        return new Webhooks(
                labels(),
                subscriptions(),
                queue(),
                t,
                EndpointGuard.allowing("127.0.0.1"),
                clock,
                new SecureRandom(),
                policy());
    }

    private LabelRecord label(String vendor, String model) {
        n++;
        String id = String.format(java.util.Locale.ROOT, "JC26-W%05d", n);
        Instant t0 = Instant.parse("2026-04-01T00:00:00Z");
        var claims = new LabelClaims(
                id,
                1,
                List.of(model),
                "P",
                vendor,
                "router",
                LocalDate.of(2030, 3, 31),
                t0,
                t0.plus(Duration.ofDays(730)),
                new StatusRef(1, n));
        var b64 = Base64.getUrlEncoder().withoutPadding();
        String jws = b64.encodeToString("{\"alg\":\"ES256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(LabelCodec.encode(claims)) + "." + b64.encodeToString(new byte[64]);
        LabelRecord r = LabelRecord.issued("APP-W" + n, claims, jws, null);
        assertInstanceOf(LabelStore.InsertResult.Inserted.class, labels().insert(r));
        return r;
    }

    private LabelRecord revoke(LabelRecord r) {
        Instant now = Instant.now();
        LabelRecord u = r.withStatus(LabelState.REVOKED, RevocationReason.NONCONFORMITY, now, now);
        labels().updateStatus(
                        u,
                        new StatusChange(
                                r.id(),
                                r.state(),
                                LabelState.REVOKED,
                                RevocationReason.NONCONFORMITY,
                                now,
                                now,
                                "op",
                                null));
        return u;
    }

    private void waitSettled() throws InterruptedException {
        if (!settle().isZero()) Thread.sleep(settle().toMillis() + 1000);
    }

    private Webhooks.Registered activeSubscription(Webhooks w, WebhookFilter f) {
        Webhooks.Registered r = w.register(receiver.url().toString(), f);
        assertEquals(Subscription.State.PENDING, r.subscription().state());
        assertEquals(
                Subscription.State.ACTIVE,
                w.approve(r.subscription().id(), "operator").state());
        return r;
    }

    @Test
    void aRevocationReachesTheReceiverSignedSoThatTheStandardWebhooksLibraryAcceptsIt() throws Exception {
        LabelRecord a = label("株式会社テスト", "AB-1");
        Webhooks w = webhooks(transport);
        Webhooks.Registered r = activeSubscription(w, WebhookFilter.any());
        assertTrue(r.secret().startsWith("whsec_"));
        // the challenge itself was signed like any delivery
        Receiver.Got challenge = receiver.all.getFirst();
        assertNull(StandardWebhooksCheck.verify(r.secret(), challenge.headers(), challenge.body()));

        revoke(a);
        waitSettled();
        assertEquals(1, w.follow(1000));
        assertEquals(new Webhooks.Worked(1, 0, 0), w.deliverDue(10, m -> {}));

        List<Receiver.Got> got = receiver.deliveries();
        assertEquals(1, got.size());
        Receiver.Got g = got.getFirst();
        assertNull(StandardWebhooksCheck.verify(r.secret(), g.headers(), g.body()), "the official library verifies it");
        var body = Json.parse(g.body());
        assertEquals("label.revoked", body.get("type").asText());
        assertEquals(a.id(), body.at("/data/labelId").asText());
        assertEquals("revoked", body.at("/data/state").asText());
        assertEquals("nonconformity", body.at("/data/reason").asText());
        assertFalse(body.at("/data/cursor").asText().isEmpty());
        assertEquals(
                Long.toString(clock.instant().getEpochSecond()), g.headers().get("webhook-timestamp"));

        // a tampered body or a wrong secret is refused by the same library: the check can fail
        assertTrue(
                StandardWebhooksCheck.verify(r.secret(), g.headers(), g.body().replace("revoked", "valid")) != null);
        assertTrue(StandardWebhooksCheck.verify(
                        WebhookSecret.generate(new SecureRandom()).value(), g.headers(), g.body())
                != null);
    }

    @Test
    void theFilterPicksTheChangesASubscriptionReceives() throws Exception {
        LabelRecord a = label("株式会社テスト", "AB-1"), b = label("別の会社", "ZZ-9"), c = label("株式会社テスト", "CD-2");
        Webhooks w = webhooks(transport);
        activeSubscription(w, new WebhookFilter(Set.of(), "テスト", "AB"));
        revoke(a);
        revoke(b);
        revoke(c);
        waitSettled();
        assertEquals(1, w.follow(1000));
        w.deliverDue(10, m -> {});
        assertEquals(
                List.of(a.id()),
                receiver.deliveries().stream()
                        .map(g -> Json.parse(g.body()).at("/data/labelId").asText())
                        .toList());
    }

    @Test
    void aWorkerKilledMidWayAndRestartedDeliversEachChangeExactlyOncePerIdAndAtLeastOnce() throws Exception {
        List<LabelRecord> ls = new ArrayList<>();
        for (int i = 0; i < 5; i++) ls.add(label("株式会社テスト", "AB-" + i));
        Webhooks w = webhooks(transport);
        activeSubscription(w, WebhookFilter.any());
        for (LabelRecord l : ls) revoke(l);
        waitSettled();
        assertEquals(5, w.follow(1000));

        // the worker dies after the receiver got the second request, before it could settle it
        int[] sent = {0};
        WebhookTransport dying = (endpoint, headers, body) -> {
            WebhookTransport.Answer a = transport.post(endpoint, headers, body);
            if (++sent[0] == 2) throw new Killed();
            return a;
        };
        assertThrows(Killed.class, () -> webhooks(dying).deliverDue(10, m -> {}));
        assertEquals(2, receiver.deliveries().size());

        restart();
        Webhooks again = webhooks(transport);
        // the dead worker's claim still holds its batch: nothing is sent twice at once
        assertEquals(new Webhooks.Worked(0, 0, 0), again.deliverDue(10, m -> {}));
        assertEquals(2, receiver.unique.size());
        pass(policy().lease().plusSeconds(1));
        assertEquals(
                4,
                again.deliverDue(10, m -> {}).delivered(),
                "the four the dead worker had not settled, once its lease ended");
        assertEquals(new Webhooks.Worked(0, 0, 0), again.deliverDue(10, m -> {}));

        Set<String> ids = new HashSet<>();
        for (Receiver.Got g : receiver.deliveries()) ids.add(g.id());
        assertEquals(5, ids.size(), "every change arrived");
        assertEquals(5, receiver.unique.size(), "once per webhook-id at the deduping receiver");
        assertEquals(6, receiver.deliveries().size(), "the one in flight at the crash arrived twice, same id");
    }

    @Test
    void aFollowerThatDiesBeforeMovingItsCursorQueuesTheSameIdsAgain() throws Exception {
        LabelRecord a = label("株式会社テスト", "AB-1");
        Webhooks w = webhooks(transport);
        Webhooks.Registered r = activeSubscription(w, WebhookFilter.any());
        revoke(a);
        waitSettled();
        WebhookStore real = subscriptions();
        WebhookStore failing = new WebhookStore() {
            @Override
            public void create(Subscription s) {
                real.create(s);
            }

            @Override
            public java.util.Optional<Subscription> subscription(String id) {
                return real.subscription(id);
            }

            @Override
            public List<Subscription> subscriptions() {
                return real.subscriptions();
            }

            @Override
            public boolean replace(Subscription e, Subscription u) {
                throw new Killed();
            }
        };
        Webhooks dying = new Webhooks(
                labels(),
                failing,
                queue(),
                transport,
                EndpointGuard.allowing("127.0.0.1"),
                clock,
                new SecureRandom(),
                policy());
        assertThrows(Killed.class, () -> dying.follow(1000));
        restart();
        Webhooks again = webhooks(transport);
        assertEquals(1, again.follow(1000), "the cursor did not move: the change is queued again");
        assertEquals(0, again.follow(1000), "now it did");
        while (again.deliverDue(10, m -> {}).delivered() > 0) {}
        assertEquals(1, receiver.unique.size());
        assertEquals(
                Webhooks.deliveryId(
                        r.subscription().id(),
                        labels().latestChanges(1).getFirst().position()),
                receiver.unique.keySet().iterator().next());
    }

    @Test
    void anEndpointThatDoesNotEchoTheChallengeStaysPendingAndReceivesNothing() throws Exception {
        LabelRecord a = label("株式会社テスト", "AB-1");
        Webhooks w = webhooks(transport);
        Webhooks.Registered r = w.register(receiver.url().toString(), WebhookFilter.any());
        receiver.echo = false;
        var e = assertThrows(
                Webhooks.ChallengeFailedException.class,
                () -> w.approve(r.subscription().id(), "op"));
        assertTrue(e.getMessage().contains("without the challenge"), e.getMessage());
        Subscription s = w.get(r.subscription().id());
        assertEquals(Subscription.State.PENDING, s.state());
        assertEquals("the endpoint answered without the challenge", s.lastError());
        revoke(a);
        waitSettled();
        assertEquals(0, w.follow(1000));
        assertEquals(new Webhooks.Worked(0, 0, 0), w.deliverDue(10, m -> {}));
        assertEquals(List.of(), receiver.deliveries());
        assertEquals(1, receiver.all.size(), "only the challenge was sent");
    }

    @Test
    void endpointsOnPrivateLoopbackOrMetadataAddressesAreRefused() {
        Webhooks strict = new Webhooks(
                labels(),
                subscriptions(),
                queue(),
                transport,
                EndpointGuard.allowing(""),
                clock,
                new SecureRandom(),
                policy());
        for (String url : List.of(
                "https://127.0.0.1/hook",
                "https://10.1.2.3/hook",
                "https://192.168.0.10/hook",
                "https://169.254.169.254/latest/meta-data",
                "https://[fd00:ec2::254]/",
                "https://[::1]/",
                "https://[::ffff:10.0.0.1]/",
                "https://localhost/hook",
                "http://example.com/hook",
                "https://user:pw@example.com/hook")) {
            assertThrows(EndpointRefusedException.class, () -> strict.register(url, WebhookFilter.any()), url);
        }
        assertEquals(List.of(), subscriptions().subscriptions());
        // and the transport refuses them too, whatever a stored subscription says
        var strictTransport = HttpWebhookTransport.standard(EndpointGuard.allowing(""));
        assertThrows(
                EndpointRefusedException.class,
                () -> strictTransport.post(URI.create("https://127.0.0.1:1/"), Map.of(), new byte[0]));
    }

    @Test
    void failuresAreRetriedWithGrowingDelaysForADayThenDeadLetteredAndAReplayDelivers() throws Exception {
        LabelRecord a = label("株式会社テスト", "AB-1");
        Webhooks w = webhooks(transport);
        activeSubscription(w, WebhookFilter.any());
        revoke(a);
        waitSettled();
        assertEquals(1, w.follow(1000));
        receiver.answer = g -> 503;
        Instant start = clock.instant();
        List<Duration> gaps = new ArrayList<>();
        Instant last = null;
        int attempts = 0;
        while (true) {
            Webhooks.Worked done = w.deliverDue(10, m -> {});
            if (done.retried() + done.deadLettered() > 0) {
                attempts++;
                if (last != null) gaps.add(Duration.between(last, clock.instant()));
                last = clock.instant();
            }
            if (done.deadLettered() == 1) break;
            Duration late = policy().retryFor()
                    .plus(policy().retryFor().dividedBy(10))
                    .plus(policy().firstDelay().multipliedBy(3));
            assertTrue(Duration.between(start, clock.instant()).compareTo(late) < 0, "gave up in time");
            pass(policy().firstDelay().dividedBy(2));
        }
        assertTrue(Duration.between(start, clock.instant()).compareTo(policy().retryFor()) >= 0, "retried for a day");
        assertEquals(attempts, receiver.deliveries().size());
        assertTrue(gaps.get(1).compareTo(gaps.get(0)) > 0, "delays grow: " + gaps);
        assertTrue(attempts >= 3 && attempts < 40, attempts + " attempts");

        List<jp.jcstar.webhook.Delivery> dead = w.deadLetters(10);
        assertEquals(1, dead.size());
        assertEquals("answered 503", dead.getFirst().lastError());
        assertEquals(new Webhooks.Worked(0, 0, 0), w.deliverDue(10, m -> {}), "a dead letter is not retried");

        receiver.answer = g -> 200;
        assertTrue(w.replay(dead.getFirst().id()));
        assertFalse(w.replay(dead.getFirst().id()), "replayed once");
        assertEquals(new Webhooks.Worked(1, 0, 0), w.deliverDue(10, m -> {}));
        assertEquals(List.of(), w.deadLetters(10));
        assertEquals(Set.of(dead.getFirst().id()), receiver.unique.keySet());
    }
}
