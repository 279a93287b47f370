package jp.jcstar.webhook;

import java.time.Duration;
import java.util.List;
import jp.jcstar.aws.DynamoLabelStore;
import jp.jcstar.aws.DynamoWebhookStore;
import jp.jcstar.aws.SqsDeliveryQueue;
import jp.jcstar.store.LabelStore;
import jp.jcstar.testing.Moto;
import org.junit.jupiter.api.BeforeEach;

/**
 * {@link WebhookDeliveryContract} on the AWS adapters as moto emulates them: labels and subscriptions in a
 * DynamoDB table, deliveries in an SQS queue with its dead-letter queue. SQS keeps real time (visibility
 * timeouts), so this run uses seconds where the embedded one uses the day and its hours.
 */
class DynamoSqsWebhookDeliveryMotoTest extends WebhookDeliveryContract {
    private String table;
    private List<String> queues;
    private DynamoLabelStore labels;
    private DynamoWebhookStore subscriptions;
    private SqsDeliveryQueue queue;

    @BeforeEach
    void open() {
        table = Moto.uniqueName("webhooks");
        DynamoLabelStore.createTable(Moto.clients().dynamo(), table);
        queues = SqsDeliveryQueue.createQueues(sqs(), Moto.uniqueName("deliveries"));
        labels = new DynamoLabelStore(Moto.clients().dynamo(), table);
        restart();
    }

    @Override
    protected LabelStore labels() {
        return labels;
    }

    @Override
    protected WebhookStore subscriptions() {
        return subscriptions;
    }

    @Override
    protected DeliveryQueue queue() {
        return queue;
    }

    @Override
    protected void restart() {
        subscriptions = new DynamoWebhookStore(Moto.clients().dynamo(), table);
        queue = new SqsDeliveryQueue(sqs(), queues.get(0), queues.get(1));
    }

    @Override
    protected Duration settle() {
        return DynamoLabelStore.CHANGE_SETTLE;
    }

    @Override
    protected Webhooks.Policy policy() {
        return new Webhooks.Policy(
                Duration.ofSeconds(12), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(3));
    }

    @Override
    protected void pass(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis());
        clock.advance(d);
    }

    /**
     * SQS on moto, built here: {@code AwsClients} holds only the clients every function's jar carries (the
     * Lambda jars leave the SQS SDK out until a delivery function exists).
     */
    private static software.amazon.awssdk.services.sqs.SqsClient sqs() {
        return software.amazon.awssdk.services.sqs.SqsClient.builder()
                .endpointOverride(Moto.endpoint())
                .region(Moto.REGION)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("test", "test")))
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .build();
    }
}
