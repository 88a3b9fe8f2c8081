package org.flowvault.platform.vaultconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.vaultconfig.ConnectionReport.Outcome;
import org.flowvault.platform.vaultconfig.VaultConfiguration.AuthMethod;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A CERT configuration through the embedded Vault-API server on https: the stored client
 * certificate is presented over mutual TLS, the login happens at the cert mount of "ns-auth" and
 * secrets are read in "ns-auth/ns-data"; a certificate the mount does not trust is refused with the
 * configuration named and no key material in the message.
 */
class CertLoginTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void aCertConfigurationLogsInOverMutualTlsInTheAuthNamespace(Database.Dialect dialect) {
        TestCertificates.Pair server = TestCertificates.create("vault");
        TestCertificates.Pair client = TestCertificates.create("app.example.com");
        TestCertificates.Pair stranger = TestCertificates.create("app.example.com");
        try (TestPlatform p = TestPlatform.open(dialect); VaultFixture vault = new VaultFixture(p.clock, server, dir)) {
            MachineIdentityTest.namespacedSecrets(vault);
            String ns = MachineIdentityTest.AUTH_NS;
            vault.root("POST", ns + "/sys/auth/cert", Map.of("type", "cert"));
            vault.root("POST", ns + "/auth/cert/certs/web", Map.of("certificate", client.certificatePem(), "token_policies", "read-data",
                    "token_ttl", "1h"));
            VaultConfiguration c = p.configs.create(p.admin, VaultConfiguration.builder().name("cert-" + TestPlatform.rnd())
                    .url(vault.address()).caCertificatePem(server.certificatePem()).namespace(MachineIdentityTest.DATA_NS)
                    .authNamespace(ns).authMethod(AuthMethod.CERT).authRole("web").kvVersion(VaultConfiguration.KvVersionSetting.V2)
                    .build(), VaultCredentials.certificate(client.certificatePem(), client.privateKeyPem())).config();

            ConnectionReport report = p.vaults.test(p.admin, c.name());
            assertThat(report.outcome()).as(report.message()).isEqualTo(Outcome.OK);
            assertThat(report.message()).contains("CERT at auth/cert in namespace 'ns-auth'");
            Caller member = p.member(p.project());
            assertThat(p.vaults.identity(c, member).client().kv("secret").get("app").data()).containsEntry("password", "in-ns-data");
            assertThat(p.configs.get(p.admin, c.name()).identity().lastLoginAt()).isNotNull();

            p.configs.setCredentials(p.admin, c.name(), VaultCredentials.certificate(stranger.certificatePem(), stranger.privateKeyPem()));
            ConnectionReport refused = p.vaults.test(p.admin, c.name());
            assertThat(refused.outcome()).as(refused.message()).isIn(Outcome.LOGIN_FAILED, Outcome.TLS);
            assertThat(refused.message()).contains(c.name()).doesNotContain("PRIVATE KEY")
                    .doesNotContain(stranger.privateKeyPem().lines().skip(1).findFirst().orElseThrow());
        }
    }
}
