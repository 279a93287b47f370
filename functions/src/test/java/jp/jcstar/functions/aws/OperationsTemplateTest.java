package jp.jcstar.functions.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import jp.jcstar.functions.Route;
import jp.jcstar.functions.Routes;
import jp.jcstar.functions.SweepHandler;
import org.junit.jupiter.api.Test;

/**
 * Failures that page someone, and limits, on the translated template: alarms to the AlarmTopicArn
 * topic, tracing, reserved concurrency, and a sweep whose failures land in a dead-letter queue.
 */
class OperationsTemplateTest {
    static final String TOPIC = "{\"Ref\":\"AlarmTopicArn\"}";
    final SamTemplate t = SamTemplate.translated();

    @Test
    void everyAlarmNotifiesTheTopicWhenItFiresAndWhenItClears() {
        List<String> alarms = t.ofType("AWS::CloudWatch::Alarm");
        assertTrue(alarms.size() >= 4 + 2 * t.ofType("AWS::Lambda::Function").size(), alarms.toString());
        for (String a : alarms) {
            JsonNode p = t.resource(a).path("Properties");
            assertEquals("[" + TOPIC + "]", p.path("AlarmActions").toString(), a);
            assertEquals("[" + TOPIC + "]", p.path("OKActions").toString(), a);
        }
    }

    @Test
    void everyFunctionHasAnErrorsAndAThrottlesAlarmAndActiveTracing() {
        for (String fn : t.ofType("AWS::Lambda::Function")) {
            for (String metric : List.of("Errors", "Throttles")) {
                assertEquals(
                        1,
                        alarmsOn("AWS/Lambda", metric, "FunctionName", "{\"Ref\":\"" + fn + "\"}")
                                .size(),
                        fn + " " + metric);
            }
            assertEquals(
                    "Active",
                    t.resource(fn)
                            .path("Properties")
                            .path("TracingConfig")
                            .path("Mode")
                            .asText(),
                    fn);
        }
    }

    @Test
    void theApiTheTableTheSweepAndTheStatusListsAreWatched() {
        assertEquals(
                1,
                alarmsOn("AWS/ApiGateway", "5xx", "ApiId", "{\"Ref\":\"RegistryApi\"}")
                        .size(),
                "API 5xx");
        assertEquals(
                1,
                alarmsOn(
                                "AWS/SQS",
                                "ApproximateNumberOfMessagesVisible",
                                "QueueName",
                                "{\"Fn::GetAtt\":[\"SweepFailures\",\"QueueName\"]}")
                        .size(),
                "failed sweeps");
        List<String> age = alarmsOn(
                SweepHandler.METRIC_NAMESPACE, SweepHandler.METRIC_AGE, "FunctionName", "{\"Ref\":\"SweepFunction\"}");
        assertEquals(1, age.size(), "the age of the newest status list, as the sweep reports it");
        JsonNode a = t.resource(age.getFirst()).path("Properties");
        assertEquals("breaching", a.path("TreatMissingData").asText(), "a sweep that reports nothing must page too");
        assertTrue(
                a.path("Threshold").asDouble() < 3 * 86400 - 12 * 3600, "pages well before the lists expire (3 days)");
        // DynamoDB: system errors of every operation the code uses, and throttling
        JsonNode dynamo = t.resource("DynamoErrorsAlarm").path("Properties").path("Metrics");
        Set<String> seen = new TreeSet<>();
        for (JsonNode m : dynamo) {
            JsonNode metric = m.path("MetricStat").path("Metric");
            if (metric.isMissingNode()) continue;
            assertEquals("AWS/DynamoDB", metric.path("Namespace").asText());
            assertTrue(
                    metric.path("Dimensions")
                            .toString()
                            .contains("{\"Name\":\"TableName\",\"Value\":{\"Ref\":\"LabelTable\"}}"),
                    m.toString());
            seen.add(metric.path("MetricName").asText()
                    + (metric.path("Dimensions").size() > 1
                            ? "/"
                                    + metric.path("Dimensions")
                                            .get(1)
                                            .path("Value")
                                            .asText()
                            : ""));
        }
        assertEquals(
                new TreeSet<>(List.of(
                        "ReadThrottleEvents",
                        "WriteThrottleEvents",
                        "SystemErrors/BatchGetItem",
                        "SystemErrors/GetItem",
                        "SystemErrors/PutItem",
                        "SystemErrors/Query",
                        "SystemErrors/TransactWriteItems")),
                seen);
    }

    @Test
    void operatorFunctionsAndTheSweepHaveReservedConcurrencyAndExportAndBatchVerifyAreCapped() {
        Set<String> operatorHandlers = Routes.ALL.stream()
                .filter(Route::operator)
                .map(r -> r.handlerClass().getName() + "::handleRequest")
                .collect(Collectors.toSet());
        int reserved = 0;
        for (String fn : t.ofType("AWS::Lambda::Function")) {
            JsonNode p = t.resource(fn).path("Properties");
            boolean mustReserve = operatorHandlers.contains(p.path("Handler").asText())
                    || Set.of("SweepFunction", "ExportFunction", "BatchVerifyFunction")
                            .contains(fn);
            if (mustReserve)
                assertTrue(p.path("ReservedConcurrentExecutions").asInt() >= 1, fn + " needs reserved concurrency");
            reserved += p.path("ReservedConcurrentExecutions").asInt();
        }
        assertTrue(reserved <= 100, "reservations leave the account's default 1000 mostly unreserved: " + reserved);
        assertEquals(
                1,
                t.resource("SweepFunction")
                        .path("Properties")
                        .path("ReservedConcurrentExecutions")
                        .asInt(),
                "one sweep at a time");
    }

    @Test
    void aFailedSweepGoesToTheDeadLetterQueueAndInvocationsNeverOverlap() {
        String queue = "{\"Fn::GetAtt\":[\"SweepFailures\",\"Arn\"]}";
        JsonNode config = t.resource("SweepFunctionEventInvokeConfig").path("Properties");
        assertEquals(
                queue,
                config.path("DestinationConfig")
                        .path("OnFailure")
                        .path("Destination")
                        .toString());
        assertEquals("live", config.path("Qualifier").asText());
        List<String> schedules = t.ofType("AWS::Scheduler::Schedule");
        assertEquals(1, schedules.size());
        JsonNode s = t.resource(schedules.getFirst()).path("Properties");
        assertEquals(
                queue, s.path("Target").path("DeadLetterConfig").path("Arn").toString());
        assertEquals(
                "{\"Ref\":\"SweepFunctionAliaslive\"}",
                s.path("Target").path("Arn").toString());
        assertEquals("rate(10 minutes)", s.path("ScheduleExpression").asText());
        JsonNode fn = t.resource("SweepFunction").path("Properties");
        int timeout = fn.path("Timeout").asInt();
        int budget = Integer.parseInt(fn.path("Environment")
                .path("Variables")
                .path("SWEEP_BUDGET_SECONDS")
                .asText());
        assertTrue(
                budget + 120 <= timeout && timeout <= 600,
                "a step started within the budget ends before the timeout, and before the next tick");
    }

    private List<String> alarmsOn(String namespace, String metric, String dimension, String value) {
        return t.ofType("AWS::CloudWatch::Alarm").stream()
                .filter(a -> {
                    JsonNode p = t.resource(a).path("Properties");
                    if (!p.path("Namespace").asText().equals(namespace)
                            || !p.path("MetricName").asText().equals(metric)) return false;
                    for (JsonNode d : p.path("Dimensions")) {
                        if (d.path("Name").asText().equals(dimension)
                                && d.path("Value").toString().equals(value)) return true;
                    }
                    return false;
                })
                .toList();
    }
}
