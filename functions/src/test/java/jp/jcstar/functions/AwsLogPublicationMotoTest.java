package jp.jcstar.functions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import jp.jcstar.aws.AwsClients;
import jp.jcstar.aws.DynamoLabelStore;
import jp.jcstar.aws.KmsLogKey;
import jp.jcstar.aws.KmsSigner;
import jp.jcstar.aws.S3BlobStore;
import jp.jcstar.log.Checkpoint;
import jp.jcstar.log.LogEntry;
import jp.jcstar.log.LogFollower;
import jp.jcstar.log.LogPublisher;
import jp.jcstar.log.LogVerificationException;
import jp.jcstar.log.Merkle;
import jp.jcstar.log.NoteVerifier;
import jp.jcstar.log.Tiles;
import jp.jcstar.registry.ApplicationJson;
import jp.jcstar.registry.Registry;
import jp.jcstar.status.LabelState;
import jp.jcstar.status.RevocationReason;
import jp.jcstar.store.BlobStore;
import jp.jcstar.testing.Moto;
import org.junit.jupiter.api.Test;

/**
 * The AWS path publishes the transparency log: the issuing functions only write their entries pending,
 * the sweep (the log's one sequencer) numbers them and publishes tiles, entry bundles, the signed
 * checkpoint and the log key to the public-files bucket, with the Ed25519 key derived from the KMS HMAC
 * key ({@link KmsLogKey}). Verified with the log's own verifier code, as {@code jcstar sync} and
 * {@code jcstar audit} do.
 */
class AwsLogPublicationMotoTest {
    static final String SITE = "https://registry.example.jp";
    final AwsClients aws = Moto.clients();
    final String table = Moto.uniqueName("log-labels"), bucket = Moto.uniqueName("log-files");

    @Test
    void theSweepPublishesACheckpointSignedByThePublishedKeyAndTilesThatProveEachLabel() {
        DynamoLabelStore.createTable(aws.dynamo(), table);
        S3BlobStore.createBucket(aws.s3(), bucket);
        String signingKey = KmsSigner.createKey(aws.kms(), "log publication test");
        String logKey = KmsLogKey.createKey(aws.kms(), "log publication test: transparency log");
        String origin = Wiring.logOrigin(SITE);
        Wiring issuing = Wiring.aws(aws, table, bucket, signingKey, "", SITE, Clock.systemUTC(), true);
        BlobStore blobs = issuing.blobs();

        var first = issuing.registry()
                .issue(ApplicationJson.parse(TestApi.application("APP-AWSLOG-1")))
                .label();
        var second = issuing.registry()
                .issue(ApplicationJson.parse(TestApi.application("APP-AWSLOG-2")))
                .label();
        issuing.registry()
                .change(first.id(), Registry.Action.REVOKE, RevocationReason.FRAUDULENT, null, "ipa-operator", "test");
        // the functions that change labels neither sequence nor publish: only the sweep does
        assertTrue(blobs.get(Tiles.CHECKPOINT).isEmpty());
        assertTrue(blobs.get(LogPublisher.KEY).isEmpty());

        Wiring sweeping = Wiring.aws(aws, table, bucket, signingKey, "", SITE, Clock.systemUTC(), true, logKey, origin);
        new SweepHandler(sweeping).handleRequest(Map.of(), null);

        String published =
                new String(blobs.get(LogPublisher.KEY).orElseThrow().bytes(), StandardCharsets.UTF_8).strip();
        // the key is the KMS-derived one, the same at every start, and another KMS key gives another
        assertEquals(KmsLogKey.derive(aws.kms(), logKey, origin).verifierKey(), published);
        String other = KmsLogKey.createKey(aws.kms(), "log publication test: another log");
        assertNotEquals(KmsLogKey.derive(aws.kms(), other, origin).verifierKey(), published);
        assertTrue(published.startsWith(origin + "+"), published);

        LogFollower follower =
                new LogFollower(new NoteVerifier(published), p -> blobs.get(p).map(b -> b.bytes()));
        Checkpoint c = follower.latest(); // the signature verifies with the published key
        assertEquals(origin, c.origin());
        assertEquals(3, c.size());
        var entries = follower.entries(c, null); // every bundle, hashed against the signed root

        for (var label : java.util.List.of(first, second)) {
            var r = new GetLabelHandler(issuing.registry())
                    .handleRequest(TestApi.event("get-label.json", Map.of("LABELID", label.id())), null);
            assertEquals(200, r.getStatusCode(), r.getBody());
            var json = TestApi.json(r);
            int index = json.get("logIndex").asInt();
            LogEntry e = LogEntry.decode(entries.get(index));
            assertEquals(LogEntry.Kind.ISSUANCE, e.kind());
            assertEquals(label.id(), e.labelId());
            assertArrayEquals(LogEntry.sha256(json.get("jws").asText()), e.jwsSha256());
            follower.proveInclusion(c, index, Merkle.leafHash(entries.get(index)));
        }
        LogEntry revocation = LogEntry.decode(entries.get(2));
        assertEquals(first.id(), revocation.labelId());
        assertEquals(LabelState.REVOKED, revocation.to());
        // a leaf that is not the entry does not prove
        assertThrows(
                LogVerificationException.class, () -> follower.proveInclusion(c, 0, Merkle.leafHash(entries.get(1))));

        // a later tick, on a fresh instance (a cold start reads the published log back), extends the log
        issuing.registry().issue(ApplicationJson.parse(TestApi.application("APP-AWSLOG-3")));
        Wiring restarted =
                Wiring.aws(aws, table, bucket, signingKey, "", SITE, Clock.systemUTC(), true, logKey, origin);
        new SweepHandler(restarted).handleRequest(Map.of(), null);
        Checkpoint later = follower.latest();
        assertEquals(4, later.size());
        follower.checkConsistent(c, later);
        assertEquals(4, follower.entries(later, null).size());
    }
}
