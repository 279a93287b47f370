package jp.jcstar.registry;

import java.nio.charset.StandardCharsets;
import java.util.List;
import jp.jcstar.label.Application;
import jp.jcstar.requirements.DeclarationJson;
import jp.jcstar.requirements.DeclarationValidator;

/**
 * The scheme's declaration rules at issuance: every ☆1 requirement answered with a justification, and
 * a third-party evaluation for ☆2 and above ({@link DeclarationValidator}). The declaration is stored
 * beside the label as JSON.
 */
public final class RequirementsDeclarations implements Registry.DeclarationPolicy {
    private final DeclarationValidator validator;

    public RequirementsDeclarations(DeclarationValidator validator) {
        this.validator = validator;
    }

    public static RequirementsDeclarations standard() {
        return new RequirementsDeclarations(DeclarationValidator.standard());
    }

    @Override
    public List<ApplicationRejectedException.Failure> check(Application application) {
        if (application.level() < 1 || application.level() > 4) return List.of(); // the field check reports it
        return validator.validate(application.level(), application.declaration()).stream()
                .map(f -> new ApplicationRejectedException.Failure(f.subject(), f.code(), f.message()))
                .toList();
    }

    @Override
    public String toJson(Application application) {
        return application.declaration() == null
                ? null
                : new String(DeclarationJson.toJson(application.declaration()), StandardCharsets.UTF_8);
    }
}
