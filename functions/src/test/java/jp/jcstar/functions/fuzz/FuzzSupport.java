package jp.jcstar.functions.fuzz;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.SplittableRandom;
import jp.jcstar.json.Json;
import jp.jcstar.label.Fixtures;
import jp.jcstar.testing.Props;

/** Generators for the handler fuzzing: JSON-shaped noise, mutated labels, mutated applications. */
final class FuzzSupport {
    private FuzzSupport() {}

    /**
     * A complete application; its model designations come from the id's number ({@code FUZZ-42}: SC-42, SC-42W),
     * so the fuzzed issuances of one run do not all pile onto the same designation: each issuance reads every
     * label that shares a designation's skeleton (the look-alike check), which made the big run quadratic.
     */
    static String application(String id) {
        String n = id.substring(id.lastIndexOf('-') + 1);
        return Fixtures.starOneApplication(id, List.of("SC-" + n, "SC-" + n + "W"), r -> "確認済み")
                .toString();
    }

    /** {@code original} with a few random edits: replace, insert, delete, swap, at random places. */
    static String mutation(SplittableRandom r, String original) {
        StringBuilder sb = new StringBuilder(original);
        int edits = 1 + r.nextInt(4);
        for (int e = 0; e < edits && !sb.isEmpty(); e++) {
            int at = r.nextInt(sb.length());
            char ch = (char) r.nextInt(0x10000);
            switch (r.nextInt(4)) {
                case 0 -> sb.setCharAt(at, ch);
                case 1 -> sb.insert(at, ch);
                case 2 -> sb.deleteCharAt(at);
                default -> {
                    char c = sb.charAt(at);
                    int other = r.nextInt(sb.length());
                    sb.setCharAt(at, sb.charAt(other));
                    sb.setCharAt(other, c);
                }
            }
        }
        return sb.toString();
    }

    private static final String[] TOKENS = {
        "{",
        "}",
        "[",
        "]",
        ":",
        ",",
        "\"label\"",
        "\"labels\"",
        "\"reason\"",
        "\"nonconformity\"",
        "\"vendor\"",
        "\"model\"",
        "\"effectiveAt\"",
        "\"2026-12-01T00:00:00Z\"",
        "\"note\"",
        "null",
        "true",
        "1",
        "-0",
        "1e999",
        "1e-999",
        "99999999999999999999",
        "\"\\u0000\"",
        "\"\\ud800\"",
        "\"\\u202e\"",
        "\"x\"",
        " ",
        "\n",
        "\"applicationId\"",
        "\"level\""
    };

    /** Bodies: JSON token soup, valid JSON of odd shapes, raw noise, deep nesting. */
    static String body(SplittableRandom r) {
        return switch (r.nextInt(4)) {
            case 0 -> {
                StringBuilder sb = new StringBuilder();
                int n = r.nextInt(41);
                for (int i = 0; i < n; i++) sb.append(Props.oneOf(r, TOKENS));
                yield sb.toString();
            }
            case 1 ->
                "{\""
                        + Props.oneOf(
                                r,
                                "label",
                                "labels",
                                "reason",
                                "effectiveAt",
                                "note",
                                "model",
                                "vendor",
                                "issuedBefore",
                                "applicationId",
                                "level",
                                "x")
                        + "\":"
                        + (r.nextBoolean()
                                ? Json.writeString(Props.anyString(r, 50))
                                : Props.oneOf(
                                        r,
                                        "null",
                                        "true",
                                        "[]",
                                        "{}",
                                        "0",
                                        "1.5",
                                        "[\"x\"]",
                                        "\"nonconformity\"",
                                        "\"2026-12-01T00:00:00Z\""))
                        + "}";
            case 2 -> Props.anyString(r, 200);
            default -> {
                int n = 1 + r.nextInt(200);
                yield "[".repeat(n) + "]".repeat(n);
            }
        };
    }

    /** A complete application with one member replaced by an arbitrary value, or removed. */
    static String application(SplittableRandom r) {
        String m = Props.oneOf(
                r,
                "applicationId",
                "level",
                "models",
                "product",
                "vendor",
                "category",
                "supportEnd",
                "declaration",
                "extra");
        String v = switch (r.nextInt(3)) {
            case 0 -> Json.writeString(Props.anyString(r, 120));
            case 1 ->
                Props.oneOf(
                        r,
                        "null",
                        "true",
                        "[]",
                        "{}",
                        "0",
                        "-1",
                        "5",
                        "1.5",
                        "1e400",
                        "[1,2]",
                        "[\"a\",\"a\"]",
                        "\"2031-02-30\"",
                        "\"9999-12-31\"",
                        "{\"answers\":[]}",
                        "{\"answers\":[{\"requirement\":\"1-1\",\"verdict\":\"conforms\"}]}",
                        "[\"" + "M".repeat(41) + "\"]");
            default -> "[" + Json.writeString(Props.anyString(r, 30)) + "]";
        };
        ObjectNode a = (ObjectNode) Json.parse(application("FUZZ-" + (1 + r.nextInt(1_000_000))));
        if (r.nextInt(3) == 0) {
            a.remove(m);
            return a.toString();
        }
        a.remove(m);
        String without = a.toString();
        return without.substring(0, without.length() - 1) + ",\"" + m + "\":" + v + "}";
    }
}
