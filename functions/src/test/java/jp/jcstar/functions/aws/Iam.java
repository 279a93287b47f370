package jp.jcstar.functions.aws;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Small helpers to read IAM policy documents of the translated template. */
public final class Iam {
    private Iam() {}

    /** A JSON value that may be one item or a list, as a list of nodes. */
    public static List<JsonNode> list(JsonNode n) {
        List<JsonNode> out = new ArrayList<>();
        if (n == null || n.isMissingNode() || n.isNull()) return out;
        if (n.isArray()) n.forEach(out::add);
        else out.add(n);
        return out;
    }

    /** IAM pattern matching: case-insensitive for actions when {@code ignoreCase}, * and ? wildcards. */
    public static boolean matches(String pattern, String value, boolean ignoreCase) {
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*') re.append(".*");
            else if (c == '?') re.append('.');
            else re.append(Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.DOTALL : Pattern.DOTALL)
                .matcher(value)
                .matches();
    }

    /** Whether the statement's Action (or NotAction) covers {@code action}. */
    public static boolean coversAction(JsonNode statement, String action) {
        if (statement.has("NotAction")) {
            return list(statement.get("NotAction")).stream().noneMatch(a -> matches(a.asText(), action, true));
        }
        return list(statement.get("Action")).stream().anyMatch(a -> matches(a.asText(), action, true));
    }

    /** Every policy statement of the IAM roles, managed policies and inline policies of a (resolved or not) template. */
    public static List<JsonNode> identityStatements(JsonNode resources) {
        List<JsonNode> out = new ArrayList<>();
        resources.fields().forEachRemaining(e -> {
            JsonNode r = e.getValue();
            String type = r.path("Type").asText();
            switch (type) {
                case "AWS::IAM::Role" ->
                    list(r.path("Properties").get("Policies"))
                            .forEach(p ->
                                    out.addAll(list(p.path("PolicyDocument").get("Statement"))));
                case "AWS::IAM::ManagedPolicy", "AWS::IAM::Policy" ->
                    out.addAll(list(r.path("Properties").path("PolicyDocument").get("Statement")));
                default -> {}
            }
        });
        return out;
    }
}
