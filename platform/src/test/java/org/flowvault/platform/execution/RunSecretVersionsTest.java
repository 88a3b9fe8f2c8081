package org.flowvault.platform.execution;

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
import org.flowvault.platform.resolution.SecretPins;
import org.flowvault.platform.resolution.SecretVersion;
import org.flowvault.platform.task.Egress;
import org.flowvault.platform.vaultconfig.TestPlatform;
import org.flowvault.platform.vaultconfig.VaultConfiguration;
import org.flowvault.platform.vaultconfig.VaultFixture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every run records the configuration, path and KV version of each secret it resolved — never the value. */
class RunSecretVersionsTest {
    private static final String PW = "run-versions-Pa55word";

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void eachRunRecordsTheVersionsItReadAndARerunReadsThemAgainUntilOneIsDestroyed(Database.Dialect dialect) throws Exception {
        try (TestPlatform p = TestPlatform.open(dialect); VaultFixture vault = new VaultFixture(p.clock)) {
            String projectName = p.project();
            UUID project = p.projects.requireUsable(p.admin, projectName);
            Caller alice = p.member(projectName);
            VaultConfiguration config = p.userTokenConfig(vault);
            vault.root("POST", "secret/data/rv", Map.of("data", Map.of("password", PW + "-1")));
            vault.root("POST", "secret/data/rv", Map.of("data", Map.of("password", PW + "-2")));
            vault.root("PUT", "sys/policies/acl/rv", Map.of("policy", "path \"secret/data/rv\" { capabilities = [\"read\"] }\n"
                    + "path \"secret/metadata/rv\" { capabilities = [\"read\"] }"));
            p.tokens.register(alice, config.name(), vault.token("72h", null, true, "rv"));
            Connections connections = new Connections(p.db, p.projects);
            connections.create(alice, project, ConnectionInput.builder().name("latest").type("ECHO").value("host: h\n")
                    .vaultSecrets(List.of("secret/rv")).build());
            connections.create(alice, project, ConnectionInput.builder().name("pinned").type("ECHO").value("old: vault.secret(:secret/rv@1.password)\n")
                    .build());
            SecretCache cache = SecretCache.local();
            Resolver resolver = new Resolver(p.vaults, p.projects, connections, cache);
            ConnectionResolver adapter = new ConnectionResolver() {
                @Override
                public ResolvedInputs resolve(String name, UUID projectId, Caller runAs, Map<String, Object> overrides) {
                    return resolve(name, projectId, runAs, overrides, SecretPins.NONE);
                }

                @Override
                public ResolvedInputs resolve(String name, UUID projectId, Caller runAs, Map<String, Object> overrides, SecretPins pins) {
                    Resolution r = resolver.resolve(name, projectId, runAs, overrides, pins);
                    return new ResolvedInputs(r.type(), r.inputs(), r.secretValues(), r.secretsUsed(), java.util.List.of());
                }
            };
            FlowStore flows = new FlowStore(p.db, p.projects, TestTasks.registry(), Clock.systemUTC());
            flows.apply(alice, project, """
                    name: versions
                    steps:
                      - id: a
                        connection: latest
                      - id: b
                        connection: pinned
                      - id: again
                        connection: latest
                    outputs:
                      now: ${{ steps.a.outputs.password }}
                      old: ${{ steps.b.outputs.old }}
                    """);
            try (RunEngine engine = RunEngine.builder().database(p.db).flows(flows).tasks(TestTasks.registry()).membership(p.projects)
                    .sealer(EngineFixture.sealer(p.box)).connections(adapter).egress(Egress.of(List.of("127.0.0.1", "localhost")))
                    .nodeId("versions-" + EngineFixture.rnd()).pollInterval(Duration.ofMillis(50)).build().startWorkers()) {

                Run run = engine.await(alice, engine.start(alice, project, "versions", Map.of()).id(), Duration.ofSeconds(20));

                assertThat(run.error()).isNull();
                assertThat(engine.revealOutputs(alice, run.id())).containsEntry("now", PW + "-2").containsEntry("old", PW + "-1");
                assertThat(engine.secretsUsed(alice, run.id())).as("each secret once, in order, with the version read")
                        .containsExactly(new SecretVersion(config.name(), "secret/rv", 2), new SecretVersion(config.name(), "secret/rv@1", 1));
                assertThat(engine.secretsUsed(alice, run.id()).toString()).doesNotContain(PW);

                vault.root("POST", "secret/data/rv", Map.of("data", Map.of("password", PW + "-3")));
                Run same = engine.await(alice, engine.rerun(alice, run.id(), true).id(), Duration.ofSeconds(20));
                assertThat(same.error()).isNull();
                assertThat(engine.revealOutputs(alice, same.id())).as("the versions the first run read, though the secret changed")
                        .containsEntry("now", PW + "-2").containsEntry("old", PW + "-1");
                assertThat(engine.secretsUsed(alice, same.id())).containsExactlyElementsOf(engine.secretsUsed(alice, run.id()));
                cache.refreshConfiguration(config.id()); // the outside write is otherwise seen after the TTL
                Run latest = engine.await(alice, engine.rerun(alice, run.id(), false).id(), Duration.ofSeconds(20));
                assertThat(engine.revealOutputs(alice, latest.id())).as("without same_secret_versions: the latest")
                        .containsEntry("now", PW + "-3");

                vault.root("PUT", "secret/destroy/rv", Map.of("versions", List.of(2)));
                Run gone = engine.await(alice, engine.rerun(alice, run.id(), true).id(), Duration.ofSeconds(20));
                assertThat(gone.status()).isEqualTo(RunStatus.FAILED);
                assertThat(gone.error()).contains("secret/rv").contains("version 2 was destroyed").doesNotContain(PW);
            }
            cache.close();
        }
    }
}
