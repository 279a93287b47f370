package jp.jcstar.registry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import jp.jcstar.label.Application;
import jp.jcstar.label.LabelFields;
import jp.jcstar.status.StatusRules;

/**
 * The rules an application must pass before a label is issued — the same ones {@link Registry#issue}
 * applies: every field ({@link #fields}, the rules of {@link LabelFields}), a support period still to come, and the scheme's
 * declaration rules. For issuers outside the registry ({@code jcstar issue}), so that an offline label
 * is never one the registry would have refused.
 */
public final class ApplicationRules {
    private ApplicationRules() {}

    /** Every failure, empty when {@code app} may be issued at {@code now}. */
    public static List<ApplicationRejectedException.Failure> check(
            Application app, Instant now, Registry.DeclarationPolicy declarations) {
        List<ApplicationRejectedException.Failure> failures = fields(app);
        if (app.supportEnd() != null
                && !StatusRules.supportEndsAt(app.supportEnd()).isAfter(now)) {
            failures.add(new ApplicationRejectedException.Failure(
                    "supportEnd",
                    "invalid-field",
                    "the support period has already ended; a label promises support still to come"));
        }
        failures.addAll(declarations.check(app));
        return failures;
    }

    /** Every field rule of {@link LabelFields} an application breaks, collected rather than stopping at the first. */
    static List<ApplicationRejectedException.Failure> fields(Application a) {
        List<ApplicationRejectedException.Failure> out = new ArrayList<>();
        for (LabelFields.Violation v : LabelFields.check(
                LabelFields.Strictness.APPLICATION,
                a.level(),
                a.models(),
                a.product(),
                a.vendor(),
                a.category(),
                a.supportEnd())) {
            out.add(new ApplicationRejectedException.Failure(
                    v.applicationField(), "invalid-field", v.applicationMessage()));
        }
        return out;
    }
}
