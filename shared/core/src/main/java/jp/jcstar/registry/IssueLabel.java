package jp.jcstar.registry;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import jp.jcstar.label.Application;
import jp.jcstar.label.Confusables;
import jp.jcstar.label.LabelClaims;
import jp.jcstar.label.StatusRef;
import jp.jcstar.label.Text;
import jp.jcstar.signing.LabelSigner;
import jp.jcstar.store.LabelRecord;
import jp.jcstar.store.LabelStore;

/**
 * Issues a label for an application: checks it ({@link ApplicationRules}), refuses look-alike model
 * designations of other vendors, draws a registration number and a status slot, signs and stores.
 * Idempotent on the application id.
 */
public final class IssueLabel {
    private static final int ISSUE_ATTEMPTS = 40;
    private static final int ATTEMPTS_PER_LIST = 8;
    private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private final LabelStore store;
    private final LabelSigner signer;
    private final Clock clock;
    private final Registry.DeclarationPolicy declarations;
    private final LabelViews views;
    private final Supplier<Registry.ChangeListener> onChange;
    private final SecureRandom random = new SecureRandom();

    IssueLabel(
            LabelStore store,
            LabelSigner signer,
            Clock clock,
            Registry.DeclarationPolicy declarations,
            LabelViews views,
            Supplier<Registry.ChangeListener> onChange) {
        this.store = Objects.requireNonNull(store);
        this.signer = Objects.requireNonNull(signer);
        this.clock = Objects.requireNonNull(clock);
        this.declarations = Objects.requireNonNull(declarations);
        this.views = Objects.requireNonNull(views);
        this.onChange = Objects.requireNonNull(onChange);
    }

    /** See {@link Registry#issue(Application, Set)}. */
    public Registry.Issued issue(Application app, Set<String> confirmedLookAlikes) {
        Objects.requireNonNull(confirmedLookAlikes, "confirmedLookAlikes");
        List<ApplicationRejectedException.Failure> failures =
                ApplicationRules.check(app, clock.instant(), declarations);
        if (!failures.isEmpty()) throw new ApplicationRejectedException(failures);

        Optional<LabelRecord> existing = store.findByApplication(app.applicationId());
        if (existing.isPresent()) {
            // a retry after a failure past the insert (e.g. publishing) completes what that attempt left pending
            onChange.get().flush();
            return new Registry.Issued(sameApplicationOrRefuse(existing.get(), app), false);
        }
        refuseLookAlikes(app, confirmedLookAlikes);

        Instant now = clock.instant();
        String declarationJson = declarations.toJson(app);
        for (int attempt = 0; attempt < ISSUE_ATTEMPTS; attempt++) {
            StatusRef ref = new StatusRef(1 + attempt / ATTEMPTS_PER_LIST, random.nextInt(Registry.STATUS_LIST_SIZE));
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
                    Registry.ChangeListener listener = onChange.get();
                    listener.changed(record);
                    listener.flush();
                    return new Registry.Issued(views.of(record), true);
                }
                case LabelStore.InsertResult.DuplicateApplication d -> {
                    onChange.get().flush();
                    return new Registry.Issued(sameApplicationOrRefuse(d.existing(), app), false);
                }
                case LabelStore.InsertResult.Collision c -> {
                    // a taken id or status slot: draw again
                }
            }
        }
        throw new IllegalStateException("no free label id or status slot after " + ISSUE_ATTEMPTS + " attempts");
    }

    private void refuseLookAlikes(Application app, Set<String> confirmed) {
        String vendor = Text.searchKey(app.vendor());
        List<ConfusableModelException.LookAlike> found = new ArrayList<>();
        Map<String, Optional<LabelRecord>> read = new HashMap<>();
        for (String model : app.models()) {
            Set<String> seen = new HashSet<>();
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
        return views.of(existing);
    }

    private String newId(Instant now) {
        int yy = LocalDate.ofInstant(now, ZoneOffset.UTC).getYear() % 100;
        StringBuilder sb =
                new StringBuilder("JC").append(yy < 10 ? "0" : "").append(yy).append('-');
        for (int i = 0; i < 8; i++) sb.append(CROCKFORD[random.nextInt(32)]);
        return sb.toString();
    }
}
