package jp.jcstar.cli.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import jp.jcstar.functions.Wiring;
import jp.jcstar.label.Fixtures;
import jp.jcstar.local.LocalServer;
import jp.jcstar.local.OperatorToken;
import jp.jcstar.registry.ApplicationJson;
import jp.jcstar.registry.Registry;
import jp.jcstar.status.RevocationReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check-models in-process against a real local server (embedded store) over HTTP, on a bid of mixed models. */
class CheckModelsCommandTest {
    @TempDir
    Path home;

    @TempDir
    Path work;

    LocalServer server;
    String url;

    @BeforeEach
    void start() throws Exception {
        int port;
        try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        url = "http://127.0.0.1:" + port;
        server = new LocalServer(
                Wiring.embedded(home, url, Clock.systemUTC()),
                OperatorToken.loadOrCreate(home.resolve("t")),
                "127.0.0.1",
                port);
        server.start();
        Registry registry = server.wiring().registry();
        issue(registry, "CM-1", "株式会社サクラ電機", "2031-03-31", "SC-300");
        issue(registry, "CM-2", "株式会社サクラ電機", "2028-03-31", "TN-WR5400");
        String revoked = issue(registry, "CM-3", "Other Co", "2031-03-31", "RV-1");
        registry.change(revoked, Registry.Action.REVOKE, RevocationReason.NONCONFORMITY, null, "test", null);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static String issue(Registry registry, String app, String vendor, String supportEnd, String model) {
        var a = Fixtures.starOneApplication(app, List.of(model), r -> "確認済み (" + r + ")");
        a.put("vendor", vendor);
        a.put("supportEnd", supportEnd);
        return registry.issue(ApplicationJson.parse(a)).label().id();
    }

    @Test
    void aMixedBidGetsAVerdictPerRowAndExitsOneWhenAModelFails() throws Exception {
        Path bid = work.resolve("bid.csv");
        Files.write(
                bid,
                ("\uFEFFmodel,vendor\nＳＣ－３００,サクラ\nTN-WR5400,\n\nRV-1,\nXX-9,\nsc300,Other Co\n")
                        .getBytes(StandardCharsets.UTF_8));
        var r = BatchCommandsTest.run(
                new CheckModelsCommand(),
                bid.toString(),
                "--min-level",
                "1",
                "--support-until",
                "2029-03-31",
                "--server",
                url,
                "--progress",
                "plain");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("check-models: 5/5"), r.err());
        var rows = Csv.parse(Csv.decode(Files.readAllBytes(work.resolve("bid.results.csv"))));
        assertEquals(
                List.of(
                        "line",
                        "model",
                        "vendor",
                        "verdict",
                        "bestLevel",
                        "bestLabel",
                        "supportEnd",
                        "validUntil",
                        "labels"),
                rows.getFirst().fields());
        assertEquals(
                List.of("2", "ＳＣ－３００", "サクラ", "meets", "1"),
                rows.get(1).fields().subList(0, 5));
        assertEquals("2031-03-31", rows.get(1).fields().get(6));
        assertEquals(
                List.of("3", "TN-WR5400", "", "support-ends-early"),
                rows.get(2).fields().subList(0, 4));
        assertEquals(
                List.of("5", "RV-1", "", "not-valid"),
                rows.get(3).fields().subList(0, 4),
                "blank line 4 skipped, numbers kept");
        assertEquals(List.of("6", "XX-9", "", "not-found"), rows.get(4).fields().subList(0, 4));
        assertEquals(
                List.of("7", "sc300", "Other Co", "not-found"),
                rows.get(5).fields().subList(0, 4),
                "another vendor's label only");
    }

    @Test
    void aBidWhereEveryModelMeetsExitsZeroAndWritesWhereAsked() throws Exception {
        Path bid = work.resolve("ok.csv");
        Files.writeString(bid, "SC-300\nTN-WR5400\n");
        Path out = work.resolve("answer.csv");
        var r = BatchCommandsTest.run(
                new CheckModelsCommand(),
                bid.toString(),
                "--server",
                url,
                "--progress",
                "none",
                "--out",
                out.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().startsWith("2 models: 2 meets"), r.out());
        assertTrue(Files.exists(out));
    }

    @Test
    void aBadCsvIsADataErrorNamingTheLine() throws Exception {
        Path bid = work.resolve("bad.csv");
        Files.writeString(bid, "model,vendor\nSC-300,V\n,V\n");
        var r = BatchCommandsTest.run(new CheckModelsCommand(), bid.toString(), "--server", url, "--progress", "none");
        assertEquals(CheckModelsCommand.EXIT_USAGE, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("line 3: no model designation"), r.err());
        Files.writeString(bid, "SC-300\n\"SC-301\n");
        r = BatchCommandsTest.run(new CheckModelsCommand(), bid.toString(), "--server", url, "--progress", "none");
        assertEquals(CheckModelsCommand.EXIT_USAGE, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("line 2"), r.err());
        assertEquals(
                CheckModelsCommand.EXIT_USAGE,
                BatchCommandsTest.run(new CheckModelsCommand(), bid.toString(), "--min-level", "5")
                        .exit());
    }

    @Test
    void anUnreachableServerIsItsOwnExitCode() throws Exception {
        Path bid = work.resolve("b.csv");
        Files.writeString(bid, "SC-300\n");
        server.close();
        var r = BatchCommandsTest.run(
                new CheckModelsCommand(), bid.toString(), "--server", url, "--progress", "none", "--timeout", "2");
        assertEquals(CheckModelsCommand.EXIT_UNCHECKED, r.exit(), r.out() + r.err());
    }
}
