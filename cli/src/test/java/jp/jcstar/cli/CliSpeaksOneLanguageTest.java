package jp.jcstar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The CLI's exit codes and messages: one prefix, usage errors exit 2, no Java exception names. */
class CliSpeaksOneLanguageTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Jcstar.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static void assertOneLanguage(Run r) {
        assertFalse(r.err().isBlank(), "an error says something");
        for (String line : r.err().lines().toList()) {
            if (line.isBlank() || line.startsWith(" ") || line.startsWith("Usage") || line.startsWith("Did you mean"))
                continue;
            assertTrue(line.startsWith("jcstar: "), "every error line starts 'jcstar: ': " + line);
        }
        assertFalse(r.err().matches("(?s).*\\b(java|javax|picocli)\\.[a-z]+\\.[A-Z]\\w*(Exception|Error).*"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void noArgumentsIsAUsageError() {
        Run r = run();
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("Usage: jcstar"), r.err());
        assertTrue(r.err().startsWith("jcstar: no command given"), r.err());
    }

    @Test
    void versionIsTheProjectVersion() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher m = Pattern.compile("<artifactId>jcstar-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(pom);
        assertTrue(m.find());
        Run r = run("--version");
        assertEquals(0, r.exit());
        assertEquals("jcstar " + m.group(1) + ", label format 1", r.out().strip());
    }

    @Test
    void usageErrorsExitTwoWithTheOnePrefix() {
        for (List<String> args : List.of(
                List.of("--no-such-option"),
                List.of("revoke"),
                List.of("revoke", "JC26-ABCDEFGH", "--reason", "bogus"),
                List.of("suspend", "JC26-ABCDEFGH", "--reason", "bogus", "--token", "t"),
                List.of("revoke-all", "--model", "X", "--reason", "nope"),
                List.of("issue-batch", dir.resolve("missing.csv").toString()),
                List.of("verify-batch", dir.resolve("missing.txt").toString()),
                List.of("verify-batch"),
                List.of("no-such-command"))) {
            Run r = run(args.toArray(String[]::new));
            assertEquals(2, r.exit(), args + "\n" + r.err());
            assertOneLanguage(r);
        }
        Run bogus = run("revoke", "JC26-ABCDEFGH", "--reason", "bogus");
        assertTrue(bogus.err().contains("unknown --reason bogus; one of nonconformity"), bogus.err());
    }

    @Test
    void everyCommandThatTalksToARegistryHasTheSameDefault() {
        CommandLine cl = Jcstar.commandLine();
        String expected =
                System.getenv("JCSTAR_SERVER") != null ? System.getenv("JCSTAR_SERVER") : "http://127.0.0.1:8080";
        for (String name : List.of("revoke", "suspend", "reinstate", "revoke-all", "issue-batch", "verify-batch")) {
            var option = cl.getSubcommands().get(name).getCommandSpec().findOption("--server");
            assertFalse(option.required(), name);
            assertEquals(expected, option.defaultValue(), name);
        }
    }

    @Test
    void issueBatchHelpDescribesTheAuthenticationItHas() {
        Run r = run("issue-batch", "--help");
        assertEquals(0, r.exit());
        String help = r.out().replaceAll("\\s+", " ");
        assertFalse(
                help.contains("not make yet") || help.contains("not made yet") || help.contains("token only"), r.out());
        assertTrue(help.contains("--aws") && help.contains("SigV4"), r.out());
    }

    @Test
    void aDamagedKeyFileIsAMessageNotAnException() throws Exception {
        Path key = Files.writeString(dir.resolve("damaged.key"), "this is not a key\n");
        Run r = run("jwks", "--key", key.toString());
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("key file " + key + " is damaged"), r.err());
        assertOneLanguage(r);
    }

    @Test
    void aTakenPortIsRefusedBeforeTheDataFolderIsMade() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            Path data = dir.resolve("fresh-data");
            Run r = run(
                    "serve", "--data", data.toString(), "--port", Integer.toString(taken.getLocalPort()), "--empty");
            assertEquals(1, r.exit(), r.err());
            assertTrue(r.err().contains("port " + taken.getLocalPort() + " on 127.0.0.1 is in use"), r.err());
            assertOneLanguage(r);
            assertFalse(Files.exists(data), "no data folder, key or token made for a server that cannot start");
        }
    }
}
