package jp.jcstar.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jp.jcstar.registry.Registry;
import jp.jcstar.registry.Views;
import jp.jcstar.status.LabelState;
import jp.jcstar.store.LabelQuery;

/**
 * {@code GET /v1/labels?vendor=&model=&product=&category=&level=&status=&limit=&cursor=}: search,
 * page by page; with no query, every label. {@code status} filters on the stored state. Text terms
 * are normalised as the stored keys are ({@link jp.jcstar.label.Text#searchKey}, docs/search.md). A
 * parameter the search does not know ({@code ?id=}, {@code ?q=}) is a 400 naming it, rather than a
 * silent search for everything. The same function serves the change feed, {@code GET /v1/changes}
 * ({@link ChangeFeedRoute}), and the bid check, {@code POST /v1/models/check} ({@link ModelCheckRoute}).
 */
public class SearchLabelsHandler extends ApiHandler {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;
    private static final int MAX_TERM = 100;
    static final java.util.Set<String> PARAMETERS = new java.util.LinkedHashSet<>(
            java.util.List.of("vendor", "model", "product", "category", "level", "status", "limit", "cursor"));

    /** Lambda's constructor: the read-only wiring ({@link ReadOnlyWiring}), built in the init phase; registers priming. */
    public SearchLabelsHandler() {
        super(ReadOnlyWiring.registry());
        Priming.register(SearchLabelsHandler.class, () -> PublicPriming.search(this));
    }

    public SearchLabelsHandler(Registry registry) {
        super(registry);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Request r) {
        if (ChangeFeedRoute.ROUTE_KEY.equals(r.event().getRouteKey())) return ChangeFeedRoute.answer(registry(), r);
        if (ModelCheckRoute.ROUTE_KEY.equals(r.event().getRouteKey())) return ModelCheckRoute.answer(registry(), r);
        var given = r.event().getQueryStringParameters();
        if (given != null) {
            var unknown = given.keySet().stream()
                    .filter(k -> !PARAMETERS.contains(k))
                    .sorted()
                    .toList();
            if (!unknown.isEmpty()) {
                String names = String.join(
                        ", ",
                        unknown.stream().map(jp.jcstar.functions.Ids::printable).toList());
                throw Problem.badRequest(
                        "unknown-parameter",
                        "unknown query parameter" + (unknown.size() == 1 ? " " : "s ") + names
                                + "; the search takes " + String.join(", ", PARAMETERS)
                                + (unknown.contains("id")
                                        ? " (a label by its registration number: GET /v1/labels/{id})"
                                        : ""));
            }
        }
        Integer level = null;
        String lv = r.query("level");
        if (lv != null && !lv.isBlank()) {
            if (!lv.matches("[1-4]")) throw Problem.badRequest("bad-query", "level must be 1, 2, 3 or 4");
            level = Integer.parseInt(lv);
        }
        LabelState state = null;
        String st = r.query("status");
        if (st != null && !st.isBlank()) {
            try {
                state = LabelState.fromCode(st);
            } catch (IllegalArgumentException e) {
                throw Problem.badRequest(
                        "bad-query", "status must be one of valid, support-ended, expired, revoked, suspended");
            }
            if (state == LabelState.UNKNOWN || state == LabelState.INVALID) {
                throw Problem.badRequest(
                        "bad-query", "status must be one of valid, support-ended, expired, revoked, suspended");
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
        String category = term(r, "category");
        if (category != null && !jp.jcstar.label.Category.isKnown(category)) {
            throw Problem.badRequest("bad-query", "category must be one of " + jp.jcstar.label.Category.codes());
        }
        LabelQuery q = new LabelQuery(term(r, "vendor"), term(r, "model"), term(r, "product"), category, level, state);
        String cursor = r.query("cursor");
        if (cursor != null && (cursor.isBlank() || cursor.length() > 2048))
            throw Problem.badRequest("bad-cursor", "cursor is not one this API gave out");
        jp.jcstar.store.Page<jp.jcstar.registry.LabelView> page;
        try {
            page = registry().search(q, cursor, limit);
        } catch (IllegalArgumentException e) {
            // the stores refuse a cursor they did not make with IllegalArgumentException
            throw Problem.badRequest("bad-cursor", "cursor is not one this API gave out");
        }
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        var items = o.putArray("items");
        page.items().forEach(v -> items.add(Views.label(v, false)));
        o.put("next", page.next());
        return Response.json(200, o);
    }

    private static String term(Request r, String name) {
        String v = r.query(name);
        if (v == null || v.isBlank()) return null;
        if (v.length() > MAX_TERM)
            throw Problem.badRequest("bad-query", name + " may be at most " + MAX_TERM + " characters");
        // a stored text never holds these (Text.isCleanLine), so a term holding them can only be a trick
        if (!jp.jcstar.label.Text.isCleanLine(v.strip(), MAX_TERM))
            throw Problem.badRequest("bad-query", name + " holds control, format or unpaired surrogate characters");
        if (!name.equals("category") && jp.jcstar.label.Text.searchKey(v).isEmpty()) {
            throw Problem.badRequest(
                    "bad-query", name + " holds only spaces, dashes or prolonged sound marks, which search ignores");
        }
        return v;
    }
}
