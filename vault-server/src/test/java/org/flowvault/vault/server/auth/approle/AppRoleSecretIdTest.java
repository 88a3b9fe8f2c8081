package org.flowvault.vault.server.auth.approle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.flowvault.vault.server.auth.MountHarness.json;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.server.auth.MountHarness;
import org.flowvault.vault.server.auth.MountHarness.Reply;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AppRoleSecretIdTest {
    private final MountHarness vault = MountHarness.mount("approle", "approle/", AppRoleBackend::create);

    @BeforeEach
    void role() {
        vault.write("role/web", json("{\"token_policies\":[\"web\"],\"secret_id_num_uses\":5,\"secret_id_ttl\":\"1h\"}"));
    }

    @Test
    void generatingASecretIdAnswersItOnceWithItsAccessorAndLimits() {
        Reply r = vault.write("role/web/secret-id", Map.of());

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.data()).containsOnlyKeys("secret_id", "secret_id_accessor", "secret_id_num_uses", "secret_id_ttl");
        assertThat((String) r.get("secret_id")).matches("[0-9a-f-]{36}");
        assertThat(r.data()).containsEntry("secret_id_num_uses", 5).containsEntry("secret_id_ttl", 3600);
    }

    @Test
    void noSecretIdValueOrAccessorIsEverAStorageKeyAndNoSecretIdIsStoredAtAll() {
        Reply r = vault.write("role/web/secret-id", Map.of());
        String roleId = (String) vault.read("role/web/role-id").get("role_id");

        assertThat(vault.storageContains((String) r.get("secret_id"))).isFalse();
        assertThat(vault.physical.list("auth/uuid-approle/accessor/")).noneMatch(k -> k.contains((String) r.get("secret_id_accessor")));
        assertThat(vault.physical.list("auth/uuid-approle/role_id/")).noneMatch(k -> k.contains(roleId));
    }

    @Test
    void lookupBySecretIdShowsItsPropertiesInVaultsShape() {
        String secret = (String) vault.write("role/web/secret-id",
                Map.of("metadata", "{\"host\":\"web-1\"}", "cidr_list", "127.0.0.0/8")).get("secret_id");

        Reply r = vault.write("role/web/secret-id/lookup", Map.of("secret_id", secret));

        assertThat(r.data()).containsOnlyKeys("cidr_list", "creation_time", "expiration_time", "last_updated_time",
                "metadata", "secret_id_accessor", "secret_id_num_uses", "secret_id_ttl", "token_bound_cidrs");
        assertThat(r.data()).containsEntry("metadata", Map.of("host", "web-1"))
                .containsEntry("cidr_list", List.of("127.0.0.0/8"))
                .containsEntry("token_bound_cidrs", List.of())
                .containsEntry("creation_time", "2024-05-01T10:00:00Z")
                .containsEntry("expiration_time", "2024-05-01T11:00:00Z")
                .containsEntry("secret_id_num_uses", 5)
                .containsEntry("secret_id_ttl", 3600);
    }

    @Test
    void lookupOfAnUnknownSecretIdIsEmpty() {
        assertThat(vault.write("role/web/secret-id/lookup", Map.of("secret_id", "nope")).status()).isEqualTo(204);
        assertThat(vault.write("role/web/secret-id/lookup", Map.of()).errors()).containsExactly("missing secret_id");
        assertThat(vault.write("role/none/secret-id/lookup", Map.of("secret_id", "x")).errors())
                .containsExactly("role \"none\" does not exist");
    }

    @Test
    void metadataMayBeKeyValuePairsOrBase64Json() {
        String b64 = java.util.Base64.getEncoder().encodeToString("{\"a\":\"1\"}".getBytes());
        String s1 = (String) vault.write("role/web/secret-id", Map.of("metadata", "team=ops, env=prod")).get("secret_id");
        String s2 = (String) vault.write("role/web/secret-id", Map.of("metadata", b64)).get("secret_id");

        assertThat(vault.write("role/web/secret-id/lookup", Map.of("secret_id", s1)).get("metadata"))
                .isEqualTo(Map.of("team", "ops", "env", "prod"));
        assertThat(vault.write("role/web/secret-id/lookup", Map.of("secret_id", s2)).get("metadata"))
                .isEqualTo(Map.of("a", "1"));
        assertThat(vault.write("role/web/secret-id", Map.of("metadata", "novalue")).status()).isEqualTo(400);
    }

    @Test
    void listingShowsTheAccessorsOfLiveSecretIds() {
        String a1 = (String) vault.write("role/web/secret-id", Map.of()).get("secret_id_accessor");
        String a2 = (String) vault.write("role/web/secret-id", Map.of()).get("secret_id_accessor");

        assertThat(vault.list("role/web/secret-id/").get("keys")).asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.LIST).containsExactlyInAnyOrder(a1, a2);
        assertThat(vault.list("role/none/secret-id/").errors()).containsExactly("role \"none\" does not exist");
    }

    @Test
    void expiredSecretIdsDisappear() {
        vault.write("role/web/secret-id", Map.of());
        vault.clock.advance(Duration.ofMinutes(61));

        assertThat(vault.list("role/web/secret-id").status()).isEqualTo(404);
        assertThat(vault.physical.list("auth/uuid-approle/accessor/")).isEmpty();
    }

    @Test
    void aSecretIdMayNotOutliveOrOutuseItsRole() {
        assertThat(vault.write("role/web/secret-id", Map.of("ttl", "2h")).errors())
                .containsExactly("ttl cannot be longer than the role's secret_id_ttl");
        assertThat(vault.write("role/web/secret-id", Map.of("num_uses", 0)).errors())
                .containsExactly("num_uses cannot be higher than the role's secret_id_num_uses");
        Reply shorter = vault.write("role/web/secret-id", Map.of("ttl", "10m", "num_uses", 2));
        assertThat(shorter.data()).containsEntry("secret_id_ttl", 600).containsEntry("secret_id_num_uses", 2);
    }

    @Test
    void theSecretIdTtlIsCappedAtTheMountsMaxLeaseTtl() {
        vault.tune(0, 1800);

        assertThat(vault.write("role/web/secret-id", Map.of()).get("secret_id_ttl")).isEqualTo(1800);
    }

    @Test
    void aCustomSecretIdIsStoredOnce() {
        Reply r = vault.write("role/web/custom-secret-id", Map.of("secret_id", "my-very-own-secret"));

        assertThat(r.get("secret_id")).isEqualTo("my-very-own-secret");
        assertThat(vault.write("role/web/custom-secret-id", Map.of("secret_id", "my-very-own-secret")).errors())
                .containsExactly("SecretID is already registered");
        assertThat(vault.storageContains("my-very-own-secret")).isFalse();
    }

    @Test
    void lookupAndDestroyByAccessor() {
        Reply made = vault.write("role/web/secret-id", Map.of());
        String accessor = (String) made.get("secret_id_accessor");

        assertThat(vault.write("role/web/secret-id-accessor/lookup", Map.of("secret_id_accessor", accessor))
                .get("secret_id_accessor")).isEqualTo(accessor);
        assertThat(vault.write("role/web/secret-id-accessor/destroy", Map.of("secret_id_accessor", accessor)).status())
                .isEqualTo(204);
        Reply gone = vault.write("role/web/secret-id-accessor/lookup", Map.of("secret_id_accessor", accessor));
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.get("error")).isEqualTo("failed to find accessor entry for secret_id_accessor: \"" + accessor + "\"");
        assertThat(vault.write("role/web/secret-id/lookup", Map.of("secret_id", made.get("secret_id"))).status())
                .isEqualTo(204);
    }

    @Test
    void destroyBySecretIdWorksWithPostAndDelete() {
        String s1 = (String) vault.write("role/web/secret-id", Map.of()).get("secret_id");
        String s2 = (String) vault.write("role/web/secret-id", Map.of()).get("secret_id");

        assertThat(vault.write("role/web/secret-id/destroy", Map.of("secret_id", s1)).status()).isEqualTo(204);
        assertThat(vault.delete("role/web/secret-id/destroy", Map.of("secret_id", s2)).status()).isEqualTo(204);
        assertThat(vault.list("role/web/secret-id").status()).isEqualTo(404);
    }

    @Test
    void aRoleThatBindsNoSecretIdIssuesNone() {
        vault.write("role/open", json("{\"bind_secret_id\":false,\"secret_id_bound_cidrs\":[\"127.0.0.1/32\"]}"));

        assertThat(vault.write("role/open/secret-id", Map.of()).errors())
                .containsExactly("bind_secret_id is not set on the role");
        assertThat(vault.write("role/none/secret-id", Map.of()).status()).isEqualTo(404);
    }

    @Test
    void secretIdCidrsMustLieWithinTheRolesCidrs() {
        vault.write("role/net", json("{\"secret_id_bound_cidrs\":\"10.0.0.0/8\"}"));

        assertThat(vault.write("role/net/secret-id", Map.of("cidr_list", "10.1.0.0/16")).status()).isEqualTo(200);
        assertThat(vault.write("role/net/secret-id", Map.of("cidr_list", "192.168.0.0/16")).status()).isEqualTo(500);
        assertThat(vault.write("role/net/secret-id", Map.of("cidr_list", "bogus")).errors())
                .containsExactly("failed to validate CIDR blocks");
    }

    @Test
    void tidyRemovesExpiredSecretIdsAndAnswers202() {
        vault.write("role/web/secret-id", Map.of());
        vault.clock.advance(Duration.ofHours(2));

        Reply r = vault.write("tidy/secret-id", Map.of());

        assertThat(r.status()).isEqualTo(202);
        assertThat(vault.physical.list("auth/uuid-approle/secret_id/")).allMatch(k -> vault.physical
                .list("auth/uuid-approle/secret_id/" + k).isEmpty());
    }
}
