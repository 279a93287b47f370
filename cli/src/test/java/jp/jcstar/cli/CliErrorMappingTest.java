package jp.jcstar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import jp.jcstar.label.RejectedInputException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The CLI maps failures as the API does: refused input is the user's (exit 2), a plain IAE is ours (exit 1). */
class CliErrorMappingTest {
    @CommandLine.Command(name = "t")
    static final class Throws implements Callable<Integer> {
        final RuntimeException e;

        Throws(RuntimeException e) {
            this.e = e;
        }

        @Override
        public Integer call() {
            throw e;
        }
    }

    static int run(RuntimeException e, StringWriter err) {
        CommandLine cl = Cli.configure(new CommandLine(new Throws(e)));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute();
    }

    @Test
    void refusedInputIsAUsageError() {
        StringWriter err = new StringWriter();
        assertEquals(Cli.USAGE, run(new RejectedInputException.BadRequest("bad-request", "no such file"), err));
        assertEquals("jcstar: no such file", err.toString().strip());
    }

    @Test
    void aPlainIllegalArgumentExceptionIsOurFailure() {
        StringWriter err = new StringWriter();
        assertEquals(Cli.INVALID, run(new IllegalArgumentException("index 42"), err));
        assertTrue(err.toString().startsWith("jcstar: failed: "), err.toString());
    }
}
