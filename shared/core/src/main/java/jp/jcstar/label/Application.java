package jp.jcstar.label;

import java.time.LocalDate;
import java.util.List;
import jp.jcstar.requirements.Declaration;

/**
 * A vendor's application for a label, as the operator submits it to {@code POST /v1/labels}.
 * Issuance is idempotent on {@code applicationId}. Field rules are those of {@link LabelClaims};
 * the declaration is checked against the requirements catalogue at issuance.
 */
public record Application(
        String applicationId,
        int level,
        List<String> models,
        String product,
        String vendor,
        String category,
        LocalDate supportEnd,
        Declaration declaration) {

    public static final java.util.regex.Pattern APPLICATION_ID =
            java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

    public Application {
        if (applicationId == null || !APPLICATION_ID.matcher(applicationId).matches()) {
            throw new InvalidLabelException(
                    "applicationId", "applicationId must be 1–64 characters of A–Z a–z 0–9 . _ : -");
        }
        models = models == null ? null : List.copyOf(models);
    }
}
