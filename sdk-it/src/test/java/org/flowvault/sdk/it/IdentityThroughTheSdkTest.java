package org.flowvault.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.flowvault.platform.db.Database;
import org.flowvault.sdk.ConflictException;
import org.flowvault.sdk.ForbiddenException;
import org.flowvault.sdk.InvalidRequestException;
import org.flowvault.sdk.NotFoundException;
import org.flowvault.sdk.Secret;
import org.flowvault.sdk.UnauthenticatedException;
import org.flowvault.sdk.core.Flowvault;
import org.flowvault.sdk.identity.IssuedApiKey;
import org.flowvault.sdk.identity.Me;
import org.flowvault.sdk.identity.NewUser;
import org.flowvault.sdk.identity.Role;
import org.flowvault.sdk.identity.Session;
import org.flowvault.server.ApiHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Login, API keys, users, projects and members through the SDK against the real server (H2). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdentityThroughTheSdkTest {
    private ApiHarness h;
    private ApiHarness.Session admin;

    @BeforeAll
    void start() {
        h = ApiHarness.open(Database.Dialect.H2);
        admin = h.bootstrapAdmin();
    }

    @AfterAll
    void stop() {
        h.close();
    }

    private Flowvault as(String token) {
        return Flowvault.builder().address(h.api().address()).apiKey(token).build();
    }

    @Test
    void aPasswordLoginGivesASessionWhoseTokenActsAsTheUserUntilLogout() {
        Flowvault anonymous = Flowvault.builder().address(h.api().address()).build();

        Session s = anonymous.login(admin.username(), Secret.of(admin.password()));

        assertThat(s.user().username()).isEqualTo(admin.username());
        assertThat(s.user().role()).isEqualTo(Role.ADMIN);
        assertThat(s.expiresAt()).isNotNull();
        Flowvault session = as(s.token().reveal());
        assertThat(session.me().username()).isEqualTo(admin.username());
        session.logout();
        assertThatThrownBy(session::me).isInstanceOf(UnauthenticatedException.class);
        String guess = "guess-" + java.util.UUID.randomUUID();
        assertThatThrownBy(() -> anonymous.login(admin.username(), Secret.of(guess))).isInstanceOf(UnauthenticatedException.class)
                .hasMessageNotContaining(guess);
    }

    @Test
    void anApiKeyIsShownOnceWorksAndStopsWorkingWhenRevoked() {
        Flowvault adminClient = as(admin.token());

        IssuedApiKey key = adminClient.apiKeys().create("ci");

        Flowvault withKey = as(key.key().reveal());
        assertThat(withKey.me().username()).isEqualTo(admin.username());
        assertThat(adminClient.apiKeys().list()).anySatisfy(k -> {
            assertThat(k.id()).isEqualTo(key.id());
            assertThat(k.prefix()).isEqualTo(key.prefix());
            assertThat(k.revoked()).isFalse();
        });
        adminClient.apiKeys().revoke(key.id());
        assertThatThrownBy(withKey::me).isInstanceOf(UnauthenticatedException.class);
    }

    @Test
    void adminsManageUsersProjectsAndMembersAndMembersMayNot() {
        Flowvault adminClient = as(admin.token());
        String name = ApiHarness.random("dora");
        String project = ApiHarness.random("proj");

        NewUser dora = adminClient.users().create(name, Role.MEMBER, null);
        adminClient.projects().create(project);
        adminClient.projects().addMember(project, name);

        assertThat(dora.generatedPassword()).isNotNull();
        assertThat(adminClient.users().get(name).role()).isEqualTo(Role.MEMBER);
        assertThat(adminClient.projects().members(project)).extracting(u -> u.username()).contains(name);
        Flowvault doraClient = as(Flowvault.builder().address(h.api().address()).build().login(name, dora.generatedPassword()).token().reveal());
        Me me = doraClient.me();
        assertThat(me.projects()).extracting(p -> p.name()).containsExactly(project);
        assertThatThrownBy(() -> doraClient.projects().create(ApiHarness.random("nope"))).isInstanceOfSatisfying(ForbiddenException.class,
                e -> assertThat(e.status()).isEqualTo(403));
        assertThatThrownBy(() -> adminClient.projects().create(project)).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> adminClient.users().create(" ", Role.MEMBER, null)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("username");

        adminClient.users().setRole(name, Role.ADMIN);
        assertThat(adminClient.users().get(name).role()).isEqualTo(Role.ADMIN);
        adminClient.projects().removeMember(project, name);
        adminClient.users().delete(name);
        assertThatThrownBy(() -> adminClient.users().get(name)).isInstanceOf(NotFoundException.class);
    }
}
