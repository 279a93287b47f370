package jp.jcstar.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LogPublisherTest {
    final MemoryLog log = new MemoryLog();
    final MemoryLog.Files files = new MemoryLog.Files();
    final LogKey key = LogKey.generate("registry.example/log");
    final LogFollower follower = new LogFollower(new NoteVerifier(key.verifierKey()), files::fetch);

    @Test
    void tilePathsFollowTheC2spEncoding() {
        assertEquals("v1/log/tile/0/000", Tiles.tile(0, 0, 256));
        assertEquals("v1/log/tile/0/x001/x234/067", Tiles.tile(0, 1234067, 256));
        assertEquals("v1/log/tile/1/x001/000.p/7", Tiles.tile(1, 1000, 7));
        assertEquals("v1/log/tile/entries/999.p/255", Tiles.entries(999, 255));
        assertEquals("v1/log/tile/entries/x123/x456/x789/000", Tiles.entries(123456789000L, 256));
    }

    @Test
    void everyPublishedCheckpointIsProvedFromTheFilesAndExtendsTheLast() {
        Random rnd = new Random(19);
        LogPublisher p = new LogPublisher(log, files, key);
        List<Checkpoint> seen = new ArrayList<>();
        while (log.logSize() < 700) {
            log.add(rnd.nextInt(rnd.nextBoolean() ? 3 : 90));
            Checkpoint c = p.publish();
            assertEquals(c, follower.latest());
            assertEquals(log.logSize(), c.size());
            for (Checkpoint old : seen) follower.checkConsistent(old, c);
            seen.add(c);
            // the entry bundles are the store's entries and hash to the signed root
            List<byte[]> entries = follower.entries(c, null);
            for (int i = 0; i < entries.size(); i++) assertArrayEquals(log.entries.get(i), entries.get(i));
            for (long i = 0; i < c.size(); i += 37)
                follower.proveInclusion(c, i, Merkle.leafHash(log.entries.get((int) i)));
        }
        assertTrue(files.map.containsKey("v1/log/tile/0/000"));
        assertTrue(files.map.containsKey("v1/log/tile/entries/001"));
        assertTrue(files.map.containsKey(LogPublisher.KEY));
        assertEquals(key.verifierKey() + "\n", new String(files.map.get(LogPublisher.KEY), StandardCharsets.UTF_8));
    }

    @Test
    void changesPublishingAtOnceCoalesceAndTheLastCheckpointCoversEveryOne() throws Exception {
        LogPublisher p = new LogPublisher(log, files, key);
        int threads = 8, each = 40;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        log.add(1);
                        p.publishAfterChange();
                    }
                    return null;
                }));
            }
            for (var f : fs) f.get();
        } finally {
            pool.shutdown();
        }
        // every change returned: the publication that ran last saw them all
        Checkpoint c = follower.latest();
        assertEquals(threads * each, c.size());
        List<byte[]> entries = follower.entries(c, null);
        for (int i = 0; i < entries.size(); i++) assertArrayEquals(log.entries.get(i), entries.get(i));
    }

    @Test
    void aNewInstanceWritesOnlyWhatGrew() {
        log.add(600);
        new LogPublisher(log, files, key).publish();
        log.add(10);
        files.puts = 0;
        Checkpoint c = new LogPublisher(log, files, key).publish();
        // key, one bundle, one level-0 tile, one checkpoint
        assertEquals(4, files.puts);
        follower.entries(c, null);
    }

    @Test
    void levelOneTilesAppearPastOneFullLevelZeroTileOfTiles() {
        log.add(256 * 256 + 300);
        LogPublisher p = new LogPublisher(log, files, key);
        Checkpoint c = p.publish();
        assertTrue(files.map.containsKey("v1/log/tile/1/000"));
        assertTrue(files.map.containsKey("v1/log/tile/1/001.p/1"));
        assertTrue(files.map.containsKey("v1/log/tile/2/000.p/1"));
        follower.proveInclusion(c, 65_600, Merkle.leafHash(log.entries.get(65_600)));
        Checkpoint small = new Checkpoint(c.origin(), 70, Merkle.root(p.tree(), 70));
        follower.checkConsistent(small, c);
    }

    @Test
    void aForkARollbackAndAForeignKeyAreRefused() {
        log.add(40);
        LogPublisher p = new LogPublisher(log, files, key);
        Checkpoint c40 = p.publish();
        log.add(5);
        Checkpoint c45 = p.publish();
        follower.checkConsistent(c40, c45);
        var rollback = assertThrows(LogVerificationException.class, () -> follower.checkConsistent(c45, c40));
        assertTrue(rollback.getMessage().contains("shrank"), rollback.getMessage());
        byte[] other = c40.root();
        other[3] ^= 1;
        var fork = assertThrows(
                LogVerificationException.class,
                () -> follower.checkConsistent(new Checkpoint(c40.origin(), 40, other), c40));
        assertTrue(fork.getMessage().contains("fork"), fork.getMessage());
        // an older tree that is not a prefix of this one: a fork too
        assertThrows(
                LogVerificationException.class,
                () -> follower.checkConsistent(new Checkpoint(c40.origin(), 40, other), c45));
        // a checkpoint signed by another key is not this log's
        LogKey thief = LogKey.generate("registry.example/log");
        files.map.put(Tiles.CHECKPOINT, thief.sign(c45).getBytes(StandardCharsets.UTF_8));
        assertThrows(LogVerificationException.class, follower::latest);
        // nor is a tampered body under a genuine signature
        String note = key.sign(c45);
        files.map.put(Tiles.CHECKPOINT, note.replace("\n45\n", "\n44\n").getBytes(StandardCharsets.UTF_8));
        assertThrows(LogVerificationException.class, follower::latest);
        // damaged entries do not hash to the signed root
        files.map.put(Tiles.CHECKPOINT, note.getBytes(StandardCharsets.UTF_8));
        byte[] bundle = files.map.get(Tiles.entries(0, 45));
        bundle[10] ^= 1;
        assertThrows(LogVerificationException.class, () -> follower.entries(c45, null));
    }

    @Test
    void theSignedNoteIsTheC2spFormat() {
        Checkpoint c = new Checkpoint("registry.example/log", 5, new byte[32]);
        String note = key.sign(c);
        String[] lines = note.split("\n", -1);
        assertEquals("registry.example/log", lines[0]);
        assertEquals("5", lines[1]);
        assertEquals("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", lines[2]);
        assertEquals("", lines[3]);
        assertTrue(lines[4].startsWith("\u2014 registry.example/log "), lines[4]);
        assertEquals("", lines[5]);
        byte[] sig = java.util.Base64.getDecoder().decode(lines[4].substring(lines[4].lastIndexOf(' ') + 1));
        assertEquals(68, sig.length);
        assertArrayEquals(java.util.Arrays.copyOf(sig, 4), NoteVerifier.keyHash(key.name(), key.publicKey()));
        assertEquals(c, new NoteVerifier(key.verifierKey()).open(note));
        assertTrue(
                key.verifierKey().matches("registry\\.example/log\\+[0-9a-f]{8}\\+[A-Za-z0-9+/]{44}"),
                key.verifierKey());
    }

    @Test
    void aPublicationThatFailedHalfwayIsCompletedByTheNext() {
        log.add(250);
        new LogPublisher(log, files, key).publish();
        MemoryLog.Files flaky = new MemoryLog.Files() {
            boolean failed;

            @Override
            public void put(String k, byte[] bytes, String contentType) {
                if (!failed && k.equals(Tiles.tile(0, 0, 256))) {
                    failed = true;
                    throw new IllegalStateException("S3 is down");
                }
                files.put(k, bytes, contentType);
            }

            @Override
            public java.util.Optional<Blob> get(String k) {
                return files.get(k);
            }
        };
        LogPublisher q = new LogPublisher(log, flaky, key);
        q.publish(); // reads the files' checkpoint (250)
        log.add(10);
        assertThrows(IllegalStateException.class, q::publish);
        assertEquals(250, follower.latest().size(), "no checkpoint before its tiles");
        log.add(1);
        Checkpoint c = q.publish();
        assertEquals(261, c.size());
        follower.proveInclusion(c, 3, Merkle.leafHash(log.entries.get(3)));
        follower.entries(c, null);
    }
}
