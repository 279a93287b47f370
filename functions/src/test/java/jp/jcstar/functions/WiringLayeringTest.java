package jp.jcstar.functions;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Handlers reach the adapters only through the wiring: of the functions' main classes, only {@link Wiring} (every
 * function, AWS or embedded) and {@link ReadOnlyWiring} (the public read-only functions) name a class of
 * {@code jp.jcstar.aws}, of {@code jp.jcstar.embedded} or {@code LocalKeySigner}, or an AWS SDK type; everything
 * else sees the ports (LabelStore, Signer, ...) and the registry.
 */
class WiringLayeringTest {
    private static JavaClasses functions;

    @BeforeAll
    static void importFunctions() {
        // the module's own main classes (surefire runs in the module's directory)
        functions = new ClassFileImporter().importPath(Path.of("target", "classes"));
        if (functions.size() < 30) throw new IllegalStateException("functions' main classes not found");
    }

    @Test
    void onlyTheWiringNamesAnAdapter() {
        noClasses()
                .that()
                .doNotHaveFullyQualifiedName(Wiring.class.getName())
                .and()
                .doNotHaveFullyQualifiedName(ReadOnlyWiring.class.getName())
                .and()
                .haveNameNotMatching("jp\\.jcstar\\.functions\\.(Read[Oo]nly)?Wiring\\$.*")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("jp.jcstar.aws..", "jp.jcstar.embedded..", "software.amazon..")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("jp.jcstar.signing.LocalKeySigner")
                .because("handlers see ports; the wiring picks the adapters (issue 16)")
                .check(functions);
    }
}
