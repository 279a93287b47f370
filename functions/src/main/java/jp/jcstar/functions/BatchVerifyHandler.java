package jp.jcstar.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import jp.jcstar.registry.Registry;
import jp.jcstar.registry.VerifyAnswer;
import jp.jcstar.registry.Views;

/**
 * {@code POST /v1/verify/batch} with {@code {"labels": ["…", …]}} (at most {@link #MAX_BATCH}): one
 * verdict per label, in order, plus counts per status.
 */
public class BatchVerifyHandler extends ApiHandler {
    public static final int MAX_BATCH = 1000;

    /** Lambda's constructor: the read-only wiring ({@link ReadOnlyWiring}), built in the init phase; registers priming. */
    public BatchVerifyHandler() {
        super(ReadOnlyWiring.registry());
        Priming.register(BatchVerifyHandler.class, () -> PublicPriming.batchVerify(this));
    }

    public BatchVerifyHandler(Registry registry) {
        super(registry);
    }

    /** {@code {"labels": ["…", …]}}, parsed: at most {@link #MAX_BATCH}; a label that is not a string verifies as "". */
    record BatchVerifyRequest(List<String> inputs) {
        static BatchVerifyRequest parse(Request r) {
            JsonNode labels = r.jsonBody().get("labels");
            if (labels == null || !labels.isArray())
                throw Problem.badRequest("bad-request", "send {\"labels\": [\"…\", …]}");
            if (labels.size() > MAX_BATCH)
                throw Problem.badRequest("batch-too-large", "at most " + MAX_BATCH + " labels per call");
            List<String> inputs = new ArrayList<>(labels.size());
            for (int i = 0; i < labels.size(); i++) {
                JsonNode l = labels.get(i);
                inputs.add(l.isTextual() ? l.textValue() : "");
            }
            return new BatchVerifyRequest(inputs);
        }
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Request r) {
        List<VerifyAnswer> answers =
                registry().verifyBatch(BatchVerifyRequest.parse(r).inputs());
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        var results = o.putArray("results");
        ObjectNode counts = JsonNodeFactory.instance.objectNode();
        for (VerifyAnswer a : answers) {
            results.add(Views.verify(a));
            counts.put(a.status().code(), counts.path(a.status().code()).asInt(0) + 1);
        }
        o.set("counts", counts);
        return Response.json(200, o);
    }
}
