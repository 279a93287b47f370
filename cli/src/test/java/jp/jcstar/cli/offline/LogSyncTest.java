package jp.jcstar.cli.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import jp.jcstar.functions.Wiring;
import jp.jcstar.label.Fixtures;
import jp.jcstar.local.LocalServer;
import jp.jcstar.local.OperatorToken;
import jp.jcstar.log.Checkpoint;
import jp.jcstar.log.LogKey;
import jp.jcstar.log.Tiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code jcstar sync} stores the log's checkpoint, proves each new one extends it, and refuses a fork or a rollback. */
class LogSyncTest {
    @TempDir
    Path home;

    @TempDir
    Path offline;

    LocalServer server;
    Wiring wiring;
    String base;
    String token;
    int n;

    @BeforeEach
    void start() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        base = "http://127.0.0.1:" + port;
        wiring = Wiring.embedded(home, base, Clock.systemUTC());
        OperatorToken t = OperatorToken.loadOrCreate(home.resolve("operator-token"));
        token = t.value();
        server = new LocalServer(wiring, t, "127.0.0.1", port);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    void issue() throws Exception {
        var a = Fixtures.starOneApplication("SYNC-LOG-" + (++n), List.of("M-" + n), r -> "試験で確認");
        var r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(base + "/v1/labels"))
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(a.toString()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
    }

    String[] sync() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new SyncCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(offline.toString(), "--server", base);
        return new String[] {Integer.toString(exit), out.toString(), err.toString()};
    }

    @Test
    void aGrowingLogIsFollowedAForkAndARollbackAreRefused() throws Exception {
        issue();
        issue();
        String[] first = sync();
        assertEquals("0", first[0], first[2]);
        assertTrue(first[1].contains("2 entries, new"), first[1]);
        String note2 = Files.readString(offline.resolve(LogSync.CHECKPOINT_FILE));
        assertTrue(Files.exists(offline.resolve(LogSync.KEY_FILE)));

        issue();
        String[] second = sync();
        assertEquals("0", second[0], second[2]);
        assertTrue(second[1].contains("3 entries, grew from 2, consistency proved"), second[1]);

        // a rollback: the registry serves the older checkpoint again
        Path cp = home.resolve("files").resolve(Tiles.CHECKPOINT);
        String note3 = Files.readString(cp);
        Files.writeString(cp, note2);
        String[] rolledBack = sync();
        assertEquals("1", rolledBack[0]);
        assertTrue(rolledBack[2].contains("shrank"), rolledBack[2]);

        // a fork: a tree of the same size with another root, signed with the genuine key
        LogKey key = LogKey.loadOrCreate(
                home.resolve("keys").resolve("log-key"),
                Checkpoint.parse(note3.substring(0, note3.indexOf("\n\n") + 1)).origin());
        Checkpoint genuine = Checkpoint.parse(note3.substring(0, note3.indexOf("\n\n") + 1));
        byte[] other = genuine.root();
        other[0] ^= 1;
        Files.writeString(cp, key.sign(new Checkpoint(genuine.origin(), genuine.size(), other)));
        String[] forked = sync();
        assertEquals("1", forked[0]);
        assertTrue(forked[2].contains("fork"), forked[2]);
        // the folder still holds the last good checkpoint
        assertEquals(note3, Files.readString(offline.resolve(LogSync.CHECKPOINT_FILE), StandardCharsets.UTF_8));

        // another key: refused even with a well-formed checkpoint
        Files.writeString(cp, note3);
        Files.writeString(
                home.resolve("files").resolve(".well-known/jcstar-log-key"),
                LogKey.generate(genuine.origin()).verifierKey() + "\n");
        String[] rekeyed = sync();
        assertEquals("1", rekeyed[0]);
        assertTrue(rekeyed[2].contains("another transparency log key"), rekeyed[2]);
    }
}
