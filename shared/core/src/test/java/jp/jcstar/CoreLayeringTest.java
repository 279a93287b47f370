package jp.jcstar;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of the domain core (shared/core), checked on its compiled main classes: the core depends on no
 * adapter and no infrastructure (no AWS SDK, no JDBC, no H2, no ZXing, no PDFBox, none of our adapter modules), its
 * packages depend on each other without cycles, and of {@code jp.jcstar.qr} it holds only {@code QrText} (the text
 * format of a QR code, no ZXing: the symbols are drawn in shared/qr). The Maven dependencies of shared/core keep the
 * libraries off its class path; these rules also hold the parts the JDK carries ({@code java.sql}) and the split
 * packages ({@code jp.jcstar.qr}, {@code jp.jcstar.signing}, whose other classes live in other modules).
 */
class CoreLayeringTest {
    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        // the module's own main classes (surefire runs in the module's directory)
        core = new ClassFileImporter().importPath(Path.of("target", "classes"));
        if (core.size() < 100) throw new IllegalStateException("core's main classes not found: " + core.size());
    }

    @Test
    void coreDependsOnNoAdapterAndNoInfrastructure() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "software.amazon..",
                        "com.amazonaws..",
                        "java.sql..",
                        "javax.sql..",
                        "org.h2..",
                        "com.google.zxing..",
                        "org.apache.pdfbox..",
                        "jp.jcstar.aws..",
                        "jp.jcstar.embedded..",
                        "jp.jcstar.functions..",
                        "jp.jcstar.cli..",
                        "jp.jcstar.local..")
                .because("the domain core is free of adapters (issue 16; HOUSE_STYLE.md)")
                .check(core);
    }

    @Test
    void ofTheQrPackageTheCoreHoldsOnlyTheTextFormat() {
        classes()
                .that()
                .resideInAPackage("jp.jcstar.qr..")
                .should()
                .haveNameMatching("jp\\.jcstar\\.qr\\.QrText(\\$.*)?")
                .because("QR symbols, masks and artwork (ZXing, PDFBox) belong to shared/qr")
                .check(core);
    }

    @Test
    void signingWithALocalKeyFileIsAnAdapter() {
        noClasses()
                .should()
                .haveFullyQualifiedName("jp.jcstar.signing.LocalKeySigner")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("jp.jcstar.signing.LocalKeySigner")
                .because("LocalKeySigner is the embedded adapter of the Signer port (shared/embedded)")
                .check(core);
    }

    @Test
    void corePackagesHaveNoCycles() {
        slices().matching("jp.jcstar.(*)..").should().beFreeOfCycles().check(core);
    }
}
