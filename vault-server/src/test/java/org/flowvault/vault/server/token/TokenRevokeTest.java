package org.flowvault.vault.server.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.flowvault.vault.server.auth.MountHarness.json;

import java.util.Map;
import org.flowvault.vault.server.auth.MountHarness;
import org.flowvault.vault.server.auth.MountHarness.Reply;
import org.junit.jupiter.api.Test;
import org.flowvault.vault.server.core.TokenEntry;

class TokenRevokeTest {
    private final MountHarness vault = MountHarness.mount("token", "token/", TokenBackend::create);

    /** parent (child of root) → child → grandchild. */
    private TokenEntry parent;
    private TokenEntry child;
    private TokenEntry grandchild;

    private void tree() {
        parent = vault.write("create", json("{\"policies\":[\"a\"],\"ttl\":\"1h\"}")).issued();
        child = vault.write("create", json("{\"ttl\":\"1h\"}"), parent).issued();
        grandchild = vault.write("create", json("{\"ttl\":\"1h\"}"), child).issued();
    }

    @Test
    void revokingATokenRevokesEverythingItCreated() {
        tree();

        Reply r = vault.write("revoke", Map.of("token", parent.id()));

        assertThat(r.status()).isEqualTo(204);
        assertThat(vault.tokens.lookup(parent.id())).isNull();
        assertThat(vault.tokens.lookup(child.id())).isNull();
        assertThat(vault.tokens.lookup(grandchild.id())).isNull();
        assertThat(vault.tokens.lookup(vault.root.id())).isNotNull();
    }

    @Test
    void revokeOrphanKeepsTheChildrenAsOrphans() {
        tree();

        Reply r = vault.write("revoke-orphan", Map.of("token", parent.id()));

        assertThat(r.status()).isEqualTo(204);
        assertThat(vault.tokens.lookup(parent.id())).isNull();
        TokenEntry orphaned = vault.tokens.lookup(child.id());
        assertThat(orphaned.parent()).isEmpty();
        assertThat(vault.read("lookup-self", orphaned).get("orphan")).isEqualTo(true);
        assertThat(vault.tokens.lookup(grandchild.id())).isNotNull();
        assertThat(vault.backend.sudoPaths()).contains("revoke-orphan");
    }

    @Test
    void revokeOrphanOfAnUnknownTokenIsAnError() {
        assertThat(vault.write("revoke-orphan", Map.of("token", "hvs.nope")).errors())
                .containsExactly("token to revoke not found");
    }

    @Test
    void revokeSelfRevokesTheCallerAndItsChildren() {
        tree();

        assertThat(vault.write("revoke-self", Map.of(), child).status()).isEqualTo(204);
        assertThat(vault.tokens.lookup(child.id())).isNull();
        assertThat(vault.tokens.lookup(grandchild.id())).isNull();
        assertThat(vault.tokens.lookup(parent.id())).isNotNull();
    }

    @Test
    void revokeByAccessorRevokesTheToken() {
        tree();

        assertThat(vault.write("revoke-accessor", Map.of("accessor", child.accessor())).status()).isEqualTo(204);
        assertThat(vault.tokens.lookup(child.id())).isNull();
        assertThat(vault.tokens.lookup(grandchild.id())).isNull();
    }

    @Test
    void revokeByUnknownAccessorAnswersWithAWarning() {
        Reply r = vault.write("revoke-accessor", Map.of("accessor", "nope"));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.warnings()).containsExactly("No token found with this accessor");
    }

    @Test
    void revokingAnUnknownTokenSucceedsQuietlyButAMissingOneIsAnError() {
        assertThat(vault.write("revoke", Map.of("token", "hvs.nope")).status()).isEqualTo(204);
        assertThat(vault.write("revoke", Map.of()).errors()).containsExactly("missing token ID");
    }
}
