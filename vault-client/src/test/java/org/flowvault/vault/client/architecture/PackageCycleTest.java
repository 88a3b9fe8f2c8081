package org.flowvault.vault.client.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * Reads this module's compiled classes and fails when its packages form a cycle (a package that
 * depends, directly or through others, on a package that depends on it). No cycle is tolerated:
 * the root package holds the vocabulary every package shares (exceptions, secret and token types),
 * and the facade in {@code core} is the one package that uses the others.
 */
class PackageCycleTest {
    private static final ArchRule NO_CYCLE = slices().matching("org.flowvault.vault.(**)").should().beFreeOfCycles();

    @Test
    void packagesFormNoCycle() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.flowvault.vault.client");
        NO_CYCLE.check(classes);
    }

    @Test
    void theRuleCatchesACycle() {
        JavaClasses cyclic = new ClassFileImporter().importPackages("org.flowvault.vault.client.architecture.cyclic");

        assertThatThrownBy(() -> NO_CYCLE.check(cyclic)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("cyclic.a").hasMessageContaining("cyclic.b");
    }
}
