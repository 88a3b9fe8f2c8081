package org.flowvault.vault.client.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.client.core.VaultClient;
import org.flowvault.vault.client.core.VaultClientConfig;
import org.flowvault.vault.client.sys.SysOperations.InitResult;
import org.flowvault.vault.server.TestVault;
import org.flowvault.vault.server.VaultServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The README example runs as written: every authentication method, a custom mount, unsealing. */
class SecretsGatewayTest {
    private static final String BASE = "dc=example,dc=com";
    private static TestVault vault;
    private static InMemoryDirectoryServer directory;

    @BeforeAll
    static void start() throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
        config.setSchema(null);
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(), 0, null));
        directory = new InMemoryDirectoryServer(config);
        directory.startListening();
        directory.add("dn: " + BASE, "objectClass: domain", "dc: example");
        directory.add("dn: ou=users," + BASE, "objectClass: organizationalUnit", "ou: users");
        directory.add("dn: uid=ops,ou=users," + BASE, "objectClass: inetOrgPerson", "uid: ops", "cn: Ops", "sn: Ops", "userPassword: ops-pw");

        vault = TestVault.dev();
        String root = vault.rootToken();
        vault.call("POST", "sys/mounts/apps-kv", root, Map.of("type", "kv-v2"));
        vault.call("POST", "apps-kv/data/billing/db", root, Map.of("data", Map.of("username", "billing", "password", "pw-42")));
        vault.call("PUT", "sys/policies/acl/apps-read", root, Map.of("policy", "path \"apps-kv/data/*\" { capabilities = [\"read\"] }"));
        vault.call("POST", "sys/auth/ldap", root, Map.of("type", "ldap"));
        vault.call("POST", "auth/ldap/config", root, Map.of("url", "ldap://127.0.0.1:" + directory.getListenPort("ldap"),
                "userdn", "ou=users," + BASE, "userattr", "uid"));
        vault.call("POST", "auth/ldap/users/ops", root, Map.of("policies", "apps-read"));
        vault.call("POST", "sys/auth/approle", root, Map.of("type", "approle"));
        vault.call("POST", "auth/approle/role/billing", root, Map.of("token_policies", "apps-read"));
    }

    @AfterAll
    static void stop() {
        vault.close();
        directory.shutDown(true);
    }

    @Test
    void readsTheCustomMountWithEveryAuthenticationMethod() {
        String roleId = vault.call("GET", "auth/approle/role/billing/role-id", vault.rootToken(), null).json().at("/data/role_id").asText();
        String secretId = vault.call("POST", "auth/approle/role/billing/secret-id", vault.rootToken(), Map.of())
                .json().at("/data/secret_id").asText();
        try (SecretsGateway byToken = SecretsGateway.withToken(vault.address(), vault.rootToken());
             SecretsGateway byLdap = SecretsGateway.withLdap(vault.address(), "ops", "ops-pw");
             SecretsGateway byAppRole = SecretsGateway.withAppRole(vault.address(), roleId, secretId)) {
            for (SecretsGateway g : List.of(byToken, byLdap, byAppRole)) {
                assertThat(g.kv2Read("apps-kv", "billing/db")).containsEntry("username", "billing").containsEntry("password", "pw-42");
            }
        }
    }

    @Test
    void unsealsASealedServerWithItsKeys() {
        try (TestVault sealed = TestVault.of(VaultServer.builder());
             VaultClient admin = VaultClient.create(VaultClientConfig.builder().address(sealed.address()).build())) {
            InitResult init = admin.sys().initialize(3, 2);
            try (SecretsGateway gateway = SecretsGateway.unauthenticated(sealed.address())) {
                assertThat(gateway.unseal(init.keys().subList(0, 2))).isTrue();
                assertThat(gateway.unseal(init.keys())).as("already unsealed").isTrue();
            }
            assertThat(admin.sys().sealStatus().sealed()).isFalse();
        }
    }
}
