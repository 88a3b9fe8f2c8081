package org.flowvault.vault.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.flowvault.vault.server.TestVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ACL checks as the pipeline applies them over HTTP: capabilities, create versus update, sudo. */
class AclEnforcementTest {
    private static TestVault vault;

    @BeforeAll
    static void start() {
        vault = TestVault.dev();
    }

    @AfterAll
    static void stop() {
        vault.close();
    }

    private static String tokenWith(String policyText) {
        String name = "p-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(vault.call("PUT", "sys/policies/acl/" + name, vault.rootToken(), Map.of("policy", policyText)).status()).isEqualTo(204);
        TestVault.Reply r = vault.call("POST", "auth/token/create", vault.rootToken(), Map.of("policies", name));
        return r.json().get("auth").get("client_token").asText();
    }

    @Test
    void readOnlyPolicyAllowsReadsAndDeniesWrites() {
        String app = "app-" + UUID.randomUUID();
        vault.call("POST", "secret/data/" + app + "/db", vault.rootToken(), Map.of("data", Map.of("pw", "x")));
        String token = tokenWith("path \"secret/data/" + app + "/*\" { capabilities = [\"read\"] }");
        assertThat(vault.call("GET", "secret/data/" + app + "/db", token, null).status()).isEqualTo(200);
        TestVault.Reply denied = vault.call("POST", "secret/data/" + app + "/db", token, Map.of("data", Map.of("pw", "y")));
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.body()).isEqualTo("{\"errors\":[\"permission denied\"]}");
        assertThat(vault.call("GET", "secret/data/other", token, null).status()).isEqualTo(403);
    }

    @Test
    void updateWithoutCreateCanOnlyWriteExistingKeys() {
        String app = "app-" + UUID.randomUUID();
        vault.call("POST", "secret/data/" + app + "/existing", vault.rootToken(), Map.of("data", Map.of("a", "1")));
        String token = tokenWith("path \"secret/data/" + app + "/*\" { capabilities = [\"update\"] }");
        assertThat(vault.call("POST", "secret/data/" + app + "/existing", token, Map.of("data", Map.of("a", "2"))).status()).isEqualTo(200);
        assertThat(vault.call("POST", "secret/data/" + app + "/new", token, Map.of("data", Map.of("a", "1"))).status()).isEqualTo(403);
    }

    @Test
    void sudoPathsNeedSudoEvenWithTheOperationsCapability() {
        String token = tokenWith("path \"sys/audit/*\" { capabilities = [\"create\", \"update\", \"read\"] }");
        TestVault.Reply r = vault.call("PUT", "sys/audit/x", token, Map.of("type", "file", "options", Map.of("file_path", "discard")));
        assertThat(r.status()).isEqualTo(403);
    }

    @Test
    void capabilitiesSelfReportsWhatTheTokenMayDo() {
        String token = tokenWith("path \"secret/data/caps/*\" { capabilities = [\"read\", \"list\"] }");
        TestVault.Reply r = vault.call("POST", "sys/capabilities-self", token, Map.of("paths", java.util.List.of("secret/data/caps/x")));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("data").get("capabilities").toString()).isEqualTo("[\"list\",\"read\"]");
        TestVault.Reply none = vault.call("POST", "sys/capabilities-self", token, Map.of("path", "secret/data/elsewhere"));
        assertThat(none.json().get("data").get("capabilities").toString()).isEqualTo("[\"deny\"]");
    }

    @Test
    void defaultPolicyLetsATokenLookItselfUp() {
        String token = tokenWith("path \"nothing/*\" { capabilities = [\"read\"] }");
        assertThat(vault.call("GET", "auth/token/lookup-self", token, null).status()).isEqualTo(200);
    }
}
