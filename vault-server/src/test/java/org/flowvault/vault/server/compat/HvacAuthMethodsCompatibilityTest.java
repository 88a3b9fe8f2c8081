package org.flowvault.vault.server.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.server.auth.jwt.TestIssuer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the jwt, kubernetes and cert auth methods with hvac 0.11 (Debian's python3-hvac), run by
 * {@code /usr/bin/python3}, against a dev server on HTTPS: configure, roles, logins (cert over
 * mutual TLS) and refusals. The script prints one line per check and {@code PASSED n/m}.
 */
class HvacAuthMethodsCompatibilityTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @TempDir
    Path dir;

    @Test
    void hvacPassesEveryMachineAuthCheckAgainstTheServer() {
        assertThat(Files.isExecutable(PYTHON)).as("the hvac suite needs /usr/bin/python3 with Debian's python3-hvac").isTrue();
        Path script = ScriptRun.moduleDir().resolve("src/test/python/hvac_auth_compat.py");
        try (MachineAuthFixture fixture = new MachineAuthFixture(dir)) {
            Map<String, String> env = Map.ofEntries(
                    Map.entry("VAULT_ADDR", fixture.vault.address()),
                    Map.entry("VAULT_TOKEN", fixture.vault.rootToken()),
                    Map.entry("VAULT_CACERT", fixture.serverCa.cert().toString()),
                    Map.entry("JWT_PUBKEY_FILE", write("jwt.pub", TestIssuer.pem(fixture.jwtKey.pair().getPublic())).toString()),
                    Map.entry("JWT", fixture.ciJwt()),
                    Map.entry("K8S_HOST", fixture.cluster.host()),
                    Map.entry("K8S_CA_FILE", fixture.serverCa.cert().toString()),
                    Map.entry("K8S_JWT", fixture.webServiceAccountJwt()),
                    Map.entry("CLIENT_CA_FILE", fixture.clientCa.cert().toString()),
                    Map.entry("CLIENT_CERT", fixture.client.cert().toString()),
                    Map.entry("CLIENT_KEY", fixture.client.key().toString()),
                    Map.entry("PYTHONDONTWRITEBYTECODE", "1"));
            ScriptRun run = ScriptRun.run(script.getParent(), env, List.of("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"),
                    Duration.ofMinutes(3), List.of(PYTHON.toString(), script.toString()));
            System.out.println(run.output());
            System.out.printf("hvac auth methods compatibility: %d/%d checks passed%n", run.passed(), run.total());

            assertThat(run.total()).as("checks run (no PASSED line means the script died)\n%s", run.output()).isPositive();
            assertThat(run.passed()).as("hvac checks passed\n%s", run.output()).isEqualTo(run.total());
            assertThat(run.exitCode()).as("script exit code\n%s", run.output()).isZero();
        }
    }

    private Path write(String name, String content) {
        try {
            return Files.writeString(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
