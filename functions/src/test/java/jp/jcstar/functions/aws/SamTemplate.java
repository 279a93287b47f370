package jp.jcstar.functions.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * template.yaml as CloudFormation runs it: expanded by the AWS SAM translator (the one cfn-lint ships,
 * {@code scripts/sam_translate.py}) with given parameter values, cached under {@code target/sam/} by
 * the hash of the template, the script and the parameters. No Python with samtranslator is a test
 * failure, not a skip (cfn-lint, which CI runs, brings it).
 */
public final class SamTemplate {
    public static final ObjectMapper MAPPER = new ObjectMapper();
    /** Parameters every test deploys with unless it says otherwise. */
    public static final Map<String, String> DEFAULTS = Map.of(
            "SiteDomainName", "registry.example.jp",
            "BreakGlassRoleArn", "arn:aws:iam::123456789012:role/registry-break-glass",
            "AlarmTopicArn", "arn:aws:sns:ap-northeast-1:123456789012:registry-pager",
            "OriginVerifySecret", "k1.test-origin-value-not-a-real-one-0000000");

    private static final Path ROOT = Path.of("..");
    private static final Map<String, JsonNode> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    private final JsonNode template;
    private final Map<String, String> parameters;

    private SamTemplate(JsonNode template, Map<String, String> parameters) {
        this.template = template;
        this.parameters = parameters;
    }

    /** The translated template with {@link #DEFAULTS}. */
    public static SamTemplate translated() {
        return translated(Map.of());
    }

    /** The translated template with {@link #DEFAULTS} overridden by {@code overrides}. */
    public static SamTemplate translated(Map<String, String> overrides) {
        Map<String, String> p = new TreeMap<>(DEFAULTS);
        p.putAll(overrides);
        // pseudo parameters (AWS::StackName, AWS::Region) only matter to resolve(): one translation serves them all
        Map<String, String> translator = new TreeMap<>(p);
        translator.keySet().removeIf(k -> k.startsWith("AWS::"));
        return new SamTemplate(CACHE.computeIfAbsent(translator.toString(), k -> run(translator)), Map.copyOf(p));
    }

    public JsonNode json() {
        return template;
    }

    public JsonNode resources() {
        return template.path("Resources");
    }

    public JsonNode resource(String logicalId) {
        JsonNode r = resources().get(logicalId);
        if (r == null) throw new AssertionError("no resource " + logicalId + " in the translated template");
        return r;
    }

    /** Logical ids of the resources of this type, in template order. */
    public List<String> ofType(String type) {
        List<String> out = new ArrayList<>();
        resources().fieldNames().forEachRemaining(n -> {
            if (type.equals(resources().get(n).path("Type").asText())) out.add(n);
        });
        return out;
    }

    /** The parameter values this template was translated with (defaults of the template not included). */
    public Map<String, String> parameters() {
        return parameters;
    }

    /**
     * Resolves the intrinsic functions in {@code node} as CloudFormation would: parameters from this
     * translation (then their template defaults), pseudo parameters of account 123456789012 in
     * ap-northeast-1, and resource references through {@code resources} (logical id, or
     * "logicalId.Attribute" for GetAtt, to a value). Unknown references fail.
     */
    public JsonNode resolve(JsonNode node, Function<String, String> resources) {
        if (node == null) return null;
        if (node.isArray()) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            node.forEach(n -> a.add(resolve(n, resources)));
            return a;
        }
        if (!node.isObject()) return node;
        if (node.size() == 1) {
            String fn = node.fieldNames().next();
            JsonNode arg = node.get(fn);
            switch (fn) {
                case "Ref" -> {
                    return ref(arg.asText(), resources);
                }
                case "Fn::GetAtt" -> {
                    String name = arg.isArray()
                            ? arg.get(0).asText() + "." + arg.get(1).asText()
                            : arg.asText();
                    return text(lookup(name, resources));
                }
                case "Fn::Join" -> {
                    JsonNode parts = resolve(arg.get(1), resources);
                    List<String> s = new ArrayList<>();
                    parts.forEach(p -> s.add(p.asText()));
                    return text(String.join(arg.get(0).asText(), s));
                }
                case "Fn::Select" -> {
                    return resolve(arg.get(1), resources).get(arg.get(0).asInt());
                }
                case "Fn::Split" -> {
                    ArrayNode a = JsonNodeFactory.instance.arrayNode();
                    for (String s : resolve(arg.get(1), resources)
                            .asText()
                            .split(Pattern.quote(arg.get(0).asText()), -1)) a.add(s);
                    return a;
                }
                case "Fn::Sub" -> {
                    String pattern = arg.isArray() ? arg.get(0).asText() : arg.asText();
                    Map<String, JsonNode> vars = new LinkedHashMap<>();
                    if (arg.isArray())
                        arg.get(1)
                                .fields()
                                .forEachRemaining(e -> vars.put(e.getKey(), resolve(e.getValue(), resources)));
                    Matcher m = Pattern.compile("\\$\\{([^}!]+)}").matcher(pattern);
                    StringBuilder sb = new StringBuilder();
                    while (m.find()) {
                        String v = m.group(1);
                        String value = vars.containsKey(v)
                                ? vars.get(v).asText()
                                : v.contains(".")
                                        ? lookup(v, resources)
                                        : ref(v, resources).asText();
                        m.appendReplacement(sb, Matcher.quoteReplacement(value));
                    }
                    m.appendTail(sb);
                    return text(sb.toString());
                }
                default -> {
                    if (fn.startsWith("Fn::")) throw new AssertionError("unsupported intrinsic " + fn + " in " + node);
                }
            }
        }
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            var e = it.next();
            o.set(e.getKey(), resolve(e.getValue(), resources));
        }
        return o;
    }

    private JsonNode ref(String name, Function<String, String> resources) {
        switch (name) {
            case "AWS::Partition" -> {
                return text("aws");
            }
            case "AWS::Region" -> {
                return text(parameters.getOrDefault("AWS::Region", "ap-northeast-1"));
            }
            case "AWS::AccountId" -> {
                return text("123456789012");
            }
            case "AWS::StackName" -> {
                return text(parameters.getOrDefault("AWS::StackName", "jcstar"));
            }
            case "AWS::URLSuffix" -> {
                return text("amazonaws.com");
            }
            default -> {}
        }
        JsonNode spec = template.path("Parameters").get(name);
        if (spec != null) {
            String v = parameters.containsKey(name)
                    ? parameters.get(name)
                    : spec.path("Default").asText(null);
            if (v == null) throw new AssertionError("parameter " + name + " has no value");
            if (spec.path("Type").asText().equals("CommaDelimitedList")) {
                ArrayNode a = JsonNodeFactory.instance.arrayNode();
                if (!v.isEmpty()) for (String s : v.split(",")) a.add(s);
                return a;
            }
            return text(v);
        }
        return text(lookup(name, resources));
    }

    private static String lookup(String name, Function<String, String> resources) {
        String v = resources.apply(name);
        if (v == null) throw new AssertionError("no value for the reference " + name);
        return v;
    }

    private static JsonNode text(String s) {
        return JsonNodeFactory.instance.textNode(s);
    }

    /** Names of the parameters {@code node} refers to (Ref, and ${Name} in Sub strings). */
    public java.util.Set<String> parametersReferenced(JsonNode node) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        collectRefs(node, out);
        out.retainAll(iterable(template.path("Parameters").fieldNames()));
        return out;
    }

    /** Every logical id or parameter {@code node} refers to (Ref, GetAtt, ${X} and ${X.Y} in Sub strings). */
    public static java.util.Set<String> references(JsonNode node) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        collectRefs(node, out);
        return out;
    }

    private static void collectRefs(JsonNode node, java.util.Set<String> out) {
        if (node == null) return;
        if (node.isArray()) node.forEach(n -> collectRefs(n, out));
        if (!node.isObject()) return;
        node.fields().forEachRemaining(e -> {
            switch (e.getKey()) {
                case "Ref" -> out.add(e.getValue().asText());
                case "Fn::GetAtt" ->
                    out.add(
                            e.getValue().isArray()
                                    ? e.getValue().get(0).asText()
                                    : e.getValue().asText().split("\\.")[0]);
                case "Fn::Sub" -> {
                    String s = e.getValue().isArray()
                            ? e.getValue().get(0).asText()
                            : e.getValue().asText();
                    java.util.Set<String> local = new java.util.HashSet<>();
                    if (e.getValue().isArray()) {
                        e.getValue().get(1).fieldNames().forEachRemaining(local::add);
                        collectRefs(e.getValue().get(1), out);
                    }
                    Matcher m = Pattern.compile("\\$\\{([^}!]+)}").matcher(s);
                    while (m.find())
                        if (!local.contains(m.group(1))) out.add(m.group(1).split("\\.")[0]);
                }
                default -> collectRefs(e.getValue(), out);
            }
        });
    }

    private static java.util.Set<String> iterable(Iterator<String> it) {
        java.util.Set<String> s = new java.util.TreeSet<>();
        it.forEachRemaining(s::add);
        return s;
    }

    private static JsonNode run(Map<String, String> params) {
        try {
            Path script = ROOT.resolve("scripts/sam_translate.py");
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(Files.readAllBytes(ROOT.resolve("template.yaml")));
            md.update(Files.readAllBytes(script));
            md.update(params.toString().getBytes(StandardCharsets.UTF_8));
            Path cached = Path.of(
                    "target", "sam", HexFormat.of().formatHex(md.digest()).substring(0, 24) + ".json");
            if (!Files.exists(cached)) {
                Files.createDirectories(cached.getParent());
                List<String> cmd = new ArrayList<>(List.of(
                        python(),
                        script.toString(),
                        ROOT.resolve("template.yaml").toString()));
                params.forEach((k, v) -> {
                    if (!k.startsWith("AWS::")) cmd.add(k + "=" + v);
                });
                Path tmp = Files.createTempFile(cached.getParent(), "t", ".json");
                Path err = Files.createTempFile(cached.getParent(), "t", ".err");
                Process p = new ProcessBuilder(cmd)
                        .redirectOutput(tmp.toFile())
                        .redirectError(err.toFile())
                        .start();
                if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new AssertionError("the SAM translator failed: " + cmd + "\n" + Files.readString(err));
                }
                Files.move(
                        tmp,
                        cached,
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                Files.deleteIfExists(err);
            }
            return MAPPER.readTree(cached.toFile());
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static volatile String python;

    /** SAM_PYTHON, else the first python3 (PATH, then ~/.pyenv/versions/*) that imports samtranslator. */
    static synchronized String python() throws IOException, InterruptedException {
        if (python != null) return python;
        List<String> candidates = new ArrayList<>();
        String env = System.getenv("SAM_PYTHON");
        if (env != null && !env.isBlank()) candidates.add(env.strip());
        candidates.add("python3");
        Path pyenv = Path.of(System.getProperty("user.home"), ".pyenv", "versions");
        if (Files.isDirectory(pyenv)) {
            try (var s = Files.list(pyenv)) {
                s.sorted(java.util.Comparator.reverseOrder())
                        .map(v -> v.resolve("bin/python3"))
                        .filter(Files::isExecutable)
                        .forEach(v -> candidates.add(v.toString()));
            }
        }
        for (String c : candidates) {
            try {
                Process p = new ProcessBuilder(c, "-c", "import samtranslator, yaml")
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) return python = c;
            } catch (IOException e) {
                // not this one
            }
        }
        throw new AssertionError("no Python with the SAM translator found (tried " + candidates
                + "): pip install cfn-lint, or set SAM_PYTHON");
    }
}
