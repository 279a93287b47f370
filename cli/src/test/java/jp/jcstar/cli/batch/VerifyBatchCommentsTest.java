package jp.jcstar.cli.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** verify-batch reads its file as verify-offline --file does: blank lines and # comments are not labels. */
class VerifyBatchCommentsTest {
    @Test
    void commentsAndBlankLinesAreSkippedAndLineNumbersKept() {
        var lines = BatchVerifyCommand.lines(
                "\uFEFF# labels from the shop, 2026-12-01\nHTTP://X/v#2123\n\n   # a comment after spaces\neyJ.a.b\n");
        assertEquals(List.of(2, 5), lines.stream().map(l -> l.line()).toList());
        assertEquals(
                List.of("HTTP://X/v#2123", "eyJ.a.b"),
                lines.stream().map(l -> l.label()).toList());
    }
}
