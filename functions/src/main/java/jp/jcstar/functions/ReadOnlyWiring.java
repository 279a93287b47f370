package jp.jcstar.functions;

import java.time.Clock;
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
 * their IAM role may only read the table. Built once per JVM, in the init phase.
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
        return registry(DynamoClients.fromEnvironment());
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
