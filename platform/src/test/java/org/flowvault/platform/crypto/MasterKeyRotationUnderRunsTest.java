package org.flowvault.platform.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.flowvault.platform.Platform;
import org.flowvault.platform.connection.ConnectionInput;
import org.flowvault.platform.credential.CredentialEntry;
import org.flowvault.platform.credential.EntryInput;
import org.flowvault.platform.credential.NewKey;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.db.TestDatabases;
import org.flowvault.platform.execution.Run;
import org.flowvault.platform.execution.RunStatus;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.identity.Role;
import org.flowvault.platform.task.Egress;
import org.flowvault.platform.vaultconfig.TestPlatform;
import org.flowvault.platform.vaultconfig.VaultConfiguration;
import org.flowvault.platform.vaultconfig.VaultConfiguration.AuthMethod;
import org.flowvault.platform.vaultconfig.VaultCredentials;
import org.flowvault.platform.vaultconfig.VaultFixture;
import org.flowvault.sdk.credential.FieldCipher;
import org.flowvault.sdk.credential.FieldId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Master key rotation under load, as issue 12 asks: two full platform nodes on one database keep
 * running flows whose connections resolve Vault secrets (through a shared-token configuration, whose
 * credential is sealed, and through the running user's own sealed token), keep decrypting
 * credential-vault entries and reading user tokens, while the second node's background job sweeps
 * the rotation. No run fails, every sealed record reads back afterwards on a node that has only
 * the new key, the audit chain stays intact, and the retired key no longer opens the database.
 */
class MasterKeyRotationUnderRunsTest {
    private static final String FLOW = """
            name: call-both
            steps:
              - {id: shared, connection: via-shared-token}
              - {id: own, connection: via-user-token}
            """;

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void runsResolvingSecretsOnTwoNodesDuringTheSweepLoseNothing(Database.Dialect dialect) throws Exception {
        String url = dialect == Database.Dialect.H2
                ? "jdbc:h2:mem:rotload" + TestPlatform.rnd() + ";DB_CLOSE_DELAY=-1"
                : TestDatabases.postgresSchemaUrl();
        String password = "api-pw-" + UUID.randomUUID();
        String expectedAuth = "Basic " + Base64.getEncoder().encodeToString(("svc:" + password).getBytes(StandardCharsets.UTF_8));
        ConcurrentLinkedQueue<String> authSeen = new ConcurrentLinkedQueue<>();
        HttpServer endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        endpoint.createContext("/", ex -> {
            authSeen.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        endpoint.start();
        MasterKey oldKey = MasterKey.generate();
        MasterKey newKey = MasterKey.generate();
        try (Database dbA = open(url); Database dbB = open(url); Database dbC = open(url);
             VaultFixture vault = new VaultFixture(java.time.Clock.systemUTC())) {
            // node A runs with the old key only; node B was restarted with the new key active and the old one previous
            Platform a = node(dbA, MasterKeyring.of(oldKey), "node-a");
            Platform b = node(dbB, MasterKeyring.of(newKey, oldKey), "node-b");
            try {
                Caller admin = a.users().create(new Caller(UUID.randomUUID(), "bootstrap", Role.ADMIN), "admin-" + TestPlatform.rnd(),
                        Role.ADMIN, "admin-password-" + TestPlatform.rnd()).asCaller();
                String projectName = a.projects().create(admin, "rot-" + TestPlatform.rnd()).name();
                UUID project = a.projects().requireUsable(admin, projectName);
                vault.root("POST", "secret/data/api", Map.of("data", Map.of("password", password)));
                String policy = vault.kvReadPolicy();
                String sharedToken = vault.token("72h", null, true, policy);
                String userToken = vault.token("72h", null, true, policy);
                // no cache: every resolution reaches Vault with the sealed credentials, during the sweep too
                VaultConfiguration shared = a.vaultConfigs().create(admin, VaultConfiguration.builder().name("st-" + TestPlatform.rnd())
                        .url(vault.address()).authMethod(AuthMethod.SHARED_TOKEN).cacheTtl(Duration.ZERO).build(),
                        VaultCredentials.sharedToken(sharedToken)).config();
                VaultConfiguration own = a.vaultConfigs().create(admin, VaultConfiguration.builder().name("ut-" + TestPlatform.rnd())
                        .url(vault.address()).cacheTtl(Duration.ZERO).build(), VaultCredentials.none()).config();
                a.userTokens().register(admin, own.name(), userToken);
                String http = "url: http://127.0.0.1:" + endpoint.getAddress().getPort() + "/call\nauth: basic\nusername: svc\n"
                        + "password: vault.secret(password)\n";
                a.connections().create(admin, project, ConnectionInput.builder().name("via-shared-token").type("HTTP").value(http)
                        .vaultSecrets(List.of(shared.name() + ":secret/api")).build());
                a.connections().create(admin, project, ConnectionInput.builder().name("via-user-token").type("HTTP").value(http)
                        .vaultSecrets(List.of(own.name() + ":secret/api")).build());
                a.flows().apply(admin, project, FLOW);
                NewKey key = a.credentials().keys().generate(admin, projectName);
                String entryPassword = "entry-pw-" + UUID.randomUUID();
                CredentialEntry entry = a.credentials().create(admin, projectName, EntryInput.builder().domain("example.com")
                        .permissionedUserId("alice").password(FieldCipher.encrypt(key.key(), key.version(),
                                new FieldId(projectName, "example.com", "alice", "password"), "\"" + entryPassword + "\"")).build());

                List<Throwable> failures = new CopyOnWriteArrayList<>();
                List<UUID> runs = new CopyOnWriteArrayList<>();
                AtomicInteger afterDone = new AtomicInteger();
                AtomicBoolean rotated = new AtomicBoolean();
                AtomicBoolean stop = new AtomicBoolean();
                List<Thread> load = new ArrayList<>();
                for (Platform node : List.of(a, b, a, b)) {
                    load.add(Thread.ofPlatform().start(() -> {
                        try {
                            while (!stop.get()) {
                                boolean doneBefore = rotated.get();
                                Run run = node.runs().await(admin, node.runs().start(admin, project, "call-both", Map.of()).id(),
                                        Duration.ofSeconds(30));
                                runs.add(run.id());
                                assertThat(run.status()).as("run %s on %s: %s", run.id(), node.nodeId(), run.error())
                                        .isEqualTo(RunStatus.SUCCEEDED);
                                assertThat(node.userTokens().find(own.id(), admin.userId())).as("the sealed user token opens").isPresent();
                                assertThat(node.credentials().decrypt(admin, projectName, List.of(entry)).getFirst().values())
                                        .containsEntry("password", entryPassword);
                                if (doneBefore) {
                                    afterDone.incrementAndGet();
                                }
                            }
                        } catch (Throwable t) {
                            failures.add(t);
                        }
                    }));
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> runs.size() >= 4 || !failures.isEmpty());
                MasterKeyRotation.Status started = b.keyRotation().start();
                assertThat(started.targetKeyId()).isEqualTo(newKey.id());
                // node B's background job sweeps (every 5 s); node A's active key is not the target, so it never does
                await().atMost(Duration.ofSeconds(60)).until(() -> b.keyRotation().status().orElseThrow().done() || !failures.isEmpty());
                int runsAtDone = runs.size();
                rotated.set(true);
                await().atMost(Duration.ofSeconds(60)).until(() -> afterDone.get() >= 4 || !failures.isEmpty());
                stop.set(true);
                for (Thread t : load) {
                    t.join();
                }
                assertThat(failures).isEmpty();
                assertThat(runsAtDone).as("runs finished before the sweep ended").isGreaterThanOrEqualTo(4);
                assertThat(runs.size()).as("runs finished after it").isGreaterThan(runsAtDone);
                assertThat(authSeen).as("every call carried the secret resolved from Vault").hasSize(2 * runs.size())
                        .containsOnly(expectedAuth);

                MasterKeyRotation.Status done = b.keyRotation().status().orElseThrow();
                assertThat(done.id()).isEqualTo(started.id());
                assertThat(done.retiredKeyIds()).containsExactly(oldKey.id());

                // a node restarted with the new key alone reads every sealed record back
                Platform c = node(dbC, MasterKeyring.of(newKey), "node-c");
                try {
                    assertThat(c.userTokens().find(own.id(), admin.userId())).isPresent();
                    assertThat(c.credentials().decrypt(admin, projectName, List.of(entry)).getFirst().values())
                            .containsEntry("password", entryPassword);
                    assertThat(c.resolver().resolve("via-shared-token", project, admin, Map.of()).inputs())
                            .as("the shared token, sealed before the rotation, still logs in").containsEntry("password", password);
                    assertThat(c.resolver().resolve("via-user-token", project, admin, Map.of()).inputs())
                            .containsEntry("password", password);
                    for (UUID id : runs) {
                        assertThat(c.runs().get(admin, id).status()).isEqualTo(RunStatus.SUCCEEDED);
                    }
                    a.audit().flush(Duration.ofSeconds(10));
                    b.audit().flush(Duration.ofSeconds(10));
                    assertThat(c.audit().verify(admin).intact()).as("the audit chain, keyed from the data key, is intact").isTrue();
                } finally {
                    c.close();
                }
                assertThatThrownBy(() -> SecretBox.open(dbC, oldKey)).as("the retired key no longer opens the database")
                        .isInstanceOf(IllegalStateException.class).hasMessageContaining(newKey.id());
            } finally {
                a.close();
                b.close();
            }
        } finally {
            endpoint.stop(0);
        }
    }

    private static Platform node(Database db, MasterKeyring ring, String id) {
        Platform p = Platform.builder().database(db).masterKeyring(ring).nodeId(id + "-" + TestPlatform.rnd())
                .vaultUrlAllowList(TestPlatform.LOOPBACK).taskEgress(Egress.of(List.of("127.0.0.1", "localhost")))
                .runLease(Duration.ofSeconds(10)).build();
        p.startBackgroundJobs(Duration.ofMinutes(10));
        return p;
    }

    private static Database open(String url) {
        return url.startsWith("jdbc:h2:") ? Database.open(url, "sa", "", 4) : Database.open(url, null, null, 4);
    }
}
