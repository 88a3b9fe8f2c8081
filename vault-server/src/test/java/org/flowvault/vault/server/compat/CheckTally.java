package org.flowvault.vault.server.compat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Tallies a compatibility suite whose checks are its test methods, and reports
 * {@code "<suite> compatibility: n/m checks passed"} once the class has run, naming the failed
 * checks. The suite name is the class's {@code @DisplayName}.
 */
final class CheckTally implements TestWatcher, AfterAllCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(CheckTally.class);

    @Override
    public void testSuccessful(ExtensionContext context) {
        tally(context).passed++;
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        tally(context).failed.add(context.getDisplayName());
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        tally(context).failed.add(context.getDisplayName() + " (aborted)");
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        tally(context).failed.add(context.getDisplayName() + " (disabled)");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Tally t = context.getStore(NS).getOrComputeIfAbsent(Tally.class);
        System.out.printf("%s compatibility: %d/%d checks passed%n", context.getDisplayName(), t.passed, t.passed + t.failed.size());
        t.failed.forEach(name -> System.out.println("  failed: " + name));
    }

    private static Tally tally(ExtensionContext methodContext) {
        ExtensionContext classContext = methodContext.getParent().orElseThrow();
        return classContext.getStore(NS).getOrComputeIfAbsent(Tally.class);
    }

    /** Counts of one suite; JUnit runs a class's methods on one thread unless told otherwise. */
    static final class Tally {
        int passed;
        final List<String> failed = new ArrayList<>();
    }
}
