package jp.jcstar.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import jp.jcstar.json.Json;

/**
 * API Gateway HTTP API (payload 2.0) events read, and responses written, with the function's own Jackson
 * ({@link Json#MAPPER}), so that a handler is a {@code RequestStreamHandler} and the Lambda runtime never
 * loads its event serializer — a second, shaded copy of Jackson (≈ 850 classes at cold start, see
 * docs/benchmarks.md). The event classes are plain beans whose property names are the payload's field
 * names ({@code getIsBase64Encoded} → {@code isBase64Encoded}); fields the classes do not know are skipped,
 * as the runtime's serializer skips them. {@code HttpEventJsonTest} holds both to the same results.
 */
final class HttpEventJson {
    private HttpEventJson() {}

    private static final ObjectReader EVENT = Json.MAPPER
            .readerFor(APIGatewayV2HTTPEvent.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final ObjectWriter RESPONSE = Json.MAPPER
            .copy()
            .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL)
            .writerFor(APIGatewayV2HTTPResponse.class);

    static APIGatewayV2HTTPEvent read(InputStream in) throws IOException {
        return EVENT.readValue(in);
    }

    static void write(APIGatewayV2HTTPResponse response, OutputStream out) throws IOException {
        RESPONSE.writeValue(out, response);
    }
}
