package org.flowvault.vault.server.auth.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.server.auth.MountHarness;
import org.flowvault.vault.server.auth.MountHarness.Reply;
import org.flowvault.vault.server.core.LoginAuth;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LdapLoginTest {
    private static TestDirectory directory;

    private final MountHarness vault = MountHarness.mount("ldap", "ldap/", LdapBackend::create);

    @BeforeAll
    static void startDirectory() throws Exception {
        directory = new TestDirectory();
    }

    @AfterAll
    static void stopDirectory() {
        directory.close();
    }

    @BeforeEach
    void mappings() {
        vault.write("groups/devs", Map.of("policies", "dev-read"));
        vault.write("groups/ops", Map.of("policies", "ops,dev-read"));
        vault.write("groups/posix", Map.of("policies", "posix"));
    }

    private Reply configure(Object... fields) {
        Map<String, Object> body = new LinkedHashMap<>(Map.of("url", directory.ldapUrl(), "userdn", TestDirectory.USERS,
                "userattr", "uid", "groupdn", TestDirectory.GROUPS));
        for (int i = 0; i < fields.length; i += 2) {
            body.put((String) fields[i], fields[i + 1]);
        }
        return vault.write("config", body);
    }

    private Reply login(String user, String password) {
        return vault.login("login/" + user, Map.of("password", password));
    }

    @Test
    void aUserBindsAndGetsThePoliciesOfTheirDirectoryGroups() {
        configure("token_ttl", "15m");

        Reply r = login("alice", "alicepw");

        assertThat(r.status()).isEqualTo(200);
        LoginAuth auth = r.login();
        assertThat(auth.policies()).containsExactly("dev-read", "ops");
        assertThat(auth.metadata()).isEqualTo(Map.of("username", "alice"));
        assertThat(auth.displayName()).isEqualTo("alice");
        assertThat(auth.ttl()).isEqualTo(Duration.ofMinutes(15));
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void theDefaultGroupFilterAlsoFindsPosixGroupsByMemberUid() {
        configure();

        assertThat(login("bob", "bobpw").login().policies()).containsExactly("posix");
    }

    @Test
    void aWrongPasswordAndAnUnknownUserFailTheSameWay() {
        configure();

        Reply wrong = login("alice", "nope");
        Reply unknown = login("mallory", "whatever");

        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.errors()).containsExactly("ldap operation failed: failed to bind as user");
        assertThat(unknown.errors()).containsExactly("ldap operation failed: failed to bind as user");
    }

    @Test
    void anEmptyPasswordIsRefusedWhileNullBindsAreDenied() {
        configure();

        assertThat(login("alice", "").errors())
                .containsExactly("password cannot be of zero length when passwordless binds are being denied");
    }

    @Test
    void withABindDnTheUserIsSearchedByUserFilter() {
        configure("binddn", TestDirectory.ADMIN, "bindpass", "adminpw", "userattr", "cn");

        // userattr=cn: the search finds "Alice Smith" by cn, the bind uses the entry's real DN.
        assertThat(login("Alice Smith", "alicepw").login().policies()).containsExactly("dev-read", "ops");
    }

    @Test
    void aWrongServiceAccountPasswordFailsTheLogin() {
        configure("binddn", TestDirectory.ADMIN, "bindpass", "wrong");

        assertThat(login("alice", "alicepw").errors()).containsExactly("ldap operation failed: failed to bind as user");
    }

    @Test
    void aCustomUserFilterIsAGoTemplate() {
        configure("binddn", TestDirectory.ADMIN, "bindpass", "adminpw",
                "userfilter", "(&(objectClass=inetOrgPerson)({{.UserAttr}}={{.Username}}))");

        assertThat(login("alice", "alicepw").status()).isEqualTo(200);
        assertThat(login("alice)(uid=*", "alicepw").status()).isEqualTo(400); // escaped, no filter injection
    }

    @Test
    void aUpnDomainBindsAsUserAtDomainAndFindsTheDnByUpn() {
        // The in-memory server cannot bind by UPN, so discover the DN through the service account.
        configure("binddn", TestDirectory.ADMIN, "bindpass", "adminpw", "upndomain", "example.com");

        assertThat(login("alice", "alicepw").login().policies()).containsExactly("dev-read", "ops");
    }

    @Test
    void locallyDefinedUsersAddGroupsAndPolicies() {
        configure();
        vault.write("users/Carol", Map.of("groups", "posix,extra", "policies", "personal"));
        vault.write("groups/extra", Map.of("policies", "extra-policy"));

        Reply r = login("carol", "carolpw");

        assertThat(r.login().policies()).containsExactly("extra-policy", "personal", "posix");
        assertThat(r.warnings()).containsExactly("no LDAP groups found in groupDN '" + TestDirectory.GROUPS
                + "'; only policies from locally-defined groups available");
    }

    @Test
    void tokenPoliciesOfTheConfigComeFirst() {
        configure("token_policies", "base");

        assertThat(login("alice", "alicepw").login().policies()).containsExactly("base", "dev-read", "ops");
    }

    @Test
    void groupNamesAreCaseInsensitiveUnlessConfiguredOtherwise() {
        configure();
        vault.delete("groups/devs");
        vault.write("groups/DEVS", Map.of("policies", "upper"));

        assertThat(login("alice", "alicepw").login().policies()).contains("upper");
        assertThat(vault.list("groups/").get("keys")).asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.LIST).contains("devs").doesNotContain("DEVS");
    }

    @Test
    void startTlsWithTheServersCertificateWorks() {
        configure("starttls", true, "certificate", directory.certificatePem);

        assertThat(login("alice", "alicepw").status()).isEqualTo(200);
    }

    @Test
    void ldapsVerifiesTheServerCertificate() {
        configure("url", directory.ldapsUrl());
        Reply untrusted = login("alice", "alicepw");

        configure("url", directory.ldapsUrl(), "insecure_tls", true);
        Reply insecure = login("alice", "alicepw");

        configure("url", directory.ldapsUrl(), "insecure_tls", false, "certificate", directory.certificatePem);
        Reply trusted = login("alice", "alicepw");

        assertThat(untrusted.status()).isEqualTo(400);
        assertThat(untrusted.errors().get(0)).startsWith("1 error occurred:\n\t* error connecting to host \"ldaps://");
        assertThat(insecure.status()).isEqualTo(200);
        assertThat(trusted.status()).isEqualTo(200);
    }

    @Test
    void theFirstReachableUrlIsUsed() {
        configure("url", "ldap://127.0.0.1:1," + directory.ldapUrl());

        assertThat(login("alice", "alicepw").status()).isEqualTo(200);
    }

    @Test
    void anUnreachableDirectoryIsReportedWithoutThePassword() {
        configure("url", "ldap://127.0.0.1:1", "binddn", TestDirectory.ADMIN, "bindpass", "adminpw");

        Reply r = login("alice", "alicepw");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errors().get(0)).startsWith("1 error occurred:\n\t* error connecting to host \"ldap://127.0.0.1:1\"")
                .doesNotContain("alicepw").doesNotContain("adminpw");
    }

    @Test
    void theBindPasswordIsNeverShown() {
        configure("binddn", TestDirectory.ADMIN, "bindpass", "adminpw");

        Reply r = vault.read("config");

        assertThat(r.data()).doesNotContainKey("bindpass").containsEntry("binddn", TestDirectory.ADMIN);
        assertThat(r.data().toString()).doesNotContain("adminpw");
    }

    @Test
    void groupsAndUsersReadBackAsVaultShowsThem() {
        vault.write("users/dave", Map.of("groups", "B,a,b", "policies", "P1, p2"));

        assertThat(vault.read("users/dave").data()).isEqualTo(Map.of("groups", "a,b", "policies", List.of("p1", "p2")));
        assertThat(vault.read("groups/ops").data()).isEqualTo(Map.of("policies", List.of("dev-read", "ops")));
        assertThat(vault.read("groups/none").status()).isEqualTo(404);
        assertThat(vault.list("users").get("keys")).isEqualTo(List.of("dave"));
    }
}
