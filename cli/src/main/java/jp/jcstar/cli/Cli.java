package jp.jcstar.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/** Shared CLI plumbing: exit codes, the user-error type and file checks. */
final class Cli {
    private Cli() {}

    static final int OK = 0;
    static final int INVALID = 1;
    static final int USAGE = 2;

    /** Bad input from the user (missing file, bad JSON, refused overwrite): message shown, exit 2, no stack trace. */
    static final class UserError extends RuntimeException {
        UserError(String message) {
            super(message, null, false, false);
        }
    }

    static CommandLine configure(CommandLine cl) {
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof UserError || e instanceof IllegalArgumentException) {
                cmd.getErr().println("jcstar: " + e.getMessage());
                return USAGE;
            }
            cmd.getErr().println("jcstar: failed: " + e);
            return INVALID;
        });
        return cl;
    }

    static Path existingFile(Path p, String what) {
        if (!Files.isRegularFile(p)) throw new UserError(what + " " + p + " does not exist or is not a file");
        if (!Files.isReadable(p)) throw new UserError(what + " " + p + " is not readable");
        return p;
    }
}
