package jp.jcstar.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import jp.jcstar.json.Json;

/**
 * How the stores keep a subscription: one JSON document (endpoint, filter, secret, times) beside the
 * columns or attributes they query on (state, position). Both adapters use it, so they store alike.
 */
public final class SubscriptionJson {
    private SubscriptionJson() {}

    public static String doc(Subscription s) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("id", s.id());
        o.put("endpoint", s.endpoint().toString());
        var ids = o.putArray("labelIds");
        s.filter().labelIds().forEach(ids::add);
        o.put("vendor", s.filter().vendor());
        o.put("model", s.filter().model());
        o.put("secret", s.secret().value());
        o.put("createdAt", s.createdAt().toString());
        o.put("approvedBy", s.approvedBy());
        o.put("lastError", s.lastError());
        return new String(Json.write(o), StandardCharsets.UTF_8);
    }

    public static Subscription parse(String doc, String state, String position) {
        JsonNode j = Json.parse(doc);
        Set<String> ids = new HashSet<>();
        j.path("labelIds").forEach(n -> ids.add(n.asText()));
        return new Subscription(
                j.get("id").asText(),
                URI.create(j.get("endpoint").asText()),
                new WebhookFilter(ids, text(j, "vendor"), text(j, "model")),
                WebhookSecret.parse(j.get("secret").asText()),
                Subscription.State.fromCode(state),
                position,
                Instant.parse(j.get("createdAt").asText()),
                text(j, "approvedBy"),
                text(j, "lastError"));
    }

    private static String text(JsonNode j, String f) {
        return j.hasNonNull(f) ? j.get(f).asText() : null;
    }
}
