package jp.jcstar.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import jp.jcstar.label.Application;
import jp.jcstar.label.InvalidLabelException;
import jp.jcstar.requirements.Declaration;
import jp.jcstar.requirements.DeclarationJson;

/**
 * Reads an application from untrusted JSON ({@code POST /v1/labels}, {@code jcstar issue}). Type errors
 * are collected per field, so one answer lists everything to fix; unknown members are refused (a typo
 * such as {@code suportEnd} must not pass silently).
 */
public final class ApplicationJson {
    private ApplicationJson() {}

    private static final Set<String> MEMBERS = Set.of(
            "applicationId",
            "level",
            "models",
            "product",
            "vendor",
            "category",
            "supportEnd",
            "declaration",
            "confirmConfusable");

    public static Application parse(JsonNode n) {
        List<ApplicationRejectedException.Failure> f = new ArrayList<>();
        if (n == null || !n.isObject())
            throw new ApplicationRejectedException(List.of(fail("", "the application must be a JSON object")));
        n.properties().forEach(e -> {
            if (!MEMBERS.contains(e.getKey())) f.add(fail(e.getKey(), "unknown member " + e.getKey()));
        });
        String appId = string(n, "applicationId", f);
        int level = 0;
        JsonNode lv = n.get("level");
        if (lv == null || !lv.isIntegralNumber() || !lv.canConvertToInt())
            f.add(fail("level", "level must be an integer 1–4"));
        else level = lv.intValue();
        List<String> models = new ArrayList<>();
        JsonNode m = n.get("models");
        if (m == null || !m.isArray()) {
            f.add(fail("models", "models must be an array of model designations"));
        } else {
            for (int i = 0; i < m.size(); i++) {
                if (m.get(i).isTextual()) models.add(m.get(i).textValue());
                else f.add(fail("models[" + i + "]", "each model designation must be a string"));
            }
        }
        String product = string(n, "product", f);
        String vendor = string(n, "vendor", f);
        String category = string(n, "category", f);
        LocalDate supportEnd = null;
        String se = string(n, "supportEnd", f);
        if (se != null) {
            try {
                if (se.length() != 10) throw new DateTimeParseException("", se, 0);
                supportEnd = LocalDate.parse(se);
            } catch (DateTimeParseException e) {
                f.add(fail("supportEnd", "supportEnd must be a date YYYY-MM-DD"));
            }
        }
        Declaration declaration = null;
        JsonNode d = n.get("declaration");
        if (d != null && !d.isNull()) {
            try {
                declaration = DeclarationJson.parse(d);
            } catch (IllegalArgumentException e) {
                f.add(fail("declaration", e.getMessage()));
            }
        }
        if (!f.isEmpty()) {
            // the fields that did parse still get their rules checked, so one answer lists every failing field
            Set<String> failed = new java.util.HashSet<>();
            f.forEach(x -> failed.add(base(x.field())));
            if (appId != null
                    && !failed.contains("applicationId")
                    && !Application.APPLICATION_ID.matcher(appId).matches()) {
                f.add(fail("applicationId", "applicationId must be 1–64 characters of A–Z a–z 0–9 . _ : -"));
            }
            Application partial = new Application(
                    "partial",
                    level,
                    m == null || !m.isArray() ? null : models,
                    product,
                    vendor,
                    category,
                    supportEnd,
                    null);
            for (ApplicationRejectedException.Failure x : ApplicationRules.fields(partial)) {
                if (!failed.contains(base(x.field()))) f.add(x);
            }
            throw new ApplicationRejectedException(f);
        }
        try {
            return new Application(appId, level, models, product, vendor, category, supportEnd, declaration);
        } catch (InvalidLabelException e) {
            throw new ApplicationRejectedException(List.of(fail(e.field(), e.getMessage())));
        }
    }

    /**
     * The operator's explicit confirmation of look-alike designations: {@code "confirmConfusable"}, an
     * optional array naming each already-issued designation that the application's models may resemble
     * ({@link ConfusableModelException}). Empty when absent.
     */
    public static java.util.Set<String> confirmedConfusables(JsonNode n) {
        JsonNode c = n == null ? null : n.get("confirmConfusable");
        if (c == null || c.isNull()) return java.util.Set.of();
        List<ApplicationRejectedException.Failure> f = new ArrayList<>();
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        if (!c.isArray() || c.size() > 100) {
            f.add(fail("confirmConfusable", "confirmConfusable must be an array of at most 100 model designations"));
        } else {
            for (int i = 0; i < c.size(); i++) {
                if (c.get(i).isTextual()) out.add(c.get(i).textValue());
                else f.add(fail("confirmConfusable[" + i + "]", "each confirmed designation must be a string"));
            }
        }
        if (!f.isEmpty()) throw new ApplicationRejectedException(f);
        return out;
    }

    private static String base(String field) {
        int i = field.indexOf('[');
        return i < 0 ? field : field.substring(0, i);
    }

    private static String string(JsonNode n, String name, List<ApplicationRejectedException.Failure> f) {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) {
            f.add(fail(name, name + " is required"));
            return null;
        }
        if (!v.isTextual()) {
            f.add(fail(name, name + " must be a string"));
            return null;
        }
        return v.textValue();
    }

    private static ApplicationRejectedException.Failure fail(String field, String message) {
        return new ApplicationRejectedException.Failure(field, "invalid-field", message);
    }
}
