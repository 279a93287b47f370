package jp.jcstar.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jp.jcstar.label.RejectedInputException;
import jp.jcstar.registry.LabelView;
import jp.jcstar.registry.Registry;
import jp.jcstar.registry.Views;
import jp.jcstar.store.Page;

/**
 * {@code GET /v1/labels?vendor=&model=&product=&category=&level=&status=&limit=&cursor=}: search,
 * page by page; with no query, every label. {@code status} filters on the stored state. Text terms
 * are normalised as the stored keys are ({@link jp.jcstar.label.Text#searchKey}, docs/search.md). A
 * parameter the search does not know ({@code ?id=}, {@code ?q=}) is a 400 naming it, rather than a
 * silent search for everything ({@link SearchRequest}). The same function serves the change feed, {@code GET /v1/changes}
 * ({@link ChangeFeedRoute}), and the bid check, {@code POST /v1/models/check} ({@link ModelCheckRoute}).
 */
public class SearchLabelsHandler extends ApiHandler {
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
        SearchRequest q = SearchRequest.parse(r);
        Page<LabelView> page;
        try {
            page = registry().search(q.query(), q.cursor(), q.limit());
        } catch (RejectedInputException.BadRequest e) {
            throw SearchRequest.badCursor(); // the stores refuse a cursor they did not make
        }
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        var items = o.putArray("items");
        page.items().forEach(v -> items.add(Views.label(v, false)));
        o.put("next", page.next());
        return Response.json(200, o);
    }
}
