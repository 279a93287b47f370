package jp.jcstar.label;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The signed content of a JC-STAR label (payload of the compact JWS), format version 1.
 * Immutable; the constructor enforces every rule of {@code docs/label-format.md}, so an
 * instance is always a well-formed label. Times are whole seconds (JWT NumericDate).
 *
 * @param id           registration number, e.g. {@code JC26-4F7K2M9Q}
 * @param level        star level 1–4
 * @param models       model designations covered (requirement 3-14), one or more, distinct
 * @param product      product name (UTF-8, Japanese allowed)
 * @param vendor       vendor name
 * @param category     product category code (see {@link Category})
 * @param supportEnd   last day of the security support period (requirement 17-8), JST date
 * @param issuedAt     issue time
 * @param validUntil   end of label validity, at most {@link #MAX_VALIDITY} after issue
 * @param status       reference to the label's entry in the status list
 */
public record LabelClaims(
        String id,
        int level,
        List<String> models,
        String product,
        String vendor,
        String category,
        LocalDate supportEnd,
        Instant issuedAt,
        Instant validUntil,
        StatusRef status) {

    public static final int FORMAT_VERSION = 1;
    /** JC-STAR labels are valid for at most two years from issue. */
    public static final Duration MAX_VALIDITY = Duration.ofDays(731);

    public static final int MAX_MODELS = 20;
    public static final int MAX_TEXT = 100;
    public static final int MAX_MODEL = 40;
    public static final Pattern ID = Pattern.compile("[A-Z0-9][A-Z0-9-]{2,31}");

    public LabelClaims {
        require(id != null && ID.matcher(id).matches(), "id", "must match " + ID.pattern());
        // every field rule (LabelFields), the first broken one reported; a list holding null fails here, not in copyOf
        List<LabelFields.Violation> broken =
                LabelFields.check(LabelFields.Strictness.LABEL, level, models, product, vendor, category, supportEnd);
        if (!broken.isEmpty())
            throw new InvalidLabelException(broken.get(0).field(), broken.get(0).labelMessage());
        models = List.copyOf(models);
        require(issuedAt != null, "issuedAt", "is required");
        require(validUntil != null, "validUntil", "is required");
        issuedAt = issuedAt.truncatedTo(ChronoUnit.SECONDS);
        validUntil = validUntil.truncatedTo(ChronoUnit.SECONDS);
        require(validUntil.isAfter(issuedAt), "validUntil", "must be after issuedAt");
        require(
                !validUntil.isAfter(issuedAt.plus(MAX_VALIDITY)),
                "validUntil",
                "must be at most 2 years after issuedAt");
        require(status != null, "status", "is required");
    }

    private static void require(boolean ok, String field, String rule) {
        if (!ok) throw new InvalidLabelException(field, field + " " + rule);
    }
}
