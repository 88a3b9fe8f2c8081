package org.flowvault.vault.client.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.VaultToken;
import org.flowvault.vault.client.core.TestClients;
import org.flowvault.vault.client.core.VaultClient;
import org.flowvault.vault.client.core.VaultClientConfig;
import org.flowvault.vault.client.sys.SysOperations.MountRequest;
import org.flowvault.vault.client.token.TokenOperations.TokenCreateRequest;
import org.flowvault.vault.server.TestVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KvV1OperationsTest {
    static TestVault vault;
    static VaultClient client;
    static String mount;

    @BeforeAll
    static void start() {
        vault = TestVault.dev();
        client = TestClients.root(vault);
        mount = TestClients.name("kv1");
        client.sys().enableMount(mount, MountRequest.of("kv"));
    }

    @AfterAll
    static void stop() {
        client.close();
        vault.close();
    }

    @Test
    void kvShouldDetectVersion1AndPutGetDeleteList() {
        KvOperations kv = client.kv(mount);
        assertThat(kv).isInstanceOf(KvV1Operations.class);
        assertThat(kv.version()).isEqualTo(KvVersion.V1);
        assertThat(kv.mount()).isEqualTo(mount);

        assertThat(kv.put("app/db", Map.of("password", "pw", "port", 5432))).isZero();
        kv.put("app/cache", Map.of("password", "c"));

        KvSecret s = kv.get("app/db");
        assertThat(s.data()).containsEntry("password", "pw").containsEntry("port", 5432);
        assertThat(s.metadata()).isEmpty();
        assertThat(s.version()).isZero();
        assertThat(kv.list("app")).containsExactlyInAnyOrder("db", "cache");
        assertThat(kv.list("")).containsExactly("app/");

        kv.delete("app/db");

        assertThatThrownBy(() -> kv.get("app/db")).isInstanceOf(VaultException.NotFound.class);
        assertThat(kv.find("app/db")).isEmpty();
        assertThat(kv.find("app/cache")).isPresent();
        assertThat(kv.list("nothing")).isEmpty();
        assertThat(kv.toString()).contains(mount);
    }

    @Test
    void kvV2ShouldRefuseAVersion1MountWithTheFix() {
        assertThatThrownBy(() -> client.kvV2(mount)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("KV version 1").hasMessageContaining("tuneMount");
    }

    @Test
    void kvWithAnExplicitVersionShouldNotAskVault() {
        assertThat(client.kv(mount, KvVersion.V1)).isInstanceOf(KvV1Operations.class);
        assertThat(client.kv("does-not-exist", KvVersion.V2)).isInstanceOf(KvV2Operations.class);
    }

    @Test
    void kvShouldRefuseAPathBelowAMountAndANonKvMount() {
        assertThatThrownBy(() -> client.kv("secret/apps")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("below the mount \"secret\"");
        assertThatThrownBy(() -> client.kv("cubbyhole")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cubbyhole engine, not KV");
        assertThatThrownBy(() -> client.kv("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.kv("  /  ".strip())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void kvShouldFallBackToTheConfiguredVersionWhenDetectionIsDenied() {
        client.sys().writePolicy("kv-none", "path \"nothing/*\" { capabilities = [\"read\"] }");
        VaultToken weak = client.token().create(TokenCreateRequest.builder().policies("kv-none").noDefaultPolicy(true).build()).token();

        try (VaultClient withDefault = VaultClient.create(TestClients.config(vault).token(weak).defaultKvVersion(KvVersion.V1).build());
             VaultClient withoutDefault = VaultClient.create(TestClients.config(vault).token(weak).build())) {
            assertThat(withDefault.kv("secret").version()).isEqualTo(KvVersion.V1);
            assertThatThrownBy(() -> withoutDefault.kv("secret")).isInstanceOf(VaultException.PermissionDenied.class)
                    .hasMessageContaining("defaultKvVersion").hasMessageNotContaining(weak.value());
        }
        assertThat(VaultClientConfig.builder().defaultKvVersion(KvVersion.V2).build().defaultKvVersion()).contains(KvVersion.V2);
    }
}
