package jp.jcstar.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code jcstar}: the operator's command line. Only the top command and its subcommand list live here;
 * each subcommand is its own class. Exit codes: 0 success (for {@code verify}: a valid label), 1 an
 * invalid label or a failed operation, 2 bad usage or input (missing file, bad JSON).
 */
@Command(name = "jcstar", mixinStandardHelpOptions = true, versionProvider = Jcstar.Version.class,
        description = "JC-STAR label registry: keys, label issuance, verification and the local server.",
        subcommands = {
                KeygenCommand.class,
                JwksCommand.class,
                IssueCommand.class,
                VerifyCommand.class,
                jp.jcstar.cli.offline.SyncCommand.class,
                jp.jcstar.cli.offline.OfflineVerifyCommand.class,
                jp.jcstar.cli.batch.BatchIssueCommand.class,
                jp.jcstar.cli.batch.BatchVerifyCommand.class,
                jp.jcstar.cli.batch.OperatorCommands.Revoke.class,
                jp.jcstar.cli.batch.OperatorCommands.Suspend.class,
                jp.jcstar.cli.batch.OperatorCommands.Reinstate.class,
                jp.jcstar.cli.batch.OperatorCommands.RevokeAll.class,
                jp.jcstar.local.ServeCommand.class,
                CommandLine.HelpCommand.class,
        })
public final class Jcstar implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (error handling and exit codes); tests run it in-process. */
    public static CommandLine commandLine() {
        return Cli.configure(new CommandLine(new Jcstar()));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Jcstar.class.getPackage().getImplementationVersion();
            return new String[] {"jcstar " + (v == null ? "dev" : v) + ", label format 1"};
        }
    }
}
