package org.flowvault.vault.server.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.flowvault.vault.server.auth.MountHarness.json;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.server.auth.MountHarness;
import org.flowvault.vault.server.auth.MountHarness.Reply;
import org.flowvault.vault.server.policy.Operation;
import org.junit.jupiter.api.Test;
import org.flowvault.vault.server.core.TokenEntry;

class TokenLookupTest {
    private final MountHarness vault = MountHarness.mount("token", "token/", TokenBackend::create);

    @Test
    void lookupSelfShowsTheTokenInVaultsShape() {
        TokenEntry t = vault.write("create", json(
                "{\"policies\":[\"a\"],\"ttl\":\"1h\",\"display_name\":\"ci\",\"meta\":{\"app\":\"billing\"}}")).issued();
        vault.clock.advance(Duration.ofMinutes(10));

        Reply r = vault.read("lookup-self", t);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.data()).containsOnlyKeys("accessor", "creation_time", "creation_ttl", "display_name", "entity_id",
                "expire_time", "explicit_max_ttl", "id", "issue_time", "meta", "num_uses", "orphan", "path", "policies",
                "renewable", "ttl", "type");
        assertThat(r.data()).containsEntry("id", t.id())
                .containsEntry("accessor", t.accessor())
                .containsEntry("creation_ttl", 3600)
                .containsEntry("ttl", 3000)
                .containsEntry("display_name", "token-ci")
                .containsEntry("entity_id", "")
                .containsEntry("expire_time", "2024-05-01T11:00:00Z")
                .containsEntry("issue_time", "2024-05-01T10:00:00Z")
                .containsEntry("creation_time", (int) MountHarness.START.getEpochSecond())
                .containsEntry("meta", Map.of("app", "billing"))
                .containsEntry("num_uses", 0)
                .containsEntry("orphan", false)
                .containsEntry("path", "auth/token/create")
                .containsEntry("policies", List.of("a", "default"))
                .containsEntry("renewable", true)
                .containsEntry("type", "service");
        assertThat(List.copyOf(r.data().keySet())).isSorted();
    }

    @Test
    void lookupSelfWorksWithGetAndPost() {
        TokenEntry t = vault.token("a");

        assertThat(vault.read("lookup-self", t).get("id")).isEqualTo(t.id());
        assertThat(vault.write("lookup-self", Map.of(), t).get("id")).isEqualTo(t.id());
    }

    @Test
    void metaIsNullWhenATokenHasNone() {
        TokenEntry t = vault.token("a");

        Reply r = vault.read("lookup-self", t);

        assertThat(r.data()).containsEntry("meta", null);
    }

    @Test
    void lookupOfAnotherTokenTakesItFromTheBody() {
        TokenEntry other = vault.token("b");

        Reply r = vault.write("lookup", Map.of("token", other.id()));

        assertThat(r.get("id")).isEqualTo(other.id());
        assertThat(r.get("policies")).isEqualTo(List.of("b"));
    }

    @Test
    void lookupOfAnUnknownTokenIsForbiddenWithBadToken() {
        Reply r = vault.write("lookup", Map.of("token", "hvs.nonexistent"));

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.errors()).containsExactly("bad token");
    }

    @Test
    void anExpiredTokenIsABadTokenToo() {
        TokenEntry t = vault.token("a");
        vault.clock.advance(Duration.ofHours(2));

        Reply r = vault.write("lookup", Map.of("token", t.id()));

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.errors()).containsExactly("bad token");
    }

    @Test
    void lookupByAccessorHidesTheTokenId() {
        TokenEntry t = vault.token("a");

        Reply r = vault.write("lookup-accessor", Map.of("accessor", t.accessor()));

        assertThat(r.get("id")).isEqualTo("");
        assertThat(r.get("accessor")).isEqualTo(t.accessor());
        assertThat(vault.write("lookup-accessor", Map.of("accessor", "nope")).errors()).containsExactly("invalid accessor");
        assertThat(vault.write("lookup-accessor", Map.of()).errors()).containsExactly("missing accessor");
    }

    @Test
    void theInitialRootTokenHasNoLeaseFieldsLikeInVault() {
        Reply r = vault.read("lookup-self", vault.root);

        assertThat(r.data()).doesNotContainKeys("issue_time", "renewable")
                .containsEntry("expire_time", null)
                .containsEntry("ttl", 0)
                .containsEntry("display_name", "root")
                .containsEntry("orphan", true)
                .containsEntry("path", "auth/token/root")
                .containsEntry("policies", List.of("root"));
    }

    @Test
    void periodicAndRenewedTokensShowPeriodAndLastRenewal() {
        TokenEntry t = vault.write("create", json("{\"policies\":[\"a\"],\"period\":\"30m\"}")).issued();
        vault.clock.advance(Duration.ofMinutes(5));
        vault.write("renew-self", Map.of(), t);

        Reply r = vault.read("lookup-self", t);

        assertThat(r.data()).containsEntry("period", 1800)
                .containsEntry("last_renewal_time", (int) MountHarness.START.plusSeconds(300).getEpochSecond())
                .containsEntry("last_renewal", "2024-05-01T10:05:00Z")
                .containsEntry("ttl", 1800);
    }

    @Test
    void listingAccessorsShowsLiveTokensOnly() {
        TokenEntry keep = vault.token("a");
        TokenEntry gone = vault.token("b");
        vault.write("revoke", Map.of("token", gone.id()));

        Reply r = vault.list("accessors/");

        @SuppressWarnings("unchecked")
        List<String> keys = (List<String>) r.get("keys");
        assertThat(keys).contains(keep.accessor(), vault.root.accessor()).doesNotContain(gone.accessor());
        assertThat(vault.backend.sudoPaths()).contains("accessors*");
    }

    @Test
    void unsupportedPathsAndOperationsAnswerLikeVault() {
        assertThat(vault.read("nope").status()).isEqualTo(404);
        assertThat(vault.send(Operation.DELETE, "lookup-self", Map.of(), vault.root).status()).isEqualTo(405);
    }
}
