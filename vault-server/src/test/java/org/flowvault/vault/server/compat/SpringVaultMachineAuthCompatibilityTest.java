package org.flowvault.vault.server.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.flowvault.vault.server.auth.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.FileSystemResource;
import org.springframework.vault.VaultException;
import org.springframework.vault.authentication.ClientCertificateAuthentication;
import org.springframework.vault.authentication.ClientCertificateAuthenticationOptions;
import org.springframework.vault.authentication.JwtAuthentication;
import org.springframework.vault.authentication.JwtAuthenticationOptions;
import org.springframework.vault.authentication.KubernetesAuthentication;
import org.springframework.vault.authentication.KubernetesAuthenticationOptions;
import org.springframework.vault.client.ClientHttpRequestFactoryFactory;
import org.springframework.vault.client.RestClientBuilder;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.support.ClientOptions;
import org.springframework.vault.support.SslConfiguration;
import org.springframework.vault.support.SslConfiguration.KeyStoreConfiguration;
import org.springframework.vault.support.VaultToken;
import org.springframework.web.client.RestClient;

/**
 * Spring Vault 4.0's machine logins against the embedded server over HTTPS:
 * {@link JwtAuthentication}, {@link KubernetesAuthentication} and
 * {@link ClientCertificateAuthentication} (mutual TLS with a PKCS#12 key store), each at a
 * non-default mount path.
 */
@DisplayName("spring-vault machine auth")
@ExtendWith(CheckTally.class)
class SpringVaultMachineAuthCompatibilityTest {
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

    private static RestClient restClient(SslConfiguration ssl) {
        return RestClientBuilder.builder().endpoint(VaultEndpoint.from(URI.create(fixture.vault.address())))
                .requestFactory(ClientHttpRequestFactoryFactory.create(new ClientOptions(Duration.ofSeconds(5),
                        Duration.ofSeconds(30)), ssl)).build();
    }

    private static KeyStoreConfiguration trustStore() {
        return KeyStoreConfiguration.of(new FileSystemResource(fixture.file(fixture.serverCa.trustStore(), "trust")),
                TestCertificates.PASSWORD.toCharArray(), "PKCS12");
    }

    @Test
    void jwtAuthenticationLogsIn() {
        JwtAuthentication auth = new JwtAuthentication(JwtAuthenticationOptions.builder().path(fixture.jwtMount).role("ci")
                .jwt(fixture.ciJwt()).build(), restClient(SslConfiguration.forTrustStore(trustStore())));

        VaultToken token = auth.login();

        assertThat(fixture.policiesOf(token.getToken())).contains(MachineAuthFixture.POLICY);
    }

    @Test
    void kubernetesAuthenticationLogsInWithAReviewedServiceAccountToken() {
        String jwt = fixture.webServiceAccountJwt();
        KubernetesAuthentication auth = new KubernetesAuthentication(KubernetesAuthenticationOptions.builder()
                .path(fixture.kubernetesMount).role("web").jwtSupplier(() -> jwt).build(),
                restClient(SslConfiguration.forTrustStore(trustStore())));

        VaultToken token = auth.login();

        assertThat(fixture.policiesOf(token.getToken())).contains(MachineAuthFixture.POLICY);
    }

    @Test
    void clientCertificateAuthenticationLogsInOverMutualTls() {
        KeyStoreConfiguration keyStore = KeyStoreConfiguration.of(new FileSystemResource(
                fixture.file(fixture.client.keyStore(), "client")), TestCertificates.PASSWORD.toCharArray(), "PKCS12");
        ClientCertificateAuthentication auth = new ClientCertificateAuthentication(
                ClientCertificateAuthenticationOptions.builder().path(fixture.certMount).build(),
                restClient(new SslConfiguration(keyStore, trustStore())));

        VaultToken token = auth.login();

        assertThat(fixture.policiesOf(token.getToken())).contains(MachineAuthFixture.POLICY);
    }

    @Test
    void clientCertificateAuthenticationWithoutACertificateIsALoginFailure() {
        ClientCertificateAuthentication auth = new ClientCertificateAuthentication(
                ClientCertificateAuthenticationOptions.builder().path(fixture.certMount).build(),
                restClient(SslConfiguration.forTrustStore(trustStore())));

        assertThatThrownBy(auth::login).isInstanceOf(VaultException.class).hasMessageContaining("client certificate must be supplied");
    }
}
