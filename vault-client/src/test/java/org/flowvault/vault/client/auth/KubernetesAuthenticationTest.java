package org.flowvault.vault.client.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.internal.LoginResult;
import org.flowvault.vault.server.TestVault;
import org.flowvault.vault.server.VaultServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubernetesAuthenticationTest {
    private static final TestLoginBackend backend = new TestLoginBackend(body -> false);
    private static TestVault vault;
    private static TestTransport transport;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        vault = TestVault.of(VaultServer.builder().dev().backend("kubernetes", ctx -> backend));
        TestAuth.enable(vault, "kubernetes", "kubernetes");
        TestAuth.enable(vault, "kubernetes", "k8s-east");
        transport = TestTransport.to(vault.address());
    }

    @AfterAll
    static void stop() {
        vault.close();
    }

    private static void acceptOnly(String role, String jwt) {
        backend.accept(body -> role.equals(body.get("role")) && jwt.equals(body.get("jwt")));
    }

    @Test
    void aPodLogsInWithItsRoleAndServiceAccountToken() throws IOException {
        Path file = Files.writeString(dir.resolve("token"), "eyJhbGciOi.first.jwt\n");
        acceptOnly("web", "eyJhbGciOi.first.jwt");

        LoginResult result = Authentication.kubernetes().role("web").jwtFile(file).build().login(transport);

        assertThat(result.policies()).containsExactlyInAnyOrder("default", "plugin");
        assertThat(result.ttl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(TestAuth.alive(vault, result.token().value())).isTrue();
        assertThat(backend.lastBody()).isEqualTo(Map.of("role", "web", "jwt", "eyJhbGciOi.first.jwt"));
    }

    @Test
    void theTokenFileIsReadAgainAtEveryLoginBecauseKubernetesRotatesIt() throws IOException {
        Path file = Files.writeString(dir.resolve("token"), "jwt-before-rotation");
        Authentication.Kubernetes auth = Authentication.kubernetes().mount("k8s-east").role("web").jwtFile(file).build();
        acceptOnly("web", "jwt-before-rotation");
        auth.login(transport);

        Files.writeString(file, "jwt-after-rotation");
        acceptOnly("web", "jwt-after-rotation");
        LoginResult again = auth.login(transport);

        assertThat(TestAuth.alive(vault, again.token().value())).isTrue();
        assertThat(transport.sent()).contains("POST auth/k8s-east/login");
    }

    @Test
    void aRefusedLoginNamesMethodAndMountButNotTheJwt() throws IOException {
        Path file = Files.writeString(dir.resolve("token"), "a-jwt-vault-refuses");
        acceptOnly("web", "another-jwt");

        assertThatThrownBy(() -> Authentication.kubernetes().role("web").jwtFile(file).build().login(transport))
                .isInstanceOf(VaultException.LoginFailed.class)
                .hasMessage("Kubernetes login at auth/kubernetes failed: invalid role or credentials")
                .hasMessageNotContaining("a-jwt-vault-refuses");
    }

    @Test
    void aMissingTokenFileIsALoginFailureNamingTheFile() {
        Path missing = dir.resolve("absent");

        assertThatThrownBy(() -> Authentication.kubernetes().role("web").jwtFile(missing).build().login(transport))
                .isInstanceOf(VaultException.LoginFailed.class)
                .hasMessage("Kubernetes login at auth/kubernetes could not read the JWT from " + missing + ": NoSuchFileException");
    }

    @Test
    void anEmptyTokenFileIsALoginFailure() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty"), "\n");

        assertThatThrownBy(() -> Authentication.kubernetes().role("web").jwtFile(empty).build().login(transport))
                .isInstanceOf(VaultException.LoginFailed.class)
                .hasMessageContaining("found no JWT in " + empty);
    }

    @Test
    void theServiceAccountTokenPathIsTheDefaultAndARoleIsRequired() {
        assertThat(Authentication.kubernetes().role("web").build().toString())
                .isEqualTo("KubernetesAuthentication[mount=kubernetes, role=web, jwtFile=/var/run/secrets/kubernetes.io/serviceaccount/token]");
        assertThatThrownBy(() -> Authentication.kubernetes().build())
                .hasMessage("Kubernetes authentication needs a role: call role(..) with the Vault role bound to the service account");
    }
}
