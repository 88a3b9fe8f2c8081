package org.flowvault.vault.server.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.server.TestVault;
import org.flowvault.vault.server.VaultServer;
import org.flowvault.vault.server.storage.FileStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives operator key management, token roles and tuning with hvac 0.11 (Debian's python3-hvac):
 * key status and rotation, root token generation with the OTP decoded by the script, token role
 * create/read/list/delete and role-based token creation on a dev server; rekey (with and without
 * verification) on a second, file-backed server the script initializes. The script prints one line
 * per check and {@code PASSED n/m}.
 */
class HvacOperatorCompatibilityTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @Test
    void hvacOperatorAndTokenRoleMethodsPassEveryCheck(@TempDir Path storage) {
        assertThat(Files.isExecutable(PYTHON)).as("the hvac suite needs /usr/bin/python3 with Debian's python3-hvac").isTrue();
        Path script = ScriptRun.moduleDir().resolve("src/test/python/hvac_keys_compat.py");
        try (TestVault dev = TestVault.dev();
             TestVault fresh = TestVault.of(VaultServer.builder().storage(new FileStorage(storage), "file"))) {
            ScriptRun run = ScriptRun.run(script.getParent(),
                    Map.of("VAULT_ADDR", dev.address(), "VAULT_TOKEN", dev.rootToken(),
                            "VAULT_UNSEAL_KEY", dev.server().unsealKey(),
                            "FRESH_VAULT_ADDR", fresh.address(), "PYTHONDONTWRITEBYTECODE", "1"),
                    // The system interpreter must see only its own dist-packages (python3-hvac).
                    List.of("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"),
                    Duration.ofMinutes(3), List.of(PYTHON.toString(), script.toString()));
            System.out.println(run.output());
            System.out.printf("hvac operator compatibility: %d/%d checks passed%n", run.passed(), run.total());

            assertThat(run.total()).as("checks run (no PASSED line means the script died)\n%s", run.output()).isPositive();
            assertThat(run.passed()).as("hvac checks passed\n%s", run.output()).isEqualTo(run.total());
            assertThat(run.exitCode()).as("script exit code\n%s", run.output()).isZero();
        }
    }
}
