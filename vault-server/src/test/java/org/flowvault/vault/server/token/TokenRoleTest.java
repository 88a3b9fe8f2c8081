package org.flowvault.vault.server.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.server.TestVault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** auth/token/roles/NAME and auth/token/create/NAME over HTTP, with Vault's rules and shapes. */
class TokenRoleTest {
    private final TestVault vault = TestVault.dev();
    private final String root = vault.rootToken();

    @AfterEach
    void close() {
        vault.close();
    }

    private JsonNode create(String role, String token, Map<String, Object> body) {
        TestVault.Reply r = vault.call("POST", "auth/token/create/" + role, token, body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private JsonNode lookup(String token) {
        return vault.call("GET", "auth/token/lookup-self", token, null).json().get("data");
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** A non-root token allowed to use the role, holding none of the role's policies itself. */
    private String creatorFor(String role) {
        vault.call("PUT", "sys/policies/acl/creator", root,
                Map.of("policy", "path \"auth/token/create/" + role + "\" { capabilities = [\"update\"] }\n"
                        + "path \"auth/token/create\" { capabilities = [\"update\"] }"));
        return vault.call("POST", "auth/token/create", root, Map.of("policies", List.of("creator"))).json().at("/auth/client_token").asText();
    }

    @Test
    void roleIsStoredReadListedAndDeletedWithVaultsFields() {
        assertThat(vault.call("LIST", "auth/token/roles", root, null).status()).isEqualTo(404);
        TestVault.Reply written = vault.call("POST", "auth/token/roles/ci-runner", root,
                Map.of("allowed_policies", "Deploy, read", "period", "1h", "orphan", true, "path_suffix", "v1",
                        "allowed_entity_aliases", List.of("bot")));
        assertThat(written.status()).as(written.body()).isEqualTo(204);

        JsonNode role = vault.call("GET", "auth/token/roles/ci-runner", root, null).json().get("data");
        assertThat(strings(role.get("allowed_policies"))).containsExactly("deploy", "read");
        assertThat(role.get("period").isIntegralNumber()).isTrue();
        assertThat(role.get("period").asLong()).isEqualTo(3600);
        assertThat(role.get("token_period").asLong()).isEqualTo(3600);
        assertThat(role.get("explicit_max_ttl").asLong()).isZero();
        assertThat(role.get("renewable").asBoolean()).isTrue();
        assertThat(role.get("orphan").asBoolean()).isTrue();
        assertThat(role.get("token_type").asText()).isEqualTo("default-service");
        assertThat(role.get("path_suffix").asText()).isEqualTo("v1");
        assertThat(role.get("name").asText()).isEqualTo("ci-runner");
        assertThat(strings(role.get("allowed_entity_aliases"))).containsExactly("bot");
        assertThat(role.get("disallowed_policies")).isEmpty();

        // An update keeps what it does not name.
        vault.call("POST", "auth/token/roles/ci-runner", root, Map.of("token_explicit_max_ttl", 7200));
        JsonNode updated = vault.call("GET", "auth/token/roles/ci-runner", root, null).json().get("data");
        assertThat(updated.get("explicit_max_ttl").asLong()).isEqualTo(7200);
        assertThat(updated.get("period").asLong()).isEqualTo(3600);

        assertThat(strings(vault.call("LIST", "auth/token/roles", root, null).json().at("/data/keys"))).containsExactly("ci-runner");
        assertThat(vault.call("DELETE", "auth/token/roles/ci-runner", root, null).status()).isEqualTo(204);
        assertThat(vault.call("GET", "auth/token/roles/ci-runner", root, null).status()).isEqualTo(404);
    }

    @Test
    void allowedPoliciesReplaceTheCallersOwnAndBoundTheRequest() {
        vault.call("POST", "auth/token/roles/deployer", root, Map.of("allowed_policies", List.of("deploy", "read")));
        String creator = creatorFor("deployer");

        JsonNode all = create("deployer", creator, Map.of());
        assertThat(strings(all.at("/auth/policies"))).containsExactly("default", "deploy", "read");
        JsonNode one = create("deployer", creator, Map.of("policies", List.of("read")));
        assertThat(strings(one.at("/auth/policies"))).containsExactly("default", "read");
        JsonNode noDefault = create("deployer", creator, Map.of("policies", List.of("read"), "no_default_policy", true));
        assertThat(strings(noDefault.at("/auth/policies"))).containsExactly("read");

        TestVault.Reply beyond = vault.call("POST", "auth/token/create/deployer", creator, Map.of("policies", List.of("secret-admin-x")));
        assertThat(beyond.status()).isEqualTo(400);
        assertThat(beyond.json().at("/errors/0").asText()).startsWith("token policies must be subset of the role's allowed policies")
                .doesNotContain("secret-admin-x");
        // Without the role, the same caller may only hand out its own policies.
        assertThat(vault.call("POST", "auth/token/create", creator, Map.of("policies", List.of("deploy"))).status()).isEqualTo(400);
    }

    @Test
    void disallowedPoliciesAreRefusedEvenForRoot() {
        vault.call("POST", "auth/token/roles/no-admin", root, Map.of("disallowed_policies", "admin,default"));
        TestVault.Reply refused = vault.call("POST", "auth/token/create/no-admin", root, Map.of("policies", List.of("admin", "ops")));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().at("/errors/0").asText()).startsWith("token policy is disallowed by this role");
        JsonNode ok = create("no-admin", root, Map.of("policies", List.of("ops")));
        assertThat(strings(ok.at("/auth/policies"))).containsExactly("ops");
    }

    @Test
    void orphanPeriodAndPathComeFromTheRole() {
        vault.call("POST", "auth/token/roles/periodic", root,
                Map.of("orphan", true, "token_period", "30m", "path_suffix", "blue", "allowed_policies", "app"));
        String creator = creatorFor("periodic");
        String token = create("periodic", creator, Map.of("no_parent", false)).at("/auth/client_token").asText();
        JsonNode t = lookup(token);
        assertThat(t.get("orphan").asBoolean()).isTrue();
        assertThat(t.get("period").asLong()).isEqualTo(1800);
        assertThat(t.get("ttl").asLong()).isBetween(1790L, 1800L);
        assertThat(t.get("path").asText()).isEqualTo("auth/token/create/periodic/blue");
        assertThat(t.get("renewable").asBoolean()).isTrue();
        // Period from the request still needs sudo; the role's does not.
        assertThat(vault.call("POST", "auth/token/create/periodic", creator, Map.of("period", "10m")).status()).isEqualTo(400);
    }

    @Test
    void explicitMaxTtlIsTheLesserOfRoleAndRequestAndRenewableFalseSticks() {
        vault.call("POST", "auth/token/roles/capped", root, Map.of("explicit_max_ttl", "2h", "renewable", false));
        JsonNode created = create("capped", root, Map.of("explicit_max_ttl", "3h", "ttl", "1h"));
        assertThat(strings(created.get("warnings")))
                .contains("Explicit max TTL specified both during creation call and in role; using the lesser value of 7200 seconds");
        assertThat(created.at("/auth/renewable").asBoolean()).isFalse();
        JsonNode t = lookup(created.at("/auth/client_token").asText());
        assertThat(t.get("explicit_max_ttl").asLong()).isEqualTo(7200);
        assertThat(t.get("renewable").asBoolean()).isFalse();

        JsonNode longer = create("capped", root, Map.of("ttl", "5h"));
        assertThat(longer.at("/auth/lease_duration").asLong()).isEqualTo(7200);
    }

    @Test
    void badRoleInputAndUnknownRolesGetClearErrors() {
        TestVault.Reply unknown = vault.call("POST", "auth/token/create/nope", root, Map.of());
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().at("/errors/0").asText()).startsWith("unknown role");

        TestVault.Reply badType = vault.call("POST", "auth/token/roles/r1", root, Map.of("token_type", "<script>"));
        assertThat(badType.status()).isEqualTo(400);
        assertThat(badType.body()).contains("token_type").doesNotContain("<script>");
        assertThat(vault.call("POST", "auth/token/roles/r2", root, Map.of("token_type", "batch")).json().at("/errors/0").asText())
                .isEqualTo("'token_type' cannot be 'batch' when role is set to generate non-orphan tokens");
        assertThat(vault.call("POST", "auth/token/roles/r3", root, Map.of("period", "soon")).status()).isEqualTo(400);
        assertThat(vault.call("POST", "auth/token/roles/r4", root, Map.of("path_suffix", "../up")).status()).isEqualTo(400);

        vault.call("POST", "auth/token/roles/batcher", root, Map.of("token_type", "batch", "orphan", true, "renewable", false));
        TestVault.Reply batch = vault.call("POST", "auth/token/create/batcher", root, Map.of());
        assertThat(batch.status()).isEqualTo(400);
        assertThat(batch.json().at("/errors/0").asText()).contains("batch tokens are not supported");
    }
}
