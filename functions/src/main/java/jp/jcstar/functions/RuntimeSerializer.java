package jp.jcstar.functions;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An invocation as the Lambda Java runtime makes it: the event JSON read into the handler's input type
 * by the runtime's own serializer ({@code aws-lambda-java-serialization}, which the runtime puts on the
 * class path beside the function — the function jar does not carry it, functions/pom.xml has it
 * {@code provided}), the handler called, its answer written back to JSON by the same serializer. For
 * API Gateway events that is {@link LambdaEventSerializers} (event classes of
 * {@code com.amazonaws.services.lambda.runtime.events}); for other inputs, such as the schedule's map,
 * its {@link JacksonFactory}. Both keep one shared object mapper, so what priming loads and warms is what
 * the runtime's own invocations then use.
 */
final class RuntimeSerializer {
    private RuntimeSerializer() {}

    private static final ClassLoader LOADER = RuntimeSerializer.class.getClassLoader();

    /** JSON event in, JSON response out, through the runtime's serializer for API Gateway HTTP API events. */
    static String invoke(RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler, String eventJson) {
        PojoSerializer<APIGatewayV2HTTPEvent> in = LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, LOADER);
        APIGatewayV2HTTPResponse out = handler.handleRequest(in.fromJson(new ByteArrayInputStream(eventJson.getBytes(StandardCharsets.UTF_8))), null);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        LambdaEventSerializers.serializerFor(APIGatewayV2HTTPResponse.class, LOADER).toJson(out, buf);
        return buf.toString(StandardCharsets.UTF_8);
    }

    /** The same for a handler of plain JSON objects (the EventBridge Scheduler's event). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static String invokeMap(RequestHandler<Map<String, Object>, Map<String, Object>> handler, String eventJson) {
        PojoSerializer<Object> serializer = JacksonFactory.getInstance().getSerializer((java.lang.reflect.Type) Map.class);
        Map<String, Object> event = (Map<String, Object>) serializer.fromJson(new ByteArrayInputStream(eventJson.getBytes(StandardCharsets.UTF_8)));
        Map<String, Object> out = handler.handleRequest(event, null);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ((PojoSerializer) serializer).toJson(out, buf);
        return buf.toString(StandardCharsets.UTF_8);
    }
}
