package jp.jcstar.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/**
 * Only the label image function's jar carries the PDF artwork (PDFBox and the 5.5 MB Japanese font), and it
 * draws a PDF from that jar alone (minimized: a class PDFBox loads by name would be missing here, not in
 * the unit tests). Runs after {@code package}, like ArtifactsPackagedTest.
 */
class ArtworkJarPackagedTest {
    static final Path ARTWORK_JAR = Path.of("target", "jcstar-functions-artwork.jar");
    static final String FONT = "jp/jcstar/qr/font/NotoSansJP-Regular.ttf";

    static List<String> pdfEntries(Path jar) throws Exception {
        List<String> found = new ArrayList<>();
        try (ZipFile z = new ZipFile(jar.toFile())) {
            z.stream()
                    .map(e -> e.getName())
                    .filter(n -> n.startsWith("org/apache/pdfbox/")
                            || n.startsWith("org/apache/fontbox/")
                            || n.startsWith("jp/jcstar/qr/font/"))
                    .forEach(found::add);
        }
        return found;
    }

    @Test
    void theFontAndPdfBoxAreInTheArtworkJarOnly() throws Exception {
        assertEquals(List.of(), pdfEntries(ArtifactsPackagedTest.PUBLIC_JAR));
        assertEquals(List.of(), pdfEntries(Path.of("target", "jcstar-functions-lambda.jar")));
        List<String> art = pdfEntries(ARTWORK_JAR);
        assertTrue(art.contains(FONT) && art.contains("jp/jcstar/qr/font/OFL.txt"), "font and its licence");
        assertTrue(art.contains("org/apache/pdfbox/pdmodel/PDDocument.class"), "PDFBox");
        assertEquals(
                "functions/target/jcstar-functions-artwork.jar",
                ArtifactsPackagedTest.codeUris().get("LabelImageFunction"));
    }

    @Test
    void theArtworkJarAloneDrawsThePdf() throws Exception {
        assertTrue(Files.isRegularFile(ARTWORK_JAR));
        byte[] pdf;
        try (URLClassLoader cl =
                new URLClassLoader(new URL[] {ARTWORK_JAR.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            Class<?> status = cl.loadClass("jp.jcstar.label.StatusRef");
            Object ref = status.getConstructor(int.class, int.class).newInstance(1, 7);
            Class<?> claimsType = cl.loadClass("jp.jcstar.label.LabelClaims");
            Instant issued = Instant.parse("2026-11-01T00:00:00Z");
            Object claims = claimsType
                    .getConstructor(
                            String.class,
                            int.class,
                            List.class,
                            String.class,
                            String.class,
                            String.class,
                            LocalDate.class,
                            Instant.class,
                            Instant.class,
                            status)
                    .newInstance(
                            "JC26-4F7K2M9Q",
                            2,
                            List.of("SC-300"),
                            "スマートホームカメラ SC-300",
                            "株式会社サクラ電機",
                            "camera",
                            LocalDate.parse("2031-03-31"),
                            issued,
                            issued.plusSeconds(86_400 * 700L),
                            ref);
            Class<?> qr = cl.loadClass("jp.jcstar.qr.QrCodes");
            Object symbol =
                    qr.getMethod("encode", String.class).invoke(null, "https://jcstar.example.jp/v#JC26-4F7K2M9Q");
            Class<?> art = cl.loadClass("jp.jcstar.qr.LabelArtworkPdf");
            assertEquals(true, art.getMethod("available").invoke(null));
            pdf = (byte[]) art.getMethod("pdf", claimsType, symbol.getClass()).invoke(null, claims, symbol);
        }
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(doc);
            assertTrue(text.contains("株式会社サクラ電機") && text.contains("★★☆☆") && text.contains("JC26-4F7K2M9Q"), text);
        }
    }
}
