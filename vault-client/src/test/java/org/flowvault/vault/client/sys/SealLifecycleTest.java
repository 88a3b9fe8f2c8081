package org.flowvault.vault.client.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.core.TestClients;
import org.flowvault.vault.client.core.VaultClient;
import org.flowvault.vault.client.kv.KvVersion;
import org.flowvault.vault.client.sys.SysOperations.InitResult;
import org.flowvault.vault.client.sys.SysOperations.MountRequest;
import org.flowvault.vault.client.sys.SysOperations.SealStatus;
import org.flowvault.vault.server.TestVault;
import org.flowvault.vault.server.VaultServer;
import org.junit.jupiter.api.Test;

/** Initialize, unseal, seal on a server that starts uninitialized, as an operator would. */
class SealLifecycleTest {

    @Test
    void initializeUnsealAndSealShouldWalkAServerThroughItsLifecycle() {
        try (TestVault vault = TestVault.of(VaultServer.builder());
             VaultClient anonymous = VaultClient.create(TestClients.config(vault).build())) {
            SysOperations sys = anonymous.sys();
            assertThat(sys.initialized()).isFalse();
            assertThat(sys.health().initialized()).isFalse();

            InitResult init = sys.initialize(3, 2);

            assertThat(init.keys()).hasSize(3);
            assertThat(init.keysBase64()).hasSize(3);
            assertThat(init.toString()).isEqualTo("InitResult");
            assertThat(sys.sealStatus()).satisfies(s -> {
                assertThat(s.sealed()).isTrue();
                assertThat(s.threshold()).isEqualTo(2);
                assertThat(s.shares()).isEqualTo(3);
            });
            assertThat(sys.health().sealed()).isTrue();
            VaultClient root = anonymous.withToken(init.rootToken());
            assertThatThrownBy(() -> root.sys().mounts()).isInstanceOf(VaultException.Sealed.class)
                    .hasMessageContaining("GET sys/mounts").hasMessageContaining("503");

            assertThat(sys.unseal(init.keys().get(0)).progress()).isEqualTo(1);
            assertThat(sys.resetUnseal().progress()).isZero();
            SealStatus unsealed = sys.unseal(List.of(init.keys().get(1), init.keysBase64().get(2), init.keys().get(0)));

            assertThat(unsealed.sealed()).isFalse();
            assertThat(sys.health().active()).isTrue();
            root.sys().enableMount("kv", org.flowvault.vault.client.sys.SysOperations.MountRequest.of("kv-v2"));
            root.kv("kv", KvVersion.V2).put("a", Map.of("b", "c"));

            root.sys().seal();

            assertThat(sys.sealStatus().sealed()).isTrue();
            assertThatThrownBy(() -> root.kv("kv", KvVersion.V2).get("a")).isInstanceOf(VaultException.Sealed.class);
            assertThatThrownBy(() -> sys.initialize(1, 1)).isInstanceOf(VaultException.InvalidRequest.class);
            assertThatThrownBy(() -> sys.initialize(1, 2)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> sys.unseal(" ")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> sys.unseal(List.of())).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
