package jp.jcstar.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import jp.jcstar.embedded.FolderBlobStore;
import jp.jcstar.embedded.H2LabelStore;
import jp.jcstar.json.Json;
import jp.jcstar.label.Application;
import jp.jcstar.label.LabelClaims;
import jp.jcstar.registry.Publisher;
import jp.jcstar.registry.Registry;
import jp.jcstar.requirements.Declaration;
import jp.jcstar.requirements.RequirementsCatalogue;
import jp.jcstar.signing.LocalKeySigner;
import jp.jcstar.status.RevocationReason;
import jp.jcstar.status.StatusListToken;
import jp.jcstar.store.BlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publisher's per-label files (docs/label-format.md §5.1): the signed JWS at issuance, the status
 * document at each change, written before the list; a failed write is retried by the next flush (here the
 * operator's retry of the revocation), so a stored revocation never stays without its files.
 */
class PublishedLabelFilesTest {
    static final String SITE = "https://registry.example.jp";

    @TempDir
    Path home;

    /** Fails the first write of a status document, once. */
    static final class FailingOnce implements BlobStore {
        final BlobStore inner;
        final AtomicBoolean failed = new AtomicBoolean();

        FailingOnce(BlobStore inner) {
            this.inner = inner;
        }

        @Override
        public void put(String key, byte[] bytes, String contentType) {
            if (key.startsWith(Publisher.LABEL_STATUS) && failed.compareAndSet(false, true))
                throw new IllegalStateException("S3 is down");
            inner.put(key, bytes, contentType);
        }

        @Override
        public Optional<Blob> get(String key) {
            return inner.get(key);
        }

        @Override
        public List<String> list(String prefix) {
            return inner.list(prefix);
        }
    }

    @Test
    void aFailedStatusDocumentWriteIsRetriedBeforeTheListAndByTheNextFlush() throws Exception {
        FailingOnce blobs = new FailingOnce(new FolderBlobStore(home.resolve("files")));
        Wiring w = new Wiring(
                new H2LabelStore(Env.h2Url(home)),
                blobs,
                LocalKeySigner.loadOrCreate(home.resolve("key")),
                List.of(),
                Clock.systemUTC(),
                SITE);
        Registry registry = w.registry();
        List<Declaration.Answer> answers = RequirementsCatalogue.get().starOne().stream()
                .map(r -> new Declaration.Answer(r.id(), Declaration.Verdict.CONFORMS, "試験で確認", List.of()))
                .toList();
        LabelClaims c = registry.issue(new Application(
                        "PF-1",
                        1,
                        List.of("SC-300"),
                        "カメラ",
                        "株式会社サクラ電機",
                        "camera",
                        LocalDate.parse("2031-03-31"),
                        new Declaration(answers, null)))
                .label()
                .record()
                .claims();
        String jws =
                new String(blobs.get(Publisher.LABEL_JWS + c.id()).orElseThrow().bytes(), StandardCharsets.US_ASCII);
        assertEquals(registry.require(c.id()).record().jws(), jws, "the label's JWS is a file from its issuance");
        assertTrue(
                blobs.get(Publisher.LABEL_STATUS + c.id()).isEmpty(),
                "a valid, never changed label has no status document");

        assertThrows(
                IllegalStateException.class,
                () -> registry.change(
                        c.id(), Registry.Action.REVOKE, RevocationReason.KEY_COMPROMISE, null, "test", null));
        assertTrue(blobs.get(Publisher.LABEL_STATUS + c.id()).isEmpty());
        assertEquals(0, entry(w, c), "the list is not re-signed before the document that explains it");

        // the operator retries: the revocation is stored already (refused), the pending files are written
        assertThrows(
                RuntimeException.class,
                () -> registry.change(
                        c.id(), Registry.Action.REVOKE, RevocationReason.KEY_COMPROMISE, null, "test", null));
        JsonNode doc = Json.parse(
                blobs.get(Publisher.LABEL_STATUS + c.id()).orElseThrow().bytes());
        assertEquals("revoked", doc.get("status").asText());
        assertEquals("key-compromise", doc.get("reason").asText());
        assertFalse(doc.get("statusEffectiveAt").isNull());
        assertEquals(1, entry(w, c));
    }

    static int entry(Wiring w, LabelClaims c) throws Exception {
        String token = new String(
                w.blobs()
                        .get("v1/status-lists/" + c.status().list())
                        .orElseThrow()
                        .bytes(),
                StandardCharsets.US_ASCII);
        return StatusListToken.parse(
                        token, w.keys(), w.publisher().listUri(c.status().list()), Instant.now())
                .list()
                .get(c.status().index());
    }
}
