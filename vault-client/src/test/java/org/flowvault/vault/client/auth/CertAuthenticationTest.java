package org.flowvault.vault.client.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.internal.LoginResult;
import org.flowvault.vault.server.TestVault;
import org.flowvault.vault.server.VaultServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The request side of TLS certificate logins. The embedded server has no cert method and the
 * certificate itself travels in the TLS handshake (the transport's concern), so the test method
 * here accepts by certificate role name only.
 */
class CertAuthenticationTest {
    private static final TestLoginBackend backend = new TestLoginBackend(body -> !"unknown".equals(body.get("name")));
    private static TestVault vault;
    private static TestTransport transport;

    @BeforeAll
    static void start() {
        vault = TestVault.of(VaultServer.builder().dev().backend("cert", ctx -> backend));
        TestAuth.enable(vault, "cert", "cert");
        TestAuth.enable(vault, "cert", "tls");
        transport = TestTransport.to(vault.address());
    }

    @AfterAll
    static void stop() {
        vault.close();
    }

    @Test
    void aLoginWithoutRoleTriesEveryCertificateRole() {
        LoginResult result = Authentication.cert().build().login(transport);

        assertThat(TestAuth.alive(vault, result.token().value())).isTrue();
        assertThat(backend.lastBody()).isEmpty();
        assertThat(transport.sent()).contains("POST auth/cert/login");
    }

    @Test
    void aNamedRoleIsSentAsVaultsName() {
        Authentication.cert().mount("tls").role("web").build().login(transport);

        assertThat(backend.lastBody()).isEqualTo(Map.of("name", "web"));
        assertThat(transport.sent()).contains("POST auth/tls/login");
    }

    @Test
    void aRefusedCertificateIsALoginFailure() {
        assertThatThrownBy(() -> Authentication.cert().role("unknown").build().login(transport))
                .isInstanceOf(VaultException.LoginFailed.class)
                .hasMessage("TLS certificate login at auth/cert failed: invalid role or credentials");
    }

    @Test
    void toStringShowsMountAndRole() {
        assertThat(Authentication.cert().role("web").namespace("team").build().toString())
                .isEqualTo("CertAuthentication[mount=cert, role=web, namespace=team]");
    }
}
