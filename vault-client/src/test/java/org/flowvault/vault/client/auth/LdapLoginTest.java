package org.flowvault.vault.client.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.internal.LoginResult;
import org.flowvault.vault.server.TestVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** LDAP logins against a real directory (UnboundID's in-memory server) that the embedded Vault binds to. */
class LdapLoginTest {
    private static final String BASE = "dc=example,dc=com";
    private static InMemoryDirectoryServer directory;
    private static TestVault vault;
    private static String mount;

    @BeforeAll
    static void start() throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
        config.setSchema(null);
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(), 0, null));
        directory = new InMemoryDirectoryServer(config);
        directory.startListening();
        directory.add("dn: " + BASE, "objectClass: domain", "dc: example");
        directory.add("dn: ou=users," + BASE, "objectClass: organizationalUnit", "ou: users");
        directory.add("dn: ou=groups," + BASE, "objectClass: organizationalUnit", "ou: groups");
        directory.add("dn: uid=alice,ou=users," + BASE, "objectClass: inetOrgPerson", "uid: alice", "cn: Alice", "sn: Smith",
                "userPassword: alice-pw");
        directory.add("dn: cn=devs,ou=groups," + BASE, "objectClass: groupOfNames", "cn: devs", "member: uid=alice,ou=users," + BASE);

        vault = TestVault.dev();
        mount = TestAuth.enable(vault, "ldap");
        TestAuth.root(vault, "POST", "auth/" + mount + "/config", Map.of(
                "url", "ldap://127.0.0.1:" + directory.getListenPort("ldap"),
                "userdn", "ou=users," + BASE, "userattr", "uid", "groupdn", "ou=groups," + BASE, "token_ttl", "15m"));
        TestAuth.root(vault, "POST", "auth/" + mount + "/groups/devs", Map.of("policies", "dev-read"));
    }

    @AfterAll
    static void stop() {
        vault.close();
        directory.shutDown(true);
    }

    @Test
    void aDirectoryUserLogsInAndGetsTheirGroupsPolicies() {
        LoginResult result = Authentication.ldap().mount(mount).username("alice").password("alice-pw").build()
                .login(TestTransport.to(vault.address()));

        assertThat(result.policies()).containsExactlyInAnyOrder("default", "dev-read");
        assertThat(result.ttl()).isEqualTo(Duration.ofMinutes(15));
        assertThat(TestAuth.alive(vault, result.token().value())).isTrue();
    }

    @Test
    void aWrongPasswordFailsWithVaultsMessage() {
        Authentication.Password auth = Authentication.ldap().mount(mount).username("alice").password("not-alice-pw").build();

        assertThatThrownBy(() -> auth.login(TestTransport.to(vault.address())))
                .isInstanceOf(VaultException.LoginFailed.class)
                .hasMessageStartingWith("LDAP login at auth/" + mount + " failed: ")
                .hasMessageNotContaining("not-alice-pw");
    }

    @Test
    void theDefaultMountIsLdap() {
        assertThat(Authentication.ldap().username("alice").password("pw").build().toString())
                .isEqualTo("PasswordAuthentication[method=LDAP, mount=ldap, username=alice, password=<masked>]");
    }
}
