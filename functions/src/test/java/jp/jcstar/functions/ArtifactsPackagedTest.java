package jp.jcstar.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import jp.jcstar.aws.DynamoKeyDirectory;
import jp.jcstar.aws.DynamoLabelStore;
import jp.jcstar.embedded.FolderBlobStore;
import jp.jcstar.json.Json;
import jp.jcstar.signing.LocalKeySigner;
import jp.jcstar.testing.Moto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployable jars as template.yaml hands them out. Runs after {@code package} (surefire execution
 * {@code packaged-artifacts} in functions/pom.xml, phase integration-test), on the jars just built.
 */
class ArtifactsPackagedTest {
    static final Path ROOT = Path.of("..");
    static final Path PUBLIC_JAR = Path.of("target", "jcstar-functions-public.jar");

    /** Function name → CodeUri (its own, or the Globals one). */
    static Map<String, String> codeUris() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("template.yaml"));
        String global = null;
        Map<String, String> out = new TreeMap<>();
        Pattern fnStart = Pattern.compile("^  ([A-Za-z0-9]+):\\s*$");
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).equals("Globals:")) {
                for (int j = i + 1;
                        j < lines.size()
                                && (lines.get(j).isBlank() || lines.get(j).startsWith(" "));
                        j++) {
                    if (lines.get(j).strip().startsWith("CodeUri:"))
                        global = lines.get(j).strip().substring(8).strip();
                }
            }
            Matcher m = fnStart.matcher(lines.get(i));
            if (!m.matches() || i + 1 >= lines.size() || !lines.get(i + 1).contains("Type: AWS::Serverless::Function"))
                continue;
            String uri = null;
            for (int j = i + 2;
                    j < lines.size() && (lines.get(j).isBlank() || lines.get(j).startsWith("    "));
                    j++) {
                if (lines.get(j).strip().startsWith("CodeUri:"))
                    uri = lines.get(j).strip().substring(8).strip();
            }
            out.put(m.group(1), uri);
        }
        assertNotNull(global, "Globals: Function: CodeUri");
        String g = global;
        out.replaceAll((k, v) -> v == null ? g : v);
        return out;
    }

    @Test
    void everyFunctionsHandlerClassLoadsFromTheArtifactTheTemplateGivesIt() throws Exception {
        Map<String, String> uris = codeUris();
        Map<String, String> handlers = new TreeMap<>();
        for (TemplateTest.Fn f : TemplateTest.functions())
            handlers.put(f.name(), f.handler().substring(0, f.handler().indexOf("::")));
        assertEquals(handlers.keySet(), uris.keySet());
        assertTrue(
                uris.containsValue("functions/target/jcstar-functions-public.jar"),
                "no function uses the public artifact");
        for (var e : handlers.entrySet()) {
            Path jar = ROOT.resolve(uris.get(e.getKey()));
            assertTrue(Files.isRegularFile(jar), e.getKey() + ": " + jar + " does not exist");
            // that jar alone (plus the JDK), as Lambda loads it: the class must load, link and initialise
            try (URLClassLoader cl =
                    new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
                Class<?> c = Class.forName(e.getValue(), true, cl);
                assertEquals(
                        0,
                        c.getConstructor()
                                .getParameterCount()); // a public no-arg constructor, or NoSuchMethodException
                // the HTTP handlers are stream handlers; the sweep a RequestHandler (a minimised jar may hold only one
                // of the two)
                assertTrue(
                        implementsFromJar(c, "com.amazonaws.services.lambda.runtime.RequestStreamHandler", cl)
                                || implementsFromJar(c, "com.amazonaws.services.lambda.runtime.RequestHandler", cl),
                        e.getValue() + " in " + jar);
            }
        }
    }

    private static boolean implementsFromJar(Class<?> c, String iface, ClassLoader cl) {
        try {
            return Class.forName(iface, false, cl).isAssignableFrom(c);
        } catch (ClassNotFoundException absent) {
            return false;
        }
    }

    @Test
    void thePublicJarHoldsNoS3NoKmsAndNothingThatSigns() throws IOException {
        List<String> found = new ArrayList<>();
        try (ZipFile z = new ZipFile(PUBLIC_JAR.toFile())) {
            z.stream()
                    .map(ze -> ze.getName())
                    .filter(n -> n.startsWith("software/amazon/awssdk/services/s3/")
                            || n.startsWith("software/amazon/awssdk/services/kms/")
                            || n.equals("jp/jcstar/aws/KmsSigner.class")
                            || n.equals("jp/jcstar/aws/S3BlobStore.class")
                            || n.equals("jp/jcstar/aws/AwsClients.class")
                            || n.equals("jp/jcstar/functions/Wiring.class")
                            || n.equals("jp/jcstar/registry/Publisher.class")
                            || n.equals("jp/jcstar/signing/LocalKeySigner.class"))
                    .forEach(found::add);
        }
        assertEquals(List.of(), found);
        assertTrue(Files.size(PUBLIC_JAR) <= 10_000_000, "public jar is " + Files.size(PUBLIC_JAR) + " bytes");
    }

    @Test
    void everyPublicHandlerAnswersFromThePublicJarAloneAgainstMoto(@TempDir Path dir) throws Exception {
        // what the signer-holding functions leave in the table: a label and the published key set
        String table = Moto.uniqueName("labels");
        DynamoLabelStore.createTable(Moto.clients().dynamo(), table);
        Wiring w = new Wiring(
                new DynamoLabelStore(Moto.clients().dynamo(), table),
                new FolderBlobStore(dir.resolve("files")),
                LocalKeySigner.generate(),
                List.of(),
                Clock.systemUTC(),
                "https://registry.example.jp");
        new DynamoKeyDirectory(Moto.clients().dynamo(), table).publish(w.keys());
        var issued = new IssueLabelHandler(w)
                .handleRequest(
                        TestApi.withBody(
                                "issue-label-iam.json",
                                TestApi.application("PKG-1").toString()),
                        null);
        assertEquals(201, issued.getStatusCode(), issued.getBody());
        String body = "{\"label\":"
                + Json.writeString(Json.parse(issued.getBody()).get("qrText").asText()) + "}";
        String event;
        try (var in = ArtifactsPackagedTest.class.getResourceAsStream("/events/verify.json")) {
            event = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\"BODY\"", Json.writeString(body));
        }
        Path eventFile = Files.writeString(dir.resolve("verify.json"), event);

        // the function process: public jar + the runtime's serializer + ColdStart (which refers only to public classes)
        String cp = String.join(
                java.io.File.pathSeparator,
                PUBLIC_JAR.toAbsolutePath().toString(),
                Path.of(LambdaEventSerializers.class
                                .getProtectionDomain()
                                .getCodeSource()
                                .getLocation()
                                .toURI())
                        .toString(),
                Path.of(ColdStart.class
                                .getProtectionDomain()
                                .getCodeSource()
                                .getLocation()
                                .toURI())
                        .toString());
        ProcessBuilder pb = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        cp,
                        "jp.jcstar.functions.ColdStart",
                        "smoke",
                        eventFile.toString())
                .redirectErrorStream(true);
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
                "SITE_BASE_URL",
                "https://registry.example.jp"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "smoke run did not finish");
        assertEquals(0, p.exitValue(), out);
        assertEquals(5, out.lines().filter(l -> l.startsWith("ok ")).count(), out);
    }
}
