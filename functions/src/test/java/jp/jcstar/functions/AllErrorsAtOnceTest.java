package jp.jcstar.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An application with several bad fields: the 422 problem lists every one of them (docs/openapi.yaml, InvalidApplication). */
class AllErrorsAtOnceTest {
    @TempDir
    Path home;

    JsonNode refuse(ObjectNode application) {
        Wiring w = Wiring.embedded(home, "https://registry.example.jp", Clock.systemUTC());
        APIGatewayV2HTTPResponse r = new IssueLabelHandler(w)
                .handleRequest(TestApi.withBody("issue-label-iam.json", application.toString()), null);
        assertEquals(422, r.getStatusCode(), r.getBody());
        JsonNode p = TestApi.json(r);
        assertEquals("/problems/invalid-application", p.get("type").asText());
        return p;
    }

    static Set<String> fields(JsonNode problem) {
        Set<String> s = new TreeSet<>();
        problem.get("failures").forEach(f -> s.add(f.get("field").asText()));
        return s;
    }

    @Test
    void anImpossibleDateAndAnUnknownCategoryAreBothReported() {
        ObjectNode a = TestApi.application("ALL-1");
        a.put("supportEnd", "2031-02-30");
        a.put("category", "toaster");
        assertEquals(Set.of("supportEnd", "category"), fields(refuse(a)));
    }

    @Test
    void typeErrorsAndRuleErrorsComeTogether() {
        ObjectNode a = TestApi.application("bad id!");
        a.put("level", "one");
        a.put("vendor", " padded ");
        a.putArray("models").add("SC-300").add(7).add("SC-300");
        a.put("category", "toaster");
        a.put("supportEnd", "31/03/2031");
        assertEquals(
                Set.of("applicationId", "level", "vendor", "models[1]", "category", "supportEnd"), fields(refuse(a)));
    }
}
