package org.flowvault.vault.server.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.flowvault.vault.server.compat.SpringVaultClients.expireTimeMillis;
import static org.flowvault.vault.server.compat.SpringVaultClients.lookup;
import static org.flowvault.vault.server.compat.SpringVaultClients.restClient;
import static org.flowvault.vault.server.compat.SpringVaultClients.template;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flowvault.vault.server.TestVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.vault.VaultException;
import org.springframework.vault.authentication.AppRoleAuthentication;
import org.springframework.vault.authentication.AppRoleAuthenticationOptions;
import org.springframework.vault.authentication.AppRoleAuthenticationOptions.RoleId;
import org.springframework.vault.authentication.AppRoleAuthenticationOptions.SecretId;
import org.springframework.vault.authentication.LifecycleAwareSessionManager;
import org.springframework.vault.authentication.LoginToken;
import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.authentication.UsernamePasswordAuthentication;
import org.springframework.vault.authentication.UsernamePasswordAuthenticationOptions;
import org.springframework.vault.authentication.VaultLoginException;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.vault.support.VaultToken;
import org.springframework.vault.support.VaultTokenRequest;
import org.springframework.vault.support.VaultTokenResponse;

/**
 * Spring Vault 4.0 authentication against a dev server: {@link AppRoleAuthentication} (ids given
 * and pulled), {@link UsernamePasswordAuthentication}, {@code opsForToken()}, and the
 * {@link LifecycleAwareSessionManager} renewing a short-lived token and revoking its login token.
 */
@DisplayName("spring-vault auth")
@ExtendWith(CheckTally.class)
class SpringVaultAuthCompatibilityTest {
    private static TestVault vault;
    private static VaultTemplate root;

    @BeforeAll
    static void start() {
        vault = TestVault.dev();
        root = template(vault.address(), vault.rootToken());
    }

    @AfterAll
    static void stop() {
        vault.close();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    // --- logins ------------------------------------------------------------------------------------

    /** Enables AppRole at a fresh path with a role granting {@code policy}; returns the mount path. */
    private static String appRoleWithPolicy(String policy) {
        String mount = unique("approle");
        root.write("sys/auth/" + mount, Map.of("type", "approle"));
        root.write("auth/" + mount + "/role/app", Map.of("token_policies", List.of(policy), "token_ttl", "20m",
                "token_max_ttl", "1h"));
        return mount;
    }

    private static String readerPolicy(String secretPath) {
        String name = unique("reader");
        root.write("sys/policy/" + name, Map.of("policy", "path \"secret/data/" + secretPath + "\" { capabilities = [\"read\"] }"));
        return name;
    }

    @Test
    void appRoleLoginWithProvidedIdsObtainsATokenWithTheRolePolicies() {
        String secret = unique("approle-data");
        root.opsForVersionedKeyValue("secret").put(secret, Map.of("k", "v"));
        String policy = readerPolicy(secret);
        String mount = appRoleWithPolicy(policy);
        String roleId = (String) root.read("auth/" + mount + "/role/app/role-id").getRequiredData().get("role_id");
        String secretId = (String) root.write("auth/" + mount + "/role/app/secret-id").getRequiredData().get("secret_id");

        VaultToken token = new AppRoleAuthentication(AppRoleAuthenticationOptions.builder().path(mount)
                .roleId(RoleId.provided(roleId)).secretId(SecretId.provided(secretId)).build(),
                restClient(vault.address())).login();

        assertThat(token).isInstanceOf(LoginToken.class);
        LoginToken login = (LoginToken) token;
        assertThat(login.getLeaseDuration()).isEqualTo(Duration.ofMinutes(20));
        assertThat(login.isRenewable()).isTrue();
        assertThat(login.getAccessor()).isNotBlank();
        VaultTemplate app = template(vault.address(), token.getToken());
        assertThat(app.opsForVersionedKeyValue("secret").get(secret).getRequiredData()).containsEntry("k", "v");
        assertThatThrownBy(() -> app.opsForVersionedKeyValue("secret").put(secret, Map.of("k", "x")))
                .isInstanceOf(VaultException.class).hasMessageContaining("403");
    }

    @Test
    void appRoleLoginPullsRoleIdAndSecretIdWithAnInitialToken() {
        String mount = appRoleWithPolicy("default");

        VaultToken token = new AppRoleAuthentication(AppRoleAuthenticationOptions.builder().path(mount).appRole("app")
                .roleId(RoleId.pull(VaultToken.of(vault.rootToken())))
                .secretId(SecretId.pull(VaultToken.of(vault.rootToken()))).build(),
                restClient(vault.address())).login();

        assertThat(lookup(root, token.getToken()).get("policies")).isEqualTo(List.of("default"));
    }

    @Test
    void appRoleLoginWithAWrongSecretIdFails() {
        String mount = appRoleWithPolicy("default");
        String roleId = (String) root.read("auth/" + mount + "/role/app/role-id").getRequiredData().get("role_id");

        assertThatThrownBy(() -> new AppRoleAuthentication(AppRoleAuthenticationOptions.builder().path(mount)
                .roleId(RoleId.provided(roleId)).secretId(SecretId.provided(UUID.randomUUID().toString())).build(),
                restClient(vault.address())).login())
                .isInstanceOf(VaultLoginException.class);
    }

    @Test
    void userpassLoginObtainsATokenForTheUser() {
        String mount = unique("userpass");
        root.write("sys/auth/" + mount, Map.of("type", "userpass"));
        root.write("auth/" + mount + "/users/alice", Map.of("password", "correct horse", "token_policies", "default"));

        VaultToken token = new UsernamePasswordAuthentication(UsernamePasswordAuthenticationOptions.builder()
                .path(mount).username("alice").password("correct horse").build(), restClient(vault.address())).login();

        assertThat(lookup(root, token.getToken()).get("meta")).isEqualTo(Map.of("username", "alice"));
        assertThatThrownBy(() -> new UsernamePasswordAuthentication(UsernamePasswordAuthenticationOptions.builder()
                .path(mount).username("alice").password("wrong").build(), restClient(vault.address())).login())
                .isInstanceOf(VaultException.class).hasMessageContaining("invalid username or password");
    }

    // --- tokens and sessions -----------------------------------------------------------------------

    @Test
    void tokenOperationsCreateRenewAndRevoke() {
        VaultTokenResponse created = root.opsForToken().create(VaultTokenRequest.builder().withPolicy("default")
                .ttl(Duration.ofMinutes(10)).explicitMaxTtl(Duration.ofHours(2)).renewable().build());
        VaultToken token = created.getToken();

        assertThat(lookup(root, token.getToken())).containsEntry("orphan", false).containsEntry("explicit_max_ttl", 7200);
        assertThat(root.opsForToken().renew(token).getAuth()).containsEntry("lease_duration", 600);
        root.opsForToken().revoke(token);
        assertThatThrownBy(() -> lookup(root, token.getToken())).isInstanceOf(VaultException.class);
    }

    @Test
    void tokenOperationsCreateOrphanMakesAParentlessToken() {
        VaultToken token = root.opsForToken().createOrphan(VaultTokenRequest.builder().withPolicy("default")
                .ttl(Duration.ofMinutes(10)).build()).getToken();

        assertThat(lookup(root, token.getToken())).containsEntry("orphan", true);
    }

    @Test
    void lifecycleAwareSessionManagerRenewsAShortLivedTokenBeforeItExpires() {
        String token = root.opsForToken().create(VaultTokenRequest.builder().withPolicy("default")
                .ttl(Duration.ofSeconds(10)).explicitMaxTtl(Duration.ofHours(1)).renewable().build()).getToken().getToken();
        long firstExpiry = expireTimeMillis(root, token);
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.initialize();
        LifecycleAwareSessionManager sessions = new LifecycleAwareSessionManager(new TokenAuthentication(token), scheduler,
                restClient(vault.address()));
        try {
            assertThat(sessions.getSessionToken().getToken()).isEqualTo(token);

            // Spring renews 5 s before expiry (renew-self); each renewal pushes expire_time forward.
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> assertThat(expireTimeMillis(root, token)).isGreaterThan(firstExpiry + 2000));
            // And the session outlives the token's original 10 s.
            await().atMost(Duration.ofSeconds(20)).until(() -> System.currentTimeMillis() > firstExpiry + 2000);
            VaultTemplate session = new VaultTemplate(SpringVaultClients.endpoint(vault.address()), SpringVaultClients.http(),
                    sessions);
            assertThat(session.read("auth/token/lookup-self").getRequiredData()).containsEntry("id", token);
        } finally {
            sessions.destroy();
            scheduler.shutdown();
        }
    }

    @Test
    void lifecycleAwareSessionManagerRevokesItsLoginTokenOnDestroy() {
        String mount = appRoleWithPolicy("default");
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.initialize();
        LifecycleAwareSessionManager sessions = new LifecycleAwareSessionManager(new AppRoleAuthentication(
                AppRoleAuthenticationOptions.builder().path(mount).appRole("app")
                        .roleId(RoleId.pull(VaultToken.of(vault.rootToken())))
                        .secretId(SecretId.pull(VaultToken.of(vault.rootToken()))).build(),
                restClient(vault.address())), scheduler, restClient(vault.address()));
        try {
            String token = sessions.getSessionToken().getToken();
            assertThat(lookup(root, token)).containsEntry("id", token);

            sessions.destroy();

            assertThatThrownBy(() -> lookup(root, token)).isInstanceOf(VaultException.class);
        } finally {
            scheduler.shutdown();
        }
    }
}
