package jp.jcstar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jcstar issue --artwork-format pdf|svg}: the print artwork as PDF on request, SVG by default, a usage error otherwise. */
class ArtworkFormatCliTest {
    @TempDir
    Path home;

    @Test
    void issueWritesThePdfArtworkOnRequestAndRefusesAnUnknownFormatAsAUsageError() throws Exception {
        Path key = home.resolve("k.key");
        assertEquals(0, JcstarCliTest.run("keygen", "--key", key.toString()).exit());
        Path app = home.resolve("app.json");
        Files.writeString(app, JcstarCliTest.APPLICATION);
        Path out = home.resolve("out");

        var pdf = JcstarCliTest.run(
                "issue",
                "--key",
                key.toString(),
                "--application",
                app.toString(),
                "--out",
                out.toString(),
                "--artwork-format",
                "pdf",
                "--unchecked-for-tests");
        assertEquals(0, pdf.exit(), pdf.err());
        String id = pdf.out().split(" ")[1];
        assertTrue(pdf.out().contains("artwork.pdf}"), pdf.out());
        assertFalse(Files.exists(out.resolve(id + ".artwork.svg")));
        try (PDDocument doc = Loader.loadPDF(out.resolve(id + ".artwork.pdf").toFile())) {
            assertEquals(1, doc.getNumberOfPages());
            String text = new PDFTextStripper().getText(doc);
            assertTrue(text.contains(id) && text.contains("サポート期限"), text);
        }
        assertEquals("", pdf.err(), "nothing on stderr (no library logging)");

        var svg = JcstarCliTest.run(
                "issue",
                "--key",
                key.toString(),
                "--application",
                app.toString(),
                "--out",
                out.toString(),
                "--unchecked-for-tests");
        assertEquals(0, svg.exit(), svg.err());
        assertTrue(Files.readString(out.resolve(svg.out().split(" ")[1] + ".artwork.svg"))
                .startsWith("<?xml"));

        var bad = JcstarCliTest.run(
                "issue",
                "--key",
                key.toString(),
                "--application",
                app.toString(),
                "--out",
                out.toString(),
                "--artwork-format",
                "png",
                "--unchecked-for-tests");
        assertEquals(Cli.USAGE, bad.exit(), bad.err());
        assertTrue(
                bad.err().contains("--artwork-format")
                        && bad.err().contains("svg")
                        && bad.err().contains("pdf"),
                bad.err());
    }
}
