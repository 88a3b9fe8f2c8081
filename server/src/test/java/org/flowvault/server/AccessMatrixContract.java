package org.flowvault.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.resolution.Preview;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentest4j.TestAbortedException;

/**
 * Users × projects × configurations × connections over the real REST API (issue 4): no user can
 * use another user's token, see or use another project's connections or configurations, or get
 * from the cache a secret their own identity could not read from Vault; members cannot create
 * configurations, change auto-renewal or see others' tokens. The expected answers are the grids of
 * {@link AccessGrids}; run once per database dialect by the subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class AccessMatrixContract {
    private ApiHarness h;
    private AccessWorld w;

    abstract Database.Dialect dialect();

    /** Why the database is unavailable (PostgreSQL not configured), reported on every test as a skip. */
    private String skipped;

    @BeforeAll
    void setUp() {
        try {
            h = ApiHarness.open(dialect());
        } catch (TestAbortedException e) {
            skipped = e.getMessage();
            return;
        }
        w = new AccessWorld(h);
    }

    @BeforeEach
    void skipWithoutDatabase() {
        Assumptions.assumeTrue(skipped == null, () -> skipped);
    }

    @AfterAll
    void tearDown() {
        if (h != null) {
            h.close();
        }
    }

    static Stream<AccessGrids.Case> cases() {
        return AccessGrids.cases().stream();
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyUserGetsExactlyTheAnswerTheSecurityModelPrescribes(AccessGrids.Case c) {
        ApiHarness.Reply r = w.perform(c.action(), c.target(), c.user());
        assertThat(r.status()).as("%s (body %s)", c, r.body()).isEqualTo(c.status());
        if (c.status() >= 400) {
            String reason = switch (c.status()) {
                case 400 -> "INVALID";
                case 401 -> "UNAUTHENTICATED";
                case 403 -> "FORBIDDEN";
                default -> "NOT_FOUND";
            };
            assertThat(r.reason()).as("reason of %s", r).isEqualTo(reason);
            assertThat(r.message()).as("message of %s", r).isNotBlank();
        }
    }

    @Order(2)
    @Test
    void membersListOnlyTheConfigurationsInScopeOfTheirProjectsAndNoCredentialDetails() {
        Map<String, Set<String>> expected = Map.of(
                "admin", Set.of("platform-wide", "only-a", "approle-b", "spare"),
                "alice", Set.of("platform-wide", "only-a", "spare"),
                "bob", Set.of("platform-wide", "approle-b", "spare"),
                "carol", Set.of("platform-wide", "only-a", "approle-b", "spare"));
        expected.forEach((user, names) -> {
            JsonNode list = h.expect(200, "GET", "/api/v1/vault-configs", w.bearer(user), null).json().get("vault_configs");
            Set<String> seen = new TreeSet<>();
            list.forEach(c -> seen.add(c.get("name").asText()));
            // the matrix also created configurations: doomed-* (platform-wide, left by members' refused
            // deletes) and new-* (scoped to project A)
            seen.removeIf(n -> n.startsWith("doomed-"));
            boolean seesNew = seen.removeIf(n -> n.startsWith("new-"));
            assertThat(seesNew).as("%s sees the configurations scoped to project A", user)
                    .isEqualTo(!user.equals("bob"));
            assertThat(seen).as(user).isEqualTo(new TreeSet<>(names));
            if (!user.equals("admin")) {
                list.forEach(c -> assertThat(c.has("credentials")).as("%s sees credential flags of %s", user, c).isFalse());
            }
        });
        JsonNode approle = h.expect(200, "GET", "/api/v1/vault-configs/approle-b", w.admin.token(), null).json();
        assertThat(approle.get("credentials").get("secret_id_set").asBoolean()).isTrue();
        assertThat(h.call("GET", "/api/v1/vault-configs", null, null).status()).isEqualTo(401);
    }

    @Order(3)
    @Test
    void aUserSeesOnlyTheirOwnTokenStatusAndAdminsSeeEveryonesWithoutTheTokens() {
        for (ApiHarness.Session s : List.of(w.alice, w.bob, w.carol)) {
            JsonNode own = h.expect(200, "GET", "/api/v1/vault-configs/platform-wide/token", s.token(), null).json();
            assertThat(own.get("username").asText()).isEqualTo(s.username());
            assertThat(own.get("state").asText()).isEqualTo("active");
        }
        JsonNode all = h.expect(200, "GET", "/api/v1/vault-configs/platform-wide/tokens", w.admin.token(), null).json().get("tokens");
        List<String> users = new ArrayList<>();
        all.forEach(t -> users.add(t.get("username").asText()));
        assertThat(users).contains(w.alice.username(), w.bob.username(), w.carol.username()).doesNotContain(w.admin.username());
    }

    @Order(4)
    @Test
    void aCachedSecretIsNeverServedToAnIdentityThatCannotReadItFromVault() {
        String conn = "/api/v1/projects/" + w.projectA + "/connections/conn-a";
        JsonNode first = h.expect(200, "POST", conn + "/resolve", w.alice.token(), Map.of()).json();
        assertThat(first.get("inputs").get("password").asText()).isEqualTo(Preview.MASK);
        assertThat(first.get("inputs").get("host").asText()).isEqualTo("db-a");
        assertThat(first.get("sources").get("password").get("origins").get(0).get("config").asText()).isEqualTo("platform-wide");

        long hits = h.platform().secretCache().hitCount();
        h.expect(200, "POST", conn + "/resolve", w.alice.token(), Map.of());
        assertThat(h.platform().secretCache().hitCount()).as("alice's second resolution is served from the cache").isGreaterThan(hits);

        ApiHarness.Reply carol = h.call("POST", conn + "/resolve", w.carol.token(), Map.of());
        assertThat(carol.status()).as(carol.toString()).isEqualTo(403);
        assertThat(carol.reason()).isEqualTo("FORBIDDEN");
        assertThat(carol.message()).contains("platform-wide", "secret/" + w.teamA + "/x", "permission denied");
        assertThat(h.call("GET", conn + "/preview", w.carol.token(), null).status()).isEqualTo(403);

        // a member of A with no registered token: 401 naming the configuration, though three users have one
        ApiHarness.Session dave = h.member(w.admin, "dave");
        h.addMember(w.admin, w.projectA, dave);
        ApiHarness.Reply none = h.call("POST", conn + "/resolve", dave.token(), Map.of());
        assertThat(none.status()).as(none.toString()).isEqualTo(401);
        assertThat(none.reason()).isEqualTo("UNAUTHENTICATED");
        assertThat(none.message()).contains("no Vault token registered", "'platform-wide'");
        ApiHarness.Reply admin = h.call("POST", conn + "/resolve", w.admin.token(), Map.of());
        assertThat(admin.status()).as(admin.toString()).isEqualTo(401);

        // and alice still gets hers
        h.expect(200, "POST", conn + "/resolve", w.alice.token(), Map.of());
    }

    @Order(5)
    @Test
    void removingAMemberTakesAwayTheProjectAtOnceEvenWithTheirSecretCached() {
        ApiHarness.Session erin = h.member(w.admin, "erin");
        h.addMember(w.admin, w.projectA, erin);
        h.expect(200, "PUT", "/api/v1/vault-configs/only-a/token", erin.token(), Map.of("token", w.teamAToken()));
        String conn = "/api/v1/projects/" + w.projectA + "/connections/conn-a-only";
        h.expect(200, "POST", conn + "/resolve", erin.token(), Map.of());

        h.expect(204, "DELETE", "/api/v1/projects/" + w.projectA + "/members/" + erin.username(), w.admin.token(), null);
        assertThat(h.call("POST", conn + "/resolve", erin.token(), Map.of()).status()).isEqualTo(404);
        assertThat(h.call("GET", conn + "/preview", erin.token(), null).status()).isEqualTo(404);
        assertThat(h.call("GET", "/api/v1/projects/" + w.projectA + "/connections", erin.token(), null).status()).isEqualTo(404);
        assertThat(h.call("GET", "/api/v1/vault-configs/only-a", erin.token(), null).status()).isEqualTo(404);
        assertThat(h.call("GET", "/api/v1/vault-configs/only-a/token", erin.token(), null).status()).isEqualTo(404);
    }

    @Order(6)
    @Test
    void aDemotedAdminLosesAdminPowersAtOnce() {
        ApiHarness.Session second = h.user(w.admin, "admin2", "admin");
        h.expect(201, "POST", "/api/v1/vault-configs", second.token(), Map.of("name", ApiHarness.random("by2"), "url", h.vaultAddress()));
        h.expect(200, "PATCH", "/api/v1/users/" + second.username(), w.admin.token(), Map.of("role", "member"));
        ApiHarness.Reply r = h.call("POST", "/api/v1/vault-configs", second.token(), Map.of("name", ApiHarness.random("by2"), "url", h.vaultAddress()));
        assertThat(r.status()).as(r.toString()).isEqualTo(403);
        assertThat(h.call("GET", "/api/v1/vault-configs/platform-wide/tokens", second.token(), null).status()).isEqualTo(403);
        assertThat(h.call("PATCH", "/api/v1/vault-configs/platform-wide", second.token(), Map.of("auto_renew", true)).status()).isEqualTo(403);
    }

    @Order(7)
    @Test
    void noUserCanSeeOrRevokeAnotherUsersApiKey() {
        JsonNode key = h.expect(201, "POST", "/api/v1/api-keys", w.bob.token(), Map.of("name", "bob's")).json();
        String id = key.get("id").asText();
        String secret = key.get("key").asText();
        assertThat(h.call("GET", "/api/v1/me", secret, null).json().get("username").asText()).isEqualTo(w.bob.username());

        assertThat(h.expect(200, "GET", "/api/v1/api-keys", w.alice.token(), null).body()).doesNotContain(id);
        ApiHarness.Reply revoke = h.call("DELETE", "/api/v1/api-keys/" + id, w.alice.token(), null);
        assertThat(revoke.status()).as(revoke.toString()).isIn(403, 404);
        assertThat(h.call("GET", "/api/v1/me", secret, null).status()).as("bob's key still works").isEqualTo(200);

        h.expect(204, "DELETE", "/api/v1/api-keys/" + id, w.admin.token(), null);
        assertThat(h.call("GET", "/api/v1/me", secret, null).status()).isEqualTo(401);
    }

    @Order(8)
    @Test
    void concurrentResolutionsByTwoIdentitiesNeverShareAnInFlightRead() throws Exception {
        String conn = "/api/v1/projects/" + w.projectA + "/connections/conn-a";
        for (int round = 0; round < 5; round++) {
            // a cold cache each round, so that both users' reads race to Vault
            h.expect(200, "POST", conn + "/refresh", w.admin.token(), null);
            List<java.util.concurrent.Future<ApiHarness.Reply>> alice = new ArrayList<>();
            List<java.util.concurrent.Future<ApiHarness.Reply>> carol = new ArrayList<>();
            try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 8; i++) {
                    carol.add(pool.submit(() -> h.call("POST", conn + "/resolve", w.carol.token(), Map.of())));
                    alice.add(pool.submit(() -> h.call("POST", conn + "/resolve", w.alice.token(), Map.of())));
                }
            }
            for (var f : alice) {
                assertThat(f.get().status()).as("alice, round %d: %s", round, f.get()).isEqualTo(200);
            }
            for (var f : carol) {
                assertThat(f.get().status()).as("carol, round %d: %s", round, f.get()).isEqualTo(403);
            }
        }
    }

    @Order(10)
    @Test
    void noAnswerEverCarriesAVaultTokenOrASecretValue() {
        List<String> bodies = h.bodies();
        assertThat(bodies).hasSizeGreaterThan(AccessGrids.cases().size());
        List<String> secrets = List.copyOf(w.secrets);
        assertThat(secrets).hasSizeGreaterThan(8);
        for (String body : bodies) {
            for (String secret : secrets) {
                assertThat(body).as("an answer carries a secret").doesNotContain(secret);
            }
        }
        assertThat(h.replies()).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isLessThan(500));
        assertThat(h.replies()).noneSatisfy(r -> assertThat(r.body()).contains("\"INTERNAL\""));
    }
}
