package jp.jcstar.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import jp.jcstar.label.RejectedInputException;
import picocli.CommandLine;

/**
 * Shared CLI plumbing: exit codes, the user-error type and file checks. Every command reports errors the
 * same way: one line on stderr starting {@value #PREFIX}, never a Java exception's class name or stack
 * trace; bad usage (unknown option, missing argument, bad value) exits 2 with the command's usage.
 */
public final class Cli {
    private Cli() {}

    public static final int OK = 0;
    public static final int INVALID = 1;
    public static final int USAGE = 2;
    /** The start of every error line. */
    public static final String PREFIX = "jcstar: ";
    /** The registry every command talks to unless told otherwise: {@code --server}, else {@code $JCSTAR_SERVER}, else the local server. */
    public static final String DEFAULT_SERVER = "${env:JCSTAR_SERVER:-http://127.0.0.1:8080}";

    /** An error line: the prefix and the message. */
    public static String error(String message) {
        return PREFIX + message;
    }

    /** What to tell the user about an unexpected failure: its message (and its cause's), not its class. */
    public static String describe(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) m = "unexpected failure (" + e.getClass().getSimpleName() + ")";
        Throwable c = e.getCause();
        if (c != null && c.getMessage() != null && !m.contains(c.getMessage())) m += ": " + c.getMessage();
        return m;
    }

    /** Bad input from the user (missing file, bad JSON, refused overwrite): message shown, exit 2, no stack trace. */
    static final class UserError extends RuntimeException {
        UserError(String message) {
            super(message, null, false, false);
        }
    }

    static CommandLine configure(CommandLine cl) {
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            // the user's input refused (as the API answers 4xx); any other exception, a plain
            // IllegalArgumentException included, is a failure of ours (as the API answers 500)
            if (e instanceof UserError || e instanceof RejectedInputException) {
                cmd.getErr().println(error(e.getMessage()));
                return USAGE;
            }
            cmd.getErr().println(error("failed: " + describe(e)));
            return INVALID;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println(error(ex.getMessage()));
            if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, cmd.getErr())) {
                cmd.getErr()
                        .println("Usage: see 'jcstar "
                                + (cmd.getCommandName().equals("jcstar") ? "" : cmd.getCommandName() + " ")
                                + "--help'");
            }
            return USAGE;
        });
        return cl;
    }

    static Path existingFile(Path p, String what) {
        if (!Files.isRegularFile(p)) throw new UserError(what + " " + p + " does not exist or is not a file");
        if (!Files.isReadable(p)) throw new UserError(what + " " + p + " is not readable");
        return p;
    }
}
