package jp.jcstar.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Logger;
import jp.jcstar.json.Json;
import jp.jcstar.lint.SuppressForbidden;
import jp.jcstar.registry.Registry;
import jp.jcstar.store.BlobStore;

/**
 * The sweep (EventBridge Scheduler, every 10 minutes). Once per day (Japan time), first re-signs every
 * status list and the JWKS — so no list reaches its {@code exp}, however long the rest takes — then
 * stores support-ended / expired for labels whose dates have passed, in bounded steps
 * ({@link Registry#sweepStep}) with the cursor kept in {@value #STATE_KEY}: an invocation works for at
 * most its budget, later ones continue where it stopped, until the day's pass is complete; the rest
 * of the day's invocations only read the state. A failing invocation throws (its event goes to the
 * dead-letter queue, an alarm fires) and leaves the cursor at its last completed step.
 *
 * <p>Each invocation writes the age of the last re-signature as a CloudWatch metric (embedded metric
 * format on stdout), which the template alarms on.
 */
@SuppressForbidden("the summary line goes to standard output, which Lambda sends to CloudWatch Logs")
public class SweepHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private static final Logger LOG = Logger.getLogger(SweepHandler.class.getName());
    /** The sweep's progress, in the files bucket (not served: CloudFront serves only /files/v1/export/). */
    public static final String STATE_KEY = "internal/sweep-state.json";

    static final ZoneId JST = ZoneId.of("Asia/Tokyo");
    /** The CloudWatch metric of the status lists' age (template.yaml alarms on it). */
    public static final String METRIC_NAMESPACE = "JcstarRegistry", METRIC_AGE = "StatusListAgeSeconds";

    private final Supplier<Wiring> wiring;
    private final int stepLabels;
    private final Duration budget;
    private final LongSupplier nanoTime;

    /** Lambda's constructor; registers the SnapStart priming hook ({@link Priming}). */
    public SweepHandler() {
        this(
                Wiring::fromEnvironment,
                Integer.parseInt(Env.get("SWEEP_STEP_LABELS", "2000")),
                Duration.ofSeconds(Long.parseLong(Env.get("SWEEP_BUDGET_SECONDS", "420"))),
                System::nanoTime);
        Priming.register(SweepHandler.class, () -> OperatorPriming.sweep(Wiring.fromEnvironment()));
    }

    /** A whole pass per invocation (the local server, tests). */
    public SweepHandler(Wiring wiring) {
        this(() -> wiring, Integer.MAX_VALUE, Duration.ZERO, System::nanoTime);
    }

    /**
     * @param stepLabels labels one step visits at most
     * @param budget     no step starts once an invocation has run this long (zero: one step per invocation)
     */
    public SweepHandler(Wiring wiring, int stepLabels, Duration budget) {
        this(() -> wiring, stepLabels, budget, System::nanoTime);
    }

    private SweepHandler(Supplier<Wiring> wiring, int stepLabels, Duration budget, LongSupplier nanoTime) {
        if (stepLabels < 1) throw new IllegalArgumentException("SWEEP_STEP_LABELS must be positive");
        this.wiring = wiring;
        this.stepLabels = stepLabels;
        this.budget = budget;
        this.nanoTime = nanoTime;
    }

    /** Where the day's pass stands: its day (JST), when it re-signed the lists, and the cursor ({@code null}: complete). */
    record State(LocalDate day, Instant resignedAt, String cursor) {}

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        long start = nanoTime.getAsLong();
        Wiring w = wiring.get();
        Registry registry = w.registry();
        Instant now = registry.clock().instant();
        LocalDate today = LocalDate.ofInstant(now, JST);
        State state = read(w.blobs()).orElse(null);
        boolean resigned = false;
        if (state == null || state.day().isBefore(today)) {
            // re-sign first: the lists stay fresh even if the label pass below fails or takes many invocations
            w.publisher().republishAll();
            resigned = true;
            state = new State(today, now, "");
            write(w.blobs(), state);
            // once after a change of the search normalisation; a second call costs one read
            int rekeyed = registry.store().migrateSearchKeys();
            if (rekeyed > 0) LOG.info("search keys of " + rekeyed + " labels brought to the current normalisation");
        }
        int moved = 0, steps = 0;
        while (state.cursor() != null && (steps == 0 || nanoTime.getAsLong() - start < budget.toNanos())) {
            Registry.SweepStep step =
                    registry.sweepStep(state.cursor().isEmpty() ? null : state.cursor(), stepLabels, LOG::info);
            moved += step.moved();
            steps++;
            state = new State(state.day(), state.resignedAt(), step.next());
            write(w.blobs(), state);
        }
        long logSize = w.sequenceLog(); // the transparency log's pending entries get their indexes (the moves' too)
        metric(Duration.between(state.resignedAt(), now));
        LOG.info("sweep of " + state.day() + ": " + (resigned ? "re-signed the status lists, " : "") + steps
                + " steps moved " + moved
                + " labels, " + (state.cursor() == null ? "pass complete" : "continues from " + state.cursor())
                + (logSize >= 0 ? "; transparency log: " + logSize + " entries" : ""));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("moved", moved);
        out.put("resigned", resigned);
        out.put("complete", state.cursor() == null);
        return out;
    }

    static Optional<State> read(BlobStore blobs) {
        return blobs.get(STATE_KEY).map(b -> {
            JsonNode j = Json.parse(b.bytes());
            return new State(
                    LocalDate.parse(j.get("day").asText()),
                    Instant.parse(j.get("resignedAt").asText()),
                    j.hasNonNull("cursor") ? j.get("cursor").asText() : null);
        });
    }

    private static void write(BlobStore blobs, State s) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("day", s.day().toString());
        o.put("resignedAt", s.resignedAt().toString());
        if (s.cursor() == null) o.putNull("cursor");
        else o.put("cursor", s.cursor());
        blobs.put(STATE_KEY, Json.write(o), "application/json");
    }

    /**
     * CloudWatch embedded metric format: JcstarRegistry/StatusListAgeSeconds by FunctionName (unique per
     * stack and region), the time since the lists were last re-signed.
     */
    private static void metric(Duration sinceResigned) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        ObjectNode aws = o.putObject("_aws");
        aws.put("Timestamp", System.currentTimeMillis());
        ObjectNode m = aws.putArray("CloudWatchMetrics").addObject();
        m.put("Namespace", METRIC_NAMESPACE);
        m.putArray("Dimensions").addArray().add("FunctionName");
        m.putArray("Metrics").addObject().put("Name", METRIC_AGE).put("Unit", "Seconds");
        o.put("FunctionName", Env.get("AWS_LAMBDA_FUNCTION_NAME", "local"));
        o.put(METRIC_AGE, sinceResigned.toSeconds());
        System.out.println(new String(Json.write(o), StandardCharsets.UTF_8));
        System.out.flush();
    }
}
