package jp.jcstar.functions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.kms.model.GenerateMacRequest;
import software.amazon.awssdk.services.kms.model.GetPublicKeyRequest;
import software.amazon.awssdk.services.kms.model.SignRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Records every AWS call made while {@link #function} names a function, as the IAM requests it needs:
 * action, resource ARN and the condition keys the policies test ({@code dynamodb:LeadingKeys},
 * {@code s3:prefix}, {@code kms:SigningAlgorithm}, {@code kms:MacAlgorithm}). A DynamoDB transaction needs the action of each
 * of its items; a read of a missing S3 object needs {@code s3:ListBucket} too (without it S3 answers
 * 403, not 404). Calls the recorder cannot map become "unmapped:Service:Operation", which no policy grants.
 */
final class CallRecorder implements ExecutionInterceptor {
    static final String ACCOUNT = "123456789012", REGION = "ap-northeast-1";

    /** One IAM request: what a call needs to be allowed. */
    record Need(String action, String resource, Map<String, List<String>> context, String call) {}

    volatile String function;
    final Map<String, List<Need>> needs = new ConcurrentHashMap<>();

    @Override
    public void afterExecution(Context.AfterExecution c, ExecutionAttributes a) {
        record(c.request(), a, null);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution c, ExecutionAttributes a) {
        record(c.request(), a, c.exception());
    }

    private void record(SdkRequest request, ExecutionAttributes a, Throwable failure) {
        String fn = function;
        if (fn == null) return;
        String call = a.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + ":"
                + a.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        needs.computeIfAbsent(fn, k -> new CopyOnWriteArrayList<>()).addAll(map(request, failure, call));
    }

    static List<Need> map(SdkRequest request, Throwable failure, String call) {
        List<Need> out = new ArrayList<>();
        switch (request) {
            case GetItemRequest r -> out.add(dynamo("GetItem", r.tableName(), r.key(), call));
            case PutItemRequest r -> out.add(dynamo("PutItem", r.tableName(), r.item(), call));
            case UpdateItemRequest r -> out.add(dynamo("UpdateItem", r.tableName(), r.key(), call));
            case DeleteItemRequest r -> out.add(dynamo("DeleteItem", r.tableName(), r.key(), call));
            case QueryRequest r ->
                out.add(new Need(
                        "dynamodb:Query",
                        table(r.tableName()) + (r.indexName() == null ? "" : "/index/" + r.indexName()),
                        r.indexName() == null ? Map.of("dynamodb:LeadingKeys", List.of(partitionOf(r))) : Map.of(),
                        call));
            case BatchGetItemRequest r ->
                r.requestItems().forEach((t, keys) -> {
                    List<String> pks =
                            keys.keys().stream().map(k -> k.get("PK").s()).toList();
                    out.add(new Need("dynamodb:BatchGetItem", table(t), Map.of("dynamodb:LeadingKeys", pks), call));
                });
            case TransactWriteItemsRequest r -> {
                for (TransactWriteItem i : r.transactItems()) {
                    if (i.put() != null)
                        out.add(dynamo("PutItem", i.put().tableName(), i.put().item(), call));
                    if (i.update() != null)
                        out.add(dynamo(
                                "UpdateItem", i.update().tableName(), i.update().key(), call));
                    if (i.delete() != null)
                        out.add(dynamo(
                                "DeleteItem", i.delete().tableName(), i.delete().key(), call));
                    if (i.conditionCheck() != null)
                        out.add(dynamo(
                                "ConditionCheckItem",
                                i.conditionCheck().tableName(),
                                i.conditionCheck().key(),
                                call));
                }
            }
            case GetObjectRequest r -> {
                out.add(new Need("s3:GetObject", "arn:aws:s3:::" + r.bucket() + "/" + r.key(), Map.of(), call));
                if (failure instanceof NoSuchKeyException)
                    out.add(new Need("s3:ListBucket", "arn:aws:s3:::" + r.bucket(), Map.of(), call + " (404)"));
            }
            case PutObjectRequest r ->
                out.add(new Need("s3:PutObject", "arn:aws:s3:::" + r.bucket() + "/" + r.key(), Map.of(), call));
            case ListObjectsV2Request r ->
                out.add(new Need(
                        "s3:ListBucket",
                        "arn:aws:s3:::" + r.bucket(),
                        r.prefix() == null ? Map.of() : Map.of("s3:prefix", List.of(r.prefix())),
                        call));
            case SignRequest r ->
                out.add(new Need(
                        "kms:Sign",
                        key(r.keyId()),
                        Map.of("kms:SigningAlgorithm", List.of(r.signingAlgorithmAsString())),
                        call));
            case GetPublicKeyRequest r -> out.add(new Need("kms:GetPublicKey", key(r.keyId()), Map.of(), call));
            case GenerateMacRequest r ->
                out.add(new Need(
                        "kms:GenerateMac",
                        key(r.keyId()),
                        Map.of("kms:MacAlgorithm", List.of(r.macAlgorithmAsString())),
                        call));
            default -> out.add(new Need("unmapped:" + call, "*", Map.of(), call));
        }
        return out;
    }

    /** The table's partition key value a query names ("#pk = :pk" with #pk = PK). */
    private static String partitionOf(QueryRequest r) {
        var m = java.util.regex.Pattern.compile("(#?\\w+)\\s*=\\s*(:\\w+)").matcher(r.keyConditionExpression());
        while (m.find()) {
            String name = r.hasExpressionAttributeNames()
                    ? r.expressionAttributeNames().getOrDefault(m.group(1), m.group(1))
                    : m.group(1);
            if (name.equals("PK"))
                return r.expressionAttributeValues().get(m.group(2)).s();
        }
        throw new AssertionError("no partition key in the query " + r.keyConditionExpression());
    }

    private static Need dynamo(String op, String table, Map<String, AttributeValue> key, String call) {
        return new Need(
                "dynamodb:" + op,
                table(table),
                new TreeMap<>(
                        Map.of("dynamodb:LeadingKeys", List.of(key.get("PK").s()))),
                call);
    }

    static String table(String nameOrArn) {
        return nameOrArn.startsWith("arn:")
                ? nameOrArn
                : "arn:aws:dynamodb:" + REGION + ":" + ACCOUNT + ":table/" + nameOrArn;
    }

    static String key(String idOrArn) {
        return idOrArn.startsWith("arn:") ? idOrArn : "arn:aws:kms:" + REGION + ":" + ACCOUNT + ":key/" + idOrArn;
    }
}
