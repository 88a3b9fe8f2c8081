package org.flowvault.vault.server.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.flowvault.vault.server.auth.MountHarness.json;

import java.time.Duration;
import java.util.Map;
import org.flowvault.vault.server.auth.MountHarness;
import org.flowvault.vault.server.auth.MountHarness.Reply;
import org.junit.jupiter.api.Test;
import org.flowvault.vault.server.core.TokenEntry;

class TokenRenewTest {
    private final MountHarness vault = MountHarness.mount("token", "token/", TokenBackend::create);

    private TokenEntry create(String body) {
        return vault.write("create", json(body)).issued();
    }

    @Test
    void renewSelfExtendsByTheIncrementFromNow() {
        TokenEntry t = create("{\"policies\":[\"a\"],\"ttl\":\"1h\"}");
        vault.clock.advance(Duration.ofMinutes(50));

        Reply r = vault.write("renew-self", Map.of("increment", "2h"), t);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.issued().id()).isEqualTo(t.id());
        assertThat(r.issued().ttl()).isEqualTo(7200);
        assertThat(r.issued().expireTime()).isEqualTo(vault.clock.instant().getEpochSecond() + 7200);
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void renewWithoutIncrementReusesTheTokensTtl() {
        TokenEntry t = create("{\"policies\":[\"a\"],\"ttl\":\"20m\"}");
        vault.clock.advance(Duration.ofMinutes(15));

        assertThat(vault.write("renew-self", Map.of(), t).issued().ttl()).isEqualTo(1200);
    }

    @Test
    void renewalIsCappedAtTheExplicitMaxTtlWithVaultsWarning() {
        TokenEntry t = create("{\"policies\":[\"a\"],\"ttl\":\"1h\",\"explicit_max_ttl\":\"2h\"}");
        vault.clock.advance(Duration.ofMinutes(50));
        assertThat(vault.write("renew-self", Map.of("increment", "1h"), t).warnings()).isEmpty();
        vault.clock.advance(Duration.ofMinutes(50));

        Reply r = vault.write("renew", Map.of("token", t.id(), "increment", 3600));

        assertThat(r.issued().ttl()).isEqualTo(1200);
        assertThat(r.warnings()).containsExactly(
                "TTL of \"1h\" exceeded the effective max_ttl of \"20m\"; TTL value is capped accordingly");
    }

    @Test
    void renewalIsCappedAtTheTokenMountsMaxTtl() {
        TokenEntry t = create("{\"policies\":[\"a\"],\"ttl\":\"3h\"}");
        vault.tune(0, 3 * 3600);
        vault.clock.advance(Duration.ofMinutes(150));

        Reply r = vault.write("renew-self", Map.of("increment", "1h"), t);

        assertThat(r.issued().ttl()).isEqualTo(1800);
        assertThat(r.warnings()).containsExactly(
                "TTL of \"1h\" exceeded the effective max_ttl of \"30m\"; TTL value is capped accordingly");
    }

    @Test
    void renewalPastTheMaxTtlFails() {
        TokenEntry t = create("{\"policies\":[\"a\"],\"ttl\":\"1h\",\"explicit_max_ttl\":\"1h\"}");
        vault.clock.advance(Duration.ofMinutes(59));
        vault.write("renew-self", Map.of("increment", "1h"), t);
        vault.clock.advance(Duration.ofSeconds(61));

        Reply r = vault.write("renew", Map.of("token", t.id()));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errors()).containsExactly("token not found"); // expired at the cap, hence gone
    }

    @Test
    void renewalAfterTheMountMaxWasLoweredBelowTheTokensAgeFails() {
        TokenEntry t = create("{\"policies\":[\"a\"],\"ttl\":\"2h\"}");
        vault.tune(0, 3600);
        vault.clock.advance(Duration.ofMinutes(61));

        Reply r = vault.write("renew-self", Map.of(), t);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errors()).containsExactly("past the max TTL, cannot renew");
    }

    @Test
    void aNonRenewableTokenCannotBeRenewed() {
        TokenEntry t = create("{\"policies\":[\"a\"],\"ttl\":\"1h\",\"renewable\":false}");

        Reply r = vault.write("renew-self", Map.of(), t);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errors()).containsExactly("lease is not renewable");
    }

    @Test
    void renewingAnUnknownTokenIsTokenNotFound() {
        assertThat(vault.write("renew", Map.of("token", "hvs.nope")).errors()).containsExactly("token not found");
        assertThat(vault.write("renew", Map.of()).errors()).containsExactly("missing token ID");
    }

    @Test
    void renewByAccessorBlanksTheClientToken() {
        TokenEntry t = create("{\"policies\":[\"a\"],\"ttl\":\"1h\"}");

        Reply r = vault.write("renew-accessor", Map.of("accessor", t.accessor(), "increment", "30m"));

        assertThat(r.issued().id()).isEmpty();
        assertThat(r.issued().accessor()).isEqualTo(t.accessor());
        assertThat(r.issued().ttl()).isEqualTo(1800);
        assertThat(vault.tokens.lookup(t.id()).ttl()).isEqualTo(1800);
    }

    @Test
    void periodicTokensRenewToTheirPeriodWhateverTheIncrement() {
        TokenEntry t = create("{\"policies\":[\"a\"],\"period\":\"10m\"}");
        vault.clock.advance(Duration.ofMinutes(9));

        assertThat(vault.write("renew-self", Map.of("increment", "5h"), t).issued().ttl()).isEqualTo(600);
    }
}
