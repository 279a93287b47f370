package jp.jcstar.functions;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import jp.jcstar.label.Category;
import jp.jcstar.label.Text;
import jp.jcstar.status.LabelState;
import jp.jcstar.store.LabelQuery;

/**
 * {@code GET /v1/labels?vendor=&model=&product=&category=&level=&status=&limit=&cursor=}, parsed and
 * checked: a parameter the search does not know is refused, naming it.
 */
record SearchRequest(LabelQuery query, String cursor, int limit) {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;
    private static final int MAX_TERM = 100;
    static final Set<String> PARAMETERS = new LinkedHashSet<>(
            List.of("vendor", "model", "product", "category", "level", "status", "limit", "cursor"));
    private static final String STATES = "status must be one of valid, support-ended, expired, revoked, suspended";

    static SearchRequest parse(Request r) {
        var given = r.event().getQueryStringParameters();
        if (given != null) {
            var unknown = given.keySet().stream()
                    .filter(k -> !PARAMETERS.contains(k))
                    .sorted()
                    .toList();
            if (!unknown.isEmpty()) {
                String names =
                        String.join(", ", unknown.stream().map(Ids::printable).toList());
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
                throw Problem.badRequest("bad-query", STATES);
            }
            if (state == LabelState.UNKNOWN || state == LabelState.INVALID)
                throw Problem.badRequest("bad-query", STATES);
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
        if (category != null && !Category.isKnown(category)) {
            throw Problem.badRequest("bad-query", "category must be one of " + Category.codes());
        }
        LabelQuery q = new LabelQuery(term(r, "vendor"), term(r, "model"), term(r, "product"), category, level, state);
        String cursor = r.query("cursor");
        if (cursor != null && (cursor.isBlank() || cursor.length() > 2048)) throw badCursor();
        return new SearchRequest(q, cursor, limit);
    }

    static Problem badCursor() {
        return Problem.badRequest("bad-cursor", "cursor is not one this API gave out");
    }

    private static String term(Request r, String name) {
        String v = r.query(name);
        if (v == null || v.isBlank()) return null;
        if (v.length() > MAX_TERM)
            throw Problem.badRequest("bad-query", name + " may be at most " + MAX_TERM + " characters");
        // a stored text never holds these (Text.isCleanLine), so a term holding them can only be a trick
        if (!Text.isCleanLine(v.strip(), MAX_TERM))
            throw Problem.badRequest("bad-query", name + " holds control, format or unpaired surrogate characters");
        if (!name.equals("category") && Text.searchKey(v).isEmpty()) {
            throw Problem.badRequest(
                    "bad-query", name + " holds only spaces, dashes or prolonged sound marks, which search ignores");
        }
        return v;
    }
}
