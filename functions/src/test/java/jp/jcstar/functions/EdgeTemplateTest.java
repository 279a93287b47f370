package jp.jcstar.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.jcstar.registry.Publisher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shopper's path in template.yaml (DESIGN.md, "The shopper's path"; docs/label-format.md §5.1): every
 * file the verify page fetches is routed by CloudFront to the files bucket, never to the API; cached no
 * longer than the revocation bound allows; readable cross-origin where the Token Status List draft asks it
 * (JWKS, status lists) and nowhere else; the site's CSP on every answer. The paths come from the page's own
 * code (registry-site/site/assets/files.js), so a new fetch there is checked here.
 */
class EdgeTemplateTest {
    static JsonNode resources;
    static JsonNode distribution;
    static final String API = "api";

    @BeforeAll
    static void read() throws IOException {
        resources = new YAMLMapper()
                .readTree(Path.of("..", "template.yaml").toFile())
                .get("Resources");
        distribution = resources.get("SiteDistribution").get("Properties").get("DistributionConfig");
    }

    /** CloudFront's path pattern: {@code *} any characters, {@code ?} one, case-sensitive, the whole path. */
    static boolean matches(String pattern, String path) {
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray())
            re.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        return path.matches(re.toString());
    }

    /** The behaviour CloudFront applies to {@code path}: the first matching cache behaviour, else the default. */
    static JsonNode behaviour(String path) {
        for (JsonNode b : distribution.get("CacheBehaviors"))
            if (matches(b.get("PathPattern").asText(), path)) return b;
        return distribution.get("DefaultCacheBehavior");
    }

    /** Every path files.js names, with sample values for its parameters. */
    static List<String> pagePaths() throws IOException {
        String js = Files.readString(Path.of("..", "registry-site", "site", "assets", "files.js"));
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("=> [`'](/[^`']*)[`']").matcher(js);
        while (m.find()) out.add(m.group(1).replace("${n}", "1").replace("${encodeURIComponent(id)}", "JC26-4F7K2M9Q"));
        return out;
    }

    static JsonNode policy(JsonNode behaviour, String field) {
        return resources.get(behaviour.get(field).asText()).get("Properties");
    }

    @Test
    void theSamplePatternMatcherIsCloudFronts() {
        assertTrue(matches("/v1/*", "/v1/labels/X"));
        assertTrue(matches("/.well-known/jwks.json", "/.well-known/jwks.json"));
        assertFalse(matches("/v1/status-lists/*", "/v1/status-list/1"));
        assertEquals(
                API,
                behaviour("/v1/labels/JC26-4F7K2M9Q").get("TargetOriginId").asText(),
                "the lookup API stays a function");
    }

    @Test
    void noFileTheVerifyPageFetchesRoutesToTheApi() throws IOException {
        List<String> paths = pagePaths();
        assertEquals(
                List.of(
                        "/.well-known/jwks.json",
                        "/v1/status-lists/1",
                        "/v1/label-status/JC26-4F7K2M9Q",
                        "/v1/label-jws/JC26-4F7K2M9Q"),
                paths,
                "the files the page reads (files.js)");
        for (String p : paths) {
            assertEquals("files", behaviour(p).get("TargetOriginId").asText(), p + " comes from the files bucket");
        }
        for (String p : List.of("/v", "/v.html", "/assets/app.css", "/sw.js", "/manifest.webmanifest")) {
            assertNotEquals(API, behaviour(p).get("TargetOriginId").asText(), p);
            assertTrue(
                    behaviour(p).path("Compress").asBoolean(),
                    p + " is compressed (docs/benchmarks.md: the page's bytes)");
        }
        for (String p : paths) assertTrue(behaviour(p).path("Compress").asBoolean(), p + " is compressed");
        JsonNode files = null;
        for (JsonNode o : distribution.get("Origins")) if (o.get("Id").asText().equals("files")) files = o;
        assertTrue(
                files != null && files.get("DomainName").toString().contains("PublicFilesBucket"),
                "origin files is the public-files bucket");
    }

    @Test
    void theFilesAreCachedWithinTheRevocationBound() throws IOException {
        for (String p : pagePaths()) {
            JsonNode b = behaviour(p);
            JsonNode cache = policy(b, "CachePolicyId").get("CachePolicyConfig");
            assertTrue(
                    cache.get("MaxTTL").asLong() <= 60
                            && cache.get("DefaultTTL").asLong() <= 60,
                    p + ": CDN lifetime " + cache);
            String cc = "";
            for (JsonNode h : policy(b, "ResponseHeadersPolicyId")
                    .get("ResponseHeadersPolicyConfig")
                    .path("CustomHeadersConfig")
                    .path("Items")) {
                if (h.get("Header").asText().equalsIgnoreCase("Cache-Control"))
                    cc = h.get("Value").asText();
            }
            Matcher m = Pattern.compile("max-age=(\\d+)").matcher(cc);
            assertTrue(m.find(), p + " tells browsers how long to keep it (S3 sends no Cache-Control)");
            long browser = Math.max(Long.parseLong(m.group(1)), Publisher.TTL.getSeconds());
            assertTrue(cache.get("MaxTTL").asLong() + browser <= 120, p + ": revocation to scan at most 2 minutes");
        }
    }

    @Test
    void crossOriginReadsOnTheJwksAndStatusListsOnly() {
        for (JsonNode b : distribution.get("CacheBehaviors")) {
            String pattern = b.get("PathPattern").asText();
            JsonNode cors = policy(b, "ResponseHeadersPolicyId")
                    .get("ResponseHeadersPolicyConfig")
                    .get("CorsConfig");
            boolean status = pattern.equals("/.well-known/jwks.json") || pattern.equals("/v1/status-lists/*");
            if (status) {
                assertEquals(
                        "*",
                        cors.get("AccessControlAllowOrigins")
                                .get("Items")
                                .get(0)
                                .asText(),
                        pattern);
                assertFalse(cors.get("AccessControlAllowCredentials").asBoolean(), pattern);
            } else {
                assertTrue(cors == null, pattern + " has no CORS");
            }
        }
        assertTrue(policy(distribution.get("DefaultCacheBehavior"), "ResponseHeadersPolicyId")
                        .get("ResponseHeadersPolicyConfig")
                        .get("CorsConfig")
                == null);
    }

    @Test
    void everyAnswerCarriesTheSitesCsp() {
        String csp = resources
                .get("SecurityHeaders")
                .get("Properties")
                .get("ResponseHeadersPolicyConfig")
                .get("SecurityHeadersConfig")
                .get("ContentSecurityPolicy")
                .get("ContentSecurityPolicy")
                .asText();
        assertTrue(csp.contains("connect-src 'self'") && csp.contains("script-src 'self'"), csp);
        List<JsonNode> all = new ArrayList<>();
        distribution.get("CacheBehaviors").forEach(all::add);
        all.add(distribution.get("DefaultCacheBehavior"));
        for (JsonNode b : all) {
            JsonNode sec = policy(b, "ResponseHeadersPolicyId")
                    .get("ResponseHeadersPolicyConfig")
                    .get("SecurityHeadersConfig");
            assertEquals(
                    csp,
                    sec.get("ContentSecurityPolicy")
                            .get("ContentSecurityPolicy")
                            .asText(),
                    b.path("PathPattern").asText("default"));
            assertTrue(sec.get("ContentSecurityPolicy").get("Override").asBoolean());
            assertEquals("DENY", sec.get("FrameOptions").get("FrameOption").asText());
        }
    }
}
