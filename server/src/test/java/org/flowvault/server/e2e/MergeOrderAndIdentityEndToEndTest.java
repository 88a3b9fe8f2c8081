package org.flowvault.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.flowvault.platform.db.Database;
import org.flowvault.server.ApiHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The resolution merge order as the remote peer sees it (the step's inputs beat Vault values,
 * which beat the connection's value), and identity: a run uses the token of the user who starts
 * it, never another user's — not even through the secret cache.
 */
class MergeOrderAndIdentityEndToEndTest {
    private static World w;

    @BeforeAll
    static void start() {
        w = World.open(Database.Dialect.H2);
    }

    @AfterAll
    static void stop() {
        w.close();
    }

    @Test
    void stepInputsBeatVaultValuesWhichBeatTheConnectionsValue() {
        String vaultPassword = w.newSecret("vault-pw");
        try (TestHttpServer fromConnection = TestHttpServer.basic("conn-user", "conn-pw");
             TestHttpServer fromVault = TestHttpServer.basic("vault-user", vaultPassword);
             TestHttpServer fromStep = TestHttpServer.basic("step-user", vaultPassword)) {
            String secretPath = ApiHarness.random("merge");
            // the Vault secret carries url and username too, so both kinds of key are overridden
            w.vaultSecret(secretPath, Map.of("url", fromVault.url("/vault"), "username", "vault-user", "password", vaultPassword));
            String conn = ApiHarness.random("merge");
            w.connection(conn, "HTTP", Map.of("url", fromConnection.url("/connection"), "auth", "basic",
                    "username", "conn-user", "password", "conn-pw"), List.of(w.attached(secretPath)));
            String flow = ApiHarness.random("merge");
            w.applyOk("""
                    name: %s
                    steps:
                      - {id: plain, connection: %s}
                      - id: overridden
                        connection: %s
                        inputs: {url: "%s", username: step-user}
                    outputs:
                      plain: ${{ steps.plain.outputs.status }}
                      overridden: ${{ steps.overridden.outputs.status }}
                    """.formatted(flow, conn, conn, fromStep.url("/step")));

            JsonNode run = w.run(flow, Map.of());

            assertThat(run.path("status").asText()).as("%s", run).isEqualTo("succeeded");
            assertThat(fromConnection.seen()).as("the connection's own url lost to Vault's").isEmpty();
            assertThat(fromVault.seen()).singleElement().satisfies(s -> {
                assertThat(s.port()).isEqualTo(fromVault.port());
                assertThat(s.path()).isEqualTo("/vault");
                assertThat(s.user()).as("Vault's username beats the connection's").isEqualTo("vault-user");
                assertThat(s.password()).isEqualTo(vaultPassword);
            });
            assertThat(fromStep.seen()).singleElement().satisfies(s -> {
                assertThat(s.path()).isEqualTo("/step");
                assertThat(s.user()).as("the step's username beats Vault's").isEqualTo("step-user");
                assertThat(s.password()).as("keys the step does not set keep Vault's value").isEqualTo(vaultPassword);
            });
            assertThat(run.path("outputs").path("plain").asInt()).isEqualTo(200);
            assertThat(run.path("outputs").path("overridden").asInt()).isEqualTo(200);
            w.logs(w.alice, run);
            w.assertNoSecretInAnyAnswer();
        }
    }

    @Test
    void anotherUsersRunCannotUseAlicesTokenAndAUserWithoutATokenIsToldWhatToDo() {
        String password = w.newSecret("alice-only");
        try (TestHttpServer peer = TestHttpServer.basic("svc", password)) {
            String secretPath = ApiHarness.random("private");
            w.vaultSecret(secretPath, Map.of("password", password));
            String conn = ApiHarness.random("private");
            w.connection(conn, "HTTP", Map.of("url", peer.url("/private"), "auth", "basic", "username", "svc",
                    "password", "vault.secret(password)"), List.of(w.attached(secretPath)));
            String flow = ApiHarness.random("private");
            w.applyOk("""
                    name: %s
                    steps:
                      - {id: call, connection: %s}
                    outputs:
                      status: ${{ steps.call.outputs.status }}
                    """.formatted(flow, conn));
            ApiHarness.Session bob = w.h.member(w.admin, "bob");
            w.h.addMember(w.admin, w.project, bob);
            w.registerToken(bob, w.vaultToken("default")); // a valid token, but no policy on alice's prefix
            ApiHarness.Session carol = w.h.member(w.admin, "carol");
            w.h.addMember(w.admin, w.project, carol);

            // alice first: her secret is now in the cache, under her identity only
            JsonNode alices = w.run(flow, Map.of());
            assertThat(alices.path("status").asText()).as("%s", alices).isEqualTo("succeeded");
            assertThat(alices.path("outputs").path("status").asInt()).isEqualTo(200);
            int requestsSoFar = peer.seen().size();

            JsonNode bobs = w.runAs(bob, flow, Map.of());
            assertThat(bobs.path("status").asText()).as("%s", bobs).isEqualTo("failed");
            assertThat(bobs.path("error").asText())
                    .contains(w.config)
                    .contains(w.prefix + "/" + secretPath)
                    .containsIgnoringCase("permission");
            assertThat(bobs.path("run_as").asText()).isEqualTo(bob.username());
            assertThat(peer.seen()).as("bob's run never reached the peer").hasSize(requestsSoFar);

            JsonNode carols = w.runAs(carol, flow, Map.of());
            assertThat(carols.path("status").asText()).as("%s", carols).isEqualTo("failed");
            assertThat(carols.path("error").asText())
                    .contains(w.config)
                    .containsIgnoringCase("token")
                    .contains("authenticate");
            assertThat(peer.seen()).hasSize(requestsSoFar);

            String bobsLogs = w.logs(bob, bobs);
            String carolsLogs = w.logs(carol, carols);
            assertThat(bobsLogs).contains(w.config);
            assertThat(carolsLogs).contains(w.config);
            w.assertNoSecretInAnyAnswer();
        }
    }
}
