package org.flowvault.vault.server.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.flowvault.vault.server.TestVault;
import org.junit.jupiter.api.Test;

/** Reading a database config never hands back the root password, wherever it was written. */
class ConnectionConfigReadTest {

    @Test
    void aReadMasksAPasswordWrittenIntoTheUrlAndNeverReturnsThePasswordField() {
        try (TestVault vault = TestVault.dev()) {
            String root = vault.rootToken();
            vault.call("POST", "sys/mounts/database", root, Map.of("type", "database"));
            for (String url : new String[] {"postgresql://bob:literal-Secret-1@127.0.0.1:1/x", "jdbc:postgresql://127.0.0.1:1/x?user=bob&password=literal-Secret-1"}) {
                assertThat(vault.call("POST", "database/config/lit", root, Map.of("plugin_name", "postgresql-database-plugin",
                        "connection_url", url, "password", "field-Secret-2", "verify_connection", false)).status()).isEqualTo(204);
                TestVault.Reply read = vault.call("GET", "database/config/lit", root, null);
                assertThat(read.status()).isEqualTo(200);
                assertThat(read.body()).doesNotContain("literal-Secret-1").doesNotContain("field-Secret-2").contains("*****");
            }
            TestVault.Reply mysql = vault.call("POST", "database/config/my", root, Map.of("plugin_name", "mysql-database-plugin",
                    "connection_url", "bob:literal-Secret-3@tcp(127.0.0.1:1)/", "verify_connection", false));
            assertThat(mysql.status()).isEqualTo(204);
            assertThat(vault.call("GET", "database/config/my", root, null).body()).doesNotContain("literal-Secret-3");
        }
    }
}
