package org.flowvault.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.db.TestClock;
import org.flowvault.platform.db.TestDatabases;
import org.flowvault.platform.error.PlatformException.Reason;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.task.Egress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class IdentityTest {

    @Test
    void argon2idHashesVerifyTheRightPasswordAndRejectOthers() {
        PasswordHasher hasher = PasswordHasher.defaults();
        String hash = hasher.hash("correct horse battery");
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain("correct horse");
        assertThat(hasher.verify("correct horse battery", hash)).isTrue();
        assertThat(hasher.verify("correct horse batterY", hash)).isFalse();
        assertThat(hasher.hash("correct horse battery")).isNotEqualTo(hash); // random salt
        // parameters travel with the hash: a hasher with other settings still verifies it
        assertThat(new PasswordHasher(1024, 1, 1).verify("correct horse battery", hash)).isTrue();
        assertThat(hasher.verify("x", "$argon2id$v=19$m=19456,t=2,p=1$bad")).isFalse();
        assertThat(hasher.verify("x", "plain")).isFalse();
    }

    private record Fixture(Database db, TestClock clock, Users users, Projects projects, ApiKeys keys, Sessions sessions,
                           Authenticator auth, Caller admin) implements AutoCloseable {
        static Fixture open(Database.Dialect dialect) {
            Database db = TestDatabases.open(dialect);
            TestClock clock = TestClock.startingNow();
            Users users = new Users(db, new PasswordHasher(1024, 1, 1), clock);
            String pw = users.bootstrapAdmin("admin").orElseThrow();
            Sessions sessions = new Sessions(db, users, clock, Duration.ofHours(1));
            Caller admin = sessions.login("admin", pw).user().asCaller();
            return new Fixture(db, clock, users, new Projects(db, clock, entries -> Egress.of(entries).entries()), new ApiKeys(db, clock), sessions,
                    new Authenticator(db, clock), admin);
        }

        @Override
        public void close() {
            db.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void bootstrapCreatesTheFirstAdminOnceAndShowsItsPasswordOnce(Database.Dialect dialect) {
        try (Fixture f = Fixture.open(dialect)) {
            assertThat(f.admin().role()).isEqualTo(Role.ADMIN);
            assertThat(f.users().bootstrapAdmin("admin")).isEmpty();
            assertThat(f.users().bootstrapAdmin("other")).isEmpty();
            assertThat(f.users().list(f.admin())).extracting(User::username).containsExactly("admin");
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void anApiKeysLastUseIsRecordedToTheMinuteNotOnEveryRequest(Database.Dialect dialect) {
        try (Fixture f = Fixture.open(dialect)) {
            Caller alice = f.users().create(f.admin(), "alice", Role.MEMBER, "alice-password").asCaller();
            ApiKeys.IssuedApiKey key = f.keys().create(alice, "polling script");
            assertThat(f.keys().list(alice)).singleElement().satisfies(i -> assertThat(i.lastUsedAt()).isNull());

            f.auth().authenticate(key.key());
            java.time.Instant first = f.keys().list(alice).get(0).lastUsedAt();
            assertThat(first).isNotNull();
            f.clock().advance(Duration.ofSeconds(59));
            f.auth().authenticate(key.key());
            assertThat(f.keys().list(alice).get(0).lastUsedAt()).isEqualTo(first);
            f.clock().advance(Duration.ofSeconds(2));
            f.auth().authenticate(key.key());
            assertThat(f.keys().list(alice).get(0).lastUsedAt()).isAfter(first);
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void apiKeysAuthenticateAreStoredOnlyAsHashesAndCanBeRevoked(Database.Dialect dialect) {
        try (Fixture f = Fixture.open(dialect)) {
            Caller alice = f.users().create(f.admin(), "alice", Role.MEMBER, "alice-password").asCaller();
            ApiKeys.IssuedApiKey key = f.keys().create(alice, "laptop CLI");
            assertThat(key.key()).startsWith("fvk_" + key.prefix() + "_");
            assertThat(key.toString()).doesNotContain(key.key().substring(22));

            assertThat(f.auth().authenticate(key.key())).isEqualTo(alice);
            List<String> stored = f.db().jdbi().withHandle(h -> h.createQuery("SELECT prefix || ' ' || key_hash FROM api_keys")
                    .mapTo(String.class).list());
            assertThat(stored).hasSize(1);
            assertThat(stored.get(0)).doesNotContain(key.key().substring(22)).startsWith(key.prefix() + " ").hasSize(17 + 64);
            assertThat(f.keys().list(alice)).singleElement().satisfies(i -> assertThat(i.lastUsedAt()).isNotNull());

            String forged = key.key().substring(0, key.key().length() - 2) + (key.key().endsWith("xx") ? "yy" : "xx");
            assertThatThrownBy(() -> f.auth().authenticate(forged))
                    .isInstanceOf(PlatformException.class)
                    .satisfies(e -> assertThat(((PlatformException) e).reason()).isEqualTo(Reason.UNAUTHENTICATED))
                    .hasMessage("unknown API key " + key.prefix() + ": create one with `flowvault api-key create`");

            Caller bob = f.users().create(f.admin(), "bob", Role.MEMBER, "bob-password!").asCaller();
            assertThatThrownBy(() -> f.keys().revoke(bob, key.id())).hasMessageContaining("no API key");
            f.keys().revoke(alice, key.id());
            assertThatThrownBy(() -> f.auth().authenticate(key.key()))
                    .hasMessageStartingWith("API key " + key.prefix() + " was revoked at ");
            assertThatThrownBy(() -> f.auth().authenticate("Bearer nonsense"))
                    .hasMessage("the credential is neither a Flowvault API key (fvk_...) nor a session token (fvs_...)");
            assertThatThrownBy(() -> f.auth().authenticate(null)).hasMessageStartingWith("no credential");
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void sessionsAuthenticateUntilTheyExpireAndWrongPasswordsAreRefused(Database.Dialect dialect) {
        try (Fixture f = Fixture.open(dialect)) {
            f.users().create(f.admin(), "carol", Role.MEMBER, "carol-password");
            assertThatThrownBy(() -> f.sessions().login("carol", "wrong-password"))
                    .hasMessage("wrong username or password");
            assertThatThrownBy(() -> f.sessions().login("nobody", "carol-password"))
                    .hasMessage("wrong username or password");
            Sessions.IssuedSession s = f.sessions().login("carol", "carol-password");
            long plain = f.db().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM sessions WHERE token_hash LIKE :t")
                    .bind("t", "%" + s.token().substring(22, 40) + "%").mapTo(Long.class).one());
            assertThat(plain).isZero();
            assertThat(f.auth().authenticate(s.token()).username()).isEqualTo("carol");

            f.clock().advance(Duration.ofMinutes(59));
            assertThat(f.auth().authenticate(s.token()).username()).isEqualTo("carol");
            f.clock().advance(Duration.ofMinutes(1));
            assertThatThrownBy(() -> f.auth().authenticate(s.token()))
                    .isInstanceOf(PlatformException.class)
                    .hasMessage("the session expired at " + s.expiresAt() + ": log in again");

            Sessions.IssuedSession s2 = f.sessions().login("carol", "carol-password");
            f.sessions().logout(s2.token());
            assertThatThrownBy(() -> f.auth().authenticate(s2.token())).hasMessage("unknown or ended session: log in again");
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void membersCannotAdministerUsersProjectsOrMemberships(Database.Dialect dialect) {
        try (Fixture f = Fixture.open(dialect)) {
            Caller dave = f.users().create(f.admin(), "dave", Role.MEMBER, "dave-password").asCaller();
            f.projects().create(f.admin(), "billing");
            List<Runnable> attempts = List.of(
                    () -> f.users().create(dave, "eve", Role.ADMIN, "eve-password"),
                    () -> f.users().list(dave),
                    () -> f.users().setRole(dave, "dave", Role.ADMIN),
                    () -> f.users().delete(dave, "admin"),
                    () -> f.users().setPassword(dave, "admin", "hijacked-password"),
                    () -> f.projects().create(dave, "mine"),
                    () -> f.projects().addMember(dave, "billing", "dave"),
                    () -> f.projects().delete(dave, "billing"));
            for (Runnable attempt : attempts) {
                assertThatThrownBy(attempt::run).isInstanceOf(PlatformException.class)
                        .satisfies(e -> assertThat(((PlatformException) e).reason()).isEqualTo(Reason.FORBIDDEN));
            }
            assertThatThrownBy(() -> f.projects().create(dave, "mine"))
                    .hasMessage("only admins may create projects; user 'dave' is a member: ask an admin");
            assertThat(f.projects().list(dave)).isEmpty();
            assertThatThrownBy(() -> f.projects().requireUsable(dave, "billing")).hasMessageContaining("no project named 'billing'");

            f.projects().addMember(f.admin(), "billing", "dave");
            UUID billing = f.projects().requireUsable(dave, "billing");
            assertThat(f.projects().canUse(dave, billing)).isTrue();
            assertThat(f.projects().list(dave)).extracting(Project::name).containsExactly("billing");
            f.users().setPassword(dave, "dave", "new-dave-password");
            assertThat(f.sessions().login("dave", "new-dave-password").user().username()).isEqualTo("dave");

            // a promotion applies to the next request: roles are read at authentication
            String key = f.keys().create(dave, "cli").key();
            f.users().setRole(f.admin(), "dave", Role.ADMIN);
            assertThat(f.auth().authenticate(key).isAdmin()).isTrue();
            assertThatThrownBy(() -> f.users().create(f.admin(), "bad name", Role.MEMBER, "password1"))
                    .hasMessage("the user name must be 1 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit, "
                            + "without '..'");
            for (String hostile : List.of("a/b", "..", "a..b", "p\u202Eevil", "nul\u0000", "x".repeat(65), " padded", "")) {
                assertThatThrownBy(() -> f.users().create(f.admin(), hostile, Role.MEMBER, "password1"))
                        .isInstanceOf(PlatformException.class).hasMessageContaining("user name");
                assertThatThrownBy(() -> f.projects().create(f.admin(), hostile))
                        .isInstanceOf(PlatformException.class).hasMessageContaining("project name");
            }
            assertThatThrownBy(() -> f.users().create(f.admin(), "dave", Role.MEMBER, "password1"))
                    .hasMessage("a user named 'dave' already exists");
        }
    }
}
