package org.flowvault.vault.client.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.VaultToken;
import org.flowvault.vault.client.core.TestClients;
import org.flowvault.vault.client.core.VaultClient;
import org.flowvault.vault.client.token.TokenOperations.IssuedToken;
import org.flowvault.vault.client.token.TokenOperations.TokenCreateRequest;
import org.flowvault.vault.client.token.TokenOperations.TokenInfo;
import org.flowvault.vault.server.TestVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TokenOperationsTest {
    static TestVault vault;
    static VaultClient client;
    static TokenOperations tokens;

    @BeforeAll
    static void start() {
        vault = TestVault.dev();
        client = TestClients.root(vault);
        tokens = client.token();
        client.sys().writePolicy("reader", "path \"secret/data/*\" { capabilities = [\"read\"] }");
    }

    @AfterAll
    static void stop() {
        client.close();
        vault.close();
    }

    @Test
    void createShouldIssueATokenWithTheRequestedPoliciesAndLease() {
        IssuedToken t = tokens.create(TokenCreateRequest.builder().policies("reader").ttl(Duration.ofHours(1))
                .renewable(true).displayName("ci").meta(Map.of("team", "a")).numUses(0).build());

        assertThat(t.token().value()).isNotBlank();
        assertThat(t.accessor()).isNotBlank();
        assertThat(t.policies()).contains("reader", "default");
        assertThat(t.ttl()).isEqualTo(Duration.ofHours(1));
        assertThat(t.renewable()).isTrue();
        assertThat(t.orphan()).isFalse();
        assertThat(t.metadata()).containsEntry("team", "a");
        assertThat(t.tokenType()).isEqualTo("service");
        assertThat(t.toString()).doesNotContain(t.token().value()).doesNotContain(t.accessor());
        assertThat(tokens.create().policies()).contains("root");
    }

    @Test
    void createOrphanShouldIssueATokenWithoutParent() {
        IssuedToken t = tokens.createOrphan(TokenCreateRequest.builder().policies("reader").noDefaultPolicy(true).build());

        assertThat(t.orphan()).isTrue();
        assertThat(tokens.lookup(t.token()).orphan()).isTrue();
        assertThat(t.policies()).containsExactly("reader");
    }

    @Test
    void lookupShouldDescribeTokensByValueAccessorAndSelf() {
        IssuedToken t = tokens.create(TokenCreateRequest.builder().policies("reader").ttl(Duration.ofMinutes(30))
                .explicitMaxTtl(Duration.ofHours(2)).displayName("lk").build());

        TokenInfo byValue = tokens.lookup(t.token());
        TokenInfo byAccessor = tokens.lookupAccessor(t.accessor());
        TokenInfo self = client.withToken(t.token()).token().lookupSelf();

        for (TokenInfo info : new TokenInfo[] {byValue, byAccessor, self}) {
            assertThat(info.accessor()).isEqualTo(t.accessor());
            assertThat(info.policies()).contains("reader");
            assertThat(info.ttl()).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(30));
            assertThat(info.creationTtl()).isEqualTo(Duration.ofMinutes(30));
            assertThat(info.explicitMaxTtl()).isEqualTo(Duration.ofHours(2));
            assertThat(info.expireTime()).isNotNull();
            assertThat(info.path()).isEqualTo("auth/token/create");
            assertThat(info.displayName()).contains("lk");
            assertThat(info.toString()).doesNotContain(t.accessor());
        }
        assertThat(tokens.lookupSelf().policies()).contains("root");
        assertThatThrownBy(() -> tokens.lookupAccessor(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void renewShouldExtendTheLease() {
        IssuedToken t = tokens.create(TokenCreateRequest.builder().policies("reader").ttl(Duration.ofMinutes(10))
                .explicitMaxTtl(Duration.ofHours(5)).renewable(true).build());

        IssuedToken renewed = tokens.renew(t.token(), Duration.ofHours(1));
        IssuedToken renewedDefault = tokens.renew(t.token());
        IssuedToken self = client.withToken(t.token()).token().renewSelf(Duration.ofHours(2));
        IssuedToken selfDefault = client.withToken(t.token()).token().renewSelf();

        assertThat(renewed.ttl()).isEqualTo(Duration.ofHours(1));
        assertThat(renewed.token()).isEqualTo(t.token());
        // Without an increment Vault extends by the token's current TTL (here the last renewal's).
        assertThat(renewedDefault.ttl()).isPositive().isLessThanOrEqualTo(Duration.ofHours(1));
        assertThat(self.ttl()).isEqualTo(Duration.ofHours(2));
        assertThat(selfDefault.ttl()).isPositive().isLessThanOrEqualTo(Duration.ofHours(2));
        assertThatThrownBy(() -> tokens.renew(t.token(), Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void revokeShouldInvalidateByValueAccessorAndSelf() {
        IssuedToken a = tokens.create(TokenCreateRequest.builder().policies("reader").build());
        IssuedToken b = tokens.create(TokenCreateRequest.builder().policies("reader").build());
        IssuedToken c = tokens.create(TokenCreateRequest.builder().policies("reader").build());

        tokens.revoke(a.token());
        tokens.revokeAccessor(b.accessor());
        client.withToken(c.token()).token().revokeSelf();

        for (IssuedToken t : new IssuedToken[] {a, b, c}) {
            assertThatThrownBy(() -> client.withToken(t.token()).token().lookupSelf()).isInstanceOf(VaultException.PermissionDenied.class);
        }
    }

    @Test
    void revokeOrphanShouldKeepTheChildren() {
        IssuedToken parent = tokens.create(TokenCreateRequest.defaults());
        TokenOperations asParent = client.withToken(parent.token()).token();
        IssuedToken child = asParent.create(TokenCreateRequest.builder().policies("reader").build());
        IssuedToken other = tokens.create();
        IssuedToken otherChild = client.withToken(other.token()).token().create(TokenCreateRequest.defaults());

        tokens.revokeOrphan(parent.token());
        tokens.revoke(other.token());

        assertThat(tokens.lookup(child.token()).orphan()).isTrue();
        assertThatThrownBy(() -> tokens.lookup(otherChild.token())).isInstanceOf(VaultException.class);
    }

    @Test
    void createWithAChosenIdAndRoleShouldSendThem() {
        VaultToken id = VaultToken.of("hvs." + TestClients.name("chosen"));
        IssuedToken t = tokens.create(TokenCreateRequest.builder().id(id).period(Duration.ofHours(1)).type("service").noParent(false).build());
        assertThat(t.token()).isEqualTo(id);
        assertThat(tokens.lookup(id).period()).isEqualTo(Duration.ofHours(1));
        assertThat(TokenCreateRequest.builder().id(id).build().toString()).doesNotContain(id.value()).contains("<masked>");

        assertThatThrownBy(() -> tokens.create(TokenCreateRequest.builder().role("no-such-role").build()))
                .isInstanceOf(VaultException.class).hasMessageContaining("auth/token/create/no-such-role");
        assertThatThrownBy(() -> TokenCreateRequest.builder().type("weird")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenCreateRequest.builder().ttl(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenCreateRequest.builder().numUses(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
