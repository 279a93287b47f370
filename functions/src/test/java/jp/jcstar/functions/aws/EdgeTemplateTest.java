package jp.jcstar.functions.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import jp.jcstar.functions.Routes;
import org.junit.jupiter.api.Test;

/**
 * The edge on the translated template: the web ACL and access logs on CloudFront, public routes
 * served only with CloudFront's secret origin header, TLS-only buckets, retained API access logs; and
 * names that let two stacks (or one stack in two regions) live in one account.
 */
class EdgeTemplateTest {
    final SamTemplate t = SamTemplate.translated();
    final JsonNode cdn = t.resource("SiteDistribution").path("Properties").path("DistributionConfig");

    @Test
    void cloudFrontHasTheWebAclParameterAndAccessLogs() {
        assertEquals(
                "{\"Fn::If\":[\"HasWebAcl\",{\"Ref\":\"WebAclArn\"},{\"Ref\":\"AWS::NoValue\"}]}",
                cdn.path("WebACLId").toString());
        assertTrue(
                t.json()
                        .path("Parameters")
                        .path("WebAclArn")
                        .path("AllowedPattern")
                        .asText()
                        .contains("wafv2:us-east-1"),
                "a CloudFront web ACL lives in us-east-1");
        assertEquals(
                "{\"Fn::GetAtt\":[\"EdgeLogsBucket\",\"DomainName\"]}",
                cdn.path("Logging").path("Bucket").toString());
        assertEquals(
                "Retain", t.resource("EdgeLogsBucket").path("DeletionPolicy").asText());
    }

    @Test
    void publicFunctionsServeOnlyRequestsCarryingCloudFrontsOriginHeader() {
        JsonNode api = null;
        for (JsonNode o : cdn.path("Origins")) if (o.path("Id").asText().equals("api")) api = o;
        assertTrue(api != null);
        assertEquals(
                "[{\"HeaderName\":\"X-Origin-Verify\",\"HeaderValue\":{\"Ref\":\"OriginVerifySecret\"}}]",
                api.path("OriginCustomHeaders").toString());
        assertTrue(t.json()
                .path("Parameters")
                .path("OriginVerifySecret")
                .path("NoEcho")
                .asBoolean());
        Set<String> publicHandlers = Routes.ALL.stream()
                .filter(r -> !r.operator())
                .map(r -> r.handlerClass().getName() + "::handleRequest")
                .collect(Collectors.toSet());
        int publicFunctions = 0;
        for (String fn : t.ofType("AWS::Lambda::Function")) {
            JsonNode p = t.resource(fn).path("Properties");
            JsonNode secret = p.path("Environment").path("Variables").path("ORIGIN_VERIFY_SECRET");
            if (publicHandlers.contains(p.path("Handler").asText())) {
                publicFunctions++;
                assertEquals("{\"Ref\":\"OriginVerifySecret\"}", secret.toString(), fn + " serves a public route");
            } else {
                assertTrue(secret.isMissingNode(), fn + " is called at the API endpoint itself (operators, schedule)");
            }
        }
        assertTrue(publicFunctions >= 8);
    }

    @Test
    void rotatingTheOriginSecretPublishesNewVersionsWithoutWritingTheSecretDown() {
        SamTemplate a =
                SamTemplate.translated(Map.of("OriginVerifySecret", "k1.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
        SamTemplate b =
                SamTemplate.translated(Map.of("OriginVerifySecret", "k2.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"));
        String da = description(a, "VerifyFunction"), db = description(b, "VerifyFunction");
        assertNotEquals(da, db);
        assertTrue(da.contains("origin key k1"), da);
        assertFalse(
                da.contains("aaaaaaaa") || db.contains("bbbbbbbb"), "the secret itself stays out of the description");
    }

    @Test
    void everyBucketRefusesRequestsWithoutTls() {
        for (String policy : t.ofType("AWS::S3::BucketPolicy")) {
            JsonNode p = t.resource(policy).path("Properties");
            String bucket = p.path("Bucket").path("Ref").asText();
            List<JsonNode> deny = Iam.list(p.path("PolicyDocument").get("Statement")).stream()
                    .filter(s -> s.path("Effect").asText().equals("Deny")
                            && s.path("Condition")
                                    .path("Bool")
                                    .path("aws:SecureTransport")
                                    .asText()
                                    .equals("false"))
                    .toList();
            assertEquals(1, deny.size(), policy);
            assertEquals("\"*\"", deny.getFirst().path("Principal").toString());
            assertEquals("\"s3:*\"", deny.getFirst().path("Action").toString());
            String res = deny.getFirst().path("Resource").toString();
            assertTrue(res.contains("\"" + bucket + "\",\"Arn\"") && res.contains("${" + bucket + ".Arn}/*"), res);
        }
        assertEquals(
                Set.of("SiteBucket", "PublicFilesBucket", "EdgeLogsBucket"),
                t.ofType("AWS::S3::BucketPolicy").stream()
                        .map(p -> t.resource(p)
                                .path("Properties")
                                .path("Bucket")
                                .path("Ref")
                                .asText())
                        .collect(Collectors.toSet()));
        assertEquals(
                t.ofType("AWS::S3::Bucket").size(),
                t.ofType("AWS::S3::BucketPolicy").size(),
                "a policy for every bucket");
    }

    @Test
    void theApiAccessLogsOutliveTheStack() {
        JsonNode logs = t.resource("ApiAccessLogs");
        assertEquals("Retain", logs.path("DeletionPolicy").asText());
        assertEquals("Retain", logs.path("UpdateReplacePolicy").asText());
    }

    @Test
    void scheduleAndCloudFrontNamesDifferBetweenStacksAndRegions() {
        // CloudFront is global and schedules are per region: a name must carry both the stack and the region
        List<String> named =
                List.of("SiteOriginAccessControl", "VerifyPathRewrite", "FilesPathRewrite", "FilesCachePolicy");
        List<String> schedules = t.ofType("AWS::Scheduler::Schedule");
        assertFalse(schedules.isEmpty());
        Map<String, String> tokyo = Map.of("AWS::StackName", "jcstar", "AWS::Region", "ap-northeast-1");
        Map<String, String> osaka = Map.of("AWS::StackName", "jcstar", "AWS::Region", "ap-northeast-3");
        Map<String, String> staging = Map.of("AWS::StackName", "jcstar-staging", "AWS::Region", "ap-northeast-1");
        for (String r : concat(named, schedules)) {
            String a = name(tokyo, r), b = name(osaka, r), c = name(staging, r);
            assertTrue(a.length() <= 64, a);
            assertNotEquals(a, b, r + " across regions");
            assertNotEquals(a, c, r + " across stacks");
        }
        // the schedule group is the account's default one: a fixed name would collide there
        for (String s : schedules)
            assertTrue(t.resource(s).path("Properties").path("GroupName").isMissingNode());
    }

    private String name(Map<String, String> pseudo, String resource) {
        SamTemplate s = SamTemplate.translated(pseudo);
        JsonNode p = s.resource(resource).path("Properties");
        JsonNode n = p.has("Name")
                ? p.get("Name")
                : p.has("OriginAccessControlConfig")
                        ? p.path("OriginAccessControlConfig").get("Name")
                        : p.path("CachePolicyConfig").get("Name");
        return s.resolve(n, x -> null).asText();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    private static String description(SamTemplate s, String fn) {
        String v = s.ofType("AWS::Lambda::Version").stream()
                .filter(x -> s.resource(x)
                        .path("Properties")
                        .path("FunctionName")
                        .path("Ref")
                        .asText()
                        .equals(fn))
                .findFirst()
                .orElseThrow();
        return s.resolve(s.resource(v).path("Properties").path("Description"), r -> null)
                .asText();
    }
}
