package org.flowvault.vault.server.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.server.auth.MountHarness;
import org.flowvault.vault.server.namespace.Namespace;
import org.junit.jupiter.api.Test;
import org.flowvault.vault.server.core.TokenEntry;
import org.flowvault.vault.server.core.TokenSpec;

class TokenStoreTest {
    private final MountHarness vault = MountHarness.mount("token", "token/", TokenBackend::create);

    private TokenEntry token(int uses) {
        return vault.tokens.create(new TokenSpec(null, List.of("a"), vault.root.id(), Namespace.ROOT, "auth/token/create",
                Map.of("k", "v"), "token", uses, Duration.ofHours(1), Duration.ZERO, Duration.ZERO, Duration.ZERO, true,
                List.of()));
    }

    @Test
    void tokensAreFoundInStorageOnceTheCacheIsGone() {
        TokenEntry t = token(0);
        vault.tokens.clearCache();

        TokenEntry found = vault.tokens.lookup(t.id());

        assertThat(found).isEqualTo(t);
        assertThat(vault.tokens.lookupByAccessor(t.accessor())).isEqualTo(t);
    }

    @Test
    void revokingATreeWorksFromStorageAlone() {
        TokenEntry parent = token(0);
        TokenEntry child = vault.tokens.create(new TokenSpec(null, List.of("a"), parent.id(), Namespace.ROOT,
                "auth/token/create", Map.of(), "token", 0, Duration.ofHours(1), Duration.ZERO, Duration.ZERO,
                Duration.ZERO, true, List.of()));
        vault.tokens.clearCache();

        vault.tokens.revoke(vault.tokens.lookup(parent.id()));

        assertThat(vault.tokens.lookup(child.id())).isNull();
    }

    @Test
    void noTokenIdOrAccessorAppearsInAStorageKey() {
        TokenEntry t = token(0);

        assertThat(vault.physical.list("sys/token/id/")).noneMatch(k -> k.contains(t.id()));
        assertThat(vault.physical.list("sys/token/accessor/")).noneMatch(k -> k.contains(t.accessor()));
    }

    @Test
    void limitedUseTokensCountDownAndTheLastUseRevokes() {
        TokenEntry t = token(2);

        assertThat(vault.tokens.use(t)).isTrue();
        assertThat(vault.tokens.lookup(t.id()).numUses()).isEqualTo(1);
        assertThat(vault.tokens.use(t)).isTrue();
        assertThat(vault.tokens.lookup(t.id())).isNull();
        assertThat(vault.tokens.use(t)).isFalse();
    }

    @Test
    void anExpiredTokenIsGoneOnLookup() {
        TokenEntry t = token(0);
        vault.clock.advance(Duration.ofMinutes(60));

        assertThat(vault.tokens.lookup(t.id())).isNull();
        assertThat(vault.tokens.lookupByAccessor(t.accessor())).isNull();
    }

    @Test
    void capWarningsPrintDurationsTheWayVaultDoes() {
        assertThat(TokenStore.humanDuration(3600)).isEqualTo("1h");
        assertThat(TokenStore.humanDuration(5400)).isEqualTo("1h30m");
        assertThat(TokenStore.humanDuration(3601)).isEqualTo("1h1s");
        assertThat(TokenStore.humanDuration(120)).isEqualTo("2m");
        assertThat(TokenStore.humanDuration(45)).isEqualTo("45s");
        assertThat(TokenStore.humanDuration(0)).isEqualTo("0s");
    }
}
