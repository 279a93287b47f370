package jp.jcstar.functions;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import jp.jcstar.aws.DynamoClients;
import jp.jcstar.aws.DynamoKeyDirectory;
import jp.jcstar.aws.DynamoLabelStore;
import jp.jcstar.registry.Registry;
import jp.jcstar.store.KeyDirectoryKeys;
import jp.jcstar.verify.LabelVerifier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The wiring of the public read-only functions in AWS (verify, batch verify, get label, search,
 * requirements): the label store and the operator's public keys from the key directory, in a
 * {@link Registry#readOnly read-only registry}. No signer, no KMS, no S3: these functions ship in the
 * lean artifact ({@code jcstar-functions-public.jar}), which does not contain those SDK modules, and
 * their IAM role may only read the table. Built once per JVM, in the init phase, on two threads besides
 * the caller's (docs/benchmarks.md, "Cold start").
 */
public final class ReadOnlyWiring {
    private ReadOnlyWiring() {}

    private static volatile Registry fromEnv;

    /**
     * The read-only registry the environment describes ({@code JCSTAR_STORE=aws}, {@code TABLE_NAME},
     * {@code SITE_BASE_URL}; template.yaml sets them).
     */
    public static Registry registry() {
        Registry r = fromEnv;
        if (r == null) {
            synchronized (ReadOnlyWiring.class) {
                r = fromEnv;
                if (r == null) fromEnv = r = build();
            }
        }
        return r;
    }

    private static Registry build() {
        if (!Env.get("JCSTAR_STORE", "embedded").equals("aws")) {
            // the public artifact carries no embedded database; the laptop server wires every handler itself
            throw new IllegalStateException(
                    "the public functions run on AWS only (JCSTAR_STORE=aws); locally, jcstar serve wires them");
        }
        // Init overlapped (docs/benchmarks.md, "Cold start"): the DynamoDB client and the key directory's
        // first read on a thread of their own (the HTTP client's TLS context on another, DynamoClients),
        // while this thread loads what reading and writing every request needs. Both are done before the
        // constructor returns, so nothing runs on past init (or into a SnapStart snapshot).
        CompletableFuture<Registry> aws = new CompletableFuture<>();
        Thread.ofPlatform().name("jcstar-init-dynamo").daemon(true).start(() -> {
            try {
                aws.complete(registry(DynamoClients.fromEnvironment()));
            } catch (RuntimeException | Error e) {
                aws.completeExceptionally(e);
            }
        });
        HttpEventJson.warmUp();
        try {
            return aws.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
    }

    /**
     * The read-only registry of the environment on {@code dynamo}: {@code bench/coldstart.sh} measures
     * other client configurations with it (HTTP client, region and credentials settings).
     */
    static Registry registry(DynamoDbClient dynamo) {
        return aws(
                dynamo,
                Env.required("TABLE_NAME"),
                Env.get("SITE_BASE_URL", "http://127.0.0.1:8080"),
                Clock.systemUTC());
    }

    /** The read-only registry on this client (the environment's in Lambda; tests pass one that records its calls). */
    static Registry aws(DynamoDbClient dynamo, String table, String siteBase, Clock clock) {
        return Registry.readOnly(
                new DynamoLabelStore(dynamo, table),
                new LabelVerifier(new KeyDirectoryKeys(new DynamoKeyDirectory(dynamo, table), clock)),
                clock,
                siteBase);
    }
}
