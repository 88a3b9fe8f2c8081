package org.flowvault.sdk.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.flowvault.sdk.connection.ConnectionRequest;
import org.flowvault.sdk.credential.CredentialEntry;
import org.flowvault.sdk.credential.CredentialFilter;
import org.flowvault.sdk.credential.CredentialProxy;
import org.flowvault.sdk.credential.VaultReference;
import org.flowvault.sdk.flow.RunStatus;
import org.flowvault.sdk.vaultconfig.AuthMethod;
import org.flowvault.sdk.vaultconfig.KvVersion;
import org.flowvault.sdk.vaultconfig.Scope;
import org.flowvault.sdk.vaultconfig.VaultConfigRequest;
import org.junit.jupiter.api.Test;

/** Request types check their rules when built, with messages that name the rule. */
class BuildersTest {
    private static final String DOMAIN = "https://portal.example.com";

    @Test
    void anEntryNeedsADomainAndAPermissionedUserId() {
        assertThatThrownBy(() -> CredentialEntry.builder(null, "u").build()).hasMessageContaining("domain is required");
        assertThatThrownBy(() -> CredentialEntry.builder(" ", "u").build()).hasMessageContaining("domain is required");
        assertThatThrownBy(() -> CredentialEntry.builder(DOMAIN, "").build()).hasMessageContaining("permissionedUserId is required");
        assertThat(CredentialEntry.builder(DOMAIN, "u").build().password()).isNull();
    }

    @Test
    void anEntrysConcurrencyAndExpiryAreChecked() {
        assertThatThrownBy(() -> CredentialEntry.builder(DOMAIN, "u").maxConcurrency(0).build()).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> CredentialEntry.builder(DOMAIN, "u").allowMultipleSessions(false).maxConcurrency(3).build())
                .hasMessageContaining("allowMultipleSessions(true)");
        assertThatThrownBy(() -> CredentialEntry.builder(DOMAIN, "u").expireAfterLastUseDays(0).build()).hasMessageContaining("at least 1");
        assertThat(CredentialEntry.builder(DOMAIN, "u").allowMultipleSessions(false).maxConcurrency(1).build().maxConcurrency()).isEqualTo(1);
    }

    @Test
    void anEntryHoldsItsOwnSecretsOrAVaultReferenceNotBoth() {
        VaultReference ref = new VaultReference("local", "secret/a", Map.of("password", "pw"));

        assertThatThrownBy(() -> CredentialEntry.builder(DOMAIN, "u").password("x").vault(ref).build()).hasMessageContaining("not both");
        assertThatThrownBy(() -> new VaultReference("local", "secret/a", Map.of("cookie", "c"))).hasMessageContaining("'cookie'");
        assertThatThrownBy(() -> new VaultReference("", "secret/a", Map.of())).hasMessageContaining("config");
        assertThatThrownBy(() -> new VaultReference("local", " ", Map.of())).hasMessageContaining("path");
    }

    @Test
    void aProxyIsATargetOrAUrl() {
        assertThatThrownBy(() -> new CredentialProxy(true, "1.2.3.4", "http://p")).hasMessageContaining("not both");
        assertThatThrownBy(() -> new CredentialProxy(false, null, "http://p")).hasMessageContaining("always enabled");
        assertThat(CredentialProxy.disabled().enabled()).isFalse();
    }

    @Test
    void aFilterGivesDomainAndUserIdTogether() {
        assertThat(CredentialFilter.all().domain()).isNull();
        assertThat(CredentialFilter.builder().build().decryptCredentials()).isTrue();
        assertThat(CredentialFilter.builder().domain(DOMAIN).permissionedUserId("u").decryptCredentials(false).build())
                .isEqualTo(new CredentialFilter(DOMAIN, "u", false));
        assertThatThrownBy(() -> CredentialFilter.builder().permissionedUserId("u").build()).hasMessageContaining("together");
    }

    @Test
    void theClientNeedsAnHttpAddress() {
        assertThatThrownBy(() -> Flowvault.builder().build()).hasMessageContaining("address is required");
        assertThatThrownBy(() -> Flowvault.builder().address("ftp://x").build()).hasMessageContaining("http://");
        assertThatThrownBy(() -> Flowvault.builder().address("http://x?y=1").build()).hasMessageContaining("no user:password@, ? or #");
        assertThatThrownBy(() -> Flowvault.builder().address("http://x").project(" ").build()).hasMessageContaining("project");
        assertThatThrownBy(() -> Flowvault.builder().credentialKeyVersion(0)).hasMessageContaining("start at 1");
        Flowvault f = Flowvault.builder().address("http://127.0.0.1:8080").build();
        assertThatThrownBy(f::credentials).isInstanceOf(IllegalStateException.class).hasMessageContaining("project(NAME)");
        assertThatThrownBy(() -> f.runs().list()).isInstanceOf(IllegalStateException.class).hasMessageContaining("project");
        assertThat(f.address().toString()).isEqualTo("http://127.0.0.1:8080/");
    }

    @Test
    void otherRequestsCheckTheirFields() {
        assertThatThrownBy(() -> ConnectionRequest.builder().name(" ").build()).hasMessageContaining("name");
        assertThatThrownBy(() -> VaultConfigRequest.builder().url("vault.example.com").build()).hasMessageContaining("https://");
        assertThatThrownBy(() -> Scope.projects(List.of())).hasMessageContaining("at least one project");
        assertThatThrownBy(() -> AuthMethod.fromWire("kerberos")).hasMessageContaining("user_token, approle");
        assertThat(AuthMethod.fromWire("shared-token")).isEqualTo(AuthMethod.SHARED_TOKEN);
        assertThat(KvVersion.fromWire("v2")).isEqualTo(KvVersion.V2);
        assertThat(RunStatus.fromWire("waiting_for_input").isSettled()).isTrue();
        assertThat(RunStatus.RUNNING.isSettled()).isFalse();
    }
}
