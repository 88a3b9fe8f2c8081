package org.flowvault.vault.client.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.core.TestClients;
import org.flowvault.vault.client.core.VaultClient;
import org.flowvault.vault.client.sys.SysOperations.Health;
import org.flowvault.vault.client.sys.SysOperations.MountInfo;
import org.flowvault.vault.client.sys.SysOperations.MountRequest;
import org.flowvault.vault.client.sys.SysOperations.MountTune;
import org.flowvault.vault.client.sys.SysOperations.SealStatus;
import org.flowvault.vault.server.TestVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** sys/ against a running dev server; the seal lifecycle is in {@link SealLifecycleTest}. */
class SysOperationsTest {
    static TestVault vault;
    static VaultClient client;
    static SysOperations sys;

    @BeforeAll
    static void start() {
        vault = TestVault.dev();
        client = TestClients.root(vault);
        sys = client.sys();
    }

    @AfterAll
    static void stop() {
        client.close();
        vault.close();
    }

    @Test
    void healthAndSealStatusShouldDescribeAnActiveServerWithoutAToken() {
        try (VaultClient anonymous = VaultClient.create(TestClients.config(vault).build())) {
            Health h = anonymous.sys().health();
            SealStatus s = anonymous.sys().sealStatus();

            assertThat(h.initialized()).isTrue();
            assertThat(h.sealed()).isFalse();
            assertThat(h.standby()).isFalse();
            assertThat(h.performanceStandby()).isFalse();
            assertThat(h.active()).isTrue();
            assertThat(h.version()).isNotBlank();
            assertThat(h.clusterName()).isNotBlank();
            assertThat(h.clusterId()).isNotBlank();
            assertThat(h.serverTime()).isNotNull();
            assertThat(s.sealed()).isFalse();
            assertThat(s.initialized()).isTrue();
            assertThat(s.type()).isEqualTo("shamir");
            assertThat(s.threshold()).isEqualTo(1);
            assertThat(s.shares()).isEqualTo(1);
            assertThat(anonymous.sys().initialized()).isTrue();
            assertThatThrownBy(() -> anonymous.sys().mounts()).isInstanceOf(IllegalStateException.class).hasMessageContaining("no token");
        }
    }

    @Test
    void enableMountShouldMountAnEngineThatMountsListsAndDisableRemoves() {
        String path = "team/" + TestClients.name("m");
        sys.enableMount(path, MountRequest.builder("kv").description("team secrets").option("version", "2")
                .defaultLeaseTtl(Duration.ofHours(1)).maxLeaseTtl(Duration.ofHours(2)).local(false).sealWrap(false).build());

        MountInfo m = sys.mounts().get(path);
        assertThat(m).isNotNull();
        assertThat(m.type()).isEqualTo("kv");
        assertThat(m.description()).isEqualTo("team secrets");
        assertThat(m.options()).containsEntry("version", "2");
        assertThat(m.defaultLeaseTtl()).isEqualTo(Duration.ofHours(1));
        assertThat(m.maxLeaseTtl()).isEqualTo(Duration.ofHours(2));
        assertThat(m.accessor()).isNotBlank();
        assertThat(sys.mounts()).containsKeys("secret", "sys", "cubbyhole");

        assertThatThrownBy(() -> sys.enableMount(path, MountRequest.of("kv"))).isInstanceOf(VaultException.InvalidRequest.class)
                .hasMessageContaining("POST sys/mounts/" + path).hasMessageContaining("400");

        sys.disableMount(path);
        assertThat(sys.mounts()).doesNotContainKey(path);
    }

    @Test
    void tuneMountShouldChangeOnlyTheGivenSettings() {
        String path = TestClients.name("tune");
        sys.enableMount(path, MountRequest.builder("kv").description("before").build());

        sys.tuneMount(path, MountTune.builder().defaultLeaseTtl(Duration.ofMinutes(30)).maxLeaseTtl(Duration.ofHours(3)).build());
        sys.tuneMount(path, MountTune.builder().description("after").listingVisibility("unauth").option("version", "2").build());

        MountTune t = sys.mountTune(path);
        assertThat(t.defaultLeaseTtl()).contains(Duration.ofMinutes(30));
        assertThat(t.maxLeaseTtl()).contains(Duration.ofHours(3));
        assertThat(t.description()).contains("after");
        assertThat(t.listingVisibility()).contains("unauth");
        assertThat(t.options()).hasValueSatisfying(o -> assertThat(o).containsEntry("version", "2"));
        assertThat(client.kv(path).version()).isEqualTo(org.flowvault.vault.client.kv.KvVersion.V2);
        assertThatThrownBy(() -> MountTune.builder().build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> MountTune.builder().listingVisibility("public")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sys.mountTune(TestClients.name("none"))).isInstanceOf(VaultException.InvalidRequest.class);
    }

    @Test
    void enableAuthShouldAddAnAuthMethodThatDisableRemoves() {
        String path = TestClients.name("approle");
        sys.enableAuth(path, MountRequest.builder("approle").description("machines").build());

        assertThat(sys.authMethods()).containsKey("token");
        assertThat(sys.authMethods().get(path)).satisfies(m -> {
            assertThat(m.type()).isEqualTo("approle");
            assertThat(m.description()).isEqualTo("machines");
        });

        sys.disableAuth(path);
        assertThat(sys.authMethods()).doesNotContainKey(path);
    }

    @Test
    void policiesShouldBeWrittenReadListedAndDeleted() {
        String name = TestClients.name("pol");
        String hcl = "path \"secret/data/app/*\" {\n  capabilities = [\"read\"]\n}\n";

        sys.writePolicy(name, hcl);

        assertThat(sys.policies()).contains(name, "default", "root");
        assertThat(sys.readPolicy(name)).contains(hcl);
        sys.deletePolicy(name);
        assertThat(sys.policies()).doesNotContain(name);
        assertThat(sys.readPolicy(name)).isEmpty();
        assertThatThrownBy(() -> sys.writePolicy(name, "path {")).isInstanceOf(VaultException.InvalidRequest.class);
        assertThatThrownBy(() -> sys.writePolicy("a/b", hcl)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sys.writePolicy(name, " ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void builtRequestsShouldPrintTheirSettings() {
        assertThat(MountRequest.of("kv-v2").toString()).contains("kv-v2");
        assertThat(MountTune.builder().description("d").build().toString()).contains("description");
        assertThatThrownBy(() -> MountRequest.of(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
