package jp.jcstar.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import jp.jcstar.json.Json;
import jp.jcstar.webhook.Delivery;
import jp.jcstar.webhook.DeliveryQueue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@link DeliveryQueue} on SQS: a standard queue of deliveries and its dead-letter queue (template.yaml:
 * {@code WebhookDeliveries}, {@code WebhookDeadLetters}, with a redrive policy as the backstop for a
 * message no worker could settle). A claim is a receive with the lease as visibility timeout; a retry
 * hides the message until it is due ({@code ChangeMessageVisibility}, at most 12 hours); giving up
 * moves it to the dead-letter queue with its last error. The attempts are SQS's receive count. The
 * queue's clock is SQS's own: {@code now} in {@link #claim} is not used. Thread-safe.
 */
public final class SqsDeliveryQueue implements DeliveryQueue {
    private static final int MAX_VISIBILITY = 43_200;

    private final SqsClient sqs;
    private final String queueUrl;
    private final String deadLetterUrl;

    public SqsDeliveryQueue(SqsClient sqs, String queueUrl, String deadLetterUrl) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
        this.deadLetterUrl = Objects.requireNonNull(deadLetterUrl, "deadLetterUrl");
    }

    /** For tests and set-up without the template: both queues and the redrive; returns their URLs. */
    public static List<String> createQueues(SqsClient sqs, String name) {
        String dlq = sqs.createQueue(b -> b.queueName(name + "-dead")).queueUrl();
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlq).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        String q = sqs.createQueue(b -> b.queueName(name)
                        .attributes(Map.of(
                                QueueAttributeName.REDRIVE_POLICY,
                                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"60\"}")))
                .queueUrl();
        return List.of(q, dlq);
    }

    /** The message body: the delivery without its handle and attempts (SQS counts those). */
    public static String encode(Delivery d) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("id", d.id());
        o.put("subscriptionId", d.subscriptionId());
        o.put("type", d.type());
        o.put("body", d.body());
        o.put("attempts", d.attempts());
        o.put("enqueuedAt", d.enqueuedAt().toString());
        o.put("lastError", d.lastError());
        return new String(Json.write(o), StandardCharsets.UTF_8);
    }

    /** A delivery from a message body; {@code receiveCount} (SQS's, 1 on the first receive) gives the attempts. */
    public static Delivery decode(String body, int receiveCount, String handle, Instant now) {
        JsonNode j = Json.parse(body.getBytes(StandardCharsets.UTF_8));
        int attempts = Math.max(j.path("attempts").asInt(0), receiveCount - 1);
        return new Delivery(
                j.get("id").asText(),
                j.get("subscriptionId").asText(),
                j.get("type").asText(),
                j.get("body").asText(),
                attempts,
                Instant.parse(j.get("enqueuedAt").asText()),
                now,
                j.hasNonNull("lastError") ? j.get("lastError").asText() : null,
                handle);
    }

    @Override
    public void enqueue(Delivery d) {
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(encode(d)));
    }

    @Override
    public List<Delivery> claim(int max, Instant now, Duration lease) {
        List<Delivery> out = new ArrayList<>();
        for (Message m : receive(queueUrl, Math.min(10, max), (int) lease.toSeconds()))
            out.add(decode(m.body(), receiveCount(m), m.receiptHandle(), now));
        return out;
    }

    private List<Message> receive(String url, int max, int visibility) {
        return sqs.receiveMessage(b -> b.queueUrl(url)
                        .maxNumberOfMessages(max)
                        .visibilityTimeout(visibility)
                        .waitTimeSeconds(0)
                        .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                .messages();
    }

    private static int receiveCount(Message m) {
        String c = m.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
        return c == null ? 1 : Integer.parseInt(c);
    }

    @Override
    public void done(Delivery claimed) {
        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(claimed.handle()));
    }

    @Override
    public void retry(Delivery failed, Instant now) {
        long wait = Math.max(0, Duration.between(now, failed.dueAt()).toSeconds());
        int seconds = (int) Math.min(MAX_VISIBILITY, wait);
        sqs.changeMessageVisibility(
                b -> b.queueUrl(queueUrl).receiptHandle(failed.handle()).visibilityTimeout(seconds));
    }

    @Override
    public void deadLetter(Delivery failed) {
        sqs.sendMessage(b -> b.queueUrl(deadLetterUrl).messageBody(encode(failed)));
        if (failed.handle() != null) done(failed);
    }

    /**
     * Reads the dead-letter queue without taking anything off it: the listing's receives hide what they got
     * (so each sees other messages), and at the end all are made visible again.
     */
    @Override
    public List<Delivery> deadLetters(int limit) {
        Map<String, Delivery> out = new LinkedHashMap<>();
        List<Message> seen = new ArrayList<>();
        try {
            for (int round = 0; round < 100 && out.size() < limit; round++) {
                List<Message> got = receive(deadLetterUrl, 10, 30);
                if (got.isEmpty()) break;
                seen.addAll(got);
                for (Message m : got) {
                    Delivery d = decode(m.body(), 1, null, Instant.now());
                    if (out.size() < limit) out.putIfAbsent(d.id(), d);
                }
            }
        } finally {
            release(seen);
        }
        return List.copyOf(out.values());
    }

    private void release(List<Message> messages) {
        for (Message m : messages)
            sqs.changeMessageVisibility(b ->
                    b.queueUrl(deadLetterUrl).receiptHandle(m.receiptHandle()).visibilityTimeout(0));
    }

    @Override
    public boolean replay(String id, Instant now) {
        List<Message> passed = new ArrayList<>();
        try {
            for (int round = 0; round < 100; round++) {
                List<Message> got = receive(deadLetterUrl, 10, 30);
                if (got.isEmpty()) return false;
                for (Message m : got) {
                    Delivery d = decode(m.body(), 1, null, now);
                    if (d.id().equals(id)) {
                        enqueue(new Delivery(d.id(), d.subscriptionId(), d.type(), d.body(), 0, now, now, null, null));
                        sqs.deleteMessage(b -> b.queueUrl(deadLetterUrl).receiptHandle(m.receiptHandle()));
                        return true;
                    }
                    passed.add(m);
                }
            }
            return false;
        } finally {
            // the others go back at once
            for (Message m : passed)
                sqs.changeMessageVisibility(b -> b.queueUrl(deadLetterUrl)
                        .receiptHandle(m.receiptHandle())
                        .visibilityTimeout(0));
        }
    }
}
