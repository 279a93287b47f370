package jp.jcstar.functions.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Item "only the signing roles can sign", on the template as the SAM translator expands it: the key
 * policy is the only grant of kms:Sign, to the signing functions' roles, with a deny for every other
 * principal; deleting the key or rewriting its policy is the break-glass role's alone; no circular
 * dependency between the key and the roles.
 */
class SigningKeyPolicyTest {
    static final Set<String> SIGNING_ROLES = new TreeSet<>(List.of(
            "IssueLabelFunctionRole",
            "ChangeStatusFunctionRole",
            "BulkRevokeFunctionRole",
            "StatusListFunctionRole",
            "SweepFunctionRole"));
    final SamTemplate t = SamTemplate.translated();
    final List<JsonNode> key = Iam.list(
            t.resource("SigningKey").path("Properties").path("KeyPolicy").get("Statement"));

    @Test
    void onlyTheSigningFunctionsRolesAreAllowedToSign() {
        List<JsonNode> allows = key.stream()
                .filter(s -> s.path("Effect").asText().equals("Allow") && Iam.coversAction(s, "kms:Sign"))
                .toList();
        assertEquals(1, allows.size(), "one key policy statement allows kms:Sign: " + allows);
        assertEquals(SIGNING_ROLES, roleIds(allows.getFirst().path("Principal").path("AWS")));
        assertEquals(
                "ECDSA_SHA_256",
                allows.getFirst()
                        .path("Condition")
                        .path("StringEquals")
                        .path("kms:SigningAlgorithm")
                        .asText());
        for (JsonNode s : Iam.identityStatements(t.resources())) {
            if (s.path("Effect").asText().equals("Allow"))
                assertFalse(Iam.coversAction(s, "kms:Sign"), "an IAM policy grants kms:Sign: " + s);
        }
        for (String fn : t.ofType("AWS::Lambda::Function")) {
            assertTrue(
                    t.resource(fn)
                            .path("Properties")
                            .path("Role")
                            .path("Fn::GetAtt")
                            .get(0)
                            .asText()
                            .equals(fn + "Role"),
                    fn + " runs with its own SAM role");
        }
    }

    @Test
    void everyOtherPrincipalIsDeniedSigningWhateverItsIamPoliciesSay() {
        JsonNode deny = onlyDeny("kms:Sign");
        assertEquals(
                SIGNING_ROLES,
                roleIds(deny.path("Condition").path("ArnNotEquals").path("aws:PrincipalArn")));
        // the account principal (every administrator through IAM) gets no signing, deletion or policy rights
        JsonNode root = key.stream()
                .filter(s -> s.path("Principal").path("AWS").toString().contains(":root"))
                .findFirst()
                .orElseThrow();
        for (String a : List.of(
                "kms:Sign", "kms:ScheduleKeyDeletion", "kms:PutKeyPolicy", "kms:CreateGrant", "kms:ReplicateKey")) {
            assertFalse(Iam.coversAction(root, a), "the account may " + a + ": " + root);
        }
    }

    @Test
    void deletingTheKeyOrRewritingItsPolicyNeedsTheBreakGlassRole() {
        for (String action : List.of("kms:ScheduleKeyDeletion", "kms:PutKeyPolicy")) {
            List<JsonNode> allows = key.stream()
                    .filter(s -> s.path("Effect").asText().equals("Allow") && Iam.coversAction(s, action))
                    .toList();
            assertEquals(1, allows.size(), action);
            assertEquals(
                    "{\"Ref\":\"BreakGlassRoleArn\"}",
                    allows.getFirst().path("Principal").path("AWS").toString(),
                    action);
            JsonNode deny = onlyDeny(action);
            assertEquals(
                    "{\"Ref\":\"BreakGlassRoleArn\"}",
                    deny.path("Condition")
                            .path("ArnNotEquals")
                            .path("aws:PrincipalArn")
                            .toString());
        }
        assertTrue(
                t.resource("SigningKey")
                        .path("Properties")
                        .path("BypassPolicyLockoutSafetyCheck")
                        .asBoolean(),
                "the deployer cannot PutKeyPolicy, so creating the key must skip KMS's lockout check");
        assertEquals("Retain", t.resource("SigningKey").path("DeletionPolicy").asText());
    }

    @Test
    void theTranslatedTemplateHasNoCircularDependency() {
        JsonNode res = t.resources();
        Map<String, Set<String>> deps = new HashMap<>();
        res.fields().forEachRemaining(e -> {
            Set<String> d = new HashSet<>(SamTemplate.references(e.getValue().path("Properties")));
            Iam.list(e.getValue().get("DependsOn")).forEach(n -> d.add(n.asText()));
            d.retainAll(iterable(res));
            deps.put(e.getKey(), d);
        });
        Map<String, Integer> state = new HashMap<>();
        for (String r : deps.keySet()) visit(r, deps, state, new ArrayList<>());
        assertTrue(deps.get("SigningKey").containsAll(SIGNING_ROLES), "the key policy names the roles");
        for (String role : SIGNING_ROLES)
            assertFalse(deps.get(role).contains("SigningKey"), role + " must not name the key");
    }

    private JsonNode onlyDeny(String action) {
        List<JsonNode> denies = key.stream()
                .filter(s -> s.path("Effect").asText().equals("Deny") && Iam.coversAction(s, action))
                .toList();
        assertEquals(1, denies.size(), "one deny for " + action);
        JsonNode d = denies.getFirst();
        assertEquals("\"*\"", d.path("Principal").path("AWS").toString(), "the deny covers every principal");
        assertEquals(1, d.path("Condition").size(), "the deny has only the principal exception: " + d);
        return d;
    }

    private static Set<String> roleIds(JsonNode principals) {
        Set<String> out = new TreeSet<>();
        for (JsonNode p : Iam.list(principals)) {
            JsonNode att = p.path("Fn::GetAtt");
            assertEquals("Arn", att.path(1).asText(), "a role by its ARN: " + p);
            out.add(att.path(0).asText());
        }
        return out;
    }

    private static void visit(String r, Map<String, Set<String>> deps, Map<String, Integer> state, List<String> path) {
        Integer s = state.get(r);
        if (s != null && s == 2) return;
        path.add(r);
        if (s != null && s == 1) throw new AssertionError("circular dependency: " + path);
        state.put(r, 1);
        for (String d : deps.getOrDefault(r, Set.of())) visit(d, deps, state, path);
        state.put(r, 2);
        path.removeLast();
    }

    private static Set<String> iterable(JsonNode o) {
        Set<String> s = new HashSet<>();
        o.fieldNames().forEachRemaining(s::add);
        return s;
    }
}
