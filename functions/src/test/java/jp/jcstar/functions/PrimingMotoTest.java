package jp.jcstar.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import jp.jcstar.aws.DynamoKeyDirectory;
import jp.jcstar.aws.DynamoLabelStore;
import jp.jcstar.aws.KmsSigner;
import jp.jcstar.aws.S3BlobStore;
import jp.jcstar.testing.Moto;
import org.junit.jupiter.api.Test;

/**
 * Every function template.yaml runs with SnapStart registers a priming hook in its Lambda constructor,
 * and running all of them, on the AWS adapters against moto, answers every request as expected and
 * leaves the table and the bucket as they were. The handlers are built with their Lambda constructors
 * from the environment, so this runs in a process of its own ({@link PrimingCheck}).
 */
class PrimingMotoTest {

    /** Handler classes of the functions SnapStart applies to (Globals, unless a function sets ApplyOn: None). */
    static List<String> snapStartHandlers() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("..", "template.yaml"));
        boolean global = false;
        for (int i = lines.indexOf("Globals:") + 1;
                i < lines.size() && (lines.get(i).isBlank() || lines.get(i).startsWith(" "));
                i++) {
            if (lines.get(i).strip().equals("ApplyOn: PublishedVersions")) global = true;
        }
        List<String> out = new ArrayList<>();
        for (TemplateTest.Fn f : TemplateTest.functions()) {
            String block = functionBlock(lines, f.name());
            boolean on = block.contains("ApplyOn: PublishedVersions") || (global && !block.contains("ApplyOn: None"));
            if (on) out.add(f.handler().substring(0, f.handler().indexOf("::")));
        }
        return out;
    }

    private static String functionBlock(List<String> lines, String name) {
        StringBuilder b = new StringBuilder();
        int i = lines.indexOf("  " + name + ":");
        for (int j = i + 1;
                j < lines.size() && (lines.get(j).isBlank() || lines.get(j).startsWith("    "));
                j++) b.append(lines.get(j)).append('\n');
        return b.toString();
    }

    @Test
    void everySnapStartFunctionRegistersPrimingThatAnswersAndWritesNothing() throws Exception {
        List<String> handlers = snapStartHandlers();
        assertEquals(13, handlers.size(), "SnapStart is on for every function (Globals): " + handlers);
        String table = Moto.uniqueName("labels");
        String bucket = Moto.uniqueName("files");
        var aws = Moto.clients();
        DynamoLabelStore.createTable(aws.dynamo(), table);
        S3BlobStore.createBucket(aws.s3(), bucket);
        String keyId = KmsSigner.createKey(aws.kms(), "priming test");
        // a registry in use: one label issued with the operator's key, its status list and the key directory
        Wiring w = new Wiring(
                new DynamoLabelStore(aws.dynamo(), table),
                new S3BlobStore(aws.s3(), bucket),
                new KmsSigner(aws.kms(), keyId),
                List.of(),
                Clock.systemUTC(),
                "https://registry.example.jp");
        new DynamoKeyDirectory(aws.dynamo(), table).publish(w.keys());
        var issued = new IssueLabelHandler(w)
                .handleRequest(
                        TestApi.withBody(
                                "issue-label-iam.json",
                                TestApi.application("PRIME-MOTO").toString()),
                        null);
        assertEquals(201, issued.getStatusCode(), issued.getBody());

        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                PrimingCheck.class.getName()));
        cmd.addAll(handlers);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("JAVA_") || k.startsWith("JCSTAR_"));
        env.putAll(Map.of(
                "AWS_ENDPOINT_URL",
                Moto.endpoint().toString(),
                "AWS_REGION",
                Moto.REGION.id(),
                "AWS_ACCESS_KEY_ID",
                "testing",
                "AWS_SECRET_ACCESS_KEY",
                "testing",
                "AWS_EC2_METADATA_DISABLED",
                "true",
                "JCSTAR_STORE",
                "aws",
                "TABLE_NAME",
                table,
                "BUCKET_NAME",
                bucket,
                "KMS_KEY_ID",
                keyId));
        env.put("SITE_BASE_URL", "https://registry.example.jp");
        env.put("PUBLIC_FILES_URL", "https://registry.example.jp/files");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "priming check did not finish");
        assertEquals(0, p.exitValue(), out);

        TreeSet<String> registered = new TreeSet<>();
        out.lines()
                .filter(l -> l.startsWith("registered "))
                .forEach(l -> registered.add(l.substring("registered ".length())));
        TreeSet<String> expected = new TreeSet<>();
        handlers.forEach(h -> expected.add(h.substring(h.lastIndexOf('.') + 1)));
        assertEquals(expected, registered, out);
        assertFalse(out.lines().anyMatch(l -> l.startsWith("FAIL ")), out);
        assertEquals(
                24,
                out.lines().filter(l -> l.startsWith("ok ")).count(),
                out); // as PrimingTest: the label image's three files and its PDF artwork among them
        // the label, its history and slot items, the key directory; its status list, the export stamp
        assertTrue(out.contains("table-unchanged true"), out);
        assertTrue(out.contains("bucket-unchanged true"), out);
        assertFalse(out.contains("table-items 0"), out);
        assertFalse(out.contains("bucket-objects 0"), out);
    }
}
