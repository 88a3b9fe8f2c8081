package org.flowvault.vault.server.auth.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.flowvault.vault.server.auth.MountHarness;
import org.flowvault.vault.server.auth.MountHarness.Reply;
import org.junit.jupiter.api.Test;

class LdapConfigTest {
    private final MountHarness vault = MountHarness.mount("ldap", "ldap/", LdapBackend::create);

    @Test
    void anUnconfiguredMountShowsVaultsDefaults() {
        Reply r = vault.read("config");

        assertThat(r.data()).containsEntry("url", "ldap://127.0.0.1")
                .containsEntry("userattr", "cn")
                .containsEntry("groupattr", "cn")
                .containsEntry("groupfilter", "(|(memberUid={{.Username}})(member={{.UserDN}})(uniqueMember={{.UserDN}}))")
                .containsEntry("userfilter", "({{.UserAttr}}={{.Username}})")
                .containsEntry("deny_null_bind", true)
                .containsEntry("case_sensitive_names", false)
                .containsEntry("tls_min_version", "tls12")
                .containsEntry("request_timeout", 90)
                .containsEntry("token_policies", java.util.List.of())
                .doesNotContainKey("bindpass");
    }

    @Test
    void anUpdateKeepsUnmentionedFieldsAndLowercasesUrlAndUserattr() {
        vault.write("config", Map.of("url", "LDAP://Dir.Example.COM", "userdn", "ou=Users,dc=example,dc=com", "userattr", "UID"));
        vault.write("config", Map.of("groupdn", "ou=groups,dc=example,dc=com"));

        assertThat(vault.read("config").data()).containsEntry("url", "ldap://dir.example.com")
                .containsEntry("userattr", "uid")
                .containsEntry("userdn", "ou=Users,dc=example,dc=com")
                .containsEntry("groupdn", "ou=groups,dc=example,dc=com");
    }

    @Test
    void aConfigThatCannotDeriveTheUserDnIsRefused() {
        Reply r = vault.write("config", Map.of("url", "ldap://x"));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errors()).containsExactly("cannot derive UserBindDN");
        assertThat(vault.write("config", Map.of("upndomain", "example.com")).status()).isEqualTo(204);
    }

    @Test
    void badTlsSettingsAreRefused() {
        assertThat(vault.write("config", Map.of("userdn", "o=x", "certificate", "not a pem")).errors())
                .containsExactly("failed to decode PEM block in the certificate");
        assertThat(vault.write("config", Map.of("userdn", "o=x", "tls_min_version", "tls13", "tls_max_version", "tls12")).errors())
                .containsExactly("'tls_max_version' must be greater than or equal to 'tls_min_version'");
        assertThat(vault.write("config", Map.of("userdn", "o=x", "tls_min_version", "ssl3")).errors())
                .containsExactly("invalid 'tls_min_version'");
    }

    @Test
    void goTemplatesSubstituteFieldsAndRefuseAnythingElse() {
        assertThat(GoTemplate.render("(|(memberUid={{.Username}})(member={{ .UserDN }}))",
                Map.of("Username", "bob", "UserDN", "uid=bob,o=x"))).isEqualTo("(|(memberUid=bob)(member=uid=bob,o=x))");
        assertThat(GoTemplate.render("a {{- .X -}} b", Map.of("X", "1"))).isEqualTo("a1b");
        assertThatThrownBy(() -> GoTemplate.render("{{.Nope}}", Map.of())).hasMessageContaining("can't evaluate field Nope");
        assertThatThrownBy(() -> GoTemplate.render("{{printf \"%s\" .X}}", Map.of("X", "1")))
                .hasMessageContaining("only field substitutions");
    }

    @Test
    void valuesAreEscapedForFiltersAndDnsLikeVaultDoes() {
        assertThat(LdapLogin.escapeFilter("a*(b)\\")).isEqualTo("a\\2a\\28b\\29\\5c");
        assertThat(LdapLogin.escapeFilter("é")).isEqualTo("\\c3\\a9");
        assertThat(LdapLogin.escapeDnValue("Smith, John")).isEqualTo("Smith\\, John");
        assertThat(LdapLogin.escapeDnValue("#lead ")).isEqualTo("\\#lead\\ ");
    }

    @Test
    void groupNamesComeFromTheFirstCommonNameOfADn() {
        assertThat(LdapLogin.commonName(LdapConfig.DEFAULTS, "cn=Devs,ou=groups,dc=example,dc=com")).isEqualTo("Devs");
        assertThat(LdapLogin.commonName(LdapConfig.DEFAULTS, "CN=Ops,OU=x")).isEqualTo("Ops");
        assertThat(LdapLogin.commonName(LdapConfig.DEFAULTS, "ou=NoCn,dc=x")).isEqualTo("ou=NoCn,dc=x");
        assertThat(LdapLogin.commonName(LdapConfig.DEFAULTS, "plain")).isEqualTo("plain");
    }
}
