package org.flowvault.vault.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerConfigWarningTest {
    private static final String MINIMAL = """
            storage "inmem" {}
            listener "tcp" {
              tls_disable = true
            }
            """;

    private static ServerConfig hcl(String text) {
        return ServerConfig.parse(text, "vault.hcl");
    }

    @Test
    void vaultKeysFlowvaultDoesNotUseProduceOneWarningEachInFileOrder() {
        ServerConfig config = hcl(MINIMAL + """
                disable_mlock = true
                ui            = true
                api_addr      = "https://127.0.0.1:8200"
                telemetry {
                  statsite_address = "127.0.0.1:8125"
                }
                seal "transit" {
                  address = "https://vault:8200"
                }
                ha_storage "consul" {}
                """);

        assertThat(config.warnings()).containsExactly(
                "config key \"disable_mlock\" is not used by the Flowvault embedded server and was ignored",
                "config key \"ui\" is not used by the Flowvault embedded server and was ignored",
                "config key \"api_addr\" is not used by the Flowvault embedded server and was ignored",
                "config key \"telemetry\" is not used by the Flowvault embedded server and was ignored",
                "config key \"seal\" is not used by the Flowvault embedded server and was ignored",
                "config key \"ha_storage\" is not used by the Flowvault embedded server and was ignored");
    }

    @Test
    void jsonConfigWarnsAboutTheSameKeys() {
        ServerConfig config = ServerConfig.parse("""
                {"storage": {"inmem": {}}, "listener": {"tcp": {"tls_disable": true}},
                 "disable_mlock": true, "cluster_name": "dev"}
                """, "vault.json");

        assertThat(config.warnings()).containsExactly(
                "config key \"disable_mlock\" is not used by the Flowvault embedded server and was ignored",
                "config key \"cluster_name\" is not used by the Flowvault embedded server and was ignored");
    }

    @Test
    void repeatedIgnoredBlockWarnsOnce() {
        ServerConfig config = hcl(MINIMAL + """
                telemetry {
                  a = 1
                }
                telemetry {
                  b = 2
                }
                """);

        assertThat(config.warnings()).hasSize(1);
    }

    @Test
    void unknownKeyWarningSuggestsTheClosestKey() {
        ServerConfig config = hcl(MINIMAL + "max_lease_tl = \"1h\"\nUI = true\nfavourite_colour = \"blue\"\n");

        assertThat(config.warnings()).containsExactly(
                "config key \"max_lease_tl\" is not a known Vault setting and was ignored; did you mean \"max_lease_ttl\"?",
                "config key \"UI\" is not a known Vault setting and was ignored; did you mean \"ui\"?",
                "config key \"favourite_colour\" is not a known Vault setting and was ignored");
    }

    @Test
    void ignoredKeysInsideListenerAndStorageBlocksWarn() {
        ServerConfig config = hcl("""
                storage "file" {
                  path        = "/data"
                  max_parallel = 4
                }
                listener "tcp" {
                  adress          = "127.0.0.1:9000"
                  tls_disable     = true
                  tls_min_version = "tls13"
                }
                """);

        assertThat(config.listener().port()).isEqualTo(8200);
        assertThat(config.warnings()).containsExactly(
                "storage \"file\" key \"max_parallel\" is not a known Vault setting and was ignored",
                "listener \"tcp\" key \"adress\" is not a known Vault setting and was ignored; did you mean \"address\"?",
                "listener \"tcp\" key \"tls_min_version\" is not used by the Flowvault embedded server and was ignored");
    }

    @Test
    void tlsFilesAreIgnoredWithAWarningWhenTlsIsDisabled() {
        ServerConfig config = hcl("""
                storage "inmem" {}
                listener "tcp" {
                  tls_disable   = true
                  tls_cert_file = "cert.pem"
                  tls_key_file  = "key.pem"
                }
                """);

        assertThat(config.listener().tlsCertFile()).isNull();
        assertThat(config.warnings()).containsExactly("listener \"tcp\" keys \"tls_cert_file\" and \"tls_key_file\""
                + " were ignored because tls_disable is true");
    }

    @Test
    void valuesOfIgnoredKeysNeverAppearInWarnings() {
        ServerConfig config = hcl(MINIMAL + """
                seal "transit" {
                  token = "hvs.not-for-logs"
                }
                secret_token = "hvs.not-for-logs-either"
                """);

        assertThat(config.warnings()).isNotEmpty().noneMatch(warning -> warning.contains("hvs."));
    }
}
