package org.flowvault.vault.server.sys;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.flowvault.vault.server.TestVault;
import org.junit.jupiter.api.Test;

/** sys/leases answers as Vault does for leases that do not exist, since no engine here issues any. */
class LeaseEndpointsTest {

    @Test
    void unknownLeasesGetVaultsAnswers() {
        try (TestVault vault = TestVault.dev()) {
            String root = vault.rootToken();
            TestVault.Reply lookup = vault.call("PUT", "sys/leases/lookup", root, Map.of("lease_id", "secret/creds/x/abc"));
            assertThat(lookup.status()).isEqualTo(400);
            assertThat(lookup.json().at("/errors/0").asText()).isEqualTo("invalid lease");
            TestVault.Reply renew = vault.call("PUT", "sys/leases/renew", root, Map.of("lease_id", "secret/creds/x/abc", "increment", 60));
            assertThat(renew.status()).isEqualTo(400);
            assertThat(renew.json().at("/errors/0").asText()).isEqualTo("lease not found");
            assertThat(vault.call("PUT", "sys/renew/secret/creds/x/abc", root, null).status()).isEqualTo(400);
            assertThat(vault.call("PUT", "sys/leases/revoke", root, Map.of("lease_id", "secret/creds/x/abc")).status()).isEqualTo(204);
            assertThat(vault.call("PUT", "sys/leases/revoke-prefix/secret/creds", root, null).status()).isEqualTo(204);
            assertThat(vault.call("LIST", "sys/leases/lookup/secret/", root, null).status()).isEqualTo(404);

            TestVault.Reply missing = vault.call("PUT", "sys/leases/lookup", root, Map.of());
            assertThat(missing.json().at("/errors/0").asText()).isEqualTo("lease_id must be specified");
        }
    }

    @Test
    void prefixRevocationNeedsSudo() {
        try (TestVault vault = TestVault.dev()) {
            String root = vault.rootToken();
            vault.call("PUT", "sys/policies/acl/leases", root,
                    Map.of("policy", "path \"sys/leases/*\" { capabilities = [\"update\", \"list\"] }"));
            String token = vault.call("POST", "auth/token/create", root, Map.of("policies", java.util.List.of("leases")))
                    .json().at("/auth/client_token").asText();
            assertThat(vault.call("PUT", "sys/leases/revoke-prefix/secret", token, null).status()).isEqualTo(403);
            assertThat(vault.call("PUT", "sys/leases/revoke", token, Map.of("lease_id", "x/y")).status()).isEqualTo(204);
        }
    }
}
