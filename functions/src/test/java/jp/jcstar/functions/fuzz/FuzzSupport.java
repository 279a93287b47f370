package jp.jcstar.functions.fuzz;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Supplier;
import jp.jcstar.json.Json;
import jp.jcstar.requirements.RequirementsCatalogue;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generators for the handler fuzzing: JSON-shaped noise, mutated labels, mutated applications. */
final class FuzzSupport {
    private FuzzSupport() {}

    static String application(String id) {
        ObjectNode a = Json.MAPPER.createObjectNode();
        a.put("applicationId", id);
        a.put("level", 1);
        a.putArray("models").add("SC-300").add("SC-300W");
        a.put("product", "スマートホームカメラ SC-300");
        a.put("vendor", "株式会社サクラ電機");
        a.put("category", "camera");
        a.put("supportEnd", "2031-03-31");
        var answers = a.putObject("declaration").putArray("answers");
        for (var r : RequirementsCatalogue.get().starOne()) {
            answers.addObject().put("requirement", r.id()).put("verdict", "conforms").put("justification", "確認済み");
        }
        return a.toString();
    }

    /** A string with a few random edits: replace, insert, delete, swap, at random places. */
    static Arbitrary<String> mutations(Supplier<String> original) {
        Arbitrary<int[]> edit = Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 100_000),
                Arbitraries.chars().all()).as((k, at, ch) -> new int[] {k, at, ch});
        return edit.list().ofMinSize(1).ofMaxSize(4).map(edits -> {
            StringBuilder sb = new StringBuilder(original.get());
            for (int[] e : edits) {
                if (sb.isEmpty()) break;
                int at = e[1] % sb.length();
                switch (e[0]) {
                    case 0 -> sb.setCharAt(at, (char) e[2]);
                    case 1 -> sb.insert(at, (char) e[2]);
                    case 2 -> sb.deleteCharAt(at);
                    default -> {
                        char c = sb.charAt(at);
                        int other = (at * 7 + 3) % sb.length();
                        sb.setCharAt(at, sb.charAt(other));
                        sb.setCharAt(other, c);
                    }
                }
            }
            return sb.toString();
        });
    }

    /** Bodies: JSON token soup, valid JSON of odd shapes, raw noise. */
    static Arbitrary<String> bodies() {
        Arbitrary<String> token = Arbitraries.of("{", "}", "[", "]", ":", ",", "\"label\"", "\"labels\"", "\"reason\"", "\"nonconformity\"",
                "\"vendor\"", "\"model\"", "\"effectiveAt\"", "\"2026-12-01T00:00:00Z\"", "\"note\"", "null", "true", "1", "-0", "1e999",
                "1e-999", "99999999999999999999", "\"\\u0000\"", "\"\\ud800\"", "\"\\u202e\"", "\"x\"", " ", "\n", "\"applicationId\"", "\"level\"");
        Arbitrary<String> soup = token.list().ofMaxSize(40).map(l -> String.join("", l));
        Arbitrary<String> objects = Combinators.combine(
                Arbitraries.of("label", "labels", "reason", "effectiveAt", "note", "model", "vendor", "issuedBefore", "applicationId", "level", "x"),
                Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(50).map(Json::writeString),
                        Arbitraries.of("null", "true", "[]", "{}", "0", "1.5", "[\"x\"]", "\"nonconformity\"", "\"2026-12-01T00:00:00Z\"")))
                .as((k, v) -> "{\"" + k + "\":" + v + "}");
        return Arbitraries.oneOf(soup, objects, Arbitraries.strings().all().ofMaxLength(200),
                Arbitraries.integers().between(1, 200).map(n -> "[".repeat(n) + "]".repeat(n)));
    }

    /** A complete application with one or two members replaced by arbitrary values, or removed. */
    static Arbitrary<String> applications() {
        Arbitrary<String> member = Arbitraries.of("applicationId", "level", "models", "product", "vendor", "category", "supportEnd", "declaration", "extra");
        Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(120).map(Json::writeString),
                Arbitraries.of("null", "true", "[]", "{}", "0", "-1", "5", "1.5", "1e400", "[1,2]", "[\"a\",\"a\"]", "\"2031-02-30\"", "\"9999-12-31\"",
                        "{\"answers\":[]}", "{\"answers\":[{\"requirement\":\"1-1\",\"verdict\":\"conforms\"}]}", "[\"" + "M".repeat(41) + "\"]"),
                Arbitraries.strings().all().ofMaxLength(30).map(s -> "[" + Json.writeString(s) + "]"));
        return Combinators.combine(member, value, Arbitraries.integers().between(0, 2), Arbitraries.integers().between(1, 1_000_000))
                .as((m, v, mode, n) -> {
                    ObjectNode a = (ObjectNode) Json.parse(application("FUZZ-" + n));
                    if (mode == 0) {
                        a.remove(m);
                        return a.toString();
                    }
                    String s = a.toString();
                    if (a.has(m)) a.remove(m);
                    String without = a.toString();
                    return without.substring(0, without.length() - 1) + ",\"" + m + "\":" + v + "}";
                });
    }
}
