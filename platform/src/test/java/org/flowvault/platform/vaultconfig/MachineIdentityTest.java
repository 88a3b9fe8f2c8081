package org.flowvault.platform.vaultconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.error.PlatformException.Reason;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.vaultconfig.ConnectionReport.Outcome;
import org.flowvault.platform.vaultconfig.VaultConfiguration.AuthMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Machine identities that log in (here JWT) through the embedded Vault-API server over HTTP: login
 * in the auth namespace "ns-auth", secrets read in its child "ns-auth/ns-data" (a token is valid in
 * its namespace and below, as in Vault Enterprise), a JWT file re-read at each login, a revoked
 * token replaced by one re-login, and the configuration's status recording logins and failures.
 */
class MachineIdentityTest {
    static final String AUTH_NS = "ns-auth";
    static final String DATA_NS = "ns-auth/ns-data";

    @TempDir
    Path dir;

    /** Namespaces, a KV v2 mount with one secret in the data namespace, and a JWT mount with role "ci" in the auth namespace. */
    private static TestJwts namespacedJwtVault(VaultFixture vault, Instant now) {
        namespacedSecrets(vault);
        TestJwts issuer = new TestJwts();
        vault.root("POST", AUTH_NS + "/sys/auth/jwt", Map.of("type", "jwt"));
        vault.root("POST", AUTH_NS + "/auth/jwt/config", Map.of("jwt_validation_pubkeys", List.of(issuer.publicKeyPem())));
        vault.root("POST", AUTH_NS + "/auth/jwt/role/ci", Map.of("role_type", "jwt", "bound_audiences", List.of("flowvault"),
                "user_claim", "sub", "token_policies", List.of("read-data"), "token_ttl", "1h"));
        return issuer;
    }

    /** Namespaces "ns-auth" and "ns-auth/ns-data", secret/app in the latter, and policy read-data in the former that reads it. */
    static void namespacedSecrets(VaultFixture vault) {
        vault.root("POST", "sys/namespaces/" + AUTH_NS, Map.of());
        vault.root("POST", AUTH_NS + "/sys/namespaces/ns-data", Map.of());
        vault.root("POST", DATA_NS + "/sys/mounts/secret", Map.of("type", "kv", "options", Map.of("version", "2")));
        vault.root("POST", DATA_NS + "/secret/data/app", Map.of("data", Map.of("password", "in-ns-data")));
        vault.root("PUT", AUTH_NS + "/sys/policies/acl/read-data",
                Map.of("policy", "path \"ns-data/secret/data/*\" { capabilities = [\"read\", \"list\"] }"));
    }

    private static VaultConfiguration.Builder jwtConfig(VaultFixture vault) {
        return VaultConfiguration.builder().name("jwt-" + TestPlatform.rnd()).url(vault.address()).namespace(DATA_NS)
                .authNamespace(AUTH_NS).authMethod(AuthMethod.JWT).authRole("ci").kvVersion(VaultConfiguration.KvVersionSetting.V2);
    }

    private static String read(TestPlatform p, VaultConfiguration c, Caller member) {
        return String.valueOf(p.vaults.identity(c, member).client().kv("secret").get("app").data().get("password"));
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void aJwtConfigurationLogsInInTheAuthNamespaceAndReadsInTheDataNamespace(Database.Dialect dialect) throws Exception {
        try (TestPlatform p = TestPlatform.open(dialect); VaultFixture vault = new VaultFixture(p.clock)) {
            TestJwts issuer = namespacedJwtVault(vault, p.clock.instant());
            Path jwt = Files.writeString(dir.resolve("jwt"), issuer.jwt("build-1", "flowvault", p.clock.instant()));
            VaultConfiguration c = p.configs.create(p.admin, jwtConfig(vault).jwtFile(jwt.toString()).build(), null).config();

            ConnectionReport report = p.vaults.test(p.admin, c.name());
            assertThat(report.outcome()).as(report.message()).isEqualTo(Outcome.OK);
            assertThat(report.message()).contains("JWT at auth/jwt in namespace 'ns-auth'");

            assertThat(read(p, c, p.member(p.project()))).isEqualTo("in-ns-data");
            IdentityStatus status = p.configs.get(p.admin, c.name()).identity();
            assertThat(status.lastLoginAt()).isEqualTo(p.clock.instant());
            assertThat(status.lastError()).isNull();

            // logging in where the secrets are (no auth namespace) fails: the JWT mount lives in ns-auth only
            VaultConfiguration here = p.configs.create(p.admin, jwtConfig(vault).name("here-" + TestPlatform.rnd()).authNamespace(null)
                    .jwtFile(jwt.toString()).build(), null).config();
            ConnectionReport refused = p.vaults.test(p.admin, here.name());
            assertThat(refused.outcome()).isEqualTo(Outcome.LOGIN_FAILED);
            assertThat(refused.message()).contains(here.name()).contains("namespace 'ns-auth/ns-data'")
                    .doesNotContain(Files.readString(jwt));
        }
    }

    @Test
    void aJwtFromAnEnvironmentVariableLogsInAndAnUnsetOneIsNamed() {
        try (TestPlatform p = TestPlatform.open(Database.Dialect.H2); VaultFixture vault = new VaultFixture(p.clock)) {
            TestJwts issuer = namespacedJwtVault(vault, p.clock.instant());
            p.environment.put("CI_JOB_JWT", issuer.jwt("build-2", "flowvault", p.clock.instant()));
            VaultConfiguration c = p.configs.create(p.admin, jwtConfig(vault).jwtEnvVariable("CI_JOB_JWT").build(), null).config();
            assertThat(read(p, c, p.member(p.project()))).isEqualTo("in-ns-data");

            VaultConfiguration unset = p.configs.create(p.admin, jwtConfig(vault).name("unset-" + TestPlatform.rnd())
                    .jwtEnvVariable("NOT_SET_HERE").build(), null).config();
            assertThatThrownBy(() -> read(p, unset, p.member(p.project())))
                    .satisfies(e -> assertThat(((PlatformException) e).reason()).isEqualTo(Reason.INVALID))
                    .hasMessageContaining("vault configuration '" + unset.name() + "'")
                    .hasMessageContaining("environment variable NOT_SET_HERE, which is not set");
            assertThat(p.configs.get(p.admin, unset.name()).identity().lastError()).contains("NOT_SET_HERE");
        }
    }

    @Test
    void aMissingJwtFileOrARefusedJwtIsReportedNamingTheConfigurationWithoutTheToken() throws Exception {
        try (TestPlatform p = TestPlatform.open(Database.Dialect.H2); VaultFixture vault = new VaultFixture(p.clock)) {
            TestJwts issuer = namespacedJwtVault(vault, p.clock.instant());
            VaultConfiguration missing = p.configs.create(p.admin, jwtConfig(vault).jwtFile(dir.resolve("absent").toString()).build(),
                    null).config();
            assertThatThrownBy(() -> read(p, missing, p.member(p.project())))
                    .hasMessageContaining("vault configuration '" + missing.name() + "'")
                    .hasMessageContaining("JWT file " + dir.resolve("absent") + " is missing or unreadable");
            IdentityStatus status = p.configs.get(p.admin, missing.name()).identity();
            assertThat(status.lastError()).contains("missing or unreadable");
            assertThat(status.lastErrorAt()).isNotNull();

            String wrongAudience = issuer.jwt("build-3", "someone-else", p.clock.instant());
            Path jwt = Files.writeString(dir.resolve("jwt"), wrongAudience);
            VaultConfiguration refused = p.configs.create(p.admin, jwtConfig(vault).name("refused-" + TestPlatform.rnd())
                    .jwtFile(jwt.toString()).build(), null).config();
            ConnectionReport report = p.vaults.test(p.admin, refused.name());
            assertThat(report.outcome()).isEqualTo(Outcome.LOGIN_FAILED);
            assertThat(report.message()).contains(refused.name()).contains("Vault said:").contains("aud")
                    .doesNotContain(wrongAudience).doesNotContain(wrongAudience.substring(0, 30));
            assertThatThrownBy(() -> read(p, refused, p.member(p.project())))
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrongAudience.substring(0, 30)));
            assertThat(p.configs.get(p.admin, refused.name()).identity().lastError()).contains("Vault said:")
                    .doesNotContain(wrongAudience.substring(0, 30));
        }
    }

    @Test
    void aRevokedMachineTokenIsReplacedByOneReLoginThatReadsTheJwtFileAgain() throws Exception {
        try (TestPlatform p = TestPlatform.open(Database.Dialect.H2); VaultFixture vault = new VaultFixture(p.clock)) {
            TestJwts issuer = namespacedJwtVault(vault, p.clock.instant());
            Path jwt = Files.writeString(dir.resolve("jwt"), issuer.jwt("build-4", "flowvault", p.clock.instant()));
            VaultConfiguration c = p.configs.create(p.admin, jwtConfig(vault).jwtFile(jwt.toString()).build(), null).config();
            Caller member = p.member(p.project());
            assertThat(read(p, c, member)).isEqualTo("in-ns-data");
            Instant firstLogin = p.configs.get(p.admin, c.name()).identity().lastLoginAt();

            p.clock.advance(java.time.Duration.ofMinutes(5));
            // the issuer rotates the file: the next login must use the new content, which Vault refuses
            Files.writeString(jwt, issuer.jwt("build-4", "someone-else", p.clock.instant()));
            revokeCurrentToken(p, vault, c, member);
            assertThatThrownBy(() -> read(p, c, member)).isInstanceOf(RuntimeException.class);
            assertThat(p.configs.get(p.admin, c.name()).identity().lastError()).contains(c.name()).contains("Vault said:");

            // rotated again to a valid JWT: the same client logs in once more and the read is retried
            Files.writeString(jwt, issuer.jwt("build-5", "flowvault", p.clock.instant()));
            assertThat(read(p, c, member)).isEqualTo("in-ns-data");
            IdentityStatus status = p.configs.get(p.admin, c.name()).identity();
            assertThat(status.lastLoginAt()).isEqualTo(p.clock.instant()).isAfter(firstLogin);
            assertThat(status.lastError()).isNull();
        }
    }

    /** Revokes the identity's current token by accessor, as an operator would. */
    static void revokeCurrentToken(TestPlatform p, VaultFixture vault, VaultConfiguration c, Caller member) {
        String accessor = p.vaults.identity(c, member).client().withNamespace(AUTH_NS).token().lookupSelf().accessor();
        vault.root("POST", AUTH_NS + "/auth/token/revoke-accessor", Map.of("accessor", accessor));
    }
}
