package jp.jcstar.label;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The field rules of a label, in one place: {@link LabelClaims} enforces them on every label it is
 * given (stopping at the first), the registry collects all of them for an application before it issues.
 * An application is held to two rules more than a label already signed ({@link Strictness#APPLICATION}):
 * model designations in the scheme's character set ({@link Text#isCleanModel}) and a plausible support
 * end; a signed label is only refused what no label may hold. Each {@link Violation} has the wording of
 * both audiences: the label format's ({@link Violation#labelMessage}, which verifiers report) and the
 * applicant's ({@link Violation#applicationMessage}).
 */
public final class LabelFields {
    private LabelFields() {}

    /** How strict the rules are. */
    public enum Strictness {
        /** What no signed label may hold. */
        LABEL,
        /** What the registry issues: {@link #LABEL}, and clean model designations and a plausible support end. */
        APPLICATION
    }

    /** A broken rule. */
    public enum Rule {
        LEVEL,
        NO_MODEL,
        TOO_MANY_MODELS,
        MODEL_TEXT,
        DUPLICATE_MODELS,
        PRODUCT_TEXT,
        VENDOR_TEXT,
        CATEGORY,
        NO_SUPPORT_END,
        SUPPORT_END_TOO_FAR
    }

    /**
     * A broken {@code rule} of {@code field}; {@code index} is the model designation's position for
     * {@link Rule#MODEL_TEXT}, else -1.
     */
    public record Violation(String field, Rule rule, int index) {
        /** The field as an applicant sees it: {@code models[2]} for one designation. */
        public String applicationField() {
            return index < 0 ? field : field + "[" + index + "]";
        }

        /** The label format's wording, as {@link InvalidLabelException} carries it. */
        public String labelMessage() {
            return field + " "
                    + switch (rule) {
                        case LEVEL -> "must be 1, 2, 3 or 4";
                        case NO_MODEL -> "must name at least one model";
                        case TOO_MANY_MODELS -> "at most " + LabelClaims.MAX_MODELS + " models";
                        case MODEL_TEXT ->
                            "each model designation must be 1–" + LabelClaims.MAX_MODEL + " printable characters";
                        case DUPLICATE_MODELS -> "model designations must be distinct";
                        case PRODUCT_TEXT, VENDOR_TEXT -> "must be 1–" + LabelClaims.MAX_TEXT + " printable characters";
                        case CATEGORY -> "must be one of " + Category.codes();
                        case NO_SUPPORT_END -> "is required";
                        case SUPPORT_END_TOO_FAR -> "is implausibly far in the future";
                    };
        }

        /** The applicant's wording. */
        public String applicationMessage() {
            return switch (rule) {
                case LEVEL -> "level must be 1, 2, 3 or 4";
                case NO_MODEL -> "name at least one model designation";
                case TOO_MANY_MODELS -> "at most " + LabelClaims.MAX_MODELS + " model designations";
                case MODEL_TEXT ->
                    "a model designation is 1–" + LabelClaims.MAX_MODEL
                            + " letters, digits, spaces and - _ . / ( ) + # & : , '"
                            + " (Latin or Japanese script, no combining marks or symbols) on one line";
                case DUPLICATE_MODELS -> "model designations must be distinct";
                case PRODUCT_TEXT -> "product is 1–" + LabelClaims.MAX_TEXT + " printable characters on one line";
                case VENDOR_TEXT -> "vendor is 1–" + LabelClaims.MAX_TEXT + " printable characters on one line";
                case CATEGORY -> "category must be one of " + Category.codes();
                case NO_SUPPORT_END -> "supportEnd (YYYY-MM-DD) is required";
                case SUPPORT_END_TOO_FAR -> "supportEnd is implausibly far in the future";
            };
        }
    }

    /** The last year a support period may end in an application. */
    public static final int LAST_SUPPORT_YEAR = 2199;

    /** Every broken rule, in the order of the fields; empty when the fields may form a label. */
    public static List<Violation> check(
            Strictness strictness,
            int level,
            List<String> models,
            String product,
            String vendor,
            String category,
            LocalDate supportEnd) {
        boolean application = strictness == Strictness.APPLICATION;
        List<Violation> out = new ArrayList<>();
        if (level < 1 || level > 4) out.add(new Violation("level", Rule.LEVEL, -1));
        if (models == null || models.isEmpty()) {
            out.add(new Violation("models", Rule.NO_MODEL, -1));
        } else {
            if (models.size() > LabelClaims.MAX_MODELS) out.add(new Violation("models", Rule.TOO_MANY_MODELS, -1));
            for (int i = 0; i < models.size(); i++) {
                String m = models.get(i);
                boolean clean = application
                        ? Text.isCleanModel(m, LabelClaims.MAX_MODEL)
                        : Text.isCleanLine(m, LabelClaims.MAX_MODEL);
                if (!clean) out.add(new Violation("models", Rule.MODEL_TEXT, application ? i : -1));
            }
            if (models.stream().distinct().count() != models.size())
                out.add(new Violation("models", Rule.DUPLICATE_MODELS, -1));
        }
        if (!Text.isCleanLine(product, LabelClaims.MAX_TEXT)) out.add(new Violation("product", Rule.PRODUCT_TEXT, -1));
        if (!Text.isCleanLine(vendor, LabelClaims.MAX_TEXT)) out.add(new Violation("vendor", Rule.VENDOR_TEXT, -1));
        if (category == null || !Category.isKnown(category)) out.add(new Violation("category", Rule.CATEGORY, -1));
        if (supportEnd == null) {
            out.add(new Violation("supportEnd", Rule.NO_SUPPORT_END, -1));
        } else if (application && supportEnd.getYear() > LAST_SUPPORT_YEAR) {
            out.add(new Violation("supportEnd", Rule.SUPPORT_END_TOO_FAR, -1));
        }
        return out;
    }
}
