package org.flowvault.platform.vaultconfig;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import java.net.InetAddress;
import java.util.Map;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.vaultconfig.ConnectionReport.Outcome;
import org.flowvault.platform.vaultconfig.VaultConfiguration.AuthMethod;
import org.junit.jupiter.api.Test;

/**
 * Configurations whose shared identity logs in with a user name and password — userpass, and LDAP
 * against an in-process directory — read secrets for any member with that identity, and a wrong
 * password is reported as a failed login without echoing Vault or the password.
 */
class SharedLoginIdentityTest {
    private static final String USERS = "ou=users,dc=example,dc=com";

    @Test
    void aUserpassConfigurationReadsWithItsSharedLogin() {
        try (TestPlatform p = TestPlatform.open(Database.Dialect.H2); VaultFixture vault = new VaultFixture(p.clock)) {
            vault.root("POST", "sys/auth/userpass", Map.of("type", "userpass"));
            String password = "pw-" + TestPlatform.rnd();
            vault.root("POST", "auth/userpass/users/svc-reader", Map.of("password", password, "token_policies", vault.kvReadPolicy()));
            assertSharedLoginReads(p, vault, AuthMethod.USERPASS, "userpass", "svc-reader", password);
        }
    }

    @Test
    void anLdapConfigurationReadsWithItsSharedLogin() throws Exception {
        InMemoryDirectoryServerConfig dc = new InMemoryDirectoryServerConfig("dc=example,dc=com");
        dc.setSchema(null);
        dc.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(), 0, null));
        InMemoryDirectoryServer directory = new InMemoryDirectoryServer(dc);
        directory.startListening();
        String password = "pw-" + TestPlatform.rnd();
        directory.add("dn: dc=example,dc=com", "objectClass: domain", "dc: example");
        directory.add("dn: " + USERS, "objectClass: organizationalUnit", "ou: users");
        directory.add("dn: uid=svc-ldap," + USERS, "objectClass: inetOrgPerson", "uid: svc-ldap", "cn: Service", "sn: Service",
                "userPassword: " + password);
        try (TestPlatform p = TestPlatform.open(Database.Dialect.H2); VaultFixture vault = new VaultFixture(p.clock)) {
            vault.root("POST", "sys/auth/ldap", Map.of("type", "ldap"));
            vault.root("POST", "auth/ldap/config", Map.of("url", "ldap://127.0.0.1:" + directory.getListenPort(),
                    "userdn", USERS, "userattr", "uid", "token_policies", vault.kvReadPolicy()));
            assertSharedLoginReads(p, vault, AuthMethod.LDAP, "ldap", "svc-ldap", password);
        } finally {
            directory.shutDown(true);
        }
    }

    private static void assertSharedLoginReads(TestPlatform p, VaultFixture vault, AuthMethod method, String mount,
                                               String username, String password) {
        vault.root("POST", "secret/data/shared/db", Map.of("data", Map.of("password", "the-shared-secret")));
        VaultConfiguration config = p.configs.create(p.admin, VaultConfiguration.builder().name(mount + "-" + TestPlatform.rnd())
                .url(vault.address()).authMethod(method).authMount(mount).build(), VaultCredentials.login(username, password)).config();

        ConnectionReport report = p.vaults.test(p.admin, config.name());
        assertThat(report.outcome()).as(report.message()).isEqualTo(Outcome.OK);
        assertThat(report.capabilities()).contains("read");

        Caller member = p.member(p.project());
        VaultIdentity identity = p.vaults.identity(config, member);
        assertThat(identity.cacheKey()).isEqualTo("config:" + config.id());
        assertThat(identity.client().kv("secret").get("shared/db").data()).containsEntry("password", "the-shared-secret");

        p.configs.setCredentials(p.admin, config.name(), VaultCredentials.login(username, "not-the-password"));
        ConnectionReport refused = p.vaults.test(p.admin, config.name());
        assertThat(refused.outcome()).isEqualTo(Outcome.LOGIN_FAILED);
        assertThat(refused.message()).doesNotContain("not-the-password").doesNotContain(password);
    }
}
