package org.flowvault.vault.server.auth.approle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.flowvault.vault.server.auth.MountHarness.json;

import java.util.List;
import java.util.Map;
import org.flowvault.vault.server.auth.MountHarness;
import org.flowvault.vault.server.auth.MountHarness.Reply;
import org.junit.jupiter.api.Test;

class AppRoleRoleTest {
    private final MountHarness vault = MountHarness.mount("approle", "approle/", AppRoleBackend::create);

    @Test
    void aNewRoleReadsBackWithVaultsDefaults() {
        assertThat(vault.write("role/web", json("{\"token_policies\":\"web,db\"}")).status()).isEqualTo(204);

        Reply r = vault.read("role/web");

        assertThat(r.data()).containsOnlyKeys("bind_secret_id", "local_secret_ids", "secret_id_bound_cidrs",
                "secret_id_num_uses", "secret_id_ttl", "token_bound_cidrs", "token_explicit_max_ttl", "token_max_ttl",
                "token_no_default_policy", "token_num_uses", "token_period", "token_policies", "token_ttl", "token_type");
        assertThat(r.data()).containsEntry("bind_secret_id", true)
                .containsEntry("secret_id_bound_cidrs", null)
                .containsEntry("secret_id_num_uses", 0)
                .containsEntry("secret_id_ttl", 0)
                .containsEntry("token_policies", List.of("web", "db"))
                .containsEntry("token_type", "default")
                .containsEntry("token_bound_cidrs", List.of())
                .containsEntry("local_secret_ids", false);
    }

    @Test
    void durationsAcceptSecondsOrGoDurationsAndReadBackInSeconds() {
        vault.write("role/web", json("{\"token_ttl\":\"1h\",\"token_max_ttl\":7200,\"secret_id_ttl\":\"10m\","
                + "\"secret_id_num_uses\":5,\"token_num_uses\":3}"));

        Reply r = vault.read("role/web");

        assertThat(r.data()).containsEntry("token_ttl", 3600).containsEntry("token_max_ttl", 7200)
                .containsEntry("secret_id_ttl", 600).containsEntry("secret_id_num_uses", 5)
                .containsEntry("token_num_uses", 3);
    }

    @Test
    void theDeprecatedPoliciesFieldIsAcceptedAndEchoed() {
        vault.write("role/web", json("{\"policies\":[\"Web\",\"web\",\"db\"],\"period\":\"1h\"}"));

        Reply r = vault.read("role/web");

        assertThat(r.data()).containsEntry("policies", List.of("db", "web"))
                .containsEntry("token_policies", List.of("db", "web"))
                .containsEntry("period", 3600)
                .containsEntry("token_period", 3600);

        vault.write("role/web", json("{\"token_policies\":[\"other\"]}"));
        assertThat(vault.read("role/web").data()).doesNotContainKey("policies")
                .containsEntry("token_policies", List.of("other"));
    }

    @Test
    void anUpdateKeepsWhatItDoesNotMention() {
        vault.write("role/web", json("{\"token_policies\":[\"web\"],\"secret_id_num_uses\":2}"));

        vault.write("role/web", json("{\"token_ttl\":\"5m\"}"));

        assertThat(vault.read("role/web").data()).containsEntry("token_policies", List.of("web"))
                .containsEntry("secret_id_num_uses", 2).containsEntry("token_ttl", 300);
    }

    @Test
    void aRoleNeedsAtLeastOneConstraint() {
        Reply r = vault.write("role/open", json("{\"bind_secret_id\":false}"));

        assertThat(r.status()).isEqualTo(500);
        assertThat(r.errors()).containsExactly("at least one constraint should be enabled on the role");
        assertThat(vault.write("role/cidr", json("{\"bind_secret_id\":false,\"secret_id_bound_cidrs\":\"10.0.0.0/8\"}"))
                .status()).isEqualTo(204);
    }

    @Test
    void invalidValuesAreRefusedWithVaultsTexts() {
        assertThat(vault.write("role/r", json("{\"secret_id_bound_cidrs\":\"not-a-cidr\"}")).errors())
                .containsExactly("invalid CIDR blocks");
        assertThat(vault.write("role/r", json("{\"secret_id_num_uses\":-1}")).errors())
                .containsExactly("secret_id_num_uses cannot be negative");
        assertThat(vault.write("role/r", json("{\"token_ttl\":\"2h\",\"token_max_ttl\":\"1h\"}")).errors())
                .containsExactly("'token_ttl' cannot be greater than 'token_max_ttl'");
        assertThat(vault.write("role/r", json("{\"token_type\":\"weird\"}")).errors())
                .containsExactly("invalid 'token_type' value \"weird\"");
        assertThat(vault.write("role/r", json("{\"token_period\":\"800h\"}")).errors())
                .containsExactly("period of \"800h0m0s\" is greater than the backend's maximum lease TTL of \"768h0m0s\"");
    }

    @Test
    void tokenMaxTtlAboveTheMountMaxIsAcceptedWithAWarning() {
        vault.tune(0, 3600);

        Reply r = vault.write("role/r", json("{\"token_max_ttl\":\"2h\"}"));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.warnings()).containsExactly(
                "token_max_ttl is greater than the backend mount's maximum TTL value; issued tokens' max TTL value will be truncated");
    }

    @Test
    void roleNamesAreCaseInsensitive() {
        vault.write("role/WebApp", json("{\"token_policies\":[\"web\"]}"));

        assertThat(vault.read("role/webapp").status()).isEqualTo(200);
        assertThat(vault.list("role").get("keys")).isEqualTo(List.of("webapp"));
    }

    @Test
    void missingRolesAre404AndListingNothingIs404() {
        assertThat(vault.read("role/none").status()).isEqualTo(404);
        assertThat(vault.read("role/none").errors()).isEmpty();
        assertThat(vault.list("role/").status()).isEqualTo(404);
        assertThat(vault.read("role/none/role-id").status()).isEqualTo(404);
    }

    @Test
    void theRoleIdIsGeneratedAndCanBeReplaced() {
        vault.write("role/web", json("{}"));
        String generated = (String) vault.read("role/web/role-id").get("role_id");

        assertThat(generated).matches("[0-9a-f-]{36}");
        assertThat(vault.write("role/web/role-id", Map.of("role_id", "my-custom-id")).status()).isEqualTo(204);
        assertThat(vault.read("role/web/role-id").get("role_id")).isEqualTo("my-custom-id");
        assertThat(vault.write("role/web/role-id", Map.of()).errors()).containsExactly("missing role_id");
    }

    @Test
    void aRoleIdBelongsToOneRoleOnly() {
        vault.write("role/a", json("{\"role_id\":\"shared\"}"));

        Reply r = vault.write("role/b", json("{\"role_id\":\"shared\"}"));

        assertThat(r.status()).isEqualTo(500);
        assertThat(r.errors()).containsExactly("role_id already in use");
    }

    @Test
    void deletingARoleRemovesItAndItsSecretIds() {
        vault.write("role/web", json("{}"));
        vault.write("role/web/secret-id", Map.of());

        assertThat(vault.delete("role/web").status()).isEqualTo(204);

        assertThat(vault.read("role/web").status()).isEqualTo(404);
        assertThat(vault.physical.list(storagePrefix() + "secret_id/")).isEmpty();
        assertThat(vault.physical.list(storagePrefix() + "accessor/")).isEmpty();
        assertThat(vault.physical.list(storagePrefix() + "role_id/")).isEmpty();
    }

    @Test
    void theExistenceCheckTellsCreateFromUpdate() {
        org.flowvault.vault.server.core.Request probe = new org.flowvault.vault.server.core.Request(
                org.flowvault.vault.server.policy.Operation.UPDATE, "role/web", Map.of(),
                org.flowvault.vault.server.namespace.Namespace.ROOT, null, vault.physical.view(storagePrefix()), null,
                null, "127.0.0.1", Map.of());
        assertThat(vault.backend.exists(probe)).isFalse();
        vault.write("role/web", json("{}"));
        assertThat(vault.backend.exists(probe)).isTrue();
        assertThat(vault.backend.unauthenticatedPaths()).containsExactly("login");
    }

    private static String storagePrefix() {
        return "auth/uuid-approle/";
    }
}
