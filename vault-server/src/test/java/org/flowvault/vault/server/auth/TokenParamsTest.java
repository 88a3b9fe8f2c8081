package org.flowvault.vault.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.flowvault.vault.server.auth.MountHarness.json;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.server.core.LoginAuth;
import org.flowvault.vault.server.policy.Operation;
import org.flowvault.vault.server.core.Request;
import org.flowvault.vault.server.core.VaultError;
import org.flowvault.vault.server.namespace.Namespace;
import org.junit.jupiter.api.Test;

class TokenParamsTest {
    private static final Map<String, String> LEGACY = Map.of("policies", "token_policies", "ttl", "token_ttl");

    private static Request request(String body) {
        return new Request(Operation.UPDATE, "x", json(body), Namespace.ROOT, null, null, null, null, "127.0.0.1", Map.of());
    }

    @Test
    void everyParameterIsReadInSecondsAndTheRestIsKept() {
        TokenParams p = TokenParams.NONE.update(request("{\"token_policies\":\"a,b\",\"token_ttl\":\"1h\","
                + "\"token_max_ttl\":7200,\"token_explicit_max_ttl\":\"3h\",\"token_period\":\"0\",\"token_num_uses\":2,"
                + "\"token_no_default_policy\":true,\"token_type\":\"service\",\"token_bound_cidrs\":[\"10.0.0.0/8\"]}"), LEGACY);

        TokenParams q = p.update(request("{\"token_ttl\":60}"), LEGACY);

        assertThat(q).isEqualTo(new TokenParams(List.of("a", "b"), 60, 7200, 10800, 0, 2, true, "service",
                List.of("10.0.0.0/8"), java.util.Set.of()));
    }

    @Test
    void deprecatedNamesWorkAreEchoedAndYieldToTheNewOnes() {
        TokenParams old = TokenParams.NONE.update(request("{\"policies\":\"B, a\",\"ttl\":\"5m\"}"), LEGACY);
        Map<String, Object> shown = new LinkedHashMap<>();
        old.render(shown, LEGACY);

        assertThat(old.policies()).containsExactly("a", "b");
        assertThat(shown).containsEntry("policies", List.of("a", "b")).containsEntry("ttl", 300L);

        TokenParams both = TokenParams.NONE.update(request("{\"policies\":\"x\",\"token_policies\":\"y\"}"), LEGACY);
        assertThat(both.policies()).containsExactly("y");
        TokenParams renamed = old.update(request("{\"token_policies\":\"c\"}"), LEGACY);
        assertThat(renamed.legacyFields()).containsExactly("ttl");
    }

    @Test
    void invalidValuesAreRefusedWithVaultsTexts() {
        assertThatThrownBy(() -> TokenParams.NONE.update(request("{\"token_num_uses\":-1}"), LEGACY))
                .isInstanceOf(VaultError.class).hasMessage("'token_num_uses' cannot be negative");
        assertThatThrownBy(() -> TokenParams.NONE.update(request("{\"token_type\":\"batch\",\"token_period\":5}"), LEGACY))
                .hasMessage("'token_type' cannot be 'batch' or 'default_batch' when set to generate periodic tokens");
        assertThatThrownBy(() -> TokenParams.NONE.update(request("{\"token_bound_cidrs\":\"example.com\"}"), LEGACY))
                .hasMessageContaining("invalid CIDR block \"example.com\" in token_bound_cidrs");
    }

    @Test
    void aLoginCarriesTheParametersAndCapsTheMaxTtlAtTheMounts() {
        TokenParams p = TokenParams.NONE.update(request("{\"token_policies\":\"a\",\"token_ttl\":\"1h\",\"token_max_ttl\":\"10h\","
                + "\"token_num_uses\":3}"), LEGACY);

        LoginAuth auth = p.login(Map.of("k", "v"), "name", List.of("extra"), Duration.ofHours(2));
        LoginAuth uncapped = TokenParams.NONE.login(Map.of(), "", List.of(), Duration.ofHours(2));

        assertThat(auth.policies()).containsExactly("a", "extra");
        assertThat(auth.ttl()).isEqualTo(Duration.ofHours(1));
        assertThat(auth.maxTtl()).isEqualTo(Duration.ofHours(2));
        assertThat(auth.numUses()).isEqualTo(3);
        assertThat(auth.renewable()).isTrue();
        assertThat(uncapped.maxTtl()).isEqualTo(Duration.ofHours(2));
        assertThat(uncapped.ttl()).isZero();
    }

    @Test
    void cidrBlocksAdmitAddressesInsideThemOnly() {
        assertThat(Cidrs.admits(List.of("10.0.0.0/8"), "10.200.3.4")).isTrue();
        assertThat(Cidrs.admits(List.of("10.0.0.0/8"), "11.0.0.1")).isFalse();
        assertThat(Cidrs.admits(List.of("127.0.0.1"), "127.0.0.1:51234")).isTrue();
        assertThat(Cidrs.admits(List.of("2001:db8::/32"), "[2001:db8::1]:8200")).isTrue();
        assertThat(Cidrs.admits(List.of("10.0.0.0/8"), "not-an-ip")).isFalse();
        assertThat(Cidrs.admits(List.of(), "anything")).isTrue();
        assertThat(Cidrs.subset(List.of("10.1.0.0/16"), List.of("10.0.0.0/8"))).isTrue();
        assertThat(Cidrs.subset(List.of("10.0.0.0/7"), List.of("10.0.0.0/8"))).isFalse();
        assertThat(Cidrs.valid(List.of("10.0.0.0/33"))).isFalse();
        assertThat(Cidrs.valid(List.of("256.0.0.1"))).isFalse();
    }
}
