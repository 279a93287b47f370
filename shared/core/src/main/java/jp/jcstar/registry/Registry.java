package jp.jcstar.registry;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import jp.jcstar.label.Application;
import jp.jcstar.label.Category;
import jp.jcstar.label.Confusables;
import jp.jcstar.label.LabelClaims;
import jp.jcstar.label.StatusRef;
import jp.jcstar.label.Text;
import jp.jcstar.qr.QrText;
import jp.jcstar.signing.LabelSigner;
import jp.jcstar.status.LabelState;
import jp.jcstar.status.RevocationReason;
import jp.jcstar.status.StatusChange;
import jp.jcstar.store.LabelQuery;
import jp.jcstar.store.LabelRecord;
import jp.jcstar.store.LabelStore;
import jp.jcstar.store.Page;
import jp.jcstar.verify.LabelVerifier;
import jp.jcstar.verify.Verification;

/**
 * The registry's use cases: issue, look up, search, verify, and change the status of labels. Free of
 * AWS types: it works on the ports, so the Lambda functions and the laptop server share it. Thread-safe.
 */
public final class Registry {
    /** Entries per status list: 2^17, the herd a label's status hides in. */
    public static final int STATUS_LIST_SIZE = 131_072;

    private static final int ISSUE_ATTEMPTS = 40;
    private static final int ATTEMPTS_PER_LIST = 8;
    private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private final LabelStore store;
    private final LabelSigner signer;
    private final LabelVerifier verifier;
    private final Clock clock;
    private final String siteBase;
    private final DeclarationPolicy declarations;
    private final SecureRandom random = new SecureRandom();
    private volatile ChangeListener onChange = r -> {};
    private volatile KeyWithdrawals withdrawals = KeyWithdrawals.NONE;

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
        this.signer = writable ? Objects.requireNonNull(signer) : null;
        this.verifier = Objects.requireNonNull(verifier);
        this.clock = Objects.requireNonNull(clock);
        this.siteBase = Objects.requireNonNull(siteBase);
        this.declarations = writable ? Objects.requireNonNull(declarations) : null;
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
        return signer != null;
    }

    private void requireWritable(String what) {
        if (signer == null)
            throw new IllegalStateException("this registry is read-only (no signing key): cannot " + what);
    }

    /** Called after every issuance and status change (e.g. to republish the status list). */
    public void onChange(ChangeListener listener) {
        this.onChange = Objects.requireNonNull(listener);
    }

    /** Consulted by {@link #verify} for every label whose signature verified (withdrawn, compromised keys). */
    public void withdrawals(KeyWithdrawals w) {
        this.withdrawals = Objects.requireNonNull(w);
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
        return issue(app, java.util.Set.of());
    }

    /**
     * As {@link #issue(Application)}, and refuses a model designation confusable with one already issued
     * to another vendor ({@link ConfusableModelException}, naming the look-alikes) unless
     * {@code confirmedLookAlikes} names that existing designation exactly. The same vendor (compared by
     * {@link Text#searchKey}) re-using its own designation, or the identical designation, is not refused.
     */
    public Issued issue(Application app, java.util.Set<String> confirmedLookAlikes) {
        requireWritable("issue labels");
        Objects.requireNonNull(confirmedLookAlikes, "confirmedLookAlikes");
        List<ApplicationRejectedException.Failure> failures = checkFields(app);
        if (app.supportEnd() != null
                && !StatusRules.supportEndsAt(app.supportEnd()).isAfter(clock.instant())) {
            failures.add(
                    fail("supportEnd", "the support period has already ended; a label promises support still to come"));
        }
        failures.addAll(declarations.check(app));
        if (!failures.isEmpty()) throw new ApplicationRejectedException(failures);

        Optional<LabelRecord> existing = store.findByApplication(app.applicationId());
        if (existing.isPresent()) {
            // a retry after a failure past the insert (e.g. publishing) completes what that attempt left pending
            onChange.flush();
            return new Issued(sameApplicationOrRefuse(existing.get(), app), false);
        }
        refuseLookAlikes(app, confirmedLookAlikes);

        Instant now = clock.instant();
        String declarationJson = declarations.toJson(app);
        for (int attempt = 0; attempt < ISSUE_ATTEMPTS; attempt++) {
            StatusRef ref = new StatusRef(1 + attempt / ATTEMPTS_PER_LIST, random.nextInt(STATUS_LIST_SIZE));
            LabelClaims claims = new LabelClaims(
                    newId(now),
                    app.level(),
                    app.models(),
                    app.product(),
                    app.vendor(),
                    app.category(),
                    app.supportEnd(),
                    now,
                    now.plus(LabelClaims.MAX_VALIDITY),
                    ref);
            LabelRecord record = LabelRecord.issued(app.applicationId(), claims, signer.sign(claims), declarationJson);
            switch (store.insert(record)) {
                case LabelStore.InsertResult.Inserted i -> {
                    onChange.changed(record);
                    onChange.flush();
                    return new Issued(view(record), true);
                }
                case LabelStore.InsertResult.DuplicateApplication d -> {
                    onChange.flush();
                    return new Issued(sameApplicationOrRefuse(d.existing(), app), false);
                }
                case LabelStore.InsertResult.Collision c -> {
                    // a taken id or status slot: draw again
                }
            }
        }
        throw new IllegalStateException("no free label id or status slot after " + ISSUE_ATTEMPTS + " attempts");
    }

    private void refuseLookAlikes(Application app, java.util.Set<String> confirmed) {
        String vendor = Text.searchKey(app.vendor());
        List<ConfusableModelException.LookAlike> found = new ArrayList<>();
        java.util.Map<String, Optional<LabelRecord>> read = new java.util.HashMap<>();
        for (String model : app.models()) {
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (String skeleton : Confusables.skeletons(model)) {
                for (String id : store.labelIdsWithModelSkeleton(skeleton)) {
                    Optional<LabelRecord> other = read.computeIfAbsent(id, store::get);
                    if (other.isEmpty()
                            || Text.searchKey(other.get().claims().vendor()).equals(vendor)) continue;
                    for (String existing : other.get().claims().models()) {
                        if (existing.equals(model)
                                || confirmed.contains(existing)
                                || !Confusables.confusable(model, existing)) continue;
                        if (seen.add(existing + "\u0000" + id))
                            found.add(new ConfusableModelException.LookAlike(model, existing, id));
                    }
                }
            }
        }
        if (!found.isEmpty()) throw new ConfusableModelException(found);
    }

    private LabelView sameApplicationOrRefuse(LabelRecord existing, Application app) {
        LabelClaims c = existing.claims();
        boolean same = c.level() == app.level()
                && c.models().equals(app.models())
                && c.product().equals(app.product())
                && c.vendor().equals(app.vendor())
                && c.category().equals(app.category())
                && c.supportEnd().equals(app.supportEnd());
        if (!same) {
            throw new ApplicationRejectedException(List.of(new ApplicationRejectedException.Failure(
                    "applicationId",
                    "application-id-reused",
                    "application " + app.applicationId() + " was already issued as " + existing.id()
                            + " with different content")));
        }
        return view(existing);
    }

    /** Every field rule of {@link LabelClaims}, collected rather than stopping at the first. */
    static List<ApplicationRejectedException.Failure> checkFields(Application a) {
        List<ApplicationRejectedException.Failure> f = new ArrayList<>();
        if (a.level() < 1 || a.level() > 4) f.add(fail("level", "level must be 1, 2, 3 or 4"));
        if (a.models() == null || a.models().isEmpty()) {
            f.add(fail("models", "name at least one model designation"));
        } else {
            if (a.models().size() > LabelClaims.MAX_MODELS)
                f.add(fail("models", "at most " + LabelClaims.MAX_MODELS + " model designations"));
            for (int i = 0; i < a.models().size(); i++) {
                if (!Text.isCleanModel(a.models().get(i), LabelClaims.MAX_MODEL)) {
                    f.add(fail(
                            "models[" + i + "]",
                            "a model designation is 1–" + LabelClaims.MAX_MODEL
                                    + " letters, digits, spaces and - _ . / ( ) + # & : , '"
                                    + " (Latin or Japanese script, no combining marks or symbols) on one line"));
                }
            }
            if (a.models().stream().distinct().count() != a.models().size())
                f.add(fail("models", "model designations must be distinct"));
        }
        if (!Text.isCleanLine(a.product(), LabelClaims.MAX_TEXT))
            f.add(fail("product", "product is 1–" + LabelClaims.MAX_TEXT + " printable characters on one line"));
        if (!Text.isCleanLine(a.vendor(), LabelClaims.MAX_TEXT))
            f.add(fail("vendor", "vendor is 1–" + LabelClaims.MAX_TEXT + " printable characters on one line"));
        if (a.category() == null || !Category.isKnown(a.category()))
            f.add(fail("category", "category must be one of " + Category.codes()));
        if (a.supportEnd() == null) {
            f.add(fail("supportEnd", "supportEnd (YYYY-MM-DD) is required"));
        } else if (a.supportEnd().getYear() > 2199) {
            f.add(fail("supportEnd", "supportEnd is implausibly far in the future"));
        }
        return f;
    }

    private static ApplicationRejectedException.Failure fail(String field, String message) {
        return new ApplicationRejectedException.Failure(field, "invalid-field", message);
    }

    private String newId(Instant now) {
        int yy = LocalDate.ofInstant(now, ZoneOffset.UTC).getYear() % 100;
        StringBuilder sb =
                new StringBuilder("JC").append(yy < 10 ? "0" : "").append(yy).append('-');
        for (int i = 0; i < 8; i++) sb.append(CROCKFORD[random.nextInt(32)]);
        return sb.toString();
    }

    public Optional<LabelView> get(String id) {
        if (id == null) return Optional.empty();
        Optional<LabelView> exact =
                LabelClaims.ID.matcher(id).matches() ? store.get(id).map(this::view) : Optional.empty();
        if (exact.isPresent()) return exact;
        // the registration number as typed from a printed label (lower case, full-width, no hyphen, O for 0)
        Optional<String> typed =
                jp.jcstar.label.RegistrationNumber.canonical(id).filter(c -> !c.equals(id));
        return typed.isEmpty() ? Optional.empty() : store.get(typed.get()).map(this::view);
    }

    public LabelView require(String id) {
        return get(id).orElseThrow(() -> new LabelNotFoundException(id));
    }

    public Page<LabelView> search(LabelQuery query, String cursor, int limit) {
        Page<LabelRecord> page = store.search(query, cursor, limit);
        return new Page<>(page.items().stream().map(this::view).toList(), page.next());
    }

    public List<StatusChange> history(String id) {
        require(id); // validates the id form before the store sees it
        return store.history(id);
    }

    public LabelView view(LabelRecord r) {
        Instant now = clock.instant();
        LabelState eff = StatusRules.effective(r.state(), r.claims(), now);
        Instant at = eff == r.state() ? r.stateEffectiveAt() : StatusRules.dateEffectiveAt(eff, r.claims());
        if (eff == LabelState.VALID) at = null;
        RevocationReason reason = eff == LabelState.SUPPORT_ENDED
                ? RevocationReason.SUPPORT_ENDED
                : (eff == LabelState.REVOKED || eff == LabelState.SUSPENDED) ? r.reason() : null;
        return new LabelView(r, eff, reason, at, QrText.ofCompactHeader(siteBase, r.jws()));
    }

    /** Verifies a label (compact JWS or scanned QR text) and reports its current status. */
    public VerifyAnswer verify(String input) {
        // the compact QR form names only the registration number: verify the label stored under it
        Optional<String> number = QrText.registrationNumber(input);
        if (number.isPresent()) {
            Optional<LabelRecord> held = store.get(number.get());
            if (held.isEmpty())
                return new VerifyAnswer(
                        false,
                        LabelState.UNKNOWN,
                        null,
                        "this registry holds no label with this registration number",
                        null,
                        null);
            input = held.get().jws();
        }
        Verification v = verifier.verify(input);
        if (v instanceof Verification.Rejected rej) {
            return new VerifyAnswer(false, LabelState.INVALID, rej.reason().code(), rej.detail(), null, null);
        }
        var ok = (Verification.Verified) v;
        var key = withdrawals.decide(ok.kid(), ok.claims().id(), ok.jws());
        if (!key.accepted()) {
            LabelState s = jp.jcstar.log.KeyStatusCheck.KEY_COMPROMISED.equals(key.reason())
                    ? LabelState.INVALID
                    : LabelState.UNKNOWN;
            return new VerifyAnswer(false, s, key.reason(), key.detail(), null, null);
        }
        Optional<LabelRecord> stored = store.get(ok.claims().id());
        if (stored.isEmpty() || !stored.get().claims().equals(ok.claims())) {
            return new VerifyAnswer(
                    false,
                    LabelState.UNKNOWN,
                    null,
                    "genuine signature, but this registry holds no such label",
                    null,
                    ok.claims());
        }
        LabelView view = view(stored.get());
        boolean valid = view.status() == LabelState.VALID;
        return new VerifyAnswer(
                valid,
                view.status(),
                view.reason() == null ? null : view.reason().code(),
                valid ? key.note() : describe(view),
                view.statusEffectiveAt(),
                ok.claims());
    }

    private static String describe(LabelView v) {
        return switch (v.status()) {
            case REVOKED -> "revoked by the operator";
            case SUSPENDED -> "suspended by the operator";
            case SUPPORT_ENDED -> "the security support period has ended";
            case EXPIRED -> "the label's validity has ended";
            default -> null;
        };
    }

    public List<VerifyAnswer> verifyBatch(List<String> inputs) {
        return inputs.stream().map(this::verify).toList();
    }

    /** A status change asked by the operator. */
    public enum Action {
        REVOKE,
        SUSPEND,
        REINSTATE
    }

    /**
     * Revokes, suspends or reinstates a label. Revocation is final; suspension only applies to a valid
     * (or already suspended, to change its reason) label; only a suspended label can be reinstated.
     * Retries on concurrent changes, re-checking the rules each time.
     */
    public LabelView change(
            String id, Action action, RevocationReason reason, Instant effectiveAt, String actor, String note) {
        requireWritable("change a label's status");
        LabelView v;
        try {
            v = changeOne(id, action, reason, effectiveAt, actor, note);
        } catch (TransitionRefusedException e) {
            // typically the retry of a revocation whose publication failed: the state is stored, the
            // list may still be pending, so publish before refusing
            onChange.flush();
            throw e;
        }
        onChange.flush();
        return v;
    }

    private LabelView changeOne(
            String id, Action action, RevocationReason reason, Instant effectiveAt, String actor, String note) {
        Objects.requireNonNull(actor, "actor");
        // an id that cannot be a label id is not looked up: some stores refuse odd keys with an error (DynamoDB: > 2
        // KB)
        if (id == null || !LabelClaims.ID.matcher(id).matches()) throw new LabelNotFoundException(id);
        if (action != Action.REINSTATE && reason == null)
            throw new IllegalArgumentException("a reason code is required");
        if (action == Action.SUSPEND && reason == RevocationReason.SUPPORT_ENDED) {
            throw new IllegalArgumentException("support-ended is a revocation reason, not a suspension reason");
        }
        if (action == Action.REVOKE && !StatusRules.isRevocationReason(reason)) {
            throw new IllegalArgumentException(reason.code()
                    + " is a suspension reason, not a revocation reason: suspend the label while it is investigated");
        }
        for (int attempt = 0; attempt < 10; attempt++) {
            LabelRecord current = store.get(id).orElseThrow(() -> new LabelNotFoundException(id));
            Instant now = clock.instant();
            Instant when = effectiveAt == null ? now : effectiveAt;
            LabelState from = current.state();
            LabelState to = switch (action) {
                case REVOKE -> {
                    if (from == LabelState.REVOKED)
                        throw new TransitionRefusedException(
                                "label " + id + " is already revoked; revocation is final");
                    yield LabelState.REVOKED;
                }
                case SUSPEND -> {
                    if (from == LabelState.REVOKED)
                        throw new TransitionRefusedException("label " + id + " is revoked; revocation is final");
                    if (from != LabelState.VALID && from != LabelState.SUSPENDED) {
                        throw new TransitionRefusedException(
                                "label " + id + " is " + from.code() + "; only a valid label can be suspended");
                    }
                    yield LabelState.SUSPENDED;
                }
                case REINSTATE -> {
                    if (from != LabelState.SUSPENDED)
                        throw new TransitionRefusedException(
                                "label " + id + " is " + from.code() + "; only a suspended label can be reinstated");
                    yield LabelState.VALID;
                }
            };
            if (action == Action.SUSPEND && from == LabelState.SUSPENDED) {
                // a repeat is idempotent: the date shoppers see stays the original one; only a new reason is recorded
                if (current.reason() == reason) return view(current);
                when = current.stateEffectiveAt();
            }
            LabelRecord updated = current.withStatus(to, action == Action.REINSTATE ? null : reason, when, now);
            try {
                store.updateStatus(updated, new StatusChange(id, from, to, updated.reason(), when, now, actor, note));
                onChange.changed(updated);
                return view(updated);
            } catch (LabelStore.ConcurrentUpdateException e) {
                // someone else changed it: read again and re-apply the rules
            }
        }
        throw new IllegalStateException("label " + id + " keeps changing; gave up after 10 attempts");
    }

    /** Result of a bulk revocation. */
    public record BulkResult(List<String> revoked, List<String> skipped) {}

    /**
     * Revokes exactly the labels {@code ids} (for {@link BulkRevocation}, which decides which ones with a
     * previewed, confirmed set); labels already revoked are skipped. Published lists are flushed once.
     */
    public BulkResult revokeEach(List<String> ids, RevocationReason reason, String actor, String note) {
        requireWritable("revoke labels");
        List<String> done = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        try {
            for (String id : ids) {
                try {
                    changeOne(id, Action.REVOKE, reason, null, actor, note);
                    done.add(id);
                } catch (TransitionRefusedException e) {
                    skipped.add(id);
                }
            }
        } finally {
            onChange.flush(); // what was revoked before a failure is published too
        }
        return new BulkResult(done, skipped);
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
        int moved = 0;
        String cursor = null;
        do {
            SweepStep step = sweepStep(cursor, Integer.MAX_VALUE, progress);
            moved += step.moved();
            cursor = step.next();
        } while (cursor != null);
        return moved;
    }

    /** One step of a sweep: labels moved, and the cursor to continue from ({@code null}: the sweep is complete). */
    public record SweepStep(int moved, String next) {}

    /** The stored states a sweep visits, in order. */
    private static final List<LabelState> SWEPT = List.of(LabelState.VALID, LabelState.SUSPENDED);

    /**
     * One bounded step of the sweep: visits at most {@code maxLabels} labels from {@code cursor}
     * ({@code null}: from the start), moves those whose dates have passed, republishes what changed,
     * and says where the next step starts. A sweep of any registry size is then a series of steps
     * that each fit a function's time limit; the cursor is opaque text to keep between them.
     *
     * @throws IllegalArgumentException on a cursor this method did not return
     */
    public SweepStep sweepStep(String cursor, int maxLabels, Consumer<String> progress) {
        requireWritable("sweep");
        if (maxLabels < 1) throw new IllegalArgumentException("a sweep step visits at least one label");
        int state = 0;
        String storeCursor = null;
        if (cursor != null) {
            int colon = cursor.indexOf(':');
            state = colon < 0
                    ? -1
                    : SWEPT.stream().map(LabelState::code).toList().indexOf(cursor.substring(0, colon));
            if (state < 0) throw new IllegalArgumentException("not a sweep cursor: " + cursor);
            storeCursor = colon + 1 == cursor.length() ? null : cursor.substring(colon + 1);
        }
        int moved = 0, seen = 0;
        String next = null;
        while (state < SWEPT.size() && next == null) {
            LabelState stored = SWEPT.get(state);
            do {
                Page<LabelRecord> page = store.search(
                        new LabelQuery(null, null, null, null, null, stored),
                        storeCursor,
                        Math.min(500, maxLabels - seen));
                for (LabelRecord r : page.items()) {
                    seen++;
                    if (moveIfDue(r, stored, progress)) moved++;
                }
                storeCursor = page.next();
            } while (storeCursor != null && seen < maxLabels);
            if (storeCursor != null) {
                next = stored.code() + ":" + storeCursor;
            } else {
                state++;
                if (seen >= maxLabels && state < SWEPT.size())
                    next = SWEPT.get(state).code() + ":";
            }
        }
        onChange.flush();
        return new SweepStep(moved, next);
    }

    private boolean moveIfDue(LabelRecord r, LabelState stored, Consumer<String> progress) {
        if (stored == LabelState.SUSPENDED && !StatusRules.supportEnded(r.claims(), clock.instant())) return false;
        LabelState eff = StatusRules.effective(LabelState.VALID, r.claims(), clock.instant());
        if (eff == LabelState.VALID) return false;
        try {
            LabelRecord updated = r.withStatus(
                    eff,
                    eff == LabelState.SUPPORT_ENDED ? RevocationReason.SUPPORT_ENDED : null,
                    StatusRules.dateEffectiveAt(eff, r.claims()),
                    clock.instant());
            store.updateStatus(
                    updated,
                    new StatusChange(
                            r.id(),
                            r.state(),
                            eff,
                            updated.reason(),
                            updated.stateEffectiveAt(),
                            clock.instant(),
                            "system:sweep",
                            null));
            onChange.changed(updated);
            if (progress != null) progress.accept(r.id() + " -> " + eff.code());
            return true;
        } catch (LabelStore.ConcurrentUpdateException e) {
            // changed meanwhile (e.g. revoked): the next run sees the new state
            return false;
        }
    }
}
