package jp.jcstar.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The daily schedule (EventBridge Scheduler): stores support-ended / expired for labels whose dates
 * have passed, then re-signs every status list (so none reaches its {@code exp}) and the JWKS.
 * Idempotent and resumable: running it twice moves nothing the second time.
 */
public class SweepHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private static final Logger LOG = Logger.getLogger(SweepHandler.class.getName());
    private final Supplier<Wiring> wiring;

    /** Lambda's constructor; registers the SnapStart priming hook ({@link Priming}). */
    public SweepHandler() {
        this.wiring = Wiring::fromEnvironment;
        Priming.register(SweepHandler.class, () -> OperatorPriming.sweep(Wiring.fromEnvironment()));
    }

    public SweepHandler(Wiring wiring) {
        this.wiring = () -> wiring;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Wiring w = wiring.get();
        int rekeyed = w.registry().store().migrateSearchKeys(); // once after a change of the search normalisation
        if (rekeyed > 0) LOG.info("search keys of " + rekeyed + " labels brought to the current normalisation");
        int moved = w.registry().sweep(line -> LOG.info(line));
        w.publisher().republishAll();
        LOG.info("sweep moved " + moved + " labels and re-signed the status lists");
        return Map.of("moved", moved);
    }
}
