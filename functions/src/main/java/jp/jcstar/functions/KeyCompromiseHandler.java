package jp.jcstar.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import jp.jcstar.log.KeyStatus;
import jp.jcstar.registry.KeyCompromise;

/**
 * {@code POST /v1/keys/{kid}/compromise} (operator), body {@code {"since": "2026-12-01T00:00:00Z"}}: marks the
 * signing key compromised as of {@code since} through {@link KeyCompromise} (docs/transparency-log.md, "Key
 * compromise") and answers the mark as published: {@code {"kid", "compromisedAt", "logSizeAtT"}}. An unknown
 * kid is 404, a time to come 400 ({@code bad-time}), a wiring without a log key 501. Served by the local server
 * ({@link #ROUTE}); not yet a route of the AWS template, whose functions hold no log key.
 */
public class KeyCompromiseHandler extends ApiHandler {
    /** The route, for the local server; not in {@link Routes#ALL} (template.yaml) yet. */
    public static final Route ROUTE =
            new Route("POST", "/v1/keys/{kid}/compromise", KeyCompromiseHandler::new, KeyCompromiseHandler.class, true);

    private final Wiring wiring;

    public KeyCompromiseHandler() {
        this(Wiring.fromEnvironment());
    }

    public KeyCompromiseHandler(Wiring wiring) {
        super(wiring.registry());
        this.wiring = wiring;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Request r) {
        r.requireOperator();
        String kid = r.path("kid");
        JsonNode body = r.jsonBody();
        JsonNode since = body.get("since");
        if (since == null || !since.isTextual())
            throw Problem.badRequest("bad-time", "since is required: an ISO-8601 instant such as 2026-12-01T00:00:00Z");
        Instant t;
        try {
            t = Instant.parse(since.textValue());
        } catch (DateTimeParseException e) {
            throw Problem.badRequest("bad-time", "since must be an ISO-8601 instant such as 2026-12-01T00:00:00Z");
        }
        KeyStatus.Compromise mark;
        try {
            mark = wiring.compromiseKey(kid, t);
        } catch (KeyCompromise.Refused e) {
            if (e.getMessage().startsWith("kid ")) throw Problem.notFound(e.getMessage());
            throw Problem.badRequest("bad-time", e.getMessage());
        } catch (IllegalStateException e) {
            throw new Problem(501, "not-implemented", "Not implemented", e.getMessage());
        }
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("kid", mark.kid());
        o.put("compromisedAt", mark.compromisedAt().toString());
        o.put("logSizeAtT", mark.logSizeAtT());
        return Response.json(200, o);
    }
}
