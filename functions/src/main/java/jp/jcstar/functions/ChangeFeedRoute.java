package jp.jcstar.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import jp.jcstar.registry.ChangeFeed;
import jp.jcstar.registry.Registry;
import jp.jcstar.status.StatusChange;

/**
 * {@code GET /v1/changes?after=&vendor=&model=&limit=}: the change feed ({@link ChangeFeed}), served by
 * the search function. Parses the query into a {@link ChangeFeed.Query}, reads, answers JSON. Who made a
 * change and their note are not in the public feed (as in a label's public history).
 */
final class ChangeFeedRoute {
    private ChangeFeedRoute() {}

    static final String ROUTE_KEY = "GET /v1/changes";
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    static final Set<String> PARAMETERS = new LinkedHashSet<>(List.of("after", "vendor", "model", "limit"));

    static APIGatewayV2HTTPResponse answer(Registry registry, Request r) {
        var given = r.event().getQueryStringParameters();
        if (given != null) {
            var unknown = given.keySet().stream()
                    .filter(k -> !PARAMETERS.contains(k))
                    .sorted()
                    .map(Ids::printable)
                    .toList();
            if (!unknown.isEmpty()) {
                throw Problem.badRequest(
                        "unknown-parameter",
                        "unknown query parameter" + (unknown.size() == 1 ? " " : "s ") + String.join(", ", unknown)
                                + "; the change feed takes " + String.join(", ", PARAMETERS));
            }
        }
        int limit = DEFAULT_LIMIT;
        String l = r.query("limit");
        if (l != null && !l.isBlank()) {
            if (!l.matches("\\d{1,4}") || Integer.parseInt(l) < 1 || Integer.parseInt(l) > MAX_LIMIT) {
                throw Problem.badRequest("bad-query", "limit must be 1–" + MAX_LIMIT);
            }
            limit = Integer.parseInt(l);
        }
        String after = r.query("after");
        if (after != null && (after.isBlank() || after.length() > 512))
            throw Problem.badRequest("bad-cursor", "after is not a cursor this feed gave out");
        ChangeFeed.Result result;
        try {
            result = new ChangeFeed(registry.store())
                    .read(new ChangeFeed.Query(after, term(r, "vendor"), term(r, "model"), limit));
        } catch (ChangeFeed.BadCursorException e) {
            throw Problem.badRequest("bad-cursor", "after: " + e.getMessage());
        }
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        var items = o.putArray("items");
        for (StatusChange c : result.items()) {
            ObjectNode i = items.addObject();
            i.put("labelId", c.labelId());
            i.put("from", c.from().code());
            i.put("state", c.to().code());
            i.put("reason", c.reason() == null ? null : c.reason().code());
            i.put("effectiveAt", c.effectiveAt().toString());
            i.put("recordedAt", c.recordedAt().toString());
            i.put("label", "/v1/labels/" + c.labelId());
        }
        o.put("next", result.next());
        o.put("more", result.more());
        return Response.json(200, o);
    }

    /** A vendor or model term, checked as the search checks it. */
    private static String term(Request r, String name) {
        String v = r.query(name);
        if (v == null || v.isBlank()) return null;
        if (v.length() > 100) throw Problem.badRequest("bad-query", name + " may be at most 100 characters");
        if (!jp.jcstar.label.Text.isCleanLine(v.strip(), 100))
            throw Problem.badRequest("bad-query", name + " holds control, format or unpaired surrogate characters");
        if (jp.jcstar.label.Text.searchKey(v).isEmpty())
            throw Problem.badRequest(
                    "bad-query", name + " holds only spaces, dashes or prolonged sound marks, which search ignores");
        return v;
    }
}
