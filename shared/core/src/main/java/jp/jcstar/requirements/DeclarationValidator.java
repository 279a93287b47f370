package jp.jcstar.requirements;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Checks a vendor's {@link Declaration} against the catalogue for a claimed star level and returns
 * every failure found (never only the first), in a stable order: per answer in input order, then
 * missing answers in catalogue order, then the evaluation.
 *
 * <p>Rules:
 * <ul>
 *   <li>Every requirement of {@link #requiredFor(int)} must be answered ({@value #MISSING_ANSWER}).</li>
 *   <li>Every answer names a known requirement ({@value #UNKNOWN_REQUIREMENT}), at most once
 *       ({@value #DUPLICATE_ANSWER}), has a verdict ({@value #MISSING_VERDICT}) and a non-blank
 *       justification ({@value #MISSING_JUSTIFICATION}) — for {@code conforms} as well as
 *       {@code not-applicable}, as requirement 18-5 asks a recorded justification; evidence entries
 *       must not be blank ({@value #BLANK_EVIDENCE}). Answers to requirements outside the required
 *       set are allowed (a vendor may declare more than it must) and checked the same way.</li>
 *   <li>☆2 and above rest on a third-party evaluation: the declaration needs an evaluation with a
 *       non-blank body and report id ({@value #MISSING_EVALUATION}, {@value #MISSING_EVALUATION_BODY},
 *       {@value #MISSING_EVALUATION_REPORT_ID}). A ☆1 declaration may carry one; it is not checked.</li>
 * </ul>
 *
 * <p><b>Which requirements ☆2–☆4 need:</b> the seed document marks only the ☆1 set (✓); it does not
 * say which rows belong to the higher levels, which the scheme defines per product category. Until
 * those lists are in the catalogue, every level requires at least the ☆1 set, and the third-party
 * evaluation is what distinguishes ☆2+.
 */
public final class DeclarationValidator {
    public static final int MIN_STAR_LEVEL = 1;
    public static final int MAX_STAR_LEVEL = 4;

    public static final String INVALID_STAR_LEVEL = "invalid-star-level";
    public static final String MISSING_DECLARATION = "missing-declaration";
    public static final String MISSING_REQUIREMENT_ID = "missing-requirement-id";
    public static final String UNKNOWN_REQUIREMENT = "unknown-requirement";
    public static final String DUPLICATE_ANSWER = "duplicate-answer";
    public static final String MISSING_VERDICT = "missing-verdict";
    public static final String MISSING_JUSTIFICATION = "missing-justification";
    public static final String BLANK_EVIDENCE = "blank-evidence";
    public static final String MISSING_ANSWER = "missing-answer";
    public static final String MISSING_EVALUATION = "missing-evaluation";
    public static final String MISSING_EVALUATION_BODY = "missing-evaluation-body";
    public static final String MISSING_EVALUATION_REPORT_ID = "missing-evaluation-report-id";

    /**
     * One failure.
     *
     * @param subject the requirement id (e.g. {@code 2-1}) or, where no id applies, the field
     *                ({@code starLevel}, {@code declaration}, {@code answers[3].requirement},
     *                {@code evaluation}, {@code evaluation.body}, {@code evaluation.reportId})
     * @param code    a stable machine-readable code, one of the constants of {@link DeclarationValidator}
     * @param message a human-readable sentence
     */
    public record Failure(String subject, String code, String message) {}

    private final RequirementsCatalogue catalogue;

    public DeclarationValidator(RequirementsCatalogue catalogue) {
        this.catalogue = Objects.requireNonNull(catalogue);
    }

    /** A validator over the shipped catalogue. */
    public static DeclarationValidator standard() {
        return new DeclarationValidator(RequirementsCatalogue.get());
    }

    /**
     * The requirements a declaration for the given level must answer: the ☆1 set for every level
     * (see the class comment for why ☆2+ add no rows yet).
     *
     * @throws IllegalArgumentException if the level is not 1–4
     */
    public List<Requirement> requiredFor(int starLevel) {
        if (starLevel < MIN_STAR_LEVEL || starLevel > MAX_STAR_LEVEL) {
            throw new IllegalArgumentException("star level must be 1 to 4, not " + starLevel);
        }
        return catalogue.starOne();
    }

    /** Every failure of the declaration for the claimed level; empty when it is acceptable. */
    public List<Failure> validate(int starLevel, Declaration declaration) {
        List<Failure> failures = new ArrayList<>();
        if (starLevel < MIN_STAR_LEVEL || starLevel > MAX_STAR_LEVEL) {
            failures.add(new Failure("starLevel", INVALID_STAR_LEVEL, "star level must be 1 to 4, not " + starLevel));
            return failures;
        }
        if (declaration == null) {
            failures.add(new Failure("declaration", MISSING_DECLARATION, "a declaration is required"));
            return failures;
        }

        Set<String> answered = new HashSet<>();
        List<Declaration.Answer> answers = declaration.answers();
        for (int i = 0; i < answers.size(); i++) {
            Declaration.Answer a = answers.get(i);
            String field = "answers[" + i + "]";
            if (a == null || isBlank(a.requirement())) {
                failures.add(new Failure(
                        field + ".requirement", MISSING_REQUIREMENT_ID, field + " does not name a requirement"));
                continue;
            }
            String id = a.requirement();
            if (catalogue.byId(id).isEmpty()) {
                failures.add(new Failure(
                        id,
                        UNKNOWN_REQUIREMENT,
                        field + " answers " + id + ", which is not a requirement of the catalogue"));
                continue;
            }
            if (!answered.add(id)) {
                failures.add(new Failure(
                        id,
                        DUPLICATE_ANSWER,
                        "requirement " + id + " is answered more than once (again in " + field + ")"));
                continue;
            }
            if (a.verdict() == null) {
                failures.add(new Failure(
                        id, MISSING_VERDICT, "requirement " + id + " needs a verdict: conforms or not-applicable"));
            }
            if (isBlank(a.justification())) {
                String verdict = a.verdict() == null
                        ? "the answer"
                        : "the " + a.verdict().code() + " answer";
                failures.add(new Failure(
                        id,
                        MISSING_JUSTIFICATION,
                        verdict + " to requirement " + id + " needs a justification (requirement 18-5)"));
            }
            if (a.evidence().stream().anyMatch(DeclarationValidator::isBlank)) {
                failures.add(new Failure(id, BLANK_EVIDENCE, "requirement " + id + " lists a blank evidence entry"));
            }
        }

        for (Requirement r : requiredFor(starLevel)) {
            if (!answered.contains(r.id())) {
                failures.add(new Failure(
                        r.id(),
                        MISSING_ANSWER,
                        "a ☆" + starLevel + " declaration must answer requirement " + r.id() + " ("
                                + r.category().name() + ")"));
            }
        }

        if (starLevel >= 2) {
            Declaration.Evaluation e = declaration.evaluation();
            if (e == null) {
                failures.add(new Failure(
                        "evaluation",
                        MISSING_EVALUATION,
                        "a ☆" + starLevel
                                + " label rests on a third-party evaluation: give the evaluation body and report id"));
            } else {
                if (isBlank(e.body())) {
                    failures.add(new Failure(
                            "evaluation.body",
                            MISSING_EVALUATION_BODY,
                            "the evaluation needs the name of the evaluation body"));
                }
                if (isBlank(e.reportId())) {
                    failures.add(new Failure(
                            "evaluation.reportId",
                            MISSING_EVALUATION_REPORT_ID,
                            "the evaluation needs the evaluation report id"));
                }
            }
        }
        return List.copyOf(failures);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
