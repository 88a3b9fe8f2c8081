package org.flowvault.vault.client.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.internal.LoginResult;
import org.flowvault.vault.server.TestVault;
import org.flowvault.vault.server.VaultServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwtAuthenticationTest {
    private static final TestLoginBackend backend = new TestLoginBackend(body -> "the.ci.jwt".equals(body.get("jwt")));
    private static TestVault vault;
    private static TestTransport transport;

    @BeforeAll
    static void start() {
        vault = TestVault.of(VaultServer.builder().dev().backend("jwt", ctx -> backend));
        TestAuth.enable(vault, "jwt", "jwt");
        TestAuth.enable(vault, "jwt", "oidc");
        transport = TestTransport.to(vault.address());
    }

    @AfterAll
    static void stop() {
        vault.close();
    }

    @Test
    void aRoleLoginSendsTheRoleAndTheJwt() {
        LoginResult result = Authentication.jwt().role("ci").jwt("the.ci.jwt").build().login(transport);

        assertThat(TestAuth.alive(vault, result.token().value())).isTrue();
        assertThat(backend.lastBody()).isEqualTo(Map.of("role", "ci", "jwt", "the.ci.jwt"));
    }

    @Test
    void withoutARoleVaultUsesTheMountsDefaultRole() {
        Authentication.jwt().mount("oidc").jwt("the.ci.jwt").build().login(transport);

        assertThat(backend.lastBody()).isEqualTo(Map.of("jwt", "the.ci.jwt"));
        assertThat(transport.sent()).contains("POST auth/oidc/login");
    }

    @Test
    void aJwtFileIsReadAtLogin(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("id-token"), "the.ci.jwt");

        LoginResult result = Authentication.jwt().role("ci").jwtFile(file).build().login(transport);

        assertThat(TestAuth.alive(vault, result.token().value())).isTrue();
    }

    @Test
    void aRefusedJwtFailsWithoutShowingIt() {
        assertThatThrownBy(() -> Authentication.jwt().role("ci").jwt("forged.jwt.value").build().login(transport))
                .isInstanceOf(VaultException.LoginFailed.class)
                .hasMessage("JWT login at auth/jwt failed: invalid role or credentials");
    }

    @Test
    void theBuilderWantsExactlyOneJwtSourceAndHidesTheJwt() {
        assertThatThrownBy(() -> Authentication.jwt().role("ci").build())
                .hasMessage("JWT authentication needs a JWT: call jwt(..) with the token, or jwtFile(..) with the file that holds it");
        assertThatThrownBy(() -> Authentication.jwt().jwt("a").jwtFile(Path.of("b")).build())
                .hasMessage("JWT authentication takes jwt(..) or jwtFile(..), not both");
        assertThat(Authentication.jwt().jwt("header.payload.signature").build().toString())
                .isEqualTo("JwtAuthentication[mount=jwt, role=<default>, jwt=<masked>]");
    }
}
