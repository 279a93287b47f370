package jp.jcstar.registry;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import jp.jcstar.label.Application;
import jp.jcstar.label.Text;
import jp.jcstar.signing.LabelSigner;
import jp.jcstar.status.LabelState;
import jp.jcstar.status.RevocationReason;
import jp.jcstar.status.StatusChange;
import jp.jcstar.store.LabelQuery;
import jp.jcstar.store.LabelRecord;
import jp.jcstar.store.LabelStore;
import jp.jcstar.store.Page;
import jp.jcstar.verify.LabelVerifier;

/**
 * The registry: one entry to its use cases, each a class of its own ({@link IssueLabel},
 * {@link LookUpLabel}, {@link SearchLabels}, {@link VerifyLabel}, {@link ChangeStatus},
 * {@link RevokeLabels}, {@link SweepLapsedLabels}), wired once on the same ports, clock and change
 * listener. Free of AWS types: it works on the ports, so the Lambda functions and the laptop server
 * share it. Thread-safe.
 */
public final class Registry {
    /** Entries per status list: 2^17, the herd a label's status hides in. */
    public static final int STATUS_LIST_SIZE = 131_072;

    private final LabelStore store;
    private final LabelVerifier verifier;
    private final Clock clock;
    private final String siteBase;
    private final LabelViews views;
    private final LookUpLabel lookUp;
    private final SearchLabels searching;
    private final VerifyLabel verifying;
    // null in a read-only registry
    private final IssueLabel issuing;
    private final ChangeStatus changing;
    private final RevokeLabels revoking;
    private final SweepLapsedLabels sweeping;
    private volatile ChangeListener onChange = r -> {};

    /**
     * Told of every issued or changed label ({@link #changed}), then {@link #flush}ed once per
     * operation, so a bulk operation republishes derived files (status lists, exports) once, not per label.
     */
    public interface ChangeListener {
        void changed(LabelRecord record);

        default void flush() {}
    }

    /** Checks a declaration and turns it into the JSON stored beside the label. */
    public interface DeclarationPolicy {
        List<ApplicationRejectedException.Failure> check(Application application);

        String toJson(Application application);
    }

    public Registry(
            LabelStore store,
            LabelSigner signer,
            LabelVerifier verifier,
            Clock clock,
            String siteBase,
            DeclarationPolicy declarations) {
        this(store, signer, verifier, clock, siteBase, declarations, true);
    }

    private Registry(
            LabelStore store,
            LabelSigner signer,
            LabelVerifier verifier,
            Clock clock,
            String siteBase,
            DeclarationPolicy declarations,
            boolean writable) {
        this.store = Objects.requireNonNull(store);
        this.verifier = Objects.requireNonNull(verifier);
        this.clock = Objects.requireNonNull(clock);
        this.siteBase = Objects.requireNonNull(siteBase);
        this.views = new LabelViews(clock, siteBase);
        this.lookUp = new LookUpLabel(store, views);
        this.searching = new SearchLabels(store, views);
        this.verifying = new VerifyLabel(store, verifier, views);
        if (writable) {
            this.issuing = new IssueLabel(
                    store,
                    Objects.requireNonNull(signer),
                    clock,
                    Objects.requireNonNull(declarations),
                    views,
                    () -> onChange);
            this.changing = new ChangeStatus(store, clock, views, () -> onChange);
            this.revoking = new RevokeLabels(changing, () -> onChange);
            this.sweeping = new SweepLapsedLabels(store, clock, () -> onChange);
        } else {
            this.issuing = null;
            this.changing = null;
            this.revoking = null;
            this.sweeping = null;
        }
    }

    /**
     * A registry that looks up, searches and verifies, and changes nothing: for the public functions,
     * which hold no signing key and may only read the store. {@link #issue}, {@link #change},
     * {@link #revokeEach} and {@link #sweep} refuse with {@link IllegalStateException} before touching
     * the store.
     */
    public static Registry readOnly(LabelStore store, LabelVerifier verifier, Clock clock, String siteBase) {
        return new Registry(store, null, verifier, clock, siteBase, null, false);
    }

    /** False for a {@link #readOnly} registry. */
    public boolean writable() {
        return issuing != null;
    }

    private <T> T writing(T useCase, String what) {
        if (useCase == null)
            throw new IllegalStateException("this registry is read-only (no signing key): cannot " + what);
        return useCase;
    }

    /** Called after every issuance and status change (e.g. to republish the status list). */
    public void onChange(ChangeListener listener) {
        this.onChange = Objects.requireNonNull(listener);
    }

    /** Consulted by {@link #verify} for every label whose signature verified (withdrawn, compromised keys). */
    public void withdrawals(KeyWithdrawals w) {
        verifying.withdrawals(w);
    }

    public LabelVerifier verifier() {
        return verifier;
    }

    public Clock clock() {
        return clock;
    }

    public String siteBase() {
        return siteBase;
    }

    public LabelStore store() {
        return store;
    }

    /** The outcome of an issuance: the label, and whether this call created it. */
    public record Issued(LabelView label, boolean created) {}

    /**
     * Issues a label for {@code app}. Idempotent on the application id: the same application again
     * returns the first label; a different application under a used id is refused.
     *
     * @throws ApplicationRejectedException listing every failing field and requirement
     */
    public Issued issue(Application app) {
        return issue(app, Set.of());
    }

    /**
     * As {@link #issue(Application)}, and refuses a model designation confusable with one already issued
     * to another vendor ({@link ConfusableModelException}, naming the look-alikes) unless
     * {@code confirmedLookAlikes} names that existing designation exactly. The same vendor (compared by
     * {@link Text#searchKey}) re-using its own designation, or the identical designation, is not refused.
     */
    public Issued issue(Application app, Set<String> confirmedLookAlikes) {
        return writing(issuing, "issue labels").issue(app, confirmedLookAlikes);
    }

    public Optional<LabelView> get(String id) {
        return lookUp.get(id);
    }

    public LabelView require(String id) {
        return lookUp.require(id);
    }

    public Page<LabelView> search(LabelQuery query, String cursor, int limit) {
        return searching.search(query, cursor, limit);
    }

    public List<StatusChange> history(String id) {
        return lookUp.history(id);
    }

    public LabelView view(LabelRecord r) {
        return views.of(r);
    }

    /** Verifies a label (compact JWS or scanned QR text) and reports its current status. */
    public VerifyAnswer verify(String input) {
        return verifying.verify(input);
    }

    public List<VerifyAnswer> verifyBatch(List<String> inputs) {
        return verifying.verifyBatch(inputs);
    }

    /** A status change asked by the operator, and the stored state it leads to. */
    public enum Action {
        REVOKE(LabelState.REVOKED),
        SUSPEND(LabelState.SUSPENDED),
        REINSTATE(LabelState.VALID);

        private final LabelState target;

        Action(LabelState target) {
            this.target = target;
        }

        public LabelState target() {
            return target;
        }
    }

    /**
     * Revokes, suspends or reinstates a label under the rules of {@link jp.jcstar.status.Transitions}.
     * Retries on concurrent changes, re-checking the rules each time.
     */
    public LabelView change(
            String id, Action action, RevocationReason reason, Instant effectiveAt, String actor, String note) {
        return writing(changing, "change a label's status").change(id, action, reason, effectiveAt, actor, note);
    }

    /** Result of a bulk revocation. */
    public record BulkResult(List<String> revoked, List<String> skipped) {}

    /**
     * Revokes exactly the labels {@code ids} (for {@link BulkRevocation}, which decides which ones with a
     * previewed, confirmed set); labels already revoked are skipped. Published lists are flushed once.
     */
    public BulkResult revokeEach(List<String> ids, RevocationReason reason, String actor, String note) {
        return writing(revoking, "revoke labels").revokeEach(ids, reason, actor, note);
    }

    /**
     * The daily sweep: stores {@code support-ended} / {@code expired} for labels whose dates have passed,
     * so status lists and exports carry them. Idempotent (labels already moved are left alone) and
     * resumable (it pages through the store; a crash just means the next run does the rest). All of it
     * at once: {@link #sweepStep} does it in bounded steps.
     *
     * @return how many labels it moved
     */
    public int sweep(Consumer<String> progress) {
        return writing(sweeping, "sweep").sweep(progress);
    }

    /** One step of a sweep: labels moved, and the cursor to continue from ({@code null}: the sweep is complete). */
    public record SweepStep(int moved, String next) {}

    /**
     * One bounded step of the sweep: visits at most {@code maxLabels} labels from {@code cursor}
     * ({@code null}: from the start), moves those whose dates have passed, republishes what changed,
     * and says where the next step starts. A sweep of any registry size is then a series of steps
     * that each fit a function's time limit; the cursor is opaque text to keep between them.
     *
     * @throws IllegalArgumentException on a cursor this method did not return
     */
    public SweepStep sweepStep(String cursor, int maxLabels, Consumer<String> progress) {
        return writing(sweeping, "sweep").sweepStep(cursor, maxLabels, progress);
    }
}
