package jp.jcstar.functions;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.jcstar.registry.Registry;

/**
 * Every HTTP route of the API, as template.yaml declares them (a test keeps the two equal). The local
 * server routes with this table; in AWS, API Gateway does.
 */
public final class Routes {
    private Routes() {}

    /** The operator's status change each status route asks for. */
    private static final Map<String, Registry.Action> STATUS_ACTIONS = Map.of(
            "POST /v1/labels/{id}/revocation", Registry.Action.REVOKE,
            "POST /v1/labels/{id}/suspension", Registry.Action.SUSPEND,
            "POST /v1/labels/{id}/reinstatement", Registry.Action.REINSTATE);

    /** The status change the route {@code routeKey} ({@code "POST /v1/labels/{id}/revocation"}) asks for. */
    public static Optional<Registry.Action> statusAction(String routeKey) {
        return Optional.ofNullable(routeKey == null ? null : STATUS_ACTIONS.get(routeKey));
    }

    public static final List<Route> ALL = List.of(
            new Route("POST", "/v1/labels", IssueLabelHandler::new, IssueLabelHandler.class, true),
            new Route(
                    "GET", "/v1/labels", w -> new SearchLabelsHandler(w.registry()), SearchLabelsHandler.class, false),
            new Route(
                    "GET", "/v1/changes", w -> new SearchLabelsHandler(w.registry()), SearchLabelsHandler.class, false),
            new Route("GET", "/v1/labels/{id}", w -> new GetLabelHandler(w.registry()), GetLabelHandler.class, false),
            new Route(
                    "GET",
                    "/v1/labels/{id}/history",
                    w -> new GetLabelHandler(w.registry()),
                    GetLabelHandler.class,
                    false),
            new Route("GET", "/v1/labels/{id}/qr.png", LabelImageHandler::new, LabelImageHandler.class, false),
            new Route("GET", "/v1/labels/{id}/qr.svg", LabelImageHandler::new, LabelImageHandler.class, false),
            new Route("GET", "/v1/labels/{id}/artwork.svg", LabelImageHandler::new, LabelImageHandler.class, false),
            new Route("POST", "/v1/labels/{id}/revocation", ChangeStatusHandler::new, ChangeStatusHandler.class, true),
            new Route("POST", "/v1/labels/{id}/suspension", ChangeStatusHandler::new, ChangeStatusHandler.class, true),
            new Route(
                    "POST", "/v1/labels/{id}/reinstatement", ChangeStatusHandler::new, ChangeStatusHandler.class, true),
            new Route("POST", "/v1/revocations", BulkRevokeHandler::new, BulkRevokeHandler.class, true),
            new Route(
                    "POST",
                    "/v1/models/check",
                    w -> new SearchLabelsHandler(w.registry()),
                    SearchLabelsHandler.class,
                    false),
            new Route("POST", "/v1/verify", w -> new VerifyHandler(w.registry()), VerifyHandler.class, false),
            new Route(
                    "POST",
                    "/v1/verify/batch",
                    w -> new BatchVerifyHandler(w.registry()),
                    BatchVerifyHandler.class,
                    false),
            new Route("GET", "/.well-known/jwks.json", JwksHandler::new, JwksHandler.class, false),
            new Route("GET", "/v1/status-lists", StatusListHandler::new, StatusListHandler.class, false),
            new Route("GET", "/v1/status-lists/{n}", StatusListHandler::new, StatusListHandler.class, false),
            new Route(
                    "GET",
                    "/v1/requirements",
                    w -> new RequirementsHandler(w.registry()),
                    RequirementsHandler.class,
                    false),
            new Route("GET", "/v1/export/labels.json", ExportHandler::new, ExportHandler.class, false),
            new Route("GET", "/v1/export/labels.csv", ExportHandler::new, ExportHandler.class, false));
}
