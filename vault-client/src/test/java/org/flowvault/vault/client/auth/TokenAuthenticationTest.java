package org.flowvault.vault.client.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.VaultToken;
import org.flowvault.vault.client.internal.LoginResult;
import org.flowvault.vault.server.TestVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TokenAuthenticationTest {
    private static TestVault vault;
    private static TestTransport transport;

    @BeforeAll
    static void start() {
        vault = TestVault.dev();
        transport = TestTransport.to(vault.address());
    }

    @AfterAll
    static void stop() {
        vault.close();
    }

    @Test
    void loginLooksTheTokenUpAndLearnsItsLease() {
        String policy = TestAuth.name("reader");
        String token = TestAuth.token(vault, Map.of("ttl", "1h", "policies", policy));

        LoginResult result = Authentication.token(VaultToken.of(token)).login(transport);

        assertThat(result.token().value()).isEqualTo(token);
        assertThat(result.ttl()).isBetween(Duration.ofSeconds(3590), Duration.ofHours(1));
        assertThat(result.renewable()).isTrue();
        assertThat(result.policies()).containsExactlyInAnyOrder("default", policy);
        assertThat(result.createdByClient()).as("a given token is never revoked by the client").isFalse();
        assertThat(transport.sent()).contains("GET auth/token/lookup-self");
    }

    @Test
    void aRootTokenNeverExpires() {
        LoginResult result = Authentication.token(VaultToken.of(vault.rootToken())).login(transport);

        assertThat(result.ttl()).isZero();
        assertThat(result.renewable()).isFalse();
        assertThat(result.policies()).containsExactly("root");
    }

    @Test
    void anUnknownTokenFailsTheLoginWithoutShowingTheToken() {
        String bogus = "hvs.not-a-token-" + TestAuth.name("x");

        assertThatThrownBy(() -> Authentication.token(VaultToken.of(bogus)).login(transport))
                .isInstanceOf(VaultException.LoginFailed.class)
                .hasMessageStartingWith("token lookup-self at auth/token failed: ")
                .hasMessageContaining("permission denied")
                .hasMessageNotContaining(bogus)
                .satisfies(e -> assertThat(((VaultException) e).status()).isEqualTo(403));
    }

    @Test
    void aGivenTokenCannotBeObtainedAgain() {
        assertThat(Authentication.token(VaultToken.of("t")).canLogIn()).isFalse();
    }

    @Test
    void theBuilderAsksForTheTokenByName() {
        assertThatThrownBy(() -> Authentication.token().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Token authentication needs a token: call token(VaultToken.of(..))");
    }

    @Test
    void toStringHidesTheTokenAndShowsTheNamespace() {
        Authentication.Token auth = Authentication.token().token(VaultToken.of("hvs.secret-value")).namespace("/team/").build();

        assertThat(auth.toString()).isEqualTo("TokenAuthentication[token=<masked>, namespace=team]").doesNotContain("secret-value");
        assertThat(auth.namespace()).isEqualTo("team");
    }

    @Test
    void theRootNamespaceCanBeNamed() {
        assertThat(Authentication.token().token(VaultToken.of("t")).namespace("root").build().namespace()).isEmpty();
        assertThat(Authentication.token().token(VaultToken.of("t")).namespace("/").build().namespace()).isEmpty();
        assertThat(Authentication.token(VaultToken.of("t")).namespace()).isNull();
    }
}
