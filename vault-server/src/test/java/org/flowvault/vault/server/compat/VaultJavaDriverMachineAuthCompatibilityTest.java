package org.flowvault.vault.server.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.jopenlibs.vault.SslConfig;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.response.AuthResponse;
import java.nio.file.Path;
import org.flowvault.vault.server.auth.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * vault-java-driver 6.2's machine logins against the embedded server over HTTPS:
 * {@code loginByJwt}, {@code loginByKubernetes} and {@code loginByCert} (mutual TLS with a key
 * store), each at a non-default mount path.
 */
@DisplayName("vault-java-driver machine auth")
@ExtendWith(CheckTally.class)
class VaultJavaDriverMachineAuthCompatibilityTest {
    @TempDir
    static Path dir;
    private static MachineAuthFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new MachineAuthFixture(dir);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static Vault driver(SslConfig ssl) throws VaultException {
        VaultConfig config = new VaultConfig().address(fixture.vault.address()).openTimeout(5).readTimeout(30)
                .sslConfig(ssl.build()).build();
        return Vault.create(config);
    }

    private static SslConfig trusting() {
        return new SslConfig().trustStore(fixture.serverCa.trustStore());
    }

    @Test
    void loginByJwtIssuesATokenWithTheRolesPolicy() throws VaultException {
        AuthResponse r = driver(trusting()).auth().loginByJwt(fixture.jwtMount, "ci", fixture.ciJwt());

        assertThat(r.getAuthPolicies()).contains(MachineAuthFixture.POLICY);
        assertThat(fixture.policiesOf(r.getAuthClientToken())).contains(MachineAuthFixture.POLICY);
        assertThat(r.isAuthRenewable()).isTrue();
    }

    @Test
    void loginByKubernetesAtACustomMount() throws VaultException {
        // The driver takes the mount as the path after /v1/, "auth/" included.
        AuthResponse r = driver(trusting()).auth().loginByKubernetes("web", fixture.webServiceAccountJwt(), "auth/" + fixture.kubernetesMount);

        assertThat(r.getAuthPolicies()).contains(MachineAuthFixture.POLICY);
        assertThat(fixture.policiesOf(r.getAuthClientToken())).contains(MachineAuthFixture.POLICY);
    }

    @Test
    void loginByCertPresentsTheKeyStoresCertificate() throws VaultException {
        SslConfig ssl = trusting().keyStore(fixture.client.keyStore(), TestCertificates.PASSWORD);

        AuthResponse r = driver(ssl).auth().loginByCert(fixture.certMount);

        assertThat(r.getAuthPolicies()).contains(MachineAuthFixture.POLICY);
        assertThat(fixture.policiesOf(r.getAuthClientToken())).contains(MachineAuthFixture.POLICY);
    }

    @Test
    void aRefusedKubernetesLoginIsAVaultExceptionWithTheStatus() {
        assertThatThrownBy(() -> driver(trusting()).auth().loginByKubernetes("web", "not.a-jwt.at-all", "auth/" + fixture.kubernetesMount))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.getHttpStatusCode()).isEqualTo(400));
    }
}
