package org.flowvault.vault.client.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.VaultToken;
import org.flowvault.vault.client.core.TestClients;
import org.flowvault.vault.client.core.VaultClient;
import org.flowvault.vault.client.sys.SysOperations.MountRequest;
import org.flowvault.vault.client.token.TokenOperations.TokenCreateRequest;
import org.flowvault.vault.server.TestVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KvMountsTest {
    static TestVault vault;
    static VaultClient root;

    @BeforeAll
    static void start() {
        vault = TestVault.dev();
        root = TestClients.root(vault);
    }

    @AfterAll
    static void stop() {
        root.close();
        vault.close();
    }

    @Test
    void locatesLogicalAndApiPathsOnNestedMountsOfBothVersions() {
        String nested = TestClients.name("team") + "/kv";
        String legacy = TestClients.name("legacy");
        root.sys().enableMount(nested, MountRequest.builder("kv").option("version", "2").build());
        root.sys().enableMount(legacy, MountRequest.builder("kv").option("version", "1").build());

        KvMounts kv = root.kv();

        assertThat(kv.locate(nested + "/data/apps/db")).isEqualTo(new KvLocation(nested, KvVersion.V2, "apps/db"));
        assertThat(kv.locate("/" + nested + "/apps/db/")).isEqualTo(new KvLocation(nested, KvVersion.V2, "apps/db"));
        assertThat(kv.locate(nested + "/metadata/apps")).isEqualTo(new KvLocation(nested, KvVersion.V2, "apps"));
        assertThat(kv.locate(legacy + "/data/x")).as("KV v1 keeps a 'data' segment: it is part of the name")
                .isEqualTo(new KvLocation(legacy, KvVersion.V1, "data/x"));
        assertThat(kv.locate(nested + "/data/apps/db").logicalPath()).isEqualTo(nested + "/apps/db");
    }

    @Test
    void asksVaultOncePerMountAndSharesTheAnswerWithViews() {
        AtomicInteger requests = new AtomicInteger();
        try (VaultClient counted = VaultClient.builder().config(TestClients.config(vault).token(VaultToken.of(vault.rootToken())).build())
                .observer((nanos, failure) -> requests.incrementAndGet()).build()) {
            String mount = TestClients.name("shared");
            root.sys().enableMount(mount, MountRequest.of("kv-v2"));

            for (int i = 0; i < 20; i++) {
                counted.kv().locate(mount + "/data/path" + i);
                counted.withToken(VaultToken.of(vault.rootToken())).kv().locate(mount + "/other" + i);
            }

            assertThat(requests.get()).isEqualTo(1);
        }
    }

    @Test
    void aPathOnAnotherEngineIsRefusedNamingTheEngine() {
        assertThatThrownBy(() -> root.kv().locate("cubbyhole/k"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cubbyhole engine, not KV");
    }

    @Test
    void whenTheTokenMayNotAskTheDefaultMountIsUsedOrTheDenialReported() {
        String policy = TestClients.name("p");
        root.sys().writePolicy(policy, "path \"sys/internal/ui/mounts/*\" { capabilities = [\"deny\"] }");
        String token = root.token().create(TokenCreateRequest.builder().policies(policy).build()).token().value();
        try (VaultClient denied = VaultClient.create(TestClients.config(vault).token(VaultToken.of(token))
                .defaultKvVersion(KvVersion.V1).build())) {

            assertThat(denied.kv().locate("secret/app/db", "secret", null)).isEqualTo(new KvLocation("secret", KvVersion.V1, "app/db"));
            assertThat(denied.kv().locate("app/db", "/secret/", KvVersion.V2)).as("a path without the mount is below the default mount")
                    .isEqualTo(new KvLocation("secret", KvVersion.V2, "app/db"));
            assertThatThrownBy(() -> denied.kv().locate("secret/app/db")).isInstanceOf(VaultException.PermissionDenied.class);
        }
    }
}
