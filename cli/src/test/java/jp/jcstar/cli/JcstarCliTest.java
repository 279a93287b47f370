package jp.jcstar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import jp.jcstar.signing.B64;
import jp.jcstar.signing.KeySet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class JcstarCliTest {
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

    static final String APPLICATION = """
            {"applicationId": "APP-2026-0001", "level": 2, "models": ["SC-300", "SC-300W", "SC-300B"],
             "product": "スマートホームカメラ SC-300", "vendor": "株式会社サクラ電機", "category": "camera",
             "supportEnd": "2031-03-31"}
            """;

    Path keygen(String name) {
        Path key = dir.resolve("keys").resolve(name);
        Run r = run("keygen", "--key", key.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(16, r.out().strip().length(), "prints the kid");
        return key;
    }

    Path jwks(Path... keys) throws Exception {
        String[] args = new String[1 + 2 * keys.length];
        args[0] = "jwks";
        for (int i = 0; i < keys.length; i++) {
            args[1 + 2 * i] = "--key";
            args[2 + 2 * i] = keys[i].toString();
        }
        Run r = run(args);
        assertEquals(0, r.exit(), r.err());
        assertEquals(keys.length, KeySet.parse(r.out()).size());
        Path f = dir.resolve("jwks-" + keys.length + ".json");
        Files.writeString(f, r.out());
        return f;
    }

    /** Issues from the Japanese application and returns the label id. */
    String issue(Path key, Path out) throws Exception {
        Path app = dir.resolve("app.json");
        Files.writeString(app, APPLICATION);
        // the round trips below are about signing and verifying, not the application rules (☆2 without an evaluation)
        Run r = run(
                "issue",
                "--key",
                key.toString(),
                "--application",
                app.toString(),
                "--out",
                out.toString(),
                "--unchecked-for-tests");
        assertEquals(0, r.exit(), r.err());
        String id = r.out().split(" ")[1];
        assertTrue(id.matches("JC\\d\\d-[0-9A-HJKMNP-TV-Z]{8}"), id);
        for (String ext : new String[] {".jws", ".qr.txt", ".qr.png", ".qr.svg", ".artwork.svg"}) {
            assertTrue(Files.size(out.resolve(id + ext)) > 0, ext);
        }
        return id;
    }

    @Test
    void keygenIssueDecodePngVerifyRoundTrip() throws Exception {
        Path key = keygen("k1.key");
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(key));
        Path jwks = jwks(key);
        Path out = dir.resolve("out");
        String id = issue(key, out);

        Optional<String> scanned = QrImages.read(out.resolve(id + ".qr.png"));
        assertEquals(Files.readString(out.resolve(id + ".qr.txt")).strip(), scanned.orElseThrow());

        Run r = run("verify", "--jwks", jwks.toString(), "--label", scanned.get());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().startsWith("valid"), r.out());
        assertTrue(r.out().contains("株式会社サクラ電機") && r.out().contains("\"id\":\"" + id + "\""), r.out());

        assertEquals(
                0,
                run(
                                "verify",
                                "--jwks",
                                jwks.toString(),
                                "--image",
                                out.resolve(id + ".qr.png").toString())
                        .exit());
        assertEquals(
                0,
                run(
                                "verify",
                                "--jwks",
                                jwks.toString(),
                                "--file",
                                out.resolve(id + ".jws").toString())
                        .exit());
    }

    @Test
    void tamperedLabelIsInvalidWithExitOneAndTheReasonCode() throws Exception {
        Path key = keygen("k1.key");
        Path jwks = jwks(key);
        Path out = dir.resolve("out");
        String id = issue(key, out);
        String[] parts = Files.readString(out.resolve(id + ".jws")).strip().split("\\.");
        byte[] payload = B64.decode(parts[1]);
        payload[payload.length / 2] ^= 1;
        String tampered = parts[0] + "." + B64.encode(payload) + "." + parts[2];
        Run r = run("verify", "--jwks", jwks.toString(), "--label", tampered);
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().startsWith("invalid"), r.out());
        assertTrue(r.out().contains("reason: bad-signature"), r.out());
    }

    @Test
    void afterKeyRotationALabelOfTheOldKeyStillVerifiesWithTheJwksOfBothKeys() throws Exception {
        Path oldKey = keygen("old.key");
        Path out = dir.resolve("out");
        String id = issue(oldKey, out);
        Path newKey = keygen("new.key");
        Path both = jwks(newKey, oldKey);
        Path onlyNew = jwks(newKey);
        Path label = out.resolve(id + ".qr.txt");
        assertEquals(
                0,
                run("verify", "--jwks", both.toString(), "--file", label.toString())
                        .exit());
        Run r = run("verify", "--jwks", onlyNew.toString(), "--file", label.toString());
        assertEquals(1, r.exit());
        assertTrue(r.out().contains("reason: unknown-kid"), r.out());
    }

    @Test
    void keygenRefusesToOverwriteAnExistingKey() throws Exception {
        Path key = keygen("k.key");
        String before = Files.readString(key);
        Run r = run("keygen", "--key", key.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("already exists"), r.err());
        assertEquals(before, Files.readString(key));
    }

    @Test
    void badApplicationJsonNamesTheFieldAndMissingFilesAreNamed() throws Exception {
        Path key = keygen("k.key");
        Path app = dir.resolve("bad.json");
        Files.writeString(app, APPLICATION.replace("\"level\": 2", "\"level\": \"two\""), StandardCharsets.UTF_8);
        Run r = run("issue", "--key", key.toString(), "--application", app.toString(), "--out", dir.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("level"), r.err());

        Files.writeString(app, APPLICATION.replace("\"level\": 2", "\"level\": 7"), StandardCharsets.UTF_8);
        r = run("issue", "--key", key.toString(), "--application", app.toString(), "--out", dir.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("field level"), r.err());

        Files.writeString(
                app,
                APPLICATION.replace("\"supportEnd\": \"2031-03-31\"", "\"supportEnd\": \"31.3.2031\""),
                StandardCharsets.UTF_8);
        r = run("issue", "--key", key.toString(), "--application", app.toString(), "--out", dir.toString());
        assertTrue(r.err().contains("supportEnd"), r.err());

        r = run(
                "issue",
                "--key",
                key.toString(),
                "--application",
                dir.resolve("nope.json").toString(),
                "--out",
                dir.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("nope.json") && r.err().contains("does not exist"), r.err());

        r = run("verify", "--jwks", dir.resolve("missing-jwks.json").toString(), "--label", "x");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("missing-jwks.json"), r.err());
    }

    /** A PNG whose header declares 30000×30000 pixels (4 GB decoded) is refused before a pixel is decoded. */
    @Test
    void anImageDeclaringTooManyPixelsIsRefusedBeforeDecoding() throws Exception {
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(13)
                .putInt(30_000)
                .putInt(30_000)
                .put((byte) 8)
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) 0);
        chunk(png, "IHDR", ihdr.array());
        chunk(png, "IDAT", new byte[] {0x78, (byte) 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
        chunk(png, "IEND", new byte[0]);
        Path image = dir.resolve("huge.png");
        Files.write(image, png.toByteArray());
        Path jwks = jwks(keygen("image.key"));
        Run r = run("verify", "--jwks", jwks.toString(), "--image", image.toString());
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("30000×30000 pixels"), r.err());
    }

    private static void chunk(java.io.ByteArrayOutputStream out, String type, byte[] data) throws java.io.IOException {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(type.getBytes(StandardCharsets.US_ASCII));
        crc.update(data);
        out.write(java.nio.ByteBuffer.allocate(4).putInt(data.length).array());
        out.write(type.getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        out.write(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** Offline issuance applies the registry's application rules: a ☆3 with an empty declaration and no evaluation is refused. */
    @Test
    void offlineIssueRefusesWhatTheRegistryWouldRefuse() throws Exception {
        Path key = keygen("rules.key");
        Path app = dir.resolve("star3.json");
        Files.writeString(
                app,
                APPLICATION
                        .replace("\"level\": 2", "\"level\": 3")
                        .replace(
                                "\"supportEnd\": \"2031-03-31\"}",
                                "\"supportEnd\": \"2031-03-31\", \"declaration\": {\"answers\": []}}"),
                StandardCharsets.UTF_8);
        Path out = dir.resolve("refused");
        Run r = run("issue", "--key", key.toString(), "--application", app.toString(), "--out", out.toString());
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.err().contains("the registry would refuse this application"), r.err());
        assertFalse(Files.exists(out), "nothing signed, nothing written");
        // the documented example passes the rules
        Run ok = run(
                "issue",
                "--key",
                key.toString(),
                "--application",
                Path.of("../docs/examples/application-star1.json").toString(),
                "--out",
                dir.resolve("ok").toString());
        assertEquals(0, ok.exit(), ok.err());
    }

    @Test
    void usageErrorsExitTwoAndHelpListsTheSubcommands() {
        assertEquals(2, run("verify").exit());
        assertEquals(2, run("verify", "--label", "a", "--file", "b").exit());
        Run help = run("--help");
        assertEquals(0, help.exit());
        for (String c : new String[] {"keygen", "jwks", "issue", "verify"})
            assertTrue(help.out().contains(c), help.out());
    }
}
