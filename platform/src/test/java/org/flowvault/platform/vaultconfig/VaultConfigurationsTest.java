package org.flowvault.platform.vaultconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.error.PlatformException.Reason;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.vaultconfig.VaultConfiguration.AuthMethod;
import org.flowvault.platform.vaultconfig.VaultConfiguration.Scope;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class VaultConfigurationsTest {
    @TempDir
    Path dir;

    private static VaultConfiguration.Builder config() {
        return VaultConfiguration.builder().name("vc-" + TestPlatform.rnd()).url("http://127.0.0.1:8200");
    }

    private static void assertReason(Throwable e, Reason reason) {
        assertThat(e).isInstanceOf(PlatformException.class);
        assertThat(((PlatformException) e).reason()).isEqualTo(reason);
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void adminsCreateReadUpdateAndDeleteConfigurations(Database.Dialect dialect) {
        try (TestPlatform p = TestPlatform.open(dialect)) {
            String project = p.project();
            UUID projectId = p.projects.requireUsable(p.admin, project);
            VaultConfiguration c = config().name("prod").namespace("/team-a/").authMethod(AuthMethod.APPROLE)
                    .kvMount("/kv/").scope(Scope.projects(Set.of(projectId))).autoRenew(false)
                    .renewalThreshold(Duration.ofDays(3)).cacheTtl(Duration.ZERO).serveStaleOnError(true).build();
            VaultConfigurationView created = p.configs.create(p.admin, c, VaultCredentials.none());
            VaultConfiguration stored = created.config();
            assertThat(stored.namespace()).isEqualTo("team-a");
            assertThat(stored.kvMount()).isEqualTo("kv");
            assertThat(stored.authMount()).isEqualTo("approle"); // the method's default mount
            assertThat(stored).isEqualTo(p.configs.get(p.admin, "prod").config());
            assertThat(stored.scope().projects()).containsExactly(projectId);
            assertThat(stored.renewalThreshold()).isEqualTo(Duration.ofDays(3));
            assertThat(stored.cacheTtl()).isZero();
            assertThat(stored.revalidationInterval()).as("no interval unless asked").isNull();
            assertThat(created.credentials().complete()).isFalse();
            VaultConfiguration revalidating = p.configs.update(p.admin, stored.toBuilder().revalidationInterval(Duration.ofSeconds(15)).build()).config();
            assertThat(p.configs.get(p.admin, "prod").config().revalidationInterval()).isEqualTo(Duration.ofSeconds(15));
            stored = p.configs.update(p.admin, revalidating.toBuilder().revalidationInterval(null).build()).config();
            assertThat(stored.revalidationInterval()).isNull();

            VaultConfiguration renamed = stored.toBuilder().name("production").url("http://localhost:8201")
                    .authMethod(AuthMethod.USER_TOKEN).authMount(null).scope(Scope.platformWide()).build();
            p.configs.update(p.admin, renamed);
            assertThat(p.configs.get(p.admin, "production").config()).isEqualTo(renamed);
            assertThatThrownBy(() -> p.configs.get(p.admin, "prod")).satisfies(e -> assertReason(e, Reason.NOT_FOUND));
            assertThat(p.configs.list(p.admin)).extracting(v -> v.config().name()).containsExactly("production");

            assertThatThrownBy(() -> p.configs.create(p.admin, config().name("production").build(), null))
                    .hasMessage("a vault configuration named 'production' already exists")
                    .satisfies(e -> assertReason(e, Reason.CONFLICT));
            p.configs.delete(p.admin, "production");
            assertThat(p.configs.list(p.admin)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void invalidFieldsAreRefusedWithMessagesNamingTheFieldAndTheFix(Database.Dialect dialect) throws Exception {
        try (TestPlatform p = TestPlatform.open(dialect)) {
            record Case(VaultConfiguration.Builder config, String field, String message) {
            }
            List<Case> cases = List.of(
                    new Case(config().name("bad name"), "name", "the vault configuration name must be 1 to 64 letters, digits, '_' or '-', "
                            + "starting with a letter or digit, without '..' (it is referenced as NAME:path, so no ':', '.' or '/')"),
                    new Case(config().kvMount("../sys"), "kv_mount", "the KV mount is invalid: use path segments of letters, digits, '_', '.' "
                            + "or '-', such as secret or team/kv"),
                    new Case(config().namespace("team/.."), "namespace", "the namespace is invalid: use path segments of letters, digits, "
                            + "'_', '.' or '-' separated by '/', such as team-a/prod"),
                    new Case(config().url("ftp://127.0.0.1:8200"), "url", "vault URL ftp://127.0.0.1:8200 must use http or https, "
                            + "such as https://vault.example.com:8200"),
                    new Case(config().url("https://127.0.0.1:8200").caCertificatePem("hello"), "ca_certificate", "the CA certificate is not PEM: it must "
                            + "contain -----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----"),
                    new Case(config().url("https://127.0.0.1:8200").caCertificatePem("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"), "ca_certificate",
                            "the CA certificate does not parse as X.509 (CertificateException); paste the whole PEM block of the CA "
                                    + "that signed the Vault server's certificate"),
                    new Case(config().namespace("team a"), "namespace", "the namespace is invalid: use path segments of letters, digits, "
                            + "'_', '.' or '-' separated by '/', such as team-a/prod"),
                    new Case(config().renewalThreshold(Duration.ZERO), "renewal_threshold", "renewal threshold must be greater than zero (such as 2 days), got 0s"),
                    new Case(config().cacheTtl(Duration.ofSeconds(-1)), "cache_ttl", "cache TTL must be zero (no cache) or more, got -1s"),
                    new Case(config().revalidationInterval(Duration.ZERO), "revalidation_interval_seconds", "the revalidation interval must be "
                            + "between 1 and 86400 seconds, or left empty to revalidate only when the cache TTL has passed"),
                    new Case(config().authMethod(AuthMethod.LDAP).authMount("corp ldap"), "auth_mount", "the auth mount is invalid: give the "
                            + "mount path without auth/, such as ldap or team/ldap"),
                    new Case(config().kvMount("my kv"), "kv_mount", "the KV mount is invalid: use path segments of letters, digits, '_', '.' "
                            + "or '-', such as secret or team/kv"));
            for (Case c : cases) {
                assertThatThrownBy(() -> p.configs.create(p.admin, c.config().build(), null))
                        .satisfies(e -> assertReason(e, Reason.INVALID))
                        .hasMessage(c.message())
                        .satisfies(e -> assertThat(((PlatformException) e).field()).as(c.message()).hasValue(c.field()));
            }
            assertThatThrownBy(() -> config().url("http://[bad").build()).satisfies(e -> assertReason(e, Reason.INVALID))
                    .hasMessageStartingWith("vault URL is not a valid URL: ");
            VaultConfiguration approle = config().authMethod(AuthMethod.APPROLE).build();
            assertThatThrownBy(() -> p.configs.create(p.admin, approle, VaultCredentials.sharedToken("hvs.x")))
                    .satisfies(e -> assertReason(e, Reason.INVALID))
                    .hasMessage("vault configuration '" + approle.name() + "' uses APPROLE, which takes a role id and a secret id");

            // a real CA certificate parses
            assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl makes the test certificate");
            Path cert = dir.resolve("ca.pem");
            Process gen = new ProcessBuilder("/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                    dir.resolve("k.pem").toString(), "-out", cert.toString(), "-days", "1", "-subj", "/CN=test-ca")
                    .redirectErrorStream(true).start();
            assertThat(gen.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String pem = Files.readString(cert);
            VaultConfiguration ok = p.configs.create(p.admin, config().url("https://127.0.0.1:8200").caCertificatePem(pem).build(), null).config();
            assertThat(ok.caCertificatePem()).isEqualTo(pem);
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void aUrlOutsideTheOperatorsAllowListIsRefusedNamingTheUrl(Database.Dialect dialect) {
        try (TestPlatform p = TestPlatform.open(dialect)) {
            assertThatThrownBy(() -> p.configs.create(p.admin, config().url("https://vault.evil.example:8200").build(), null))
                    .satisfies(e -> assertReason(e, Reason.INVALID))
                    .hasMessage("vault URL https://vault.evil.example:8200 is not on the operator's allow-list of Vault servers "
                            + "[127.0.0.1, localhost]; the operator must add it (a URL prefix or host pattern) to the allow-list "
                            + "in the server configuration");
            VaultConfiguration ok = p.configs.create(p.admin, config().build(), null).config();
            assertThatThrownBy(() -> p.configs.update(p.admin, ok.toBuilder().url("http://169.254.169.254").build()))
                    .hasMessageStartingWith("vault URL http://169.254.169.254 is not on the operator's allow-list");
        }
        UrlAllowList list = UrlAllowList.of(List.of("https://vault.example.com:8200/prefix", "*.corp.example", "10.0.0.5:8200"));
        assertThat(list.allows(java.net.URI.create("https://vault.example.com:8200/prefix"))).isTrue();
        assertThat(list.allows(java.net.URI.create("https://vault.example.com:8200/prefix/x"))).isTrue();
        assertThat(list.allows(java.net.URI.create("https://vault.example.com:8200/prefixx"))).isFalse();
        assertThat(list.allows(java.net.URI.create("http://vault.example.com:8200/prefix"))).isFalse();
        assertThat(list.allows(java.net.URI.create("https://vault.example.com.evil:8200/prefix"))).isFalse();
        assertThat(list.allows(java.net.URI.create("https://a.corp.example"))).isTrue();
        assertThat(list.allows(java.net.URI.create("https://corp.example"))).isFalse();
        assertThat(list.allows(java.net.URI.create("http://10.0.0.5:8200"))).isTrue();
        assertThat(list.allows(java.net.URI.create("http://10.0.0.5:8300"))).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void membersReadConfigurationsInScopeOfTheirProjectsButNeverChangeThem(Database.Dialect dialect) {
        try (TestPlatform p = TestPlatform.open(dialect)) {
            String mine = p.project();
            String other = p.project();
            Caller member = p.member(mine);
            VaultConfiguration inScope = p.configs.create(p.admin, config().authMethod(AuthMethod.APPROLE)
                    .scope(Scope.projects(Set.of(p.projects.requireUsable(p.admin, mine)))).build(),
                    VaultCredentials.appRole("role-id-1", "secret-id-1")).config();
            VaultConfiguration outOfScope = p.configs.create(p.admin, config()
                    .scope(Scope.projects(Set.of(p.projects.requireUsable(p.admin, other)))).build(), null).config();
            VaultConfiguration everywhere = p.configs.create(p.admin, config().build(), null).config();

            VaultConfigurationView seen = p.configs.get(member, inScope.name());
            assertThat(seen.config()).isEqualTo(inScope);
            assertThat(seen.credentials()).isNull(); // members do not see how the identity is set up
            assertThat(p.configs.list(member)).extracting(v -> v.config().name())
                    .containsExactlyInAnyOrder(inScope.name(), everywhere.name());
            assertThatThrownBy(() -> p.configs.get(member, outOfScope.name()))
                    .satisfies(e -> assertReason(e, Reason.NOT_FOUND))
                    .hasMessage("no vault configuration named '" + outOfScope.name() + "' (or it is not in scope of your projects)");

            List<Runnable> changes = List.of(
                    () -> p.configs.create(member, config().build(), null),
                    () -> p.configs.update(member, inScope.toBuilder().enabled(false).build()),
                    () -> p.configs.update(member, inScope.toBuilder().autoRenew(false).build()),
                    () -> p.configs.setCredentials(member, inScope.name(), VaultCredentials.appRole("a", "b")),
                    () -> p.configs.clearCredentials(member, inScope.name()),
                    () -> p.configs.delete(member, inScope.name()));
            for (Runnable change : changes) {
                assertThatThrownBy(change::run).satisfies(e -> assertReason(e, Reason.FORBIDDEN));
            }
            assertThat(p.configs.get(p.admin, inScope.name()).config()).isEqualTo(inScope);
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void credentialsAreWriteOnlyReadsSayOnlyWhetherTheyAreSet(Database.Dialect dialect) {
        try (TestPlatform p = TestPlatform.open(dialect)) {
            VaultConfiguration c = config().authMethod(AuthMethod.USERPASS).build();
            VaultConfigurationView v = p.configs.create(p.admin, c, VaultCredentials.login("svc-user", "pa55-w0rd-unique"));
            assertThat(v.credentials()).isEqualTo(new CredentialStatus(false, false, true, true, false, true));
            String everything = v + " " + p.configs.list(p.admin) + " " + p.configs.get(p.admin, c.name())
                    + VaultCredentials.login("svc-user", "pa55-w0rd-unique");
            assertThat(everything).doesNotContain("pa55-w0rd-unique").doesNotContain("svc-user");

            VaultConfigurationView cleared = p.configs.clearCredentials(p.admin, c.name());
            assertThat(cleared.credentials().complete()).isFalse();
            VaultConfigurationView half = p.configs.setCredentials(p.admin, c.name(), new VaultCredentials(null, null, "svc-user", null, null));
            assertThat(half.credentials()).isEqualTo(new CredentialStatus(false, false, true, false, false, false));
        }
    }
}
