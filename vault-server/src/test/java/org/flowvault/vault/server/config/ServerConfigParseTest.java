package org.flowvault.vault.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServerConfigParseTest {
    private static final String FULL_HCL = """
            # Flowvault dev server
            storage "file" {
              path = "/srv/vault/data"
            }

            listener "tcp" {
              address       = "0.0.0.0:8300"
              tls_cert_file = "/etc/vault/tls/cert.pem"
              tls_key_file  = "/etc/vault/tls/key.pem"
            }

            default_lease_ttl = "1h"
            max_lease_ttl     = "720h"
            """;
    private static final String FULL_JSON = """
            {
              "storage": {"file": {"path": "/srv/vault/data"}},
              "listener": {"tcp": {
                "address": "0.0.0.0:8300",
                "tls_cert_file": "/etc/vault/tls/cert.pem",
                "tls_key_file": "/etc/vault/tls/key.pem"
              }},
              "default_lease_ttl": "1h",
              "max_lease_ttl": "720h"
            }
            """;

    private static ServerConfig hcl(String text) {
        return ServerConfig.parse(text, "/etc/vault/vault.hcl");
    }

    @Test
    void hclConfigIsReadIntoStorageListenerAndTtls() {
        ServerConfig config = hcl(FULL_HCL);

        assertThat(config.storage()).isEqualTo(new ServerConfig.Storage("file", Path.of("/srv/vault/data")));
        assertThat(config.listener()).isEqualTo(new ServerConfig.Listener("0.0.0.0", 8300, false,
                Path.of("/etc/vault/tls/cert.pem"), Path.of("/etc/vault/tls/key.pem")));
        assertThat(config.defaultLeaseTtl()).isEqualTo(Duration.ofHours(1));
        assertThat(config.maxLeaseTtl()).isEqualTo(Duration.ofHours(720));
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void jsonFileEqualsTheSameConfigInHcl() {
        assertThat(ServerConfig.parse(FULL_JSON, "/etc/vault/vault.json")).isEqualTo(hcl(FULL_HCL));
    }

    @Test
    void jsonContentInAnHclFileIsReadAsJson() {
        assertThat(ServerConfig.parse(FULL_JSON, "/etc/vault/vault.hcl")).isEqualTo(hcl(FULL_HCL));
    }

    @Test
    void jsonAcceptsListenersAsAListOfLabeledBlocks() {
        String json = """
                {"storage": {"inmem": {}},
                 "listener": [{"tcp": {"address": "127.0.0.1:8201", "tls_disable": "1"}}]}
                """;

        assertThat(ServerConfig.parse(json, "vault.json").listener())
                .isEqualTo(new ServerConfig.Listener("127.0.0.1", 8201, true, null, null));
    }

    @Test
    void minimalConfigGetsVaultsDefaults() {
        ServerConfig config = hcl("""
                storage "inmem" {}
                listener "tcp" {
                  tls_disable = true
                }
                """);

        assertThat(config.storage()).isEqualTo(new ServerConfig.Storage("inmem", null));
        assertThat(config.listener()).isEqualTo(new ServerConfig.Listener("127.0.0.1", 8200, true, null, null));
        assertThat(config.defaultLeaseTtl()).isEqualTo(Duration.ofDays(32));
        assertThat(config.maxLeaseTtl()).isEqualTo(Duration.ofDays(32));
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void legacyBackendBlockIsReadAsStorage() {
        ServerConfig config = hcl("""
                backend "file" {
                  path = "/srv/vault/data"
                }
                listener "tcp" {
                  tls_disable = 1
                }
                """);

        assertThat(config.storage()).isEqualTo(new ServerConfig.Storage("file", Path.of("/srv/vault/data")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "\"true\"", "1", "\"1\"", "\"t\"", "\"TRUE\""})
    void tlsDisableAcceptsVaultsSpellingsOfTrue(String value) {
        ServerConfig config = hcl("storage \"inmem\" {}\nlistener \"tcp\" {\n  tls_disable = " + value + "\n}\n");

        assertThat(config.listener().tlsDisable()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "\"false\"", "0", "\"0\"", "\"f\""})
    void tlsDisableAcceptsVaultsSpellingsOfFalse(String value) {
        ServerConfig config = hcl("storage \"inmem\" {}\nlistener \"tcp\" {\n  tls_disable = " + value + "\n"
                + "  tls_cert_file = \"cert.pem\"\n  tls_key_file = \"key.pem\"\n}\n");

        assertThat(config.listener().tlsDisable()).isFalse();
        assertThat(config.listener().tlsCertFile()).isEqualTo(Path.of("").toAbsolutePath().resolve("cert.pem"));
    }

    @Test
    void ipv6AddressInBracketsIsSplitIntoHostAndPort() {
        ServerConfig config = hcl("""
                storage "inmem" {}
                listener "tcp" {
                  address     = "[::1]:8201"
                  tls_disable = true
                }
                """);

        assertThat(config.listener().host()).isEqualTo("::1");
        assertThat(config.listener().port()).isEqualTo(8201);
    }

    @Test
    void addressWithEmptyHostListensOnAllInterfaces() {
        ServerConfig config = hcl("""
                storage "inmem" {}
                listener "tcp" {
                  address     = ":8200"
                  tls_disable = true
                }
                """);

        assertThat(config.listener().host()).isEqualTo("0.0.0.0");
        assertThat(config.listener().port()).isEqualTo(8200);
    }

    @Test
    void relativePathsResolveAgainstTheWorkingDirectoryNotTheConfigFilesFolder(@TempDir Path dir) throws IOException {
        Path configDir = Files.createDirectories(dir.resolve("conf"));
        Path file = Files.writeString(configDir.resolve("vault.hcl"), """
                storage "file" {
                  path = "../data"
                }
                listener "tcp" {
                  tls_cert_file = "tls/cert.pem"
                  tls_key_file  = "./tls/key.pem"
                }
                """);

        ServerConfig config = ServerConfig.parse(file);

        // Vault hands relative paths to the OS unchanged, so they are relative to where it runs.
        Path workingDir = Path.of("").toAbsolutePath();
        assertThat(config.storage().path()).isEqualTo(workingDir.resolve("../data").normalize());
        assertThat(config.listener().tlsCertFile()).isEqualTo(workingDir.resolve("tls/cert.pem"));
        assertThat(config.listener().tlsKeyFile()).isEqualTo(workingDir.resolve("tls/key.pem"));
        assertThat(config.listener().tlsCertFile()).isNotEqualTo(configDir.resolve("tls/cert.pem").toAbsolutePath());
    }

    @Test
    void jsonFileOnDiskIsReadAsJson(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("vault.json"), """
                {"storage": {"file": {"path": "data"}}, "listener": {"tcp": {"tls_disable": true}}}
                """);

        assertThat(ServerConfig.parse(file).storage().path()).isEqualTo(Path.of("").toAbsolutePath().resolve("data"));
    }

    @Test
    void parsingTextResolvesRelativePathsAgainstTheWorkingDirectoryWhateverTheGivenName() {
        ServerConfig config = ServerConfig.parse("""
                storage "file" { path = "data" }
                listener "tcp" { tls_disable = true }
                """, "/opt/flowvault/vault.hcl");

        assertThat(config.storage().path()).isEqualTo(Path.of("").toAbsolutePath().resolve("data"));
    }

    @Test
    void ttlsAcceptGoDurationsAndBareSeconds() {
        ServerConfig config = hcl("""
                storage "inmem" {}
                listener "tcp" { tls_disable = true }
                default_lease_ttl = "1h30m"
                max_lease_ttl     = 86400
                """);

        assertThat(config.defaultLeaseTtl()).isEqualTo(Duration.ofMinutes(90));
        assertThat(config.maxLeaseTtl()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void zeroTtlMeansVaultsDefaultAsInVault() {
        ServerConfig config = hcl("""
                storage "inmem" {}
                listener "tcp" { tls_disable = true }
                default_lease_ttl = "0s"
                max_lease_ttl     = 0
                """);

        assertThat(config.defaultLeaseTtl()).isEqualTo(Duration.ofHours(768));
        assertThat(config.maxLeaseTtl()).isEqualTo(Duration.ofHours(768));
    }

    @Test
    void dollarBraceInStringsIsKeptLiterallyAsVaultDoes() {
        ServerConfig config = hcl("""
                storage "file" {
                  path = "/data/${env}/vault"
                }
                listener "tcp" { tls_disable = true }
                """);

        assertThat(config.storage().path()).isEqualTo(Path.of("/data/${env}/vault"));
    }

    @Test
    void bracesInCommentsStringsAndHeredocsDoNotUnbalanceTheFile() {
        ServerConfig config = hcl("""
                // a comment with {
                # another with }
                /* and a block
                   comment } { */
                storage "file" {
                  path = "/data/{braces}"
                }
                listener "tcp" { tls_disable = true }
                custom_response_headers = <<EOT
                {"unbalanced": [
                EOT
                """);

        assertThat(config.storage().path()).isEqualTo(Path.of("/data/{braces}"));
    }

    @Test
    void leadingByteOrderMarkIsIgnored() {
        ServerConfig config = ServerConfig.parse(
                "\uFEFF{\"storage\": {\"inmem\": {}}, \"listener\": {\"tcp\": {\"tls_disable\": true}}}", "vault.json");

        assertThat(config.storage().type()).isEqualTo("inmem");
    }

    @Test
    void firstTcpListenerIsServedWhenSeveralAreConfigured() {
        ServerConfig config = hcl("""
                storage "inmem" {}
                listener "unix" {
                  address = "/run/vault.sock"
                }
                listener "tcp" {
                  address     = "127.0.0.1:8201"
                  tls_disable = true
                }
                listener "tcp" {
                  address     = "127.0.0.1:8202"
                  tls_disable = true
                }
                """);

        assertThat(config.listener().port()).isEqualTo(8201);
        assertThat(config.warnings()).containsExactly("3 listener blocks found; Flowvault serves only the first"
                + " listener \"tcp\" (127.0.0.1:8201) and ignored the others");
    }

    @Test
    void readingAFileGivesTheSameConfigAsParsingItsText(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("vault.hcl"), FULL_HCL, StandardCharsets.UTF_8);

        assertThat(ServerConfig.parse(file)).isEqualTo(hcl(FULL_HCL));
    }
}
