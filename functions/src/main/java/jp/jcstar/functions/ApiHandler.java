package jp.jcstar.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import jp.jcstar.label.InvalidLabelException;
import jp.jcstar.label.RejectedInputException;
import jp.jcstar.registry.ApplicationRejectedException;
import jp.jcstar.registry.BulkRevocation;
import jp.jcstar.registry.ConfusableModelException;
import jp.jcstar.registry.LabelNotFoundException;
import jp.jcstar.registry.Registry;
import jp.jcstar.registry.TransitionRefusedException;

/**
 * Base of every HTTP handler: one use case per subclass; this class maps outcomes to responses.
 * Untrusted input rejected ({@link Problem}, or the domain's {@link RejectedInputException}) → 4xx problem
 * with a stable type; anything else, a plain {@link IllegalArgumentException} included, is our failure →
 * 500 that says only "internal error" and an incident id, with the details in the log.
 *
 * <p>Lambda calls it as a {@link RequestStreamHandler}: the event's JSON is read, and the response written,
 * by {@link HttpEventJson} with the function's own Jackson, so the runtime does not load its event
 * serializer and that serializer's shaded Jackson at cold start. Tests and the local server call
 * {@link #handleRequest(APIGatewayV2HTTPEvent, Context)} with the event object.
 */
public abstract class ApiHandler implements RequestStreamHandler {
    private static final Logger LOG = Logger.getLogger(ApiHandler.class.getName());
    private static final OriginGuard ORIGIN = OriginGuard.fromEnvironment();
    private final Supplier<Registry> registry;

    /**
     * Lambda's constructors (run in the init phase) pass the registry their function needs: built right
     * away when the handler uses it on every request, so that SnapStart snapshots it and the first
     * request after a restore does not pay for it; tests and the local server pass their own.
     */
    protected ApiHandler(Registry registry) {
        java.util.Objects.requireNonNull(registry, "registry");
        this.registry = () -> registry;
    }

    /** For a handler that may never need the registry: {@code registry} is called on first use, at most once. */
    protected ApiHandler(Supplier<Registry> registry) {
        java.util.Objects.requireNonNull(registry, "registry");
        this.registry = new Supplier<>() {
            private volatile Registry value;

            @Override
            public Registry get() {
                Registry r = value;
                if (r == null) {
                    synchronized (this) {
                        if ((r = value) == null) value = r = registry.get();
                    }
                }
                return r;
            }
        };
    }

    protected final Registry registry() {
        return registry.get();
    }

    /** The label with this id, or a 404 problem that echoes the id only in cleaned, shortened form. */
    protected final jp.jcstar.registry.LabelView requireLabel(String id) {
        return registry()
                .get(id)
                .orElseThrow(() -> Problem.notFound("no label " + Ids.printable(id) + " in the registry"));
    }

    protected abstract APIGatewayV2HTTPResponse handle(Request request);

    /**
     * The problem for input the domain refused: one case per kind of the sealed family (a new kind does not
     * compile until it is mapped), the domain's own exceptions first for their titles and extensions. Any
     * other exception, a plain {@link IllegalArgumentException} included, is our failure (500).
     */
    static Problem problemOf(RejectedInputException e) {
        return switch (e) {
            case ConfusableModelException c ->
                new Problem(
                        409,
                        c.code(),
                        "A model designation looks like another vendor's",
                        c.getMessage(),
                        Map.of("lookAlikes", c.lookAlikes()));
            case ApplicationRejectedException a ->
                new Problem(
                        422,
                        a.code(),
                        "The application cannot be issued",
                        a.getMessage(),
                        Map.of("failures", a.failures()));
            case InvalidLabelException i ->
                new Problem(
                        422,
                        i.code(),
                        "The application cannot be issued",
                        i.getMessage(),
                        Map.of(
                                "failures",
                                List.of(new ApplicationRejectedException.Failure(
                                        i.field(), "invalid-field", i.getMessage()))));
            // the id is attacker-chosen: never echo it raw
            case LabelNotFoundException n -> Problem.notFound("no label " + Ids.printable(n.id()) + " in the registry");
            case TransitionRefusedException t -> new Problem(409, t.code(), "Status change refused", t.getMessage());
            case BulkRevocation.ConfirmationRefusedException c ->
                new Problem(409, c.code(), "Confirmation refused", c.getMessage());
            case RejectedInputException.BadRequest b -> Problem.badRequest(b.code(), b.getMessage());
            case RejectedInputException.NotFound n -> new Problem(404, n.code(), "Not found", n.getMessage());
            case RejectedInputException.Conflict c -> new Problem(409, c.code(), "Conflict", c.getMessage());
            case RejectedInputException.Unprocessable u ->
                new Problem(422, u.code(), "Unprocessable content", u.getMessage());
        };
    }

    /** What Lambda calls: an HTTP API payload 2.0 event as JSON in, the response as JSON out. */
    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        HttpEventJson.write(handleRequest(HttpEventJson.read(input), context), output);
    }

    /** The event as JSON in, the response as JSON out, through {@link #handleRequest(InputStream, OutputStream, Context)}. */
    final String invokeJson(String eventJson) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handleRequest(new ByteArrayInputStream(eventJson.getBytes(StandardCharsets.UTF_8)), out, null);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    public final APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        try {
            if (event == null) throw Problem.badRequest("bad-request", "no request");
            if (!ORIGIN.admits(event))
                throw new Problem(
                        403, "forbidden", "Forbidden", "this API is served at the registry's own address only");
            Request request = new Request(event);
            request.checkQuery();
            return handle(request);
        } catch (Problem p) {
            return Response.problem(p);
        } catch (RejectedInputException e) {
            return Response.problem(problemOf(e));
        } catch (RuntimeException | Error e) {
            String incident = UUID.randomUUID().toString();
            LOG.log(
                    Level.SEVERE,
                    "incident " + incident + " in " + getClass().getSimpleName() + " "
                            + (event == null ? "" : event.getRouteKey()),
                    e);
            return Response.problem(new Problem(
                    500, "internal-error", "Internal error", "something went wrong on our side; incident " + incident));
        }
    }
}
