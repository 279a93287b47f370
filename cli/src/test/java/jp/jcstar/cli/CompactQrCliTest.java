package jp.jcstar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import jp.jcstar.qr.QrCodes;
import jp.jcstar.qr.QrText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jcstar issue --qr-form compact}: the registration-number QR form for small packaging; full stays the default. */
class CompactQrCliTest {
    @TempDir
    Path home;

    @Test
    void theCliIssuesTheCompactFormOnRequest() throws Exception {
        Path key = home.resolve("k.key");
        assertEquals(0, JcstarCliTest.run("keygen", "--key", key.toString()).exit());
        Path app = home.resolve("app.json");
        Files.writeString(app, JcstarCliTest.APPLICATION);
        Path out = home.resolve("out");
        var r = JcstarCliTest.run(
                "issue",
                "--key",
                key.toString(),
                "--application",
                app.toString(),
                "--out",
                out.toString(),
                "--qr-form",
                "compact",
                "--unchecked-for-tests");
        assertEquals(0, r.exit(), r.err());
        String id = r.out().split(" ")[1];
        String text = Files.readString(out.resolve(id + ".qr.txt")).strip();
        assertEquals(QrText.ofRegistrationNumber("https://jcstar.example.jp", id), text);
        assertEquals(text, QrImages.read(out.resolve(id + ".qr.png")).orElseThrow());
        assertTrue(r.out().contains("QR version ") && QrCodes.version(text) <= 4, r.out());
        assertTrue(JcstarCliTest.run(
                                "issue",
                                "--key",
                                key.toString(),
                                "--application",
                                app.toString(),
                                "--out",
                                out.toString(),
                                "--qr-form",
                                "tiny")
                        .exit()
                != 0);
    }
}
