package jp.jcstar.requirements;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import jp.jcstar.json.Json;

/**
 * Reads a {@link Declaration} from untrusted JSON and writes it back (to store beside the label).
 *
 * <pre>{@code
 * {"answers": [{"requirement": "1-1", "verdict": "conforms",        // or "not-applicable"
 *               "justification": "...", "evidence": ["test report TR-12 §3"]}],
 *  "evaluation": {"body": "...", "reportId": "..."}}                  // ☆2+ only; optional for ☆1
 * }</pre>
 *
 * <p>Parsing checks the <em>shape</em>: types, unknown fields, sizes, the verdict vocabulary. A
 * defect throws {@link InvalidDeclarationException} whose message starts with the JSON path of the
 * field, e.g. {@code answers[3].verdict: must be "conforms" or "not-applicable", not "maybe"}. Whether
 * the declaration is <em>complete</em> (every ☆1 requirement answered, justifications present, …) is
 * {@link DeclarationValidator}'s job, so a missing or empty {@code justification} parses and is then
 * reported there together with all other failures.
 */
public final class DeclarationJson {
    private DeclarationJson() {}

    public static final int MAX_ANSWERS = 500;
    public static final int MAX_EVIDENCE = 50;
    public static final int MAX_ID_LENGTH = 16;
    public static final int MAX_TEXT_LENGTH = 4000;
    public static final int MAX_NAME_LENGTH = 300;

    private static final Set<String> TOP_FIELDS = Set.of("answers", "evaluation");
    private static final Set<String> ANSWER_FIELDS = Set.of("requirement", "verdict", "justification", "evidence");
    private static final Set<String> EVALUATION_FIELDS = Set.of("body", "reportId");

    /** A declaration document that cannot be read; {@link #field()} is the JSON path of the defect. */
    public static final class InvalidDeclarationException extends IllegalArgumentException {
        private final String field;

        InvalidDeclarationException(String field, String problem) {
            super(field + ": " + problem);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /** Parses untrusted JSON bytes (strict: see {@link Json#parse(byte[])}) into a declaration. */
    public static Declaration parse(byte[] json) {
        return parse(Json.parse(json));
    }

    /** Reads a declaration from a parsed JSON tree. */
    public static Declaration parse(JsonNode node) {
        if (node == null || !node.isObject())
            throw new InvalidDeclarationException("declaration", "must be a JSON object");
        rejectUnknown(node, TOP_FIELDS, "");

        JsonNode answersNode = node.get("answers");
        if (answersNode == null || answersNode.isNull()) throw new InvalidDeclarationException("answers", "required");
        if (!answersNode.isArray()) throw new InvalidDeclarationException("answers", "must be an array");
        if (answersNode.size() > MAX_ANSWERS) {
            throw new InvalidDeclarationException(
                    "answers", "at most " + MAX_ANSWERS + " answers, not " + answersNode.size());
        }
        List<Declaration.Answer> answers = new ArrayList<>();
        for (int i = 0; i < answersNode.size(); i++) answers.add(answer(answersNode.get(i), "answers[" + i + "]"));

        Declaration.Evaluation evaluation = null;
        JsonNode ev = node.get("evaluation");
        if (ev != null && !ev.isNull()) {
            if (!ev.isObject()) throw new InvalidDeclarationException("evaluation", "must be an object");
            rejectUnknown(ev, EVALUATION_FIELDS, "evaluation.");
            evaluation = new Declaration.Evaluation(
                    optionalString(ev, "body", "evaluation.body", MAX_NAME_LENGTH),
                    optionalString(ev, "reportId", "evaluation.reportId", MAX_NAME_LENGTH));
        }
        return new Declaration(answers, evaluation);
    }

    private static Declaration.Answer answer(JsonNode a, String path) {
        if (!a.isObject()) throw new InvalidDeclarationException(path, "must be an object");
        rejectUnknown(a, ANSWER_FIELDS, path + ".");
        String requirement = optionalString(a, "requirement", path + ".requirement", MAX_ID_LENGTH);
        if (requirement == null) throw new InvalidDeclarationException(path + ".requirement", "required");
        String verdictCode = optionalString(a, "verdict", path + ".verdict", 32);
        if (verdictCode == null)
            throw new InvalidDeclarationException(path + ".verdict", "required: \"conforms\" or \"not-applicable\"");
        Declaration.Verdict verdict;
        try {
            verdict = Declaration.Verdict.fromCode(verdictCode);
        } catch (IllegalArgumentException e) {
            throw new InvalidDeclarationException(
                    path + ".verdict", "must be \"conforms\" or \"not-applicable\", not \"" + verdictCode + "\"");
        }
        String justification = optionalString(a, "justification", path + ".justification", MAX_TEXT_LENGTH);

        List<String> evidence = new ArrayList<>();
        JsonNode ev = a.get("evidence");
        if (ev != null && !ev.isNull()) {
            if (!ev.isArray()) throw new InvalidDeclarationException(path + ".evidence", "must be an array of strings");
            if (ev.size() > MAX_EVIDENCE) {
                throw new InvalidDeclarationException(
                        path + ".evidence", "at most " + MAX_EVIDENCE + " entries, not " + ev.size());
            }
            for (int i = 0; i < ev.size(); i++) {
                String p = path + ".evidence[" + i + "]";
                JsonNode e = ev.get(i);
                if (!e.isTextual()) throw new InvalidDeclarationException(p, "must be a string");
                if (e.asText().length() > MAX_TEXT_LENGTH) {
                    throw new InvalidDeclarationException(p, "longer than " + MAX_TEXT_LENGTH + " characters");
                }
                evidence.add(e.asText());
            }
        }
        return new Declaration.Answer(requirement, verdict, justification, evidence);
    }

    private static String optionalString(JsonNode parent, String name, String path, int maxLength) {
        JsonNode v = parent.get(name);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw new InvalidDeclarationException(path, "must be a string");
        String s = v.asText();
        if (s.length() > maxLength)
            throw new InvalidDeclarationException(path, "longer than " + maxLength + " characters");
        return s;
    }

    private static void rejectUnknown(JsonNode obj, Set<String> allowed, String prefix) {
        for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw new InvalidDeclarationException(
                        prefix + f,
                        "unknown field (allowed: "
                                + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    /** The declaration as a JSON tree in the shape {@link #parse(JsonNode)} reads; null fields are left out. */
    public static ObjectNode toJsonNode(Declaration d) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode answers = root.putArray("answers");
        for (Declaration.Answer a : d.answers()) {
            ObjectNode n = answers.addObject();
            n.put("requirement", a.requirement());
            if (a.verdict() != null) n.put("verdict", a.verdict().code());
            if (a.justification() != null) n.put("justification", a.justification());
            ArrayNode ev = n.putArray("evidence");
            a.evidence().forEach(ev::add);
        }
        if (d.evaluation() != null) {
            ObjectNode ev = root.putObject("evaluation");
            if (d.evaluation().body() != null) ev.put("body", d.evaluation().body());
            if (d.evaluation().reportId() != null)
                ev.put("reportId", d.evaluation().reportId());
        }
        return root;
    }

    /** The declaration as compact UTF-8 JSON bytes. */
    public static byte[] toJson(Declaration d) {
        return Json.write(toJsonNode(d));
    }
}
