package jp.jcstar.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import jp.jcstar.json.Json;

/** Reads an application JSON file; every defect names the field (or the file) at fault. */
record ApplicationFile(
        String applicationId,
        int level,
        List<String> models,
        String product,
        String vendor,
        String category,
        LocalDate supportEnd) {

    private static final Set<String> FIELDS =
            Set.of("applicationId", "level", "models", "product", "vendor", "category", "supportEnd", "declaration");

    static ApplicationFile read(Path file) {
        Cli.existingFile(file, "application file");
        JsonNode n;
        try {
            n = Json.parse(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new Cli.UserError("cannot read application file " + file + ": " + e.getMessage());
        } catch (Json.BadJsonException e) {
            throw new Cli.UserError("application file " + file + " is not valid JSON: " + e.getMessage());
        }
        if (!n.isObject()) throw new Cli.UserError("application file " + file + " must hold a JSON object");
        for (var e : n.properties()) {
            if (!FIELDS.contains(e.getKey()))
                throw new Cli.UserError("application field " + e.getKey() + " is unknown");
        }
        String id = text(n, "applicationId");
        JsonNode lv = need(n, "level");
        if (!lv.isIntegralNumber() || !lv.canConvertToInt())
            throw new Cli.UserError("application field level must be an integer 1–4");
        JsonNode m = need(n, "models");
        if (!m.isArray()) throw new Cli.UserError("application field models must be an array of strings");
        List<String> models = new ArrayList<>();
        for (JsonNode e : m) {
            if (!e.isTextual()) throw new Cli.UserError("application field models must be an array of strings");
            models.add(e.textValue());
        }
        LocalDate se;
        String raw = text(n, "supportEnd");
        try {
            if (raw.length() != 10) throw new DateTimeParseException("length", raw, 0);
            se = LocalDate.parse(raw);
        } catch (DateTimeParseException e) {
            throw new Cli.UserError("application field supportEnd must be a date YYYY-MM-DD, not " + raw);
        }
        return new ApplicationFile(
                id, lv.intValue(), models, text(n, "product"), text(n, "vendor"), text(n, "category"), se);
    }

    private static JsonNode need(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) throw new Cli.UserError("application field " + field + " is missing");
        return v;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = need(n, field);
        if (!v.isTextual()) throw new Cli.UserError("application field " + field + " must be a string");
        return v.textValue();
    }
}
