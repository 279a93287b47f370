package jp.jcstar.functions.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Item "a parameter change reaches live traffic", on the translated template: SAM names each published
 * version after the unresolved code and environment, so a parameter change alone would leave the
 * {@code live} alias on the old version. Every version's description names the parameters its function
 * reads; CloudFormation replaces a version whose description changes (a new version with the new
 * configuration), and the alias follows it.
 */
class PublishedVersionsTest {
    final SamTemplate t = SamTemplate.translated();

    @Test
    void everyVersionDescriptionNamesEveryParameterItsFunctionReads() {
        List<String> functions = t.ofType("AWS::Lambda::Function");
        assertTrue(functions.size() >= 10, functions.toString());
        for (String fn : functions) {
            Set<String> read = t.parametersReferenced(t.resource(fn).path("Properties"));
            assertTrue(read.contains("SiteDomainName") && read.contains("RetiredKmsKeyIds"), fn + " reads " + read);
            JsonNode version = t.resource(versionOf(fn));
            assertEquals(
                    read,
                    t.parametersReferenced(version.path("Properties").path("Description")),
                    fn + "'s version description");
        }
    }

    @Test
    void changingTheSiteDomainOrTheRetiredKeysChangesEveryVersionAndTheAliasFollows() {
        SamTemplate a =
                SamTemplate.translated(Map.of("SiteDomainName", "d1234567890.cloudfront.net", "RetiredKmsKeyIds", ""));
        SamTemplate b = SamTemplate.translated(Map.of("SiteDomainName", "registry.example.jp", "RetiredKmsKeyIds", ""));
        SamTemplate c = SamTemplate.translated(Map.of(
                "SiteDomainName", "registry.example.jp", "RetiredKmsKeyIds", "0b7f6e52-1d64-4d6c-8d2b-3a0f4f1f2a10"));
        for (String fn : t.ofType("AWS::Lambda::Function")) {
            String da = description(a, fn), db = description(b, fn), dc = description(c, fn);
            assertNotEquals(da, db, fn + ": setting the domain must publish a new version");
            assertNotEquals(db, dc, fn + ": retiring a key must publish a new version");
            assertTrue(dc.length() <= 256, "Lambda allows 256 characters: " + dc);
            String version = versionOf(fn);
            JsonNode alias = t.resource(fn + "Aliaslive").path("Properties");
            assertEquals(
                    version,
                    alias.path("FunctionVersion").path("Fn::GetAtt").get(0).asText(),
                    fn + "'s live alias");
            assertEquals(
                    "Version",
                    alias.path("FunctionVersion").path("Fn::GetAtt").get(1).asText());
        }
    }

    @Test
    void withoutTheDescriptionTheVersionNameWouldNotFollowTheParameters() {
        // the reason for the descriptions: SAM's own version names do not move with a parameter
        SamTemplate a = SamTemplate.translated(Map.of("SiteDomainName", "d1234567890.cloudfront.net"));
        SamTemplate b = SamTemplate.translated(Map.of("SiteDomainName", "registry.example.jp"));
        assertEquals(a.ofType("AWS::Lambda::Version"), b.ofType("AWS::Lambda::Version"));
        assertFalse(a.ofType("AWS::Lambda::Version").isEmpty());
    }

    private String versionOf(String fn) {
        List<String> versions = t.ofType("AWS::Lambda::Version").stream()
                .filter(v -> t.resource(v)
                        .path("Properties")
                        .path("FunctionName")
                        .path("Ref")
                        .asText()
                        .equals(fn))
                .toList();
        assertEquals(1, versions.size(), fn + " versions " + versions);
        return versions.getFirst();
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
