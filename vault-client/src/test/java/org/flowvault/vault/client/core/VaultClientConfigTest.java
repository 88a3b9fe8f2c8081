package org.flowvault.vault.client.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.flowvault.vault.client.VaultToken;
import org.flowvault.vault.client.core.VaultClientConfig.RetryPolicy;
import org.junit.jupiter.api.Test;

class VaultClientConfigTest {

    @Test
    void environmentShouldConfigureLikeTheVaultCli() {
        Map<String, String> env = Map.of("VAULT_ADDR", "https://vault.example.com:8200/", "VAULT_TOKEN", "hvs.env-token",
                "VAULT_NAMESPACE", "team-a/", "VAULT_CLIENT_TIMEOUT", "7", "VAULT_MAX_RETRIES", "4");

        VaultClientConfig c = VaultClientConfig.builder().environment(env::get).build();

        assertThat(c.address()).hasToString("https://vault.example.com:8200");
        assertThat(c.token()).contains(VaultToken.of("hvs.env-token"));
        assertThat(c.namespace()).contains("team-a");
        assertThat(c.authNamespace()).isEmpty();
        assertThat(c.readTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(c.retry().maxAttempts()).isEqualTo(5);
        assertThat(c.toString()).contains("token=<masked>").doesNotContain("hvs.env-token");
    }

    @Test
    void laterSettingsShouldOverrideTheEnvironmentAndUnsetVariablesShouldChangeNothing() {
        VaultClientConfig c = VaultClientConfig.builder().namespace("kept").environment(Map.of("VAULT_ADDR", " ")::get)
                .address("http://127.0.0.1:8200").authNamespace("/").connectTimeout(Duration.ofSeconds(2)).build();

        assertThat(c.address()).hasToString("http://127.0.0.1:8200");
        assertThat(c.namespace()).contains("kept");
        assertThat(c.authNamespace()).isEmpty();
        assertThat(c.token()).isEmpty();
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.toString()).contains("token=none").contains("tls=off");
        assertThat(VaultClientConfig.builder().build().address()).hasToString(VaultClientConfig.DEFAULT_ADDRESS);
        assertThat(VaultClientConfig.builder().authNamespace("root-login").build().authNamespace()).contains("root-login");
    }

    @Test
    void environmentFilesShouldBeReadAtBuildAndNameTheFileWhenMissing() {
        Map<String, String> env = Map.of("VAULT_ADDR", "https://v:8200", "VAULT_CACERT", "/nonexistent/ca.pem");

        VaultClientConfig.Builder b = VaultClientConfig.builder().environment(env::get);

        assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/nonexistent/ca.pem");
        assertThatThrownBy(() -> VaultClientConfig.builder().environment(Map.of("VAULT_CLIENT_CERT", "/c.pem")::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("VAULT_CLIENT_KEY");
        assertThatThrownBy(() -> VaultClientConfig.builder().environment(Map.of("VAULT_MAX_RETRIES", "-1")::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("VAULT_MAX_RETRIES");
        assertThatThrownBy(() -> VaultClientConfig.builder().environment(Map.of("VAULT_CLIENT_TIMEOUT", "soon")::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"soon\"");
        assertThatThrownBy(() -> VaultClientConfig.builder().address("https://v:8200").clientCertificateFiles(Path.of("/x.pem"), Path.of("/y.pem")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/x.pem");
    }

    @Test
    void buildShouldRejectBadAddressesAndTimeoutsNamingTheProblem() {
        assertThatThrownBy(() -> VaultClientConfig.builder().address("vault:8200").build()).hasMessageContaining("https://host:8200");
        assertThatThrownBy(() -> VaultClientConfig.builder().address("ftp://vault").build()).hasMessageContaining("http or https");
        assertThatThrownBy(() -> VaultClientConfig.builder().address("https://vault:8200/v1").build()).hasMessageContaining("/v1");
        assertThatThrownBy(() -> VaultClientConfig.builder().address("https://vault:8200?x=1").build()).hasMessageContaining("query");
        assertThatThrownBy(() -> VaultClientConfig.builder().address("https://user:pw@vault:8200").build())
                .hasMessageContaining("user info").hasMessageNotContaining("pw");
        assertThatThrownBy(() -> VaultClientConfig.builder().address("https://va ult").build()).hasMessageContaining("not a valid URI");
        assertThatThrownBy(() -> VaultClientConfig.builder().readTimeout(Duration.ZERO)).hasMessageContaining("readTimeout must be positive");
        assertThatThrownBy(() -> VaultClientConfig.builder().connectTimeout(Duration.ofSeconds(-1))).hasMessageContaining("connectTimeout");
        assertThat(VaultClientConfig.builder().address("https://vault.example.com/prefix/").build().address()).hasToString("https://vault.example.com/prefix");
    }

    @Test
    void retryPolicyShouldValidateAndGrowExponentiallyWithinItsCap() {
        RetryPolicy p = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(300));

        assertThat(p.delayAfter(1)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(p.delayAfter(2)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(p.delayAfter(3)).isBetween(Duration.ofMillis(150), Duration.ofMillis(300));
        assertThat(p.delayAfter(80)).isBetween(Duration.ofMillis(150), Duration.ofMillis(300));
        assertThat(RetryPolicy.none().maxAttempts()).isEqualTo(1);
        assertThat(RetryPolicy.defaults().maxAttempts()).isEqualTo(3);
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO)).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> new RetryPolicy(2, Duration.ofSeconds(2), Duration.ofSeconds(1))).hasMessageContaining("shorter");
        assertThatThrownBy(() -> new RetryPolicy(2, Duration.ofSeconds(-1), Duration.ofSeconds(1))).hasMessageContaining("negative");
    }

    @Test
    void fromEnvironmentShouldBuild() {
        // Whatever the machine's environment holds, the result is a valid configuration or a clear error.
        try {
            assertThat(VaultClientConfig.fromEnvironment().address()).isNotNull();
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
