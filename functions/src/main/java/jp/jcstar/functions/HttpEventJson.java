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

    /**
     * An event shaped as API Gateway sends one (headers, query and path parameters, cookies, the request
     * context with its HTTP block, a JSON body), for {@link #warmUp}; documentation addresses only.
     */
    private static final String WARM_UP_EVENT = """
            {"version":"2.0","routeKey":"POST /v1/warm-up/{id}","rawPath":"/v1/warm-up/x","rawQueryString":"a=1",
             "cookies":["c=1"],
             "headers":{"accept":"application/json","content-type":"application/json","content-length":"2",
                        "host":"warm-up.execute-api.ap-northeast-1.amazonaws.com","user-agent":"jcstar-warm-up",
                        "x-forwarded-for":"192.0.2.1","x-forwarded-proto":"https"},
             "queryStringParameters":{"a":"1"},"pathParameters":{"id":"x"},
             "requestContext":{"accountId":"000000000000","apiId":"warm-up",
                               "domainName":"warm-up.execute-api.ap-northeast-1.amazonaws.com","domainPrefix":"warm-up",
                               "http":{"method":"POST","path":"/v1/warm-up/x","protocol":"HTTP/1.1",
                                       "sourceIp":"192.0.2.1","userAgent":"jcstar-warm-up"},
                               "requestId":"warm-up","routeKey":"POST /v1/warm-up/{id}","stage":"$default",
                               "time":"01/Jan/2026:00:00:00 +0000","timeEpoch":1767225600000},
             "body":"{}","isBase64Encoded":false}
            """;

    /**
     * Reads {@link #WARM_UP_EVENT}, parses its body as a handler does and writes a JSON response to
     * nowhere: loads and links what reading and writing every request needs (Jackson's object mapper, the
     * event's and the response's bean (de)serialisers). {@link ReadOnlyWiring} calls it in the init phase
     * while the DynamoDB client is built on another thread. No side effects.
     */
    static void warmUp() {
        try {
            APIGatewayV2HTTPEvent e = read(
                    new java.io.ByteArrayInputStream(WARM_UP_EVENT.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            if (!new Request(e).jsonBody().isEmpty()) throw new IllegalStateException("the warm-up body is {}");
            write(Response.json(200, java.util.Map.of("warmUp", true)), OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static APIGatewayV2HTTPEvent read(InputStream in) throws IOException {
        return EVENT.readValue(in);
    }

    static void write(APIGatewayV2HTTPResponse response, OutputStream out) throws IOException {
        RESPONSE.writeValue(out, response);
    }
}
