package org.flowvault.vault.server.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.flowvault.vault.server.compat.SpringVaultClients.template;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.flowvault.vault.server.TestVault;
import org.flowvault.vault.server.VaultServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.vault.VaultException;
import org.springframework.vault.core.VaultSysOperations;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.vault.support.Policy;
import org.springframework.vault.support.Policy.BuiltinCapabilities;
import org.springframework.vault.support.VaultHealth;
import org.springframework.vault.support.VaultInitializationRequest;
import org.springframework.vault.support.VaultInitializationResponse;
import org.springframework.vault.support.VaultMount;
import org.springframework.vault.support.VaultToken;
import org.springframework.vault.support.VaultTokenRequest;
import org.springframework.vault.support.VaultUnsealStatus;

/**
 * Spring Vault 4.0's {@code opsForSys()} against a dev server (health, seal status, mounts, auth
 * mounts, policies) and against a fresh non-dev server (init, unseal, seal).
 */
@DisplayName("spring-vault sys")
@ExtendWith(CheckTally.class)
class SpringVaultSysCompatibilityTest {
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

    private static VaultSysOperations sys() {
        return root.opsForSys();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void healthReportsAnInitializedUnsealedActiveNode() {
        VaultHealth h = sys().health();

        assertThat(h.isInitialized()).isTrue();
        assertThat(h.isSealed()).isFalse();
        assertThat(h.isStandby()).isFalse();
        assertThat(h.isPerformanceStandby()).isFalse();
        assertThat(h.getVersion()).isNotBlank();
        assertThat(h.getServerTimeUtc()).isPositive();
    }

    @Test
    void unsealStatusOfTheDevServerIsUnsealedWithOneShare() {
        VaultUnsealStatus s = sys().getUnsealStatus();

        assertThat(s.isSealed()).isFalse();
        assertThat(s.getSecretShares()).isEqualTo(1);
        assertThat(s.getSecretThreshold()).isEqualTo(1);
        assertThat(sys().isInitialized()).isTrue();
    }

    @Test
    void mountsListTheDevKvV2AndTheSystemMounts() {
        Map<String, VaultMount> mounts = sys().getMounts();

        assertThat(mounts).containsKeys("secret/", "sys/", "cubbyhole/");
        assertThat(mounts.get("secret/").getType()).isEqualTo("kv");
        assertThat(mounts.get("secret/").getOptions()).containsEntry("version", "2");
    }

    @Test
    void mountEnablesAnEngineWithDescriptionConfigAndOptionsAndUnmountRemovesIt() {
        String path = unique("engine");

        sys().mount(path, VaultMount.builder().type("kv").description("spring engine")
                .config(Map.of("default_lease_ttl", "1h")).options(Map.of("version", "2")).build());
        VaultMount m = sys().getMounts().get(path + "/");

        assertThat(m).as("the new mount is listed").isNotNull();
        assertThat(m.getType()).isEqualTo("kv");
        assertThat(m.getDescription()).isEqualTo("spring engine");
        assertThat(m.getOptions()).containsEntry("version", "2");
        assertThat(m.getConfig()).containsEntry("default_lease_ttl", 3600);
        sys().unmount(path);
        assertThat(sys().getMounts()).doesNotContainKey(path + "/");
    }

    @Test
    void mountOnAPathInUseIsRefused() {
        assertThatThrownBy(() -> sys().mount("secret", VaultMount.create("kv")))
                .isInstanceOf(VaultException.class).hasMessageContaining("already in use");
    }

    @Test
    void authMountEnablesAnAuthMethodAndAuthUnmountRemovesIt() {
        String path = unique("up");

        sys().authMount(path, VaultMount.builder().type("userpass").description("spring auth").build());
        VaultMount m = sys().getAuthMounts().get(path + "/");

        assertThat(m).as("the new auth method is listed").isNotNull();
        assertThat(m.getType()).isEqualTo("userpass");
        assertThat(m.getDescription()).isEqualTo("spring auth");
        assertThat(sys().getAuthMounts()).containsKey("token/");
        sys().authUnmount(path);
        assertThat(sys().getAuthMounts()).doesNotContainKey(path + "/");
    }

    @Test
    void policyWrittenAsJsonReadsBackWithTheSameRules() {
        String name = unique("spring-policy");
        Policy policy = Policy.of(
                Policy.Rule.builder().path("secret/data/spring/*").capabilities(BuiltinCapabilities.READ,
                        BuiltinCapabilities.LIST).build(),
                Policy.Rule.builder().path("secret/metadata/spring/*").capabilities(BuiltinCapabilities.LIST).build());

        sys().createOrUpdatePolicy(name, policy);

        assertThat(sys().getPolicy(name)).isEqualTo(policy);
        assertThat(sys().getPolicyNames()).contains(name, "default", "root");
    }

    @Test
    void policyDeleteRemovesIt() {
        String name = unique("spring-policy");
        sys().createOrUpdatePolicy(name, Policy.of(Policy.Rule.builder().path("x/*").capabilities(BuiltinCapabilities.READ).build()));

        sys().deletePolicy(name);

        assertThat(sys().getPolicy(name)).isNull();
        assertThat(sys().getPolicyNames()).doesNotContain(name);
    }

    @Test
    void aTokenHoldingAPolicyIsDeniedWhatThePolicyDoesNotGrant() {
        String name = unique("spring-reader");
        sys().createOrUpdatePolicy(name, Policy.of(Policy.Rule.builder().path("secret/data/granted/*")
                .capabilities(BuiltinCapabilities.READ).build()));
        root.opsForVersionedKeyValue("secret").put("granted/x", Map.of("k", "v"));
        root.opsForVersionedKeyValue("secret").put("private/x", Map.of("k", "v"));
        String token = root.opsForToken().create(VaultTokenRequest.builder()
                .withPolicy(name).build()).getToken().getToken();
        VaultTemplate limited = template(vault.address(), token);

        assertThat(limited.opsForVersionedKeyValue("secret").get("granted/x").getRequiredData()).containsEntry("k", "v");
        assertThatThrownBy(() -> limited.opsForVersionedKeyValue("secret").get("private/x"))
                .isInstanceOf(VaultException.class).hasMessageContaining("permission denied");
        assertThatThrownBy(() -> limited.opsForSys().getMounts())
                .isInstanceOf(VaultException.class).hasMessageContaining("permission denied");
    }

    /** A template on a fresh, uninitialized server whose session token is whatever {@code rootToken} holds. */
    private static VaultTemplate freshTemplate(TestVault fresh, AtomicReference<String> rootToken) {
        // Spring sends a session token even to sys/init and sys/unseal, which ignore it; until init
        // hands out the root token, a placeholder stands in.
        rootToken.set("not-yet-initialized");
        return new VaultTemplate(SpringVaultClients.endpoint(fresh.address()), SpringVaultClients.http(),
                () -> VaultToken.of(rootToken.get()));
    }

    @Test
    void initializeAFreshServerWithFiveSharesAndThresholdThree() {
        try (TestVault fresh = TestVault.of(VaultServer.builder())) {
            AtomicReference<String> rootToken = new AtomicReference<>();
            VaultSysOperations sys = freshTemplate(fresh, rootToken).opsForSys();

            assertThat(sys.isInitialized()).isFalse();
            VaultInitializationResponse init = sys.initialize(VaultInitializationRequest.create(5, 3));

            assertThat(init.getKeys()).hasSize(5).doesNotHaveDuplicates();
            assertThat(init.getRootToken().getToken()).isNotBlank();
            assertThat(sys.isInitialized()).isTrue();
            VaultUnsealStatus s = sys.getUnsealStatus();
            assertThat(s.isSealed()).isTrue();
            assertThat(s.getSecretShares()).isEqualTo(5);
            assertThat(s.getSecretThreshold()).isEqualTo(3);
            assertThat(s.getProgress()).isZero();
        }
    }

    @Test
    void unsealWithThreeOfFiveKeysReportsProgressThenUnseals() {
        try (TestVault fresh = TestVault.of(VaultServer.builder())) {
            AtomicReference<String> rootToken = new AtomicReference<>();
            VaultTemplate ops = freshTemplate(fresh, rootToken);
            VaultSysOperations sys = ops.opsForSys();
            VaultInitializationResponse init = sys.initialize(VaultInitializationRequest.create(5, 3));
            rootToken.set(init.getRootToken().getToken());

            assertThat(sys.unseal(init.getKeys().get(0)).getProgress()).isEqualTo(1);
            assertThat(sys.unseal(init.getKeys().get(1)).getProgress()).isEqualTo(2);
            assertThat(sys.unseal(init.getKeys().get(2)).isSealed()).isFalse();

            assertThat(sys.getUnsealStatus().isSealed()).isFalse();
            assertThat(sys.health().isSealed()).isFalse();
            assertThat(ops.read("auth/token/lookup-self").getRequiredData().get("policies")).isEqualTo(List.of("root"));
        }
    }

    @Test
    void sealRefusesRequestsUntilThreeOtherKeysUnsealAndTheDataSurvives() {
        try (TestVault fresh = TestVault.of(VaultServer.builder())) {
            AtomicReference<String> rootToken = new AtomicReference<>();
            VaultTemplate ops = freshTemplate(fresh, rootToken);
            VaultSysOperations sys = ops.opsForSys();
            VaultInitializationResponse init = sys.initialize(VaultInitializationRequest.create(5, 3));
            rootToken.set(init.getRootToken().getToken());
            init.getKeys().subList(0, 3).forEach(sys::unseal);
            sys.mount("kv", VaultMount.builder().type("kv").options(Map.of("version", "1")).build());
            ops.write("kv/kept", Map.of("v", "1"));

            sys.seal();

            assertThat(sys.getUnsealStatus().isSealed()).isTrue();
            assertThatThrownBy(() -> ops.read("kv/kept")).isInstanceOf(VaultException.class).hasMessageContaining("503");
            for (String key : List.of(init.getKeys().get(4), init.getKeys().get(3), init.getKeys().get(2))) {
                sys.unseal(key);
            }
            assertThat(sys.getUnsealStatus().isSealed()).isFalse();
            assertThat(ops.read("kv/kept").getRequiredData()).containsEntry("v", "1");
        }
    }
}
