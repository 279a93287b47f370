package jp.jcstar.cli.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jp.jcstar.functions.Wiring;
import jp.jcstar.local.LocalServer;
import jp.jcstar.local.OperatorToken;
import jp.jcstar.registry.Registry;
import jp.jcstar.requirements.RequirementsCatalogue;
import jp.jcstar.status.RevocationReason;
import jp.jcstar.store.LabelQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** issue-batch and verify-batch in-process against a real local server over HTTP. */
class BatchCommandsTest {
    @TempDir
    Path home;

    @TempDir
    Path work;

    LocalServer server;
    Path tokenFile;
    String url;

    @BeforeEach
    void start() throws Exception {
        int port;
        try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        url = "http://127.0.0.1:" + port;
        Wiring w = Wiring.embedded(home, url, Clock.systemUTC());
        tokenFile = home.resolve("operator-token");
        server = new LocalServer(w, OperatorToken.loadOrCreate(tokenFile), "127.0.0.1", port);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    record Run(int exit, String out, String err) {}

    static Run run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static final String HEADER =
            "applicationId,level,models,product,vendor,category,supportEnd,declaration,justification,evaluationBody,evaluationReportId";

    Path writeCsv() throws Exception {
        ObjectNode decl = JsonNodeFactory.instance.objectNode();
        var answers = decl.putArray("answers");
        RequirementsCatalogue.get()
                .starOne()
                .forEach(r -> answers.addObject()
                        .put("requirement", r.id())
                        .put("verdict", "conforms")
                        .put("justification", "試験報告書 TR-2 で確認"));
        Files.createDirectories(work.resolve("decl"));
        Files.writeString(work.resolve("decl/router.json"), decl.toString());
        String csv = "\uFEFF" + HEADER + "\r\n"
                + "B-1,1,SC-300|SC-300W,\"スマートカメラ SC-300, 屋内用\",株式会社サクラ電機,camera,2031-03-31,star1-self,自己評価により適合を確認,,\r\n"
                + "B-2,1,TN-1,\"Router \"\"Pro\"\" TN-1\",Tohto Networks,router,2030-09-30,decl/router.json,,,\r\n"
                + "B-3,5,X-1,Bad level,Vendor X,router,2030-01-01,star1-self,ok,,\r\n"
                + "B-4,1,Y-1,Unknown category,Vendor Y,toaster,2030-01-01,star1-self,ok,,\r\n"
                + "B-5,1,\"Z-1,Broken quote,Vendor Z,router,2030-01-01,star1-self,ok,,\r\n"
                + "B-6,2,NAS-4,Aoba NAS,Aoba Storage Inc.,nas,2032-12-31,star1-self,self-assessed,IoT評価センター,EV-6\r\n"
                + "B-7,1,KSS-1,Kumo Speaker,Kumo Systems,smart-speaker,2029-06-30,star1-self,self-assessed,,\r\n"
                + "\r\n"
                + "B-8,1,SB-3|SB-3L,Shinkai Band 3,Shinkai Wearables,wearable,2030-03-31,decl/router.json,,,\r\n";
        Path f = work.resolve("apps.csv");
        Files.writeString(f, csv, StandardCharsets.UTF_8);
        return f;
    }

    static Map<String, List<String>> resultsByApp(Path results) throws Exception {
        Map<String, List<String>> m = new TreeMap<>();
        var records = Csv.parse(Csv.decode(Files.readAllBytes(results)));
        assertEquals(
                List.of("line", "applicationId", "result", "labelId", "error"),
                records.getFirst().fields());
        for (var r : records.subList(1, records.size())) m.put(r.fields().get(1), r.fields());
        return m;
    }

    @Test
    void issuesGoodRowsReportsBadOnesByLineAndIsSafeToRerun() throws Exception {
        Path csv = writeCsv();
        Run first = run(
                new BatchIssueCommand(),
                csv.toString(),
                "--server",
                url,
                "--token-file",
                tokenFile.toString(),
                "--progress",
                "plain");
        assertEquals(1, first.exit(), first.out() + first.err());
        assertTrue(first.out().contains("8 rows in apps.csv: 5 issued, 0 already issued, 3 rejected"), first.out());
        assertTrue(
                first.out()
                        .matches(
                                "(?s).*line 4 \\(B-3\\): 422 The application cannot be issued: level must be 1, 2, 3 or 4\n.*"),
                first.out());
        assertTrue(
                first.out()
                        .matches(
                                "(?s).*line 5 \\(B-4\\): 422 The application cannot be issued: category must be one of \\[router.*"),
                first.out());
        assertTrue(
                first.out()
                        .matches(
                                "(?s).*line 6 \\(B-5\\): bad CSV: a quoted field opened on line 6 is not closed on that line.*"),
                first.out());
        assertTrue(first.err().contains("issue-batch: 8/8 (100%)"), first.err());

        Path results = work.resolve("apps.results.csv");
        Map<String, List<String>> r1 = resultsByApp(results);
        assertEquals(8, r1.size());
        for (String app : List.of("B-1", "B-2", "B-6", "B-7", "B-8")) {
            assertEquals("issued", r1.get(app).get(2), r1.get(app).toString());
            assertTrue(
                    r1.get(app).get(3).matches("JC\\d\\d-[0-9A-Z]{8}"),
                    r1.get(app).toString());
        }
        assertEquals(List.of("4", "B-3", "rejected", ""), r1.get("B-3").subList(0, 4));
        assertEquals("8", r1.get("B-7").getFirst());
        assertEquals("10", r1.get("B-8").getFirst(), "the blank line 9 counts");
        Registry registry = server.wiring().registry();
        assertEquals(5, registry.search(LabelQuery.ALL, null, 100).items().size());
        var camera = registry.store().findByApplication("B-1").orElseThrow();
        assertEquals(List.of("SC-300", "SC-300W"), camera.claims().models());
        assertEquals("スマートカメラ SC-300, 屋内用", camera.claims().product());
        assertEquals(
                "Router \"Pro\" TN-1",
                registry.store().findByApplication("B-2").orElseThrow().claims().product());

        Run again = run(
                new BatchIssueCommand(),
                csv.toString(),
                "--server",
                url,
                "--token-file",
                tokenFile.toString(),
                "--progress",
                "none");
        assertEquals(1, again.exit(), again.out() + again.err());
        assertTrue(again.out().contains("8 rows in apps.csv: 0 issued, 5 already issued, 3 rejected"), again.out());
        Map<String, List<String>> r2 = resultsByApp(results);
        for (String app : List.of("B-1", "B-2", "B-6", "B-7", "B-8")) {
            assertEquals("already-issued", r2.get(app).get(2));
            assertEquals(r1.get(app).get(3), r2.get(app).get(3), "same label id on re-run");
        }
        assertEquals(5, registry.search(LabelQuery.ALL, null, 100).items().size());
    }

    @Test
    void allGoodRowsExitZeroAndAWrongTokenStopsTheRun() throws Exception {
        Path csv = work.resolve("good.csv");
        Files.writeString(csv, HEADER + "\nG-1,1,M-1,Product,Vendor,other,2031-01-01,star1-self,ok,,\n");
        Run ok = run(
                new BatchIssueCommand(),
                csv.toString(),
                "--server",
                url,
                "--token-file",
                tokenFile.toString(),
                "--progress",
                "none");
        assertEquals(0, ok.exit(), ok.out() + ok.err());

        Files.writeString(
                csv,
                HEADER
                        + "\nG-2,1,M-2,Product,Vendor,other,2031-01-01,star1-self,ok,,\nG-3,1,M-3,Product,Vendor,other,2031-01-01,star1-self,ok,,\n");
        Run refused = run(
                new BatchIssueCommand(),
                csv.toString(),
                "--server",
                url,
                "--token",
                "x".repeat(43),
                "--progress",
                "none",
                "--parallel",
                "1");
        assertEquals(2, refused.exit(), refused.out() + refused.err());
        assertTrue(refused.err().contains("refused the operator credentials"), refused.err());
        assertTrue(refused.out().contains("2 not sent"), refused.out());
        assertTrue(server.wiring().registry().store().findByApplication("G-2").isEmpty());
    }

    @Test
    void aBadHeaderIsRefusedBeforeAnythingIsSent() throws Exception {
        Path csv = work.resolve("typo.csv");
        Files.writeString(
                csv,
                "applicationId,level,models,product,vendor,category,suportEnd,declaration\nT-1,1,M,P,V,other,2031-01-01,star1-self\n");
        Run r = run(new BatchIssueCommand(), csv.toString(), "--server", url, "--token-file", tokenFile.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("unknown column \"suportEnd\""), r.err());
    }

    @Test
    void verifyBatchCountsPerStatusAndExitsZeroOnlyWhenAllAreValid() throws Exception {
        Path csv = writeCsv();
        assertEquals(
                1,
                run(
                                new BatchIssueCommand(),
                                csv.toString(),
                                "--server",
                                url,
                                "--token-file",
                                tokenFile.toString(),
                                "--progress",
                                "none")
                        .exit());
        Registry registry = server.wiring().registry();
        List<String> jws = new ArrayList<>();
        for (String app : List.of("B-1", "B-2", "B-6", "B-7", "B-8"))
            jws.add(registry.store().findByApplication(app).orElseThrow().jws());
        String qrText = registry.require(
                        registry.store().findByApplication("B-7").orElseThrow().id())
                .qrText();

        Path allValid = work.resolve("valid.txt");
        Files.writeString(allValid, String.join("\n", jws) + "\n" + qrText + "\n");
        Run ok = run(
                new BatchVerifyCommand(), allValid.toString(), "--server", url, "--progress", "plain", "--chunk", "2");
        assertEquals(0, ok.exit(), ok.out() + ok.err());
        assertTrue(ok.out().startsWith("6 labels: 6 valid ("), ok.out());
        assertTrue(ok.err().contains("verify-batch: 6/6 (100%)"), ok.err());

        registry.change(
                registry.store().findByApplication("B-2").orElseThrow().id(),
                Registry.Action.REVOKE,
                RevocationReason.NONCONFORMITY,
                null,
                "test",
                null);
        Path mixed = work.resolve("mixed.txt");
        Files.writeString(
                mixed,
                String.join("\n", jws) + "\n\nnot a label\n"
                        + jws.getFirst().substring(0, jws.getFirst().length() - 4) + "AAAA\n");
        Run r = run(new BatchVerifyCommand(), mixed.toString(), "--server", url, "--progress", "none");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().startsWith("7 labels: 4 valid, 1 revoked, 2 invalid ("), r.out());
        var rows = Csv.parse(Csv.decode(Files.readAllBytes(work.resolve("mixed.results.csv"))));
        assertEquals(
                List.of("line", "status", "valid", "labelId", "reason", "detail"),
                rows.getFirst().fields());
        assertEquals(8, rows.size());
        assertEquals(List.of("2", "revoked", "false"), rows.get(2).fields().subList(0, 3));
        assertEquals("nonconformity", rows.get(2).fields().get(4));
        assertEquals("7", rows.get(6).fields().getFirst(), "blank line 6 skipped, line numbers kept");
        assertEquals("invalid", rows.get(6).fields().get(1));
        assertFalse(rows.get(7).fields().get(5).isEmpty());
    }

    @Test
    void verifyBatchSaysSoWhenTheServerIsDown() throws Exception {
        Path f = work.resolve("l.txt");
        Files.writeString(f, "x\n");
        server.close();
        Run r = run(new BatchVerifyCommand(), f.toString(), "--server", url, "--progress", "none", "--timeout", "2");
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("could not be checked"), r.err());
        assertTrue(r.out().contains("1 not-checked"), r.out());
    }

    @Test
    void operatorCommandsRevokeSuspendReinstateAndRefuseWhatTheRulesForbid() throws Exception {
        Path csv = writeCsv();
        run(
                new BatchIssueCommand(),
                csv.toString(),
                "--server",
                url,
                "--token-file",
                tokenFile.toString(),
                "--progress",
                "plain");
        var records = server.wiring()
                .registry()
                .search(jp.jcstar.store.LabelQuery.ALL, null, 10)
                .items();
        String a = records.get(0).id();
        String b = records.get(1).id();
        String[] auth = {"--server", url, "--token-file", tokenFile.toString()};

        Run suspended = run(
                new OperatorCommands.Suspend(),
                cat(new String[] {b, "--reason", "under-investigation", "--note", "調査中"}, auth));
        assertEquals(0, suspended.exit(), suspended.err());
        assertTrue(suspended.out().contains(b + "  suspended  reason under-investigation"), suspended.out());
        Run reinstated = run(new OperatorCommands.Reinstate(), cat(new String[] {b}, auth));
        assertEquals(0, reinstated.exit(), reinstated.err());
        assertEquals("valid", server.wiring().registry().require(b).status().code());

        Run revoked = run(new OperatorCommands.Revoke(), cat(new String[] {a, "--reason", "nonconformity"}, auth));
        assertEquals(0, revoked.exit(), revoked.err());
        assertEquals("revoked", server.wiring().registry().require(a).status().code());
        Run again = run(new OperatorCommands.Revoke(), cat(new String[] {a, "--reason", "nonconformity"}, auth));
        assertEquals(1, again.exit(), "revocation is final");
        assertTrue(again.err().contains("409") && again.err().contains("final"), again.err());

        Run wrongToken = run(
                new OperatorCommands.Revoke(),
                b,
                "--reason",
                "nonconformity",
                "--server",
                url,
                "--token",
                "x".repeat(43));
        assertEquals(2, wrongToken.exit(), wrongToken.err());
        assertEquals("valid", server.wiring().registry().require(b).status().code());

        String model = records.get(1).record().claims().models().getFirst();
        // a prefix of the model matches nothing: the match is exact
        Run prefix = run(
                new OperatorCommands.RevokeAll(),
                cat(
                        new String[] {
                            "--model", model.substring(0, model.length() - 1), "--reason", "superseded", "--yes"
                        },
                        auth));
        assertEquals(1, prefix.exit(), prefix.out() + prefix.err());
        assertTrue(prefix.out().contains("no label matches exactly"), prefix.out());
        // the list is shown and the question asked: anything but yes revokes nothing
        var no = new OperatorCommands.RevokeAll();
        no.input = new java.io.BufferedReader(new java.io.StringReader("no\n"));
        Run declined = run(no, cat(new String[] {"--model", model, "--reason", "superseded"}, auth));
        assertEquals(1, declined.exit(), declined.out() + declined.err());
        assertTrue(
                declined.out().contains("1 label(s) match:") && declined.out().contains(b), declined.out());
        assertTrue(
                declined.out().contains("Type yes to confirm") && declined.out().contains("nothing revoked"),
                declined.out());
        assertEquals("valid", server.wiring().registry().require(b).status().code());
        var yes = new OperatorCommands.RevokeAll();
        yes.input = new java.io.BufferedReader(new java.io.StringReader("yes\n"));
        Run all = run(yes, cat(new String[] {"--model", model, "--reason", "superseded"}, auth));
        assertEquals(0, all.exit(), all.err());
        assertTrue(all.out().contains("revoked 1 label(s) [\"" + b + "\"]"), all.out());
        assertEquals("revoked", server.wiring().registry().require(b).status().code());
    }

    private static String[] cat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
