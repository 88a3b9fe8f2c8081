package org.flowvault.vault.server.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.flowvault.vault.server.TestVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Namespaces are isolated tenants: own mounts, secrets, policies and tokens. */
class NamespaceIsolationTest {
    private static TestVault vault;

    @BeforeAll
    static void start() {
        vault = TestVault.dev();
    }

    @AfterAll
    static void stop() {
        vault.close();
    }

    private static String newNamespace() {
        String name = "team-" + UUID.randomUUID().toString().substring(0, 8);
        TestVault.Reply r = vault.call("POST", "sys/namespaces/" + name, vault.rootToken(), Map.of());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("data").get("path").asText()).isEqualTo(name + "/");
        return name;
    }

    @Test
    void secretsInANamespaceAreInvisibleFromTheRootAndReachableByPathPrefix() {
        String ns = newNamespace();
        assertThat(vault.call("POST", ns + "/sys/mounts/secret", vault.rootToken(),
                Map.of("type", "kv", "options", Map.of("version", "2"))).status()).isEqualTo(204);
        assertThat(vault.call("POST", ns + "/secret/data/app", vault.rootToken(), Map.of("data", Map.of("k", "in-ns"))).status())
                .isEqualTo(200);

        TestVault.Reply viaHeader = vault.callWithHeader("GET", "secret/data/app", "X-Vault-Namespace", ns, null);
        assertThat(viaHeader.status()).isEqualTo(403); // no token on this call
        TestVault.Reply viaPrefix = vault.call("GET", ns + "/secret/data/app", vault.rootToken(), null);
        assertThat(viaPrefix.json().get("data").get("data").get("k").asText()).isEqualTo("in-ns");
        assertThat(vault.call("GET", "secret/data/app", vault.rootToken(), null).status()).isEqualTo(404);
    }

    @Test
    void aNamespaceTokenCannotBeUsedOutsideItsNamespace() {
        String ns = newNamespace();
        TestVault.Reply created = vault.call("POST", ns + "/auth/token/create", vault.rootToken(), Map.of("policies", "default"));
        assertThat(created.status()).isEqualTo(200);
        String nsToken = created.json().get("auth").get("client_token").asText();
        assertThat(vault.call("GET", ns + "/auth/token/lookup-self", nsToken, null).status()).isEqualTo(200);
        assertThat(vault.call("GET", "auth/token/lookup-self", nsToken, null).status()).isEqualTo(403);
    }

    @Test
    void policiesAreScopedToTheirNamespace() {
        String ns = newNamespace();
        vault.call("PUT", ns + "/sys/policies/acl/ns-only", vault.rootToken(), Map.of("policy", "path \"secret/*\" { capabilities = [\"read\"] }"));
        assertThat(vault.call("GET", ns + "/sys/policies/acl/ns-only", vault.rootToken(), null).status()).isEqualTo(200);
        assertThat(vault.call("GET", "sys/policies/acl/ns-only", vault.rootToken(), null).status()).isEqualTo(404);
    }

    @Test
    void listingShowsChildrenAndDeletionRefusesParents() {
        String parent = newNamespace();
        assertThat(vault.call("POST", parent + "/sys/namespaces/child", vault.rootToken(), Map.of()).status()).isEqualTo(200);
        TestVault.Reply list = vault.call("LIST", parent + "/sys/namespaces", vault.rootToken(), null);
        assertThat(list.json().get("data").get("keys").get(0).asText()).isEqualTo("child/");
        assertThat(vault.call("GET", parent + "/child/sys/mounts", vault.rootToken(), null).status()).isEqualTo(200);

        TestVault.Reply refused = vault.call("DELETE", "sys/namespaces/" + parent, vault.rootToken(), null);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").get(0).asText()).contains("child namespaces");

        assertThat(vault.call("DELETE", parent + "/sys/namespaces/child", vault.rootToken(), null).status()).isEqualTo(204);
        assertThat(vault.call("DELETE", "sys/namespaces/" + parent, vault.rootToken(), null).status()).isEqualTo(204);
        assertThat(vault.call("GET", parent + "/sys/mounts", vault.rootToken(), null).status()).isEqualTo(404);
    }
}
