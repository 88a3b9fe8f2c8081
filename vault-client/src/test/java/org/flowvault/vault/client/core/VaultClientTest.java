package org.flowvault.vault.client.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.VaultToken;
import org.flowvault.vault.client.auth.Authentication;
import org.flowvault.vault.client.auth.CustomLogin;
import org.flowvault.vault.client.internal.LoginResult;
import org.flowvault.vault.client.internal.VaultTransport;
import org.flowvault.vault.client.kv.KvOperations;
import org.flowvault.vault.client.token.TokenOperations.TokenCreateRequest;
import org.flowvault.vault.server.TestVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class VaultClientTest {
    static TestVault vault;
    static VaultClient root;

    @BeforeAll
    static void start() {
        vault = TestVault.dev();
        root = TestClients.root(vault);
        root.sys().writePolicy("kv-rw", "path \"secret/*\" { capabilities = [\"create\", \"read\", \"update\", \"list\"] }");
    }

    @AfterAll
    static void stop() {
        root.close();
        vault.close();
    }

    /** Logs in by creating a child token of root: a stand-in for AppRole, counting its logins. */
    static final class CountingLogin {
        final AtomicInteger logins = new AtomicInteger();
        final Authentication authentication = CustomLogin.loggingIn(transport -> {
            logins.incrementAndGet();
            JsonNode auth = transport.send("POST", "auth/token/create", Map.of("policies", List.of("kv-rw"), "ttl", "1h"),
                    vault.rootToken(), null, Map.of()).get("auth");
            return new LoginResult(VaultToken.of(auth.get("client_token").asText()), Duration.ofHours(1), true, List.of("kv-rw"), true);
        });
    }

    @Test
    void aClientWithAnAuthenticationShouldLogInLazilyAndOnce() {
        CountingLogin login = new CountingLogin();
        try (VaultClient client = VaultClient.builder().config(TestClients.config(vault).build()).authentication(login.authentication).build()) {
            assertThat(login.logins).hasValue(0);

            client.kv("secret").put("login/a", Map.of("k", "v"));
            client.kv("secret").get("login/a");

            assertThat(login.logins).hasValue(1);
            assertThat(client.token().lookupSelf().policies()).contains("kv-rw");
        }
    }

    @Test
    void aRejectedTokenShouldTriggerOneNewLoginAndTheCallShouldSucceed() {
        CountingLogin login = new CountingLogin();
        try (VaultClient client = VaultClient.builder().config(TestClients.config(vault).build()).authentication(login.authentication).build()) {
            client.kv("secret").put("relogin/a", Map.of("k", "v"));
            root.token().revoke(VaultToken.of(currentToken(client)));

            assertThat(client.kv("secret").get("relogin/a").string("k")).isEqualTo("v");
            assertThat(login.logins).hasValue(2);
        }
    }

    @Test
    void closeShouldRevokeATokenTheClientLoggedInFor() {
        CountingLogin login = new CountingLogin();
        VaultClient client = VaultClient.builder().config(TestClients.config(vault).build()).authentication(login.authentication).build();
        client.kv("secret").put("close/a", Map.of("k", "v"));
        String token = currentToken(client);

        client.close();
        client.close();

        assertThatThrownBy(() -> root.token().lookup(VaultToken.of(token))).isInstanceOf(VaultException.class);
        assertThatThrownBy(() -> client.sys().health()).isInstanceOf(VaultException.Unavailable.class);
    }

    private static String currentToken(VaultClient client) {
        return client.logical().read("auth/token/lookup-self").data().get("id").toString();
    }

    @Test
    void withTokenShouldUseAnotherIdentityOnTheSamePoolAndNeverRevokeIt() {
        VaultToken user = root.token().create(TokenCreateRequest.builder().policies("kv-rw").build()).token();
        VaultClient asUser = root.withToken(user);

        asUser.kv("secret").put("view/a", Map.of("k", "v"));
        asUser.close();

        assertThat(root.token().lookup(user).policies()).contains("kv-rw");
        assertThat(asUser.token().lookupSelf().policies()).contains("kv-rw");
        assertThatThrownBy(() -> asUser.sys().mounts()).isInstanceOf(VaultException.PermissionDenied.class)
                .hasMessageNotContaining(user.value());
        assertThat(asUser.toString()).doesNotContain(user.value());
    }

    @Test
    void aClientWithoutCredentialsShouldServeOnlyUnauthenticatedCalls() {
        try (VaultClient anonymous = VaultClient.builder().config(TestClients.config(vault).build()).build()) {
            assertThat(anonymous.sys().health().initialized()).isTrue();
            assertThatThrownBy(() -> anonymous.kv("secret")).isInstanceOf(IllegalStateException.class).hasMessageContaining("withToken");
        }
    }

    @Test
    void kvVersionShouldBeDetectedOncePerMountAndShared() throws Exception {
        try (VaultClient client = TestClients.root(vault)) {
            KvOperations first = client.kv("/secret/");
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Long>> writes = new java.util.ArrayList<>();
                for (int i = 0; i < 64; i++) {
                    int n = i;
                    writes.add(pool.submit(() -> client.kv("secret").put("concurrent/" + n, Map.of("n", n))));
                }
                for (Future<Long> f : writes) {
                    assertThat(f.get()).isEqualTo(1L);
                }
            } finally {
                pool.shutdown();
            }
            assertThat(first.mount()).isEqualTo("secret");
            assertThat(client.kv("secret").list("concurrent")).hasSize(64);
            assertThat(client.toString()).contains(vault.address());
            assertThat(client.config().address().toString()).isEqualTo(vault.address());
        }
    }
}
