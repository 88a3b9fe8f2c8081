package org.flowvault.vault.server.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.api.Auth;
import io.github.jopenlibs.vault.response.AuthResponse;
import io.github.jopenlibs.vault.response.LogicalResponse;
import io.github.jopenlibs.vault.response.LookupResponse;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.server.TestVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * vault-java-driver 6.2's token creation against a token role ({@code TokenRequest.role}, which
 * posts to {@code auth/token/create/ROLE}); the role itself is written with the driver's logical
 * API, as the driver has no role builder. Spring Vault's {@code VaultTokenRequest} has no role, so
 * it has no counterpart here.
 */
@DisplayName("vault-java-driver token roles")
@ExtendWith(CheckTally.class)
class VaultJavaDriverTokenRoleCompatibilityTest {
    private static TestVault vault;
    private static Vault root;

    @BeforeAll
    static void start() throws VaultException {
        vault = TestVault.dev();
        root = driver(vault.rootToken());
        LogicalResponse role = root.logical().write("auth/token/roles/builder",
                Map.of("allowed_policies", "build,read", "orphan", true, "token_explicit_max_ttl", "2h", "path_suffix", "ci"));
        assertThat(role.getRestResponse().getStatus()).isEqualTo(204);
    }

    @AfterAll
    static void stop() {
        vault.close();
    }

    private static Vault driver(String token) throws VaultException {
        return Vault.create(new VaultConfig().address(vault.address()).token(token).openTimeout(5).readTimeout(30).build(), 1);
    }

    @Test
    void createTokenWithARoleGetsTheRolesPoliciesOrphanAndCap() throws VaultException {
        AuthResponse created = root.auth().createToken(new Auth.TokenRequest().role("builder").polices(List.of("build")).ttl("5h"));
        assertThat(created.getAuthPolicies()).containsExactlyInAnyOrder("build", "default");
        assertThat(created.getAuthLeaseDuration()).isEqualTo(7200);

        LookupResponse self = driver(created.getAuthClientToken()).auth().lookupSelf();
        assertThat(self.isOrphan()).isTrue();
        assertThat(self.getPath()).isEqualTo("auth/token/create/builder/ci");
        assertThat(self.getExplicitMaxTTL()).isEqualTo(7200);
    }

    @Test
    void roleRefusesPoliciesOutsideItsAllowedList() {
        assertThatThrownBy(() -> root.auth().createToken(new Auth.TokenRequest().role("builder").polices(List.of("admin"))))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.getHttpStatusCode()).isEqualTo(400));
    }

    @Test
    void roleIsReadBackWithIntegerSeconds() throws VaultException {
        LogicalResponse read = root.logical().read("auth/token/roles/builder");
        assertThat(read.getData()).containsEntry("explicit_max_ttl", "7200").containsEntry("orphan", "true")
                .containsEntry("token_type", "default-service");
    }
}
