package org.flowvault.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flowvault.platform.db.Database;
import org.flowvault.sdk.NotFoundException;
import org.flowvault.sdk.Secret;
import org.flowvault.sdk.core.Flowvault;
import org.flowvault.sdk.flow.AppliedFlow;
import org.flowvault.sdk.flow.Run;
import org.flowvault.sdk.flow.RunHandle;
import org.flowvault.sdk.flow.RunLogLine;
import org.flowvault.sdk.flow.RunStatus;
import org.flowvault.sdk.vaultconfig.AuthMethod;
import org.flowvault.sdk.vaultconfig.ConnectionTest;
import org.flowvault.sdk.vaultconfig.KvVersion;
import org.flowvault.sdk.vaultconfig.Scope;
import org.flowvault.sdk.vaultconfig.SecretWrite;
import org.flowvault.sdk.vaultconfig.TokenStatus;
import org.flowvault.sdk.vaultconfig.VaultConfig;
import org.flowvault.sdk.vaultconfig.VaultConfigRequest;
import org.flowvault.sdk.vaultconfig.VaultCredentials;
import org.flowvault.server.ApiHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Vault configurations, flows and runs through the SDK against the real server (H2, the embedded
 * Vault-API server): a member registers their Vault token, writes a secret through the
 * configuration, applies a flow that reads it and asks for a PIN, starts it, awaits the form,
 * answers it and awaits the end; outputs arrive masked and only {@code reveal()} shows them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FlowsAndRunsThroughTheSdkTest {
    private ApiHarness h;
    private Flowvault admin;
    private Flowvault alice;
    private String project;
    private String config;
    private String prefix;

    @BeforeAll
    void start() {
        h = ApiHarness.open(Database.Dialect.H2);
        h.platform().startBackgroundJobs(Duration.ofMinutes(1)); // ApiHarness does not start the run workers
        ApiHarness.Session a = h.bootstrapAdmin();
        ApiHarness.Session al = h.member(a, "alice");
        project = h.project(a, "flows");
        h.addMember(a, project, al);
        admin = Flowvault.builder().address(h.api().address()).apiKey(a.token()).project(project).build();
        alice = Flowvault.builder().address(h.api().address()).apiKey(al.token()).project(project).build();
        config = ApiHarness.random("vault");
        prefix = ApiHarness.random("team");
    }

    @AfterAll
    void stop() {
        h.close();
    }

    @Test
    void aVaultConfigurationIsManagedByAdminsAndUsedByMembersWithTheirOwnToken() {
        VaultConfig created = admin.vaultConfigs().create(VaultConfigRequest.builder().name(config).url(h.vaultAddress())
                .scope(Scope.projects(project)).authMethod(AuthMethod.USER_TOKEN).kvVersion(KvVersion.AUTO)
                .cacheTtl(Duration.ofMinutes(5)).build());

        assertThat(created.scope()).isEqualTo(Scope.projects(project));
        assertThat(created.cacheTtlSeconds()).isEqualTo(300);
        assertThat(alice.vaultConfigs().list()).extracting(VaultConfig::name).contains(config);
        assertThatThrownBy(() -> alice.vaultConfigs().update(config, VaultConfigRequest.builder().enabled(false).build()))
                .isInstanceOf(org.flowvault.sdk.ForbiddenException.class);
        assertThat(admin.vaultConfigs().update(config, VaultConfigRequest.builder().serveStaleOnError(true).build()).serveStaleOnError()).isTrue();

        String vaultToken = h.vaultToken(Duration.ofHours(72), h.kvPolicy("", "read", "create", "update"));
        TokenStatus registered = alice.vaultConfigs().registerToken(config, Secret.of(vaultToken));

        assertThat(registered.state()).isNotBlank();
        assertThat(alice.vaultConfigs().tokenStatus(config).username()).isNotBlank();
        assertThat(admin.vaultConfigs().tokenStatuses(config)).isNotEmpty();
        ConnectionTest test = alice.vaultConfigs().test(config);
        assertThat(test.ok()).as("%s", test).isTrue();
        SecretWrite written = alice.vaultConfigs().writeSecret(config, project, "secret/" + prefix + "/db", Map.of("password", "db-" + UUID.randomUUID()));
        assertThat(written.keys()).containsExactly("password");
        assertThat(written.toString()).doesNotContain("db-");
        admin.vaultConfigs().refresh(config);
    }

    @Test
    void machineCredentialsAreWriteOnly() {
        String name = ApiHarness.random("approle");
        admin.vaultConfigs().create(VaultConfigRequest.builder().name(name).url(h.vaultAddress()).scope(Scope.platformWide())
                .authMethod(AuthMethod.APPROLE).build());

        VaultConfig withCredentials = admin.vaultConfigs().setCredentials(name, VaultCredentials.appRole("role-1", Secret.of("secret-id-1")));

        assertThat(withCredentials.credentials().roleIdSet()).isTrue();
        assertThat(withCredentials.credentials().secretIdSet()).isTrue();
        assertThat(withCredentials.toString()).doesNotContain("secret-id-1");
        assertThat(admin.vaultConfigs().clearCredentials(name).credentials().secretIdSet()).isFalse();
        admin.vaultConfigs().delete(name);
        assertThatThrownBy(() -> admin.vaultConfigs().get(name)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void aFlowIsAppliedStartedAwaitedAnsweredAndRevealedOnlyToItsRunner() {
        aVaultConfigurationIsManagedByAdminsAndUsedByMembersWithTheirOwnTokenOnce();
        String flow = ApiHarness.random("rotate");
        String source = """
                name: %s
                description: Reads a password, then asks for a PIN
                inputs:
                  region: {type: string, required: true}
                steps:
                  - id: read
                    task: VAULT
                    inputs: {command: read, vault_config: %s, path: secret/%s/db}
                  - id: ask
                    message:
                      subject: Approve
                      text: Give your name and the PIN.
                      fields:
                        - {name: approver, type: string, label: "Approver", required: true}
                        - {name: pin, type: string, label: "PIN", secret: true, required: true}
                outputs:
                  db_password: ${{ steps.read.outputs.data.password }}
                  pin: ${{ steps.ask.outputs.pin }}
                  approver: ${{ steps.ask.outputs.approver }}
                  region: ${{ inputs.region }}
                """.formatted(flow, config, prefix);

        AppliedFlow applied = alice.flows().apply(source);

        assertThat(applied.created()).isTrue();
        assertThat(alice.flows().apply(source).created()).isFalse();
        assertThat(alice.flows().get(flow).source()).isEqualTo(source);
        assertThat(alice.flows().version(flow, 1).inputs()).extracting(i -> i.name() + ":" + i.required()).containsExactly("region:true");
        assertThat(alice.flows().list()).anySatisfy(f -> assertThat(f.name()).isEqualTo(flow));
        Run refused = alice.runs().start(flow, Map.of()).await(Duration.ofSeconds(60));
        assertThat(refused.status()).isEqualTo(RunStatus.FAILED);
        assertThat(refused.error()).contains("missing required input 'region'");

        RunHandle handle = alice.runs().start(flow, Map.of("region", "eu"));
        Run waiting = handle.await(Duration.ofSeconds(60));

        assertThat(waiting.status()).as("%s", waiting).isEqualTo(RunStatus.WAITING_FOR_INPUT);
        assertThat(waiting.form().fields()).extracting(f -> f.name() + ":" + f.secret()).containsExactly("approver:false", "pin:true");
        String pin = "pin-" + UUID.randomUUID();
        handle.submitInput(Map.of("approver", "alice", "pin", pin));
        Run done = handle.await(Duration.ofSeconds(60));

        assertThat(done.status()).as("%s", done).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(done.outputs()).containsEntry("region", "eu").containsEntry("approver", "alice").containsEntry("pin", "****");
        assertThat(done.sensitiveOutputs()).contains("db_password", "pin");
        assertThat(done.toString()).doesNotContain(pin);
        Map<String, Secret> revealed = handle.reveal();
        assertThat(revealed.get("pin").reveal()).isEqualTo(pin);
        assertThat(revealed.get("db_password").reveal()).startsWith("db-");
        assertThat(revealed.toString()).doesNotContain(pin);
        List<RunLogLine> logs = handle.logs();
        assertThat(logs).isNotEmpty().allSatisfy(l -> assertThat(l.line()).doesNotContain(pin));
        assertThat(alice.runs().list(RunStatus.SUCCEEDED, 10)).extracting(Run::id).contains(handle.id());
        assertThat(alice.runs().handle(handle.id()).cancel().status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThatThrownBy(() -> admin.runs().handle(handle.id()).reveal()).isInstanceOf(org.flowvault.sdk.FlowvaultException.class);
    }

    @Test
    void awaitReturnsTheRunAsItIsWhenTheTimeoutPassesFirst() {
        String flow = ApiHarness.random("ask");
        alice.flows().apply("""
                name: %s
                steps:
                  - id: ask
                    message:
                      subject: Anything
                      fields:
                        - {name: x, type: string, label: "X"}
                """.formatted(flow));

        RunHandle handle = alice.runs().start(flow, Map.of());
        Run settled = handle.await(Duration.ofSeconds(60));
        assertThat(settled.status()).isEqualTo(RunStatus.WAITING_FOR_INPUT);
        // already settled: a zero timeout answers at once with the same state
        assertThat(handle.await(Duration.ZERO).status()).isEqualTo(RunStatus.WAITING_FOR_INPUT);
        assertThat(handle.cancel().status()).isEqualTo(RunStatus.CANCELLED);
        assertThatThrownBy(() -> alice.runs().handle(UUID.randomUUID().toString()).get()).isInstanceOf(NotFoundException.class);
    }

    private boolean configured;

    private synchronized void aVaultConfigurationIsManagedByAdminsAndUsedByMembersWithTheirOwnTokenOnce() {
        if (!configured && admin.vaultConfigs().list().stream().noneMatch(c -> c.name().equals(config))) {
            aVaultConfigurationIsManagedByAdminsAndUsedByMembersWithTheirOwnToken();
        }
        configured = true;
    }
}
