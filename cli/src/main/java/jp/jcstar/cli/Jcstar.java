package jp.jcstar.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code jcstar}: the operator's command line. Only the top command and its subcommand list live here;
 * each subcommand is its own class. Exit codes: 0 success (for {@code verify}: a valid label), 1 an
 * invalid label or a failed operation, 2 bad usage or input (missing file, bad JSON, no command).
 * Errors are one line on stderr starting {@code jcstar: } ({@link Cli#PREFIX}).
 */
@Command(
        name = "jcstar",
        mixinStandardHelpOptions = true,
        versionProvider = Jcstar.Version.class,
        description = "JC-STAR label registry: keys, label issuance, verification and the local server.",
        footer = {
            "",
            "Commands that talk to a registry use --server URL, else $JCSTAR_SERVER, else http://127.0.0.1:8080 (jcstar serve).",
            "Exit status: 0 success; 1 an invalid label or a failed operation; 2 bad usage or input."
        },
        subcommands = {
            KeygenCommand.class,
            JwksCommand.class,
            IssueCommand.class,
            VerifyCommand.class,
            jp.jcstar.cli.offline.SyncCommand.class,
            jp.jcstar.cli.offline.AuditCommand.class,
            jp.jcstar.cli.offline.OfflineVerifyCommand.class,
            jp.jcstar.cli.batch.BatchIssueCommand.class,
            jp.jcstar.cli.batch.BatchVerifyCommand.class,
            jp.jcstar.cli.batch.CheckModelsCommand.class,
            jp.jcstar.cli.batch.OperatorCommands.Revoke.class,
            jp.jcstar.cli.batch.OperatorCommands.Suspend.class,
            jp.jcstar.cli.batch.OperatorCommands.Reinstate.class,
            jp.jcstar.cli.batch.OperatorCommands.RevokeAll.class,
            jp.jcstar.cli.batch.HistoryCommand.class,
            jp.jcstar.cli.batch.KeyCommands.class,
            jp.jcstar.local.ServeCommand.class,
            WebhooksCommand.class,
            CommandLine.HelpCommand.class,
        })
public final class Jcstar implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (error handling and exit codes); tests run it in-process. */
    public static CommandLine commandLine() {
        return Cli.configure(new CommandLine(new Jcstar()));
    }

    /** No command given: the usage on stderr, exit 2 (a script that forgot the command must not pass). */
    @Override
    public Integer call() {
        spec.commandLine().getErr().println(Cli.error("no command given"));
        spec.commandLine().usage(spec.commandLine().getErr());
        return Cli.USAGE;
    }

    /** The Maven project version, written into {@code jcstar-version.properties} when the module is built. */
    public static String projectVersion() {
        try (var in = Jcstar.class.getResourceAsStream("/jcstar-version.properties")) {
            if (in != null) {
                var p = new java.util.Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.isBlank() && !v.startsWith("${")) return v;
            }
        } catch (java.io.IOException ignored) {
            // fall through
        }
        String v = Jcstar.class.getPackage().getImplementationVersion();
        return v == null ? "unknown" : v;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"jcstar " + projectVersion() + ", label format 1"};
        }
    }
}
