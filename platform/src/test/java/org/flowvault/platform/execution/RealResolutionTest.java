package org.flowvault.platform.execution;

import org.flowvault.platform.task.Egress;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flowvault.platform.connection.ConnectionInput;
import org.flowvault.platform.connection.Connections;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.flow.FlowStore;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.resolution.Resolution;
import org.flowvault.platform.resolution.Resolver;
import org.flowvault.platform.resolution.SecretCache;
import org.flowvault.platform.resolution.SecretWriter;
import org.flowvault.platform.vaultconfig.TestPlatform;
import org.flowvault.platform.vaultconfig.VaultConfiguration;
import org.flowvault.platform.vaultconfig.VaultFixture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The engine wired to the real resolution pipeline and the embedded Vault-API server over HTTP,
 * with a USER_TOKEN configuration: each run reads secrets with the token of the user who started
 * it, the merge order holds, and secrets stay masked.
 */
class RealResolutionTest {
    private static final String PW = "oracle-Pa55word-from-vault";

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void runsUseTheStartingUsersOwnTokenAndOverridesBeatVaultWhichBeatsTheConnection(Database.Dialect dialect) throws Exception {
        try (TestPlatform p = TestPlatform.open(dialect); VaultFixture vault = new VaultFixture(p.clock)) {
            String projectName = p.project();
            UUID project = p.projects.requireUsable(p.admin, projectName);
            Caller alice = p.member(projectName);
            Caller bob = p.member(projectName);
            VaultConfiguration config = p.userTokenConfig(vault);
            vault.root("POST", "secret/data/oracle", Map.of("data", Map.of("user", "vault-user", "password", PW, "port", 1522)));
            vault.root("PUT", "sys/policies/acl/oracle-rw", Map.of("policy",
                    "path \"secret/data/oracle\" { capabilities = [\"read\"] }\npath \"secret/data/written/*\" { capabilities = [\"create\", \"update\", \"read\"] }"));
            p.tokens.register(alice, config.name(), vault.token("72h", null, true, "oracle-rw"));
            p.tokens.register(bob, config.name(), vault.token("72h", null, true, "default"));

            Connections connections = new Connections(p.db, p.projects);
            connections.create(alice, project, ConnectionInput.builder().name("oracle").type("ECHO")
                    .value("host: db.example\nport: 1521\nuser: conn-user\npassword: vault.secret(password)\n")
                    .vaultSecrets(List.of("secret/oracle")).build());
            SecretCache cache = SecretCache.local();
            Resolver resolver = new Resolver(p.vaults, p.projects, connections, cache);
            SecretWriter writer = new SecretWriter(p.vaults, p.projects, cache);
            ConnectionResolver adapter = (name, projectId, runAs, overrides) -> {
                Resolution r = resolver.resolve(name, projectId, runAs, overrides);
                return new ResolvedInputs(r.type(), r.inputs(), r.secretValues());
            };
            FlowStore flows = new FlowStore(p.db, p.projects, TestTasks.registry(), Clock.systemUTC());
            flows.apply(alice, project, """
                    name: oracle-version
                    steps:
                      - id: query
                        connection: oracle
                        inputs: {user: override-user}
                      - id: store
                        write_secret:
                          vault_config: %s
                          path: secret/written/${{ steps.query.outputs.user }}
                          data: {copied: "${{ steps.query.outputs.password }}"}
                    outputs:
                      host: ${{ steps.query.outputs.host }}
                      port: ${{ steps.query.outputs.port }}
                      user: ${{ steps.query.outputs.user }}
                      password: ${{ steps.query.outputs.password }}
                    """.formatted(config.name()));
            try (RunEngine engine = RunEngine.builder().database(p.db).flows(flows).tasks(TestTasks.registry()).membership(p.projects)
                    .sealer(EngineFixture.sealer(p.box)).connections(adapter)
                    .secretWrites((projectId, runAs, configuration, path, data) -> writer.write(configuration, projectId, runAs, path, data))
                    .egress(Egress.of(List.of("127.0.0.1", "localhost"))).nodeId("real-" + EngineFixture.rnd()).pollInterval(Duration.ofMillis(50)).build().startWorkers()) {

                Run byAlice = engine.await(alice, engine.start(alice, project, "oracle-version", Map.of()).id(), Duration.ofSeconds(20));
                assertThat(byAlice.error()).isNull();
                assertThat(byAlice.status()).isEqualTo(RunStatus.SUCCEEDED);
                // every value read from Vault is a secret of the run: the port came from Vault (1522), so it is masked too
                assertThat(byAlice.outputs()).containsEntry("host", "db.example").containsEntry("port", "****")
                        .containsEntry("user", "override-user").containsEntry("password", "****");
                assertThat(engine.revealOutputs(alice, byAlice.id())).containsEntry("password", PW).containsEntry("port", 1522)
                        .containsEntry("user", "override-user").containsEntry("host", "db.example");
                assertThat(vault.root("GET", "secret/data/written/override-user", null).get("data").get("data").get("copied").asText())
                        .isEqualTo(PW);
                assertThat(engine.logs(alice, byAlice.id(), 0, 100)).extracting(RunLogLine::line).noneMatch(l -> l.contains(PW))
                        .anyMatch(l -> l.startsWith("echo ") && l.contains("password=****"));

                Run byBob = engine.await(bob, engine.start(bob, project, "oracle-version", Map.of()).id(), Duration.ofSeconds(20));
                assertThat(byBob.status()).as("bob's token may not read the secret; alice's is never used for him").isEqualTo(RunStatus.FAILED);
                assertThat(byBob.error()).startsWith("step 'query': connection 'oracle': ").contains("secret/").doesNotContain(PW);
                assertThat(byBob.outputs()).isEmpty();
            }
            cache.close();
        }
    }
}
