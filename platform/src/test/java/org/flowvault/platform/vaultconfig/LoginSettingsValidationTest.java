package org.flowvault.platform.vaultconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.error.PlatformException.Reason;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.vaultconfig.VaultConfiguration.AuthMethod;
import org.junit.jupiter.api.Test;

/**
 * The login settings of the KUBERNETES, JWT and CERT methods and the auth namespace, as a hostile
 * or careless admin (or a member) would enter them: each refused with the field named, the input
 * never echoed.
 */
class LoginSettingsValidationTest {

    private static VaultConfiguration.Builder config(AuthMethod method) {
        return VaultConfiguration.builder().name("c-" + TestPlatform.rnd()).url("https://127.0.0.1:8200").authMethod(method);
    }

    private record Bad(VaultConfiguration.Builder config, String field, String echoed) {
    }

    @Test
    void badLoginSettingsAreRefusedNamingTheFieldWithoutEchoingIt() {
        try (TestPlatform p = TestPlatform.open(Database.Dialect.H2)) {
            List<Bad> bad = List.of(
                    new Bad(config(AuthMethod.KUBERNETES).authRole("web").jwtFile("relative/evil-token"), "jwt_file", "evil-token"),
                    new Bad(config(AuthMethod.KUBERNETES).authRole("web").jwtFile("/var/run/\u0000evil-token"), "jwt_file", "evil-token"),
                    new Bad(config(AuthMethod.KUBERNETES).authRole("web").jwtFile("/etc/../evil-token"), "jwt_file", "evil-token"),
                    new Bad(config(AuthMethod.KUBERNETES).jwtFile("/var/run/token"), "auth_role", null),
                    new Bad(config(AuthMethod.KUBERNETES).authRole("web evil-role"), "auth_role", "evil-role"),
                    new Bad(config(AuthMethod.KUBERNETES).authRole("web").jwtEnvVariable("VAULT_JWT"), "jwt_env_variable", null),
                    new Bad(config(AuthMethod.JWT).authRole("ci"), "jwt_file", null),
                    new Bad(config(AuthMethod.JWT).jwtFile("/run/jwt").jwtEnvVariable("VAULT_JWT"), "jwt_env_variable", null),
                    new Bad(config(AuthMethod.JWT).jwtEnvVariable("1EVIL-VAR;rm"), "jwt_env_variable", "EVIL-VAR"),
                    new Bad(config(AuthMethod.APPROLE).jwtFile("/run/jwt"), "jwt_file", null),
                    new Bad(config(AuthMethod.APPROLE).authRole("web"), "auth_role", null),
                    new Bad(config(AuthMethod.SHARED_TOKEN).authNamespace("ns-auth"), "auth_namespace", null),
                    new Bad(config(AuthMethod.APPROLE).authNamespace("../evil-ns"), "auth_namespace", "evil-ns"),
                    new Bad(config(AuthMethod.CERT).url("http://127.0.0.1:8200"), "url", null));
            for (Bad b : bad) {
                assertThatThrownBy(() -> p.configs.create(p.admin, b.config().build(), null))
                        .isInstanceOf(PlatformException.class)
                        .satisfies(e -> assertThat(((PlatformException) e).reason()).isEqualTo(Reason.INVALID))
                        .satisfies(e -> assertThat(((PlatformException) e).field()).as(e.getMessage()).hasValue(b.field()))
                        .satisfies(e -> {
                            if (b.echoed() != null) {
                                assertThat(e.getMessage()).doesNotContain(b.echoed());
                            }
                        });
            }
            assertThat(p.configs.list(p.admin)).isEmpty();
        }
    }

    @Test
    void defaultsFillTheMountAndTheKubernetesTokenFile() {
        try (TestPlatform p = TestPlatform.open(Database.Dialect.H2)) {
            VaultConfiguration k = p.configs.create(p.admin, config(AuthMethod.KUBERNETES).authRole("web").authNamespace("/ns-auth/")
                    .build(), null).config();
            assertThat(k.authMount()).isEqualTo("kubernetes");
            assertThat(k.jwtFile()).isEqualTo("/var/run/secrets/kubernetes.io/serviceaccount/token");
            assertThat(k.authNamespace()).isEqualTo("ns-auth");
            VaultConfiguration j = p.configs.create(p.admin, config(AuthMethod.JWT).jwtEnvVariable("CI_JOB_JWT").build(), null).config();
            assertThat(j.authMount()).isEqualTo("jwt");
            assertThat(j.authRole()).isNull(); // the mount's default_role
            assertThat(p.configs.create(p.admin, config(AuthMethod.CERT).build(), null).config().authMount()).isEqualTo("cert");
            // read back from the database as written
            assertThat(p.configs.get(p.admin, k.name()).config()).isEqualTo(k);
            assertThat(p.configs.get(p.admin, j.name()).config()).isEqualTo(j);
        }
    }

    @Test
    void aMemberCannotSetAJwtFileOrEnvironmentVariable() {
        try (TestPlatform p = TestPlatform.open(Database.Dialect.H2)) {
            Caller member = p.member(p.project());
            assertThatThrownBy(() -> p.configs.create(member, config(AuthMethod.JWT).jwtFile("/etc/shadow").build(), null))
                    .satisfies(e -> assertThat(((PlatformException) e).reason()).isEqualTo(Reason.FORBIDDEN));
            VaultConfiguration c = p.configs.create(p.admin, config(AuthMethod.JWT).jwtFile("/run/jwt").build(), null).config();
            assertThatThrownBy(() -> p.configs.update(member, c.toBuilder().jwtFile("/etc/shadow").build()))
                    .satisfies(e -> assertThat(((PlatformException) e).reason()).isEqualTo(Reason.FORBIDDEN));
            assertThat(p.configs.get(p.admin, c.name()).config().jwtFile()).isEqualTo("/run/jwt");
        }
    }

    @Test
    void aClientCertificateIsCheckedOnSaveAndNeverEchoed() {
        try (TestPlatform p = TestPlatform.open(Database.Dialect.H2)) {
            VaultConfiguration c = p.configs.create(p.admin, config(AuthMethod.CERT).build(), null).config();
            TestCertificates.Pair mine = TestCertificates.create("svc-a");
            TestCertificates.Pair other = TestCertificates.create("svc-b");
            String garbage = "-----BEGIN CERTIFICATE-----\nTUFMRk9STUVEIGNlcnRpZmljYXRl\n-----END CERTIFICATE-----\n";
            String rsaPkcs1 = "-----BEGIN RSA PRIVATE KEY-----\nTUFMRk9STUVE\n-----END RSA PRIVATE KEY-----\n";
            String badKey = TestCertificates.pem("PRIVATE KEY", Base64.getDecoder().decode("TUFMRk9STUVEIGtleQ=="));
            List<Object[]> cases = List.of(
                    new Object[] {VaultCredentials.certificate(garbage, mine.privateKeyPem()), "client_certificate"},
                    new Object[] {VaultCredentials.certificate("just text", mine.privateKeyPem()), "client_certificate"},
                    new Object[] {VaultCredentials.certificate(mine.certificatePem(), rsaPkcs1), "private_key"},
                    new Object[] {VaultCredentials.certificate(mine.certificatePem(), badKey), "private_key"},
                    new Object[] {VaultCredentials.certificate(mine.certificatePem(), other.privateKeyPem()), "private_key"},
                    new Object[] {VaultCredentials.certificate(mine.certificatePem(), null), "private_key"},
                    new Object[] {VaultCredentials.sharedToken("hvs.not-for-cert"), "credentials"});
            for (Object[] k : cases) {
                VaultCredentials creds = (VaultCredentials) k[0];
                assertThatThrownBy(() -> p.configs.setCredentials(p.admin, c.name(), creds))
                        .satisfies(e -> assertThat(((PlatformException) e).field()).as(e.getMessage()).hasValue((String) k[1]))
                        .satisfies(e -> assertThat(e.getMessage()).contains(c.name()).doesNotContain("TUFMRk9STUVE")
                                .doesNotContain(mine.privateKeyPem().lines().skip(1).findFirst().orElseThrow())
                                .doesNotContain(other.privateKeyPem().lines().skip(1).findFirst().orElseThrow())
                                .doesNotContain("not-for-cert"));
            }
            assertThat(p.configs.get(p.admin, c.name()).credentials().complete()).isFalse();

            VaultConfigurationView saved = p.configs.setCredentials(p.admin, c.name(), VaultCredentials.certificate(mine.certificatePem(),
                    mine.privateKeyPem()));
            assertThat(saved.credentials().certificateSet()).isTrue();
            assertThat(saved.credentials().privateKeySet()).isTrue();
            assertThat(saved.credentials().complete()).isTrue();
            assertThat(saved.toString()).doesNotContain("PRIVATE KEY");
            // stored sealed: the key's base64 is nowhere in the table
            String keyLine = mine.privateKeyPem().lines().skip(1).findFirst().orElseThrow();
            List<String> stored = p.db.jdbi().withHandle(h -> h.createQuery("SELECT ciphertext FROM vault_config_credentials")
                    .mapTo(String.class).list());
            assertThat(stored).hasSize(2).noneMatch(x -> x.contains(keyLine) || x.contains("PRIVATE KEY"));
        }
    }
}
