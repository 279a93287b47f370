package jp.jcstar.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jp.jcstar.aws.DynamoLabelStore;
import jp.jcstar.aws.KmsSigner;
import jp.jcstar.aws.S3BlobStore;
import jp.jcstar.label.Application;
import jp.jcstar.label.LabelClaims;
import jp.jcstar.requirements.Declaration;
import jp.jcstar.requirements.RequirementsCatalogue;
import jp.jcstar.signing.KeySet;
import jp.jcstar.signing.LabelSigner;
import jp.jcstar.status.LabelState;
import jp.jcstar.status.RevocationReason;
import jp.jcstar.status.StatusList;
import jp.jcstar.status.StatusListToken;
import jp.jcstar.status.StatusRules;
import jp.jcstar.store.LabelRecord;
import jp.jcstar.testing.Moto;
import jp.jcstar.testing.StoreScan;
import jp.jcstar.verify.LabelVerifier;
import org.junit.jupiter.api.Test;

/**
 * The production adapters on moto (DynamoDB, S3, KMS): 50 revocations at once, spread over five
 * registry/publisher pairs as five Lambda instances would be, each with its own {@link Publisher}
 * rebuilding and re-signing list 1 into one S3 bucket. None is lost, and the list left in S3 equals the
 * store entry for entry. Uses {@link Moto#clients()}, whose interceptor gives moto the transaction
 * isolation real DynamoDB has.
 *
 * <p>Not covered: moto answers global secondary index queries consistently; real DynamoDB does not (GSI
 * reads are eventually consistent), and {@link Publisher} finds the labels that are not valid through the
 * {@code byState} index. Slow on moto (about two minutes): every revocation republishes the list.
 */
class ParallelRevocationsMotoTest {
    static final int REVOKED = 50;
    static final int KEPT = 10;
    static final int INSTANCES = 5;
    static final String SITE = "https://registry.example.jp";

    @Test
    void fiftyParallelRevocationsLoseNoneAndThePublishedListEqualsTheStore() throws Exception {
        var aws = Moto.clients();
        String table = Moto.uniqueName("labels");
        String bucket = Moto.uniqueName("files");
        DynamoLabelStore.createTable(aws.dynamo(), table);
        S3BlobStore.createBucket(aws.s3(), bucket);
        DynamoLabelStore store = new DynamoLabelStore(aws.dynamo(), table);
        S3BlobStore blobs = new S3BlobStore(aws.s3(), bucket);
        KmsSigner signer = new KmsSigner(aws.kms(), KmsSigner.createKey(aws.kms(), "jcstar parallel revocations test"));
        KeySet keys = KeySet.of(signer.publicKey());

        List<Registry> instances = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            Registry r = new Registry(
                    store,
                    new LabelSigner(signer, LabelSigner.DEFAULT_DEFLATE),
                    new LabelVerifier(keys),
                    Clock.systemUTC(),
                    SITE,
                    RequirementsDeclarations.standard());
            r.onChange(new Publisher(store, blobs, signer, keys, Clock.systemUTC(), SITE));
            instances.add(r);
        }
        // issue without publishing each one (faster), then publish once, as a start-up would
        Registry issuer = new Registry(
                store,
                new LabelSigner(signer, LabelSigner.DEFAULT_DEFLATE),
                new LabelVerifier(keys),
                Clock.systemUTC(),
                SITE,
                RequirementsDeclarations.standard());
        List<LabelClaims> labels = new ArrayList<>();
        for (int i = 0; i < REVOKED + KEPT; i++) labels.add(issue(issuer, "PAR-" + i));
        new Publisher(store, blobs, signer, keys, Clock.systemUTC(), SITE).republishAll();
        assertEquals(0, published(blobs, keys).countNotValid());

        List<LabelClaims> toRevoke = labels.subList(0, REVOKED);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<LabelState>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(REVOKED)) {
            for (int i = 0; i < REVOKED; i++) {
                Registry instance = instances.get(i % INSTANCES);
                String id = toRevoke.get(i).id();
                results.add(pool.submit(() -> {
                    go.await();
                    return instance.change(
                                    id,
                                    Registry.Action.REVOKE,
                                    RevocationReason.NONCONFORMITY,
                                    null,
                                    "operator:test",
                                    "parallel")
                            .status();
                }));
            }
            go.countDown();
            for (Future<LabelState> f : results) assertEquals(LabelState.REVOKED, f.get());
        }

        // the store: exactly the 50 are revoked, each with its audit entry
        Set<String> revokedInStore = new HashSet<>();
        for (LabelRecord r : all(store)) if (r.state() == LabelState.REVOKED) revokedInStore.add(r.id());
        Set<String> expected = new HashSet<>();
        toRevoke.forEach(c -> expected.add(c.id()));
        assertEquals(expected, revokedInStore, "no revocation lost");
        for (LabelClaims c : toRevoke)
            assertEquals(LabelState.REVOKED, store.history(c.id()).getLast().to());

        // the published list: every label's entry equals its stored state, nothing else set
        StatusList list = published(blobs, keys);
        for (LabelRecord r : all(store)) {
            int expectedValue = r.state() == LabelState.REVOKED ? StatusList.INVALID : StatusList.VALID;
            assertEquals(
                    expectedValue,
                    list.get(r.claims().status().index()),
                    r.id() + " (" + r.state().code() + ")");
        }
        assertEquals(REVOKED, list.countNotValid(), "no other entry set");
        assertTrue(labels.stream().allMatch(c -> c.status().list() == 1));
    }

    private static LabelClaims issue(Registry registry, String applicationId) {
        List<Declaration.Answer> answers = RequirementsCatalogue.get().starOne().stream()
                .map(r -> new Declaration.Answer(r.id(), Declaration.Verdict.CONFORMS, "試験で確認", List.of()))
                .toList();
        return registry.issue(new Application(
                        applicationId,
                        1,
                        List.of("PX-" + applicationId.substring(4)),
                        "ネットワークカメラ",
                        "株式会社テスト",
                        "camera",
                        LocalDate.now(StatusRules.JST).plusYears(3),
                        new Declaration(answers, null)))
                .label()
                .record()
                .claims();
    }

    private static StatusList published(S3BlobStore blobs, KeySet keys) throws Exception {
        String token = new String(blobs.get("v1/status-lists/1").orElseThrow().bytes(), StandardCharsets.US_ASCII);
        return StatusListToken.parse(token, keys, SITE + "/v1/status-lists/1", java.time.Instant.now())
                .list();
    }

    private static List<LabelRecord> all(DynamoLabelStore store) {
        return StoreScan.all(store);
    }
}
