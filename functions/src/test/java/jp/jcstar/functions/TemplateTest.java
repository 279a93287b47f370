package jp.jcstar.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** template.yaml and the code must describe the same API: same routes, same handlers, same authorisation. */
class TemplateTest {
    record Fn(
            String name,
            String handler,
            List<String> routes,
            Set<String> iamRoutes,
            boolean scheduled,
            Integer timeout) {}

    static List<Fn> functions() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("..", "template.yaml"));
        List<Fn> out = new ArrayList<>();
        Pattern fnStart = Pattern.compile("^  ([A-Za-z0-9]+):\\s*$");
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = fnStart.matcher(lines.get(i));
            if (!m.matches() || i + 1 >= lines.size() || !lines.get(i + 1).contains("Type: AWS::Serverless::Function"))
                continue;
            String handler = null;
            List<String> routes = new ArrayList<>();
            Set<String> iam = new TreeSet<>();
            boolean scheduled = false;
            Integer timeout = null;
            String method = null;
            int j = i + 2;
            for (; j < lines.size() && (lines.get(j).isBlank() || lines.get(j).startsWith("    ")); j++) {
                String l = lines.get(j).strip();
                if (l.startsWith("Handler:"))
                    handler = l.substring("Handler:".length()).strip();
                if (l.startsWith("Method:"))
                    method = l.substring("Method:".length()).strip();
                if (l.startsWith("Path:"))
                    routes.add(method + " " + l.substring("Path:".length()).strip());
                if (l.equals("Authorizer: AWS_IAM")) iam.add(routes.getLast());
                if (l.startsWith("Type: ScheduleV2") || l.startsWith("Type: Schedule")) scheduled = true;
                if (l.startsWith("Timeout:"))
                    timeout = Integer.parseInt(l.substring("Timeout:".length()).strip());
            }
            out.add(new Fn(m.group(1), handler, routes, iam, scheduled, timeout));
        }
        return out;
    }

    @Test
    void everyRouteInTheTemplateIsARouteOfTheCodeAndViceVersa() throws IOException {
        Set<String> template =
                functions().stream().flatMap(f -> f.routes().stream()).collect(Collectors.toCollection(TreeSet::new));
        Set<String> code = Routes.ALL.stream().map(Route::routeKey).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(code, template);
    }

    @Test
    void operatorRoutesAndOnlyThoseHaveIamAuthorisation() throws IOException {
        Set<String> iam = functions().stream()
                .flatMap(f -> f.iamRoutes().stream())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> operator = Routes.ALL.stream()
                .filter(Route::operator)
                .map(Route::routeKey)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(operator, iam);
        assertFalse(iam.isEmpty());
    }

    @Test
    void everyOperatorRouteHasTheIamAuthoriserOnItsOwnEventAndTheApiEnablesIt() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("..", "template.yaml"));
        // walk each HttpApi event block: Method, Path, and the Authorizer inside that block only
        Set<String> guarded = new TreeSet<>();
        Set<String> seen = new TreeSet<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).strip().equals("Type: HttpApi")) continue;
            int indent = lines.get(i).indexOf('T');
            String method = null, path = null;
            boolean iam = false;
            for (int j = i + 1;
                    j < lines.size()
                            && (lines.get(j).isBlank()
                                    || lines.get(j).indexOf(lines.get(j).strip()) >= indent);
                    j++) {
                String l = lines.get(j).strip();
                if (lines.get(j).indexOf(l) == indent && !l.startsWith("Properties:")) break;
                if (l.startsWith("Method:")) method = l.substring(7).strip();
                if (l.startsWith("Path:")) path = l.substring(5).strip();
                if (l.equals("Authorizer: AWS_IAM")) iam = true;
            }
            seen.add(method + " " + path);
            if (iam) guarded.add(method + " " + path);
        }
        for (Route r : Routes.ALL) {
            assertTrue(seen.contains(r.routeKey()), "no HttpApi event for " + r.routeKey());
            assertEquals(
                    r.operator(),
                    guarded.contains(r.routeKey()),
                    r.routeKey()
                            + (r.operator()
                                    ? " is an operator route without Authorizer: AWS_IAM"
                                    : " is public but asks for IAM"));
        }
        String template = String.join("\n", lines);
        assertTrue(template.contains("EnableIamAuthorizer: true"), "the HTTP API must enable its IAM authoriser");
        assertFalse(
                template.contains("Method: ANY")
                        || template.contains("Path: /{proxy+}")
                        || template.contains("$default"),
                "a catch-all route could reach an operator handler without the IAM authoriser");
        assertFalse(template.contains("DefaultAuthorizer: NONE"), "no route may opt out of a default authoriser");
    }

    @Test
    void theOperatorPolicyGrantsInvokeOnExactlyTheOperatorRoutes() throws IOException {
        String template = Files.readString(Path.of("..", "template.yaml"));
        String policy = template.substring(template.indexOf("  OperatorInvokePolicy:"), template.indexOf("\nOutputs:"));
        Set<String> granted = new TreeSet<>();
        Matcher m =
                Pattern.compile("\\$\\{RegistryApi}/\\*/([A-Z]+)(/[^\"]+)\"").matcher(policy);
        while (m.find()) granted.add(m.group(1) + " " + m.group(2));
        Set<String> operator = Routes.ALL.stream()
                .filter(Route::operator)
                .map(r -> r.method() + " " + r.path().replaceAll("\\{[^}]+}", "*"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(operator, granted);
        assertTrue(policy.contains("Action: execute-api:Invoke") && !policy.contains("execute-api:*"), policy);
    }

    @Test
    void operatorHandlersServeNoPublicRoute() throws IOException {
        Set<String> operatorHandlers = Routes.ALL.stream()
                .filter(Route::operator)
                .map(r -> r.handlerClass().getName())
                .collect(Collectors.toSet());
        for (Fn f : functions()) {
            String cls = f.handler() == null ? "" : f.handler().replace("::handleRequest", "");
            if (!operatorHandlers.contains(cls)) continue;
            assertEquals(
                    new TreeSet<>(f.routes()),
                    f.iamRoutes(),
                    f.name() + " runs an operator handler: every one of its routes needs IAM");
        }
    }

    @Test
    void apiFunctionsTimeOutBeforeTheGatewayDoes() throws IOException {
        // HTTP API gives up on an integration after 30 s: a function allowed to run longer only burns money (and is a
        // DoS lever)
        String globals = Files.readAllLines(Path.of("..", "template.yaml")).stream()
                .map(String::strip)
                .filter(l -> l.startsWith("Timeout:"))
                .findFirst()
                .orElseThrow()
                .substring("Timeout:".length())
                .strip();
        for (Fn f : functions()) {
            int t = f.timeout() == null ? Integer.parseInt(globals) : f.timeout();
            if (f.scheduled()) assertTrue(t <= 900, f.name());
            else assertTrue(t <= 29, f.name() + " has Timeout " + t + " s, beyond API Gateway's 30 s");
        }
    }

    @Test
    void onlyTheSweepSequencesAndPublishesTheLogWithAKeyOnlyItCanDerive() throws IOException {
        String t = Files.readString(Path.of("..", "template.yaml"));
        String key = t.substring(t.indexOf("\n  TransparencyLogKey:"), t.indexOf("\n  SigningKeyAlias:"));
        for (String s : List.of(
                "Type: AWS::KMS::Key",
                "DeletionPolicy: Retain", // a new key is a new log key: an alarm for every verifier that pinned it
                "UpdateReplacePolicy: Retain",
                "KeySpec: HMAC_256",
                "KeyUsage: GENERATE_VERIFY_MAC",
                "kms:MacAlgorithm: HMAC_SHA_256")) assertTrue(key.contains(s), "TransparencyLogKey: " + s);
        // kms:GenerateMac: allowed to the sweep's role, denied to every other principal
        String allow = key.substring(key.indexOf("Sid: SweepDerivesTheLogKey"), key.indexOf("Sid: NoOtherPrincipal"));
        assertTrue(
                allow.contains("Principal: { AWS: !GetAtt SweepFunctionRole.Arn }") && allow.contains("Effect: Allow"));
        String deny = key.substring(key.indexOf("Sid: NoOtherPrincipalDerivesIt"), key.indexOf("Sid: BreakGlass"));
        assertTrue(deny.contains("Effect: Deny")
                && deny.contains("Action: kms:GenerateMac")
                && deny.contains("aws:PrincipalArn: !GetAtt SweepFunctionRole.Arn"));

        String sweep = t.substring(t.indexOf("\n  SweepFunction:"), t.indexOf("\n  SweepLogs:"));
        assertTrue(sweep.contains("LOG_KEY_ID: !Ref TransparencyLogKey"), "the sweep derives the log key");
        assertEquals(1, t.split("LOG_KEY_ID", -1).length - 1, "no other function has the log key");
        assertTrue(sweep.contains("ReservedConcurrentExecutions: 1"), "one sequencer at a time");
        for (String path : List.of("/v1/log/*", "/.well-known/jcstar-log-key", "/v1/log/checkpoint"))
            assertTrue(sweep.contains("${PublicFilesBucket.Arn}" + path + "\""), "the sweep writes " + path);
        // nobody else writes the log's files
        String rest = t.replace(sweep, "");
        assertFalse(rest.contains("${PublicFilesBucket.Arn}/v1/log/"), "only the sweep writes the log");
        assertFalse(rest.contains("${PublicFilesBucket.Arn}/.well-known/jcstar-log-key"));
        // and CloudFront serves them at /files/...
        String rewrite = t.substring(t.indexOf("\n  FilesPathRewrite:"), t.indexOf("\n  FilesCachePolicy:"));
        assertTrue(rewrite.contains("'/files/v1/log/'") && rewrite.contains("'/files/.well-known/jcstar-log-key'"));
    }

    @Test
    void theExportRedirectsOnlyWhereCloudFrontServesItsFile() throws IOException {
        String t = Files.readString(Path.of("..", "template.yaml"));
        String export = t.substring(t.indexOf("\n  ExportFunction:"), t.indexOf("\n  ExportLogs:"));
        assertTrue(export.contains("PUBLIC_FILES_URL: !Sub \"https://${SiteDomainName}/files\""), export);
        assertEquals(
                1, t.split("PUBLIC_FILES_URL", -1).length - 1, "only the export function redirects to public files");
        String files = t.substring(t.indexOf("- PathPattern: /files/*"), t.indexOf("- PathPattern: /v1/*"));
        assertTrue(
                files.contains("TargetOriginId: files")
                        && files.contains("CachePolicyId: !Ref FilesCachePolicy")
                        && files.contains("FunctionARN: !GetAtt FilesPathRewrite.FunctionMetadata.FunctionARN"),
                files);
        assertTrue(
                t.contains("QueryStringsConfig: { QueryStringBehavior: whitelist, QueryStrings: [v] }"),
                "the generation in ?v= is part of the cache key");
    }

    @Test
    void eachRouteIsServedByTheHandlerClassTheCodeRoutesItTo() throws IOException {
        for (Fn f : functions()) {
            for (String rk : f.routes()) {
                Route r = Routes.ALL.stream()
                        .filter(x -> x.routeKey().equals(rk))
                        .findFirst()
                        .orElseThrow();
                assertEquals(r.handlerClass().getName() + "::handleRequest", f.handler(), rk);
            }
        }
    }

    /** That the class is also in the jar the function is given (CodeUri) is checked after package: ArtifactsPackagedTest. */
    @Test
    void everyHandlerNamesAnExistingClassThatHandlesTheEventItsTriggerSends() throws Exception {
        List<Fn> fns = functions();
        assertTrue(fns.size() >= 10, "functions found: " + fns.size());
        for (Fn f : fns) {
            String cls = f.handler().substring(0, f.handler().indexOf("::"));
            Class<?> c = Class.forName(cls);
            assertEquals(0, c.getConstructor().getParameterCount()); // Lambda needs a public no-arg constructor (else
            // NoSuchMethodException)
            if (f.scheduled()) {
                assertTrue(RequestHandler.class.isAssignableFrom(c), cls + " is not a RequestHandler");
                assertEquals(
                        "java.util.Map<java.lang.String, java.lang.Object>",
                        requestHandlerTypes(c)[0].getTypeName(),
                        cls);
            } else {
                // a stream handler that reads HTTP API v2 events (HttpEventJson) and answers v2 responses
                assertTrue(
                        ApiHandler.class.isAssignableFrom(c),
                        cls + " must be an ApiHandler (HTTP API v2 events, as a stream handler)");
                assertTrue(com.amazonaws.services.lambda.runtime.RequestStreamHandler.class.isAssignableFrom(c), cls);
                // "Class::handleRequest" names a method: the runtime then takes, of the public methods of that
                // name, the longest signature (a trailing Context counting one more) — it must be the stream one,
                // not the event overload that tests and the local server call
                var chosen = java.util.Arrays.stream(c.getMethods())
                        .filter(m -> m.getName().equals("handleRequest") && !m.isBridge())
                        .max(java.util.Comparator.comparingInt(m -> m.getParameterCount()
                                + (m.getParameterCount() > 0
                                                && m.getParameterTypes()[m.getParameterCount() - 1]
                                                        == com.amazonaws.services.lambda.runtime.Context.class
                                        ? 1
                                        : 0)))
                        .orElseThrow();
                assertEquals(
                        List.of(
                                java.io.InputStream.class,
                                java.io.OutputStream.class,
                                com.amazonaws.services.lambda.runtime.Context.class),
                        List.of(chosen.getParameterTypes()),
                        cls);
            }
        }
    }

    private static Type[] requestHandlerTypes(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            for (Type t : k.getGenericInterfaces()) {
                if (t instanceof ParameterizedType p && p.getRawType() == RequestHandler.class)
                    return p.getActualTypeArguments();
            }
        }
        fail(c + " does not implement RequestHandler<I, O>");
        return null;
    }
}
