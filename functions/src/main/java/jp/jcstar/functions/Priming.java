package jp.jcstar.functions;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;
import jp.jcstar.json.Json;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart priming. Every function's Lambda constructor registers one: before Lambda takes the
 * snapshot (the {@code org.crac} {@link #beforeCheckpoint} hook, run once when a version is published)
 * it answers the requests of its plan the way real ones are answered — API Gateway event JSON into the
 * handler's stream entry point ({@link ApiHandler#handleRequest(java.io.InputStream, java.io.OutputStream,
 * com.amazonaws.services.lambda.runtime.Context)}), which reads it, answers and writes the response back to
 * JSON; the sweep's event through the runtime's serializer ({@link RuntimeSerializer}) — so the snapshot holds the loaded, initialised and compiled classes of the path a real request
 * takes, not of a rejection.
 *
 * <p>Priming has no side effects: the plans ({@link PublicPriming}, {@link OperatorPriming}) answer with
 * a twin of the handler whose label store and file store read through to the real ones but keep every
 * write in memory ({@link PrimingStore}, {@link PrimingBlobs}), and whose labels are signed and verified
 * with a key made for priming and trusted by nothing else ({@link PrimingWorld}). A failing step is
 * logged and priming goes on: a snapshot without priming is slower, not wrong. Without SnapStart the hook
 * is never called and costs nothing but loading these classes.
 */
public final class Priming implements Resource {
    private static final Logger LOG = Logger.getLogger(Priming.class.getName());
    /** Strong references: the CRaC context refers to its resources weakly. */
    private static final List<Priming> REGISTERED = new CopyOnWriteArrayList<>();

    /**
     * Times each plan is answered. More than once, so that the JIT has compiled (and, under SnapStart's
     * full tiering, profiled) the path before the snapshot: measured with bench/coldstart.sh, the invoking
     * thread's CPU time in the first invoke after priming went from 11 ms (one round) to 9 ms (five).
     */
    static final int ROUNDS = 5;

    private final String function;
    private final Supplier<List<Step>> plan;

    /**
     * One request of a plan: {@code invoke} takes the event JSON and returns the response JSON (through the
     * path Lambda takes); {@code expected} says whether the response is the answer the real path gives.
     */
    record Step(String what, String eventJson, UnaryOperator<String> invoke, Predicate<String> expected) {
        /** An HTTP API request that must answer {@code status} with {@code inBody} in its body. */
        static Step http(String what, ApiHandler handler, String eventJson, int status, String inBody) {
            return new Step(what, eventJson, handler::invokeJson, response -> {
                JsonNode r = Json.parse(response);
                return r.path("statusCode").asInt() == status
                        && r.path("body").asText("").contains(inBody);
            });
        }

        /** An HTTP API request whose status must satisfy {@code status}, whatever the body. */
        static Step http(String what, ApiHandler handler, String eventJson, java.util.function.IntPredicate status) {
            return new Step(
                    what,
                    eventJson,
                    handler::invokeJson,
                    response ->
                            status.test(Json.parse(response).path("statusCode").asInt()));
        }
    }

    /** What one step answered. */
    record Outcome(Step step, String response, Throwable failure) {
        boolean ok() {
            try {
                return failure == null && step.expected().test(response);
            } catch (RuntimeException e) {
                return false; // an answer the check cannot even read is not the expected one
            }
        }
    }

    private Priming(String function, Supplier<List<Step>> plan) {
        this.function = function;
        this.plan = plan;
    }

    /**
     * Registers {@code plan} with the global CRaC context, for the function whose handler class is
     * {@code function}. The plan is built when priming runs, not here.
     */
    static Priming register(Class<?> function, Supplier<List<Step>> plan) {
        Priming p = new Priming(function.getSimpleName(), plan);
        REGISTERED.add(p);
        Core.getGlobalContext().register(p);
        return p;
    }

    /** A priming that is not registered anywhere: tests run {@link #run} themselves. */
    static Priming unregistered(Class<?> function, Supplier<List<Step>> plan) {
        return new Priming(function.getSimpleName(), plan);
    }

    /** Every priming registered in this JVM, in order. */
    static List<Priming> registered() {
        return List.copyOf(REGISTERED);
    }

    /** The simple name of the handler class this priming is for. */
    String function() {
        return function;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        long t0 = System.nanoTime();
        List<Outcome> outcomes = run();
        long failed = outcomes.stream().filter(o -> !o.ok()).count();
        LOG.info("priming " + function + ": " + outcomes.size() + " requests, " + failed + " not as expected, "
                + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // nothing to refresh: the SDK clients reconnect on their own, and the key set reloads itself when a
        // label names an unknown kid or the set is older than KeyDirectoryKeys.MAX_AGE
    }

    /**
     * Answers the plan {@link #ROUNDS} times, each round on a plan built afresh (a new priming key, label and
     * twin, so each round takes the same path as the first); returns what the last round answered. Never
     * throws: a failure is logged and reported in its outcome.
     */
    List<Outcome> run() {
        List<Outcome> out = List.of();
        for (int round = 0; round < ROUNDS; round++) out = runOnce(round == ROUNDS - 1);
        return out;
    }

    private List<Outcome> runOnce(boolean report) {
        List<Step> steps;
        try {
            steps = plan.get();
        } catch (RuntimeException | LinkageError e) {
            if (report) LOG.log(Level.WARNING, "priming " + function + ": no plan", e);
            return List.of();
        }
        List<Outcome> out = new ArrayList<>();
        for (Step s : steps) {
            Outcome o;
            try {
                o = new Outcome(s, s.invoke().apply(s.eventJson()), null);
            } catch (RuntimeException | LinkageError e) {
                o = new Outcome(s, null, e);
            }
            if (report && !o.ok()) {
                LOG.log(
                        Level.WARNING,
                        "priming " + function + ", " + s.what() + ": not the expected answer: "
                                + (o.response() == null ? "" : shorten(o.response())),
                        o.failure());
            }
            out.add(o);
        }
        return out;
    }

    private static String shorten(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
