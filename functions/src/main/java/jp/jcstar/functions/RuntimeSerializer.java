package jp.jcstar.functions;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An invocation as the Lambda Java runtime makes it for a {@code RequestHandler} — here only the daily
 * sweep, a handler of the scheduler's plain JSON object (the HTTP handlers are stream handlers, {@link
 * ApiHandler}): the event JSON read by the runtime's own serializer ({@code aws-lambda-java-serialization},
 * its {@link JacksonFactory}, which the runtime puts on the class path beside the function — the function
 * jar does not carry it, functions/pom.xml has it {@code provided}), the handler called, its answer written
 * back to JSON by the same serializer. The factory keeps one shared object mapper, so what priming loads
 * and warms is what the runtime's own invocations then use.
 */
final class RuntimeSerializer {
    private RuntimeSerializer() {}

    /** JSON event in, JSON response out, for a handler of plain JSON objects (the EventBridge Scheduler's event). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static String invokeMap(RequestHandler<Map<String, Object>, Map<String, Object>> handler, String eventJson) {
        PojoSerializer<Object> serializer =
                JacksonFactory.getInstance().getSerializer((java.lang.reflect.Type) Map.class);
        Map<String, Object> event = (Map<String, Object>)
                serializer.fromJson(new ByteArrayInputStream(eventJson.getBytes(StandardCharsets.UTF_8)));
        Map<String, Object> out = handler.handleRequest(event, null);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ((PojoSerializer) serializer).toJson(out, buf);
        return buf.toString(StandardCharsets.UTF_8);
    }
}
