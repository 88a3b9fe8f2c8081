package org.flowvault.vault.client.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.VaultToken;
import org.flowvault.vault.client.kv.KvV2Operations;
import org.flowvault.vault.client.sys.SysOperations.MountRequest;
import org.flowvault.vault.server.TestVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Namespaces: the configured one, a view's, and isolation between them. */
class NamespaceTest {
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
    void aClientConfiguredWithANamespaceShouldWorkInsideItOnly() {
        String ns = TestClients.name("team");
        root.logical().write("sys/namespaces/" + ns, Map.of());

        try (VaultClient inNs = VaultClient.create(TestClients.config(vault).namespace("/" + ns + "/")
                .token(VaultToken.of(vault.rootToken())).build())) {
            assertThat(inNs.config().namespace()).contains(ns);
            inNs.sys().enableMount("secret", MountRequest.of("kv-v2"));
            KvV2Operations kv = inNs.kvV2("secret");
            kv.put("app/db", Map.of("password", "in-namespace"));

            assertThat(kv.get("app/db").string("password")).isEqualTo("in-namespace");
            assertThat(inNs.sys().mounts()).containsKey("secret");
            assertThat(root.kvV2("secret").find("app/db")).isEmpty();
            assertThat(root.withNamespace(ns).kv("secret").get("app/db").string("password")).isEqualTo("in-namespace");
            assertThat(inNs.withNamespace("").kvV2("secret").find("app/db")).isEmpty();
            // health and seal status go to the root namespace whatever the client's
            assertThat(inNs.sys().health().active()).isTrue();
        }
    }

    @Test
    void nestedNamespacesAndNestedMountsShouldCombine() {
        String parent = TestClients.name("org");
        root.logical().write("sys/namespaces/" + parent, Map.of());
        root.withNamespace(parent).logical().write("sys/namespaces/child", Map.of());
        VaultClient child = root.withNamespace(parent + "/child");
        child.sys().enableMount("team/kv", MountRequest.of("kv-v2"));

        child.kv("team/kv").put("x", Map.of("v", "1"));

        assertThat(child.kv("team/kv").get("x").string("v")).isEqualTo("1");
        assertThat(root.withNamespace(parent).logical().find("team/kv/data/x")).isEmpty();
        assertThat(child.toString()).contains(parent + "/child");
    }

    @Test
    void anUnknownNamespaceShouldFailClearly() {
        assertThatThrownBy(() -> root.withNamespace(TestClients.name("nowhere")).kv("secret"))
                .isInstanceOf(VaultException.class);
    }
}
