package jp.jcstar.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import jp.jcstar.registry.ModelCheck;
import jp.jcstar.registry.Registry;

/**
 * {@code POST /v1/models/check} with {@code {"models": [...], "vendor"?, "minLevel"?, "supportUntil"?}}: the
 * bid check ({@link ModelCheck}), served by the search function. Parses the body into a
 * {@link ModelCheck.Request}, checks, answers one result per model plus counts per verdict.
 */
final class ModelCheckRoute {
    private ModelCheckRoute() {}

    static final String ROUTE_KEY = "POST /v1/models/check";
    private static final int MAX_TERM = 100;

    static APIGatewayV2HTTPResponse answer(Registry registry, Request r) {
        JsonNode body = r.jsonBody();
        JsonNode models = body.get("models");
        if (models == null || !models.isArray() || models.isEmpty()) {
            throw Problem.badRequest(
                    "bad-request", "send {\"models\": [\"SC-300\", …]} with at least one model designation");
        }
        if (models.size() > ModelCheck.MAX_MODELS)
            throw Problem.badRequest("batch-too-large", "at most " + ModelCheck.MAX_MODELS + " models per call");
        List<String> list = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            JsonNode m = models.get(i);
            if (!m.isTextual()) throw Problem.badRequest("bad-request", "models[" + i + "] must be a string");
            list.add(clean(m.textValue(), "models[" + i + "]"));
        }
        String vendor = null;
        JsonNode v = body.get("vendor");
        if (v != null && !v.isNull()) {
            if (!v.isTextual()) throw Problem.badRequest("bad-request", "vendor must be a string");
            vendor = v.textValue().isBlank() ? null : clean(v.textValue(), "vendor");
        }
        Integer minLevel = null;
        JsonNode l = body.get("minLevel");
        if (l != null && !l.isNull()) {
            if (!l.isInt() || l.intValue() < 1 || l.intValue() > 4)
                throw Problem.badRequest("bad-query", "minLevel must be 1, 2, 3 or 4");
            minLevel = l.intValue();
        }
        LocalDate until = null;
        JsonNode u = body.get("supportUntil");
        if (u != null && !u.isNull()) {
            if (!u.isTextual() || !u.textValue().matches("\\d{4}-\\d{2}-\\d{2}"))
                throw Problem.badRequest("bad-query", "supportUntil must be a date, YYYY-MM-DD");
            try {
                until = LocalDate.parse(u.textValue());
            } catch (DateTimeParseException e) {
                throw Problem.badRequest("bad-query", "supportUntil must be a date, YYYY-MM-DD");
            }
        }
        List<ModelCheck.Result> results =
                new ModelCheck(registry).check(new ModelCheck.Request(list, vendor, minLevel, until));
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        var arr = o.putArray("results");
        ObjectNode counts = JsonNodeFactory.instance.objectNode();
        for (ModelCheck.Result res : results) {
            ObjectNode x = arr.addObject();
            x.put("model", res.model());
            x.put("verdict", res.verdict().code());
            if (res.bestLevel() == null) x.putNull("bestLevel");
            else x.put("bestLevel", res.bestLevel());
            x.put("bestLabel", res.bestLabel());
            x.put(
                    "supportEnd",
                    res.supportEnd() == null ? null : res.supportEnd().toString());
            x.put(
                    "validUntil",
                    res.validUntil() == null ? null : res.validUntil().toString());
            var labels = x.putArray("labels");
            for (ModelCheck.Found f : res.labels()) {
                ObjectNode lo = labels.addObject();
                lo.put("id", f.labelId());
                lo.put("level", f.level());
                lo.put("status", f.status().code());
                lo.put("vendor", f.vendor());
                lo.put("supportEnd", f.supportEnd().toString());
                lo.put("validUntil", f.validUntil().toString());
            }
            counts.put(res.verdict().code(), counts.path(res.verdict().code()).asInt(0) + 1);
        }
        o.set("counts", counts);
        o.put("allMeet", results.stream().allMatch(x -> x.verdict().passes()));
        return Response.json(200, o);
    }

    private static String clean(String v, String name) {
        if (v.length() > MAX_TERM)
            throw Problem.badRequest("bad-query", name + " may be at most " + MAX_TERM + " characters");
        if (!jp.jcstar.label.Text.isCleanLine(v.strip(), MAX_TERM))
            throw Problem.badRequest("bad-query", name + " holds control, format or unpaired surrogate characters");
        if (jp.jcstar.label.Text.searchKey(v).isEmpty())
            throw Problem.badRequest("bad-query", name + " is empty once spaces and dashes are ignored");
        return v.strip();
    }
}
