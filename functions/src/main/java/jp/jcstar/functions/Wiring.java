package jp.jcstar.functions;

import java.nio.file.Path;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import jp.jcstar.aws.AwsClients;
import jp.jcstar.aws.DynamoKeyDirectory;
import jp.jcstar.aws.DynamoLabelStore;
import jp.jcstar.aws.KmsLogKey;
import jp.jcstar.aws.KmsSigner;
import jp.jcstar.aws.S3BlobStore;
import jp.jcstar.embedded.FolderBlobStore;
import jp.jcstar.embedded.H2KeyDirectory;
import jp.jcstar.embedded.H2LabelStore;
import jp.jcstar.registry.Publisher;
import jp.jcstar.registry.Registry;
import jp.jcstar.registry.RequirementsDeclarations;
import jp.jcstar.signing.KeySet;
import jp.jcstar.signing.LabelSigner;
import jp.jcstar.signing.LocalKeySigner;
import jp.jcstar.signing.Signer;
import jp.jcstar.store.BlobStore;
import jp.jcstar.store.LabelStore;
import jp.jcstar.verify.LabelVerifier;

/**
 * Everything a handler needs, built once: in Lambda at class-init time (SnapStart snapshots it), on a
 * laptop by the local server. Two ways to build it — AWS adapters or embedded ones — and one registry.
 */
public final class Wiring {
    private final Registry registry;
    private final BlobStore blobs;
    private final Signer signer;
    private final KeySet keys;
    private final Publisher publisher;
    private final LabelStore store;
    private final String siteBase;
    private volatile jp.jcstar.log.LogPublisher logPublisher;
    private volatile jp.jcstar.log.LogKey logKey;
    private volatile jp.jcstar.registry.PublishedKeyStatus keyStatus;
    private final Clock clock;

    public Wiring(
            LabelStore store,
            BlobStore blobs,
            Signer signer,
            List<ECPublicKey> retiredKeys,
            Clock clock,
            String siteBase) {
        this.store = Objects.requireNonNull(store);
        this.blobs = Objects.requireNonNull(blobs);
        this.signer = Objects.requireNonNull(signer);
        this.siteBase = Objects.requireNonNull(siteBase);
        this.clock = Objects.requireNonNull(clock);
        List<ECPublicKey> all = new ArrayList<>(retiredKeys);
        all.add(signer.publicKey());
        this.keys = KeySet.of(all);
        this.publisher = new Publisher(store, blobs, signer, keys, clock, siteBase);
        this.registry = registryAt(clock);
    }

    /**
     * A registry on the same store, key and publisher that reads time from {@code clock}: the local
     * demo data uses it to issue labels "in the past", tests to move time forward.
     */
    public Registry registryAt(Clock clock) {
        Registry r = new Registry(
                store,
                new LabelSigner(signer, LabelSigner.DEFAULT_DEFLATE),
                new LabelVerifier(keys),
                clock,
                siteBase,
                RequirementsDeclarations.standard());
        r.onChange(publisher);
        jp.jcstar.registry.PublishedKeyStatus k = keyStatus;
        if (k != null) r.withdrawals(k);
        return r;
    }

    public Registry registry() {
        return registry;
    }

    /**
     * Publishes the transparency log the store keeps (docs/transparency-log.md) with {@code key}, after
     * every change and in every republication; a store without a log ({@link jp.jcstar.store.LogStore}) is left alone.
     */
    public void publishLog(jp.jcstar.log.LogKey key) {
        if (store instanceof jp.jcstar.store.LogStore log) {
            logPublisher = new jp.jcstar.log.LogPublisher(log, blobs, key);
            publisher.publishLog(logPublisher);
            logKey = key;
            // "no key withdrawn", signed: verifiers find a document (not a 404) from the start, and a document
            // that does not verify then always means something is wrong
            if (blobs.get(jp.jcstar.log.KeyStatus.KEY).isEmpty()) {
                logPublisher.publishKey();
                blobs.put(
                        jp.jcstar.log.KeyStatus.KEY,
                        jp.jcstar.log.KeyStatus.empty(key.name(), clock.instant())
                                .sign(key)
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        jp.jcstar.log.KeyStatus.CONTENT_TYPE);
            }
            // labels of a key the operator withdrew verify only when the published log proves them logged in time
            keyStatus = new jp.jcstar.registry.PublishedKeyStatus(blobs, log, clock);
            registry.withdrawals(keyStatus);
        }
    }

    /**
     * The use case that marks a signing key compromised (docs/transparency-log.md, "Key compromise"), on
     * this wiring's store, files and log key; {@link IllegalStateException} for a wiring without a log key.
     */
    public jp.jcstar.registry.KeyCompromise keyCompromise() {
        jp.jcstar.log.LogKey key = logKey;
        jp.jcstar.registry.PublishedKeyStatus k = keyStatus;
        if (key == null || k == null)
            throw new IllegalStateException("this wiring holds no log key: it cannot sign a key-status document");
        return new jp.jcstar.registry.KeyCompromise(
                keys, (jp.jcstar.store.LogStore) store, blobs, key, this::sequenceLog, clock);
    }

    /** The verifier's view of the key-status document, null for a wiring without a log key. */
    public jp.jcstar.registry.PublishedKeyStatus keyStatus() {
        return keyStatus;
    }

    /** {@link #keyCompromise}, then this wiring's verifier reads the new document at once. */
    public jp.jcstar.log.KeyStatus.Compromise compromiseKey(String kid, java.time.Instant since) {
        try {
            return keyCompromise().compromise(kid, since);
        } finally {
            keyStatus.refresh();
        }
    }

    /**
     * Makes this wiring the log's sequencer that publishes ({@link #sequenceLog}), without publishing after
     * every change: in AWS the sweep, one at a time, numbers the entries and publishes tiles and checkpoint
     * on every tick, while the other functions only write their entries pending (docs/transparency-log.md).
     */
    void publishLogWhenSequencing(jp.jcstar.log.LogKey key) {
        if (store instanceof jp.jcstar.store.LogStore log)
            logPublisher = new jp.jcstar.log.LogPublisher(log, blobs, key);
    }

    /**
     * Numbers the store's pending log entries ({@link jp.jcstar.store.LogStore#sequenceLog}) and, where this
     * wiring has a log key, publishes the log; the log's size after, -1 for a store without a log. In AWS
     * the sweep calls it on every tick (one at a time: the function's reserved concurrency is 1).
     */
    public long sequenceLog() {
        jp.jcstar.log.LogPublisher p = logPublisher;
        if (p != null) return p.publish().size();
        return store instanceof jp.jcstar.store.LogStore log ? log.sequenceLog() : -1;
    }

    /** The default origin of the log: the site's host and path, then {@code /log}. */
    static String logOrigin(String siteBase) {
        String s = siteBase.replaceFirst("^[a-z]+://", "");
        while (s.endsWith("/")) s = s.substring(0, s.length() - 1);
        return s.replace(' ', '-') + "/log";
    }

    public BlobStore blobs() {
        return blobs;
    }

    public Signer signer() {
        return signer;
    }

    public KeySet keys() {
        return keys;
    }

    public Publisher publisher() {
        return publisher;
    }

    private static volatile Wiring fromEnv;

    /** The wiring the environment describes (see {@code template.yaml} and README), built once per JVM. */
    public static Wiring fromEnvironment() {
        Wiring w = fromEnv;
        if (w == null) {
            synchronized (Wiring.class) {
                w = fromEnv;
                if (w == null) fromEnv = w = build();
            }
        }
        return w;
    }

    /**
     * In AWS, the functions that sign ({@code PUBLISH_KEY_DIRECTORY=true}, see template.yaml) also publish
     * the key set (current and retired keys) to the key directory in the table, where the read-only
     * functions ({@link ReadOnlyWiring}) read it: in their init phase (with SnapStart: when their version
     * is published, i.e. at deployment). The other functions on this wiring may not write that item.
     */
    private static Wiring build() {
        String mode = Env.get("JCSTAR_STORE", "embedded");
        String siteBase = Env.get("SITE_BASE_URL", "http://127.0.0.1:8080");
        if (mode.equals("aws")) {
            return aws(
                    AwsClients.fromEnvironment(),
                    Env.required("TABLE_NAME"),
                    Env.required("BUCKET_NAME"),
                    Env.required("KMS_KEY_ID"),
                    Env.get("RETIRED_KMS_KEY_IDS", ""),
                    siteBase,
                    Clock.systemUTC(),
                    Env.get("PUBLISH_KEY_DIRECTORY", "false").equals("true"),
                    Env.get("LOG_KEY_ID", ""),
                    Env.get("JCSTAR_LOG_ORIGIN", logOrigin(siteBase)));
        }
        Path home = Path.of(Env.get("JCSTAR_HOME", System.getProperty("user.home") + "/.jcstar"));
        return embedded(home, siteBase, Clock.systemUTC());
    }

    /** The AWS wiring on these clients (the environment's in Lambda; tests pass clients that record their calls). */
    static Wiring aws(
            AwsClients aws,
            String table,
            String bucket,
            String kmsKeyId,
            String retiredKmsKeyIds,
            String siteBase,
            Clock clock,
            boolean publishKeyDirectory) {
        return aws(aws, table, bucket, kmsKeyId, retiredKmsKeyIds, siteBase, clock, publishKeyDirectory, "", "");
    }

    /**
     * The AWS wiring; with a {@code logKeyId} (the KMS HMAC key the log key is derived from, {@link KmsLogKey};
     * only the sweep's environment has it) it also publishes the transparency log after sequencing it, under
     * the key name {@code logOrigin}.
     */
    static Wiring aws(
            AwsClients aws,
            String table,
            String bucket,
            String kmsKeyId,
            String retiredKmsKeyIds,
            String siteBase,
            Clock clock,
            boolean publishKeyDirectory,
            String logKeyId,
            String logOrigin) {
        KmsSigner signer = new KmsSigner(aws.kms(), kmsKeyId);
        List<ECPublicKey> retired = Arrays.stream(retiredKmsKeyIds.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .map(id -> new KmsSigner(aws.kms(), id).publicKey())
                .toList();
        Wiring w = new Wiring(
                new DynamoLabelStore(aws.dynamo(), table),
                new S3BlobStore(aws::s3, bucket),
                signer,
                retired,
                clock,
                siteBase);
        if (publishKeyDirectory) new DynamoKeyDirectory(aws.dynamo(), table).publish(w.keys());
        if (!logKeyId.isBlank()) w.publishLogWhenSequencing(KmsLogKey.derive(aws.kms(), logKeyId.strip(), logOrigin));
        return w;
    }

    /**
     * The laptop wiring: H2 database, a folder of files and a key file, all under {@code home}. Publishes
     * its key set to the key directory in the same database, as the AWS wiring does.
     */
    public static Wiring embedded(Path home, String siteBase, Clock clock) {
        String url = Env.h2Url(home);
        Wiring w = new Wiring(
                new H2LabelStore(url),
                new FolderBlobStore(home.resolve("files")),
                LocalKeySigner.loadOrCreate(home.resolve("keys").resolve("signing-key")),
                List.of(),
                clock,
                siteBase);
        try (H2KeyDirectory directory = new H2KeyDirectory(url)) {
            directory.publish(w.keys());
        }
        w.publishLog(jp.jcstar.log.LogKey.loadOrCreate(
                home.resolve("keys").resolve("log-key"), Env.get("JCSTAR_LOG_ORIGIN", logOrigin(siteBase))));
        return w;
    }
}
