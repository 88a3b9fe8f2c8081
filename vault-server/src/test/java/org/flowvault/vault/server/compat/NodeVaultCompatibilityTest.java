package org.flowvault.vault.server.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.server.TestVault;
import org.flowvault.vault.server.VaultServer;
import org.junit.jupiter.api.Test;

/**
 * Drives a fresh, non-dev server with node-vault 0.12 ({@code src/test/node/compat.js}, run by the
 * {@code node} on PATH): init, unseal, KV v1 and v2 through the generic read/write/list/delete and
 * PATCH calls, token lookups, a denied write, seal and unseal again. The script prints one line per
 * check and {@code PASSED n/m}.
 */
class NodeVaultCompatibilityTest {

    @Test
    void nodeVaultPassesEveryCheckAgainstAFreshServer() {
        Path dir = ScriptRun.moduleDir().resolve("src/test/node");
        assertThat(dir.resolve("node_modules/node-vault")).as("node-vault is not installed; run npm ci in %s", dir)
                .isDirectory();
        try (TestVault fresh = TestVault.of(VaultServer.builder())) {
            // node-vault would also pick up a token, namespace or path prefix from the environment.
            ScriptRun run = ScriptRun.run(dir, Map.of("VAULT_ADDR", fresh.address()),
                    List.of("VAULT_TOKEN", "VAULT_NAMESPACE", "VAULT_PREFIX", "VAULT_SKIP_VERIFY"),
                    Duration.ofMinutes(2), List.of("node", "compat.js"));
            System.out.println(run.output());
            System.out.printf("node-vault compatibility: %d/%d checks passed%n", run.passed(), run.total());

            assertThat(run.total()).as("checks run (no PASSED line means the script died)\n%s", run.output()).isPositive();
            assertThat(run.passed()).as("node-vault checks passed\n%s", run.output()).isEqualTo(run.total());
            assertThat(run.exitCode()).as("script exit code\n%s", run.output()).isZero();
        }
    }
}
