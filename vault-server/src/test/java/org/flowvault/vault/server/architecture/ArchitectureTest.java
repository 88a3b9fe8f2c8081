package org.flowvault.vault.server.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Reads vault-server's compiled classes: its packages form no cycle, and dependencies point down
 * the layers (see the package documentation of {@code org.flowvault.vault.server}).
 */
class ArchitectureTest {
    private static final String ROOT = "org.flowvault.vault.server";
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    @Test
    void packagesFormNoCycle() {
        // "vault.(**)" makes the root package "server" a slice of its own next to "server.core" etc.
        slices().matching("org.flowvault.vault.(**)").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void dependenciesPointDownTheLayers() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Wiring").definedBy(ROOT)
                .layer("Http").definedBy(ROOT + ".http..")
                .layer("Backends").definedBy(ROOT + ".auth..", ROOT + ".kv..", ROOT + ".cubbyhole..", ROOT + ".sys..",
                        ROOT + ".token..", ROOT + ".audit..", ROOT + ".wrapping..")
                .layer("Core").definedBy(ROOT + ".core..")
                .layer("Foundation").definedBy(ROOT + ".policy..", ROOT + ".namespace..", ROOT + ".storage..",
                        ROOT + ".barrier..", ROOT + ".seal..", ROOT + ".telemetry..", ROOT + ".internal..",
                        ROOT + ".config..")
                .whereLayer("Wiring").mayNotBeAccessedByAnyLayer()
                .whereLayer("Http").mayOnlyBeAccessedByLayers("Wiring")
                .whereLayer("Backends").mayOnlyBeAccessedByLayers("Wiring")
                .whereLayer("Core").mayOnlyBeAccessedByLayers("Backends", "Http", "Wiring")
                .whereLayer("Foundation").mayOnlyBeAccessedByLayers("Core", "Backends", "Http", "Wiring")
                .check(CLASSES);
    }
}
