package org.flowvault.vault.server.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.flowvault.vault.server.auth.MountHarness.json;

import org.flowvault.vault.server.auth.MountHarness;
import org.flowvault.vault.server.auth.MountHarness.Reply;
import org.junit.jupiter.api.Test;
import org.flowvault.vault.server.core.TokenEntry;
import org.flowvault.vault.server.core.TokenSpec;

class TokenCreateTest {
    private final MountHarness vault = MountHarness.mount("token", "token/", TokenBackend::create);

    @Test
    void rootCreatesChildTokenWithRequestedPoliciesPlusDefault() {
        Reply r = vault.write("create", json("{\"policies\":[\"B\",\"a\"],\"ttl\":\"1h\"}"));

        assertThat(r.status()).isEqualTo(200);
        TokenEntry t = r.issued();
        assertThat(t.policies()).containsExactly("a", "b", "default");
        assertThat(t.parent()).isEqualTo(vault.root.id());
        assertThat(t.orphan()).isFalse();
        assertThat(t.ttl()).isEqualTo(3600);
        assertThat(t.renewable()).isTrue();
        assertThat(t.path()).isEqualTo("auth/token/create");
        assertThat(t.displayName()).isEqualTo("token");
        assertThat(t.id()).startsWith("hvs.");
    }

    @Test
    void nonRootCallerCannotAssignAPolicyItDoesNotHold() {
        TokenEntry caller = vault.token("reader", "default");

        Reply r = vault.write("create", json("{\"policies\":[\"reader\",\"admin\"]}"), caller);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errors()).containsExactly("child policies must be subset of parent");
    }

    @Test
    void nonRootCallerMayAssignASubsetAndKeepsDefaultOnlyWhenItHasIt() {
        TokenEntry withDefault = vault.token("reader", "writer", "default");
        TokenEntry withoutDefault = vault.token("reader", "writer");

        assertThat(vault.write("create", json("{\"policies\":[\"reader\"]}"), withDefault).issued().policies())
                .containsExactly("default", "reader");
        assertThat(vault.write("create", json("{\"policies\":[\"reader\"]}"), withoutDefault).issued().policies())
                .containsExactly("reader");
    }

    @Test
    void createWithoutPoliciesInheritsTheCallersPolicies() {
        TokenEntry caller = vault.token("reader", "default");

        assertThat(vault.write("create", json("{}"), caller).issued().policies()).containsExactly("default", "reader");
    }

    @Test
    void noDefaultPolicyLeavesDefaultOut() {
        Reply r = vault.write("create", json("{\"policies\":[\"a\"],\"no_default_policy\":true}"));

        assertThat(r.issued().policies()).containsExactly("a");
    }

    @Test
    void ttlAboveTheMountMaxIsCappedWithVaultsWarning() {
        vault.tune(0, 7200);

        Reply r = vault.write("create", json("{\"policies\":[\"a\"],\"ttl\":\"5h\"}"));

        assertThat(r.issued().ttl()).isEqualTo(7200);
        assertThat(r.warnings()).containsExactly(
                "TTL of \"5h\" exceeded the effective max_ttl of \"2h\"; TTL value is capped accordingly");
    }

    @Test
    void withoutTtlATokenGetsTheTokenMountsDefaultTtl() {
        vault.tune(1800, 0);

        assertThat(vault.write("create", json("{\"policies\":[\"a\"]}")).issued().ttl()).isEqualTo(1800);
    }

    @Test
    void explicitMaxTtlCapsTheTtl() {
        Reply r = vault.write("create", json("{\"policies\":[\"a\"],\"ttl\":\"2h\",\"explicit_max_ttl\":\"1h\"}"));

        assertThat(r.issued().ttl()).isEqualTo(3600);
        assertThat(r.issued().explicitMaxTtl()).isEqualTo(3600);
    }

    @Test
    void rootTokenWithoutTtlNeverExpiresAndIsNotRenewable() {
        TokenEntry t = vault.write("create", json("{\"policies\":[\"root\"]}")).issued();

        assertThat(t.policies()).containsExactly("root");
        assertThat(t.expireTime()).isZero();
        assertThat(t.renewable()).isFalse();
    }

    @Test
    void onlyARootParentCreatesRootTokens() {
        TokenEntry caller = vault.token("reader");

        Reply r = vault.write("create", json("{\"policies\":[\"root\"]}"), caller);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errors()).containsExactly("child policies must be subset of parent");
    }

    @Test
    void noParentNeedsRootButCreateOrphanDoesNot() {
        TokenEntry caller = vault.token("reader");

        Reply denied = vault.write("create", json("{\"no_parent\":true}"), caller);
        Reply orphan = vault.write("create-orphan", json("{}"), caller);

        assertThat(denied.status()).isEqualTo(400);
        assertThat(denied.errors()).containsExactly("root or sudo privileges required to create orphan token");
        assertThat(orphan.issued().parent()).isEmpty();
        assertThat(orphan.issued().orphan()).isTrue();
        assertThat(orphan.issued().path()).isEqualTo("auth/token/create-orphan");
    }

    @Test
    void rootMayCreateAnOrphanWithNoParent() {
        assertThat(vault.write("create", json("{\"no_parent\":true}")).issued().orphan()).isTrue();
    }

    @Test
    void displayNameIsPrefixedAndSanitizedLikeVault() {
        TokenEntry t = vault.write("create", json("{\"display_name\":\"my app!\"}")).issued();

        assertThat(t.displayName()).isEqualTo("token-my-app");
    }

    @Test
    void aTokenWithLimitedUsesCannotCreateChildren() {
        TokenEntry limited = vault.write("create", json("{\"policies\":[\"a\"],\"num_uses\":3}")).issued();

        Reply r = vault.write("create", json("{}"), limited);

        assertThat(limited.numUses()).isEqualTo(3);
        assertThat(r.errors()).containsExactly("restricted use token cannot generate child tokens");
    }

    @Test
    void negativeNumUsesIsRefused() {
        assertThat(vault.write("create", json("{\"num_uses\":-1}")).errors())
                .containsExactly("number of uses cannot be negative");
    }

    @Test
    void customIdNeedsRootAndComesWithVaultsWarning() {
        TokenEntry caller = vault.token("reader");

        Reply denied = vault.write("create", json("{\"id\":\"my-token\"}"), caller);
        Reply made = vault.write("create", json("{\"id\":\"my-token\",\"policies\":[\"a\"]}"));

        assertThat(denied.errors()).containsExactly("root or sudo privileges required to specify token id");
        assertThat(made.issued().id()).isEqualTo("my-token");
        assertThat(made.warnings()).singleElement().asString().startsWith("Supplying a custom ID for the token");
        assertThat(vault.write("create", json("{\"id\":\"my-token\"}")).errors())
                .containsExactly("cannot create a token with a duplicate ID");
    }

    @Test
    void periodicTokensNeedRootAndLiveForTheirPeriod() {
        TokenEntry caller = vault.token("reader");

        Reply denied = vault.write("create", json("{\"period\":\"10m\"}"), caller);
        TokenEntry periodic = vault.write("create", json("{\"policies\":[\"a\"],\"period\":\"10m\",\"ttl\":\"5h\"}")).issued();

        assertThat(denied.errors()).containsExactly("root or sudo privileges required to create periodic token");
        assertThat(periodic.ttl()).isEqualTo(600);
        assertThat(periodic.period()).isEqualTo(600);
    }

    @Test
    void batchTokensAreRefusedWithAnExplanation() {
        Reply r = vault.write("create", json("{\"type\":\"batch\"}"));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errors().get(0)).contains("batch tokens are not supported");
    }

    @Test
    void internalPoliciesCannotBeAssigned() {
        assertThat(vault.write("create", json("{\"policies\":[\"response-wrapping\"]}")).errors())
                .containsExactly("cannot assign policy \"response-wrapping\"");
    }

    @Test
    void childInheritsParentsBoundCidrsButOrphansDoNot() {
        TokenEntry bound = vault.tokens.create(new TokenSpec(null, java.util.List.of("a"), vault.root.id(),
                org.flowvault.vault.server.namespace.Namespace.ROOT, "auth/token/create", java.util.Map.of(), "token", 0,
                java.time.Duration.ofHours(1), java.time.Duration.ZERO, java.time.Duration.ZERO, java.time.Duration.ZERO,
                true, java.util.List.of("10.0.0.0/8")));

        assertThat(vault.write("create", json("{}"), bound).issued().boundCidrs()).containsExactly("10.0.0.0/8");
        assertThat(vault.write("create-orphan", json("{}"), bound).issued().boundCidrs()).isEmpty();
    }

    @Test
    void metadataIsAcceptedAsMetaOrMetadata() {
        assertThat(vault.write("create", json("{\"meta\":{\"app\":\"billing\"}}")).issued().meta())
                .containsEntry("app", "billing");
        assertThat(vault.write("create", json("{\"metadata\":{\"team\":\"ops\"}}")).issued().meta())
                .containsEntry("team", "ops");
    }
}
