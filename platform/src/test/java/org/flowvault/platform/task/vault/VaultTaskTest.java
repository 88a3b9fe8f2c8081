package org.flowvault.platform.task.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flowvault.platform.masking.Masker;
import org.flowvault.platform.task.TaskContext;
import org.flowvault.platform.task.TaskException;
import org.flowvault.platform.task.TaskResult;
import org.flowvault.platform.task.VaultTarget;
import org.flowvault.platform.vaultconfig.VaultConfiguration;
import org.flowvault.platform.vaultconfig.VaultIdentity;
import org.flowvault.vault.client.VaultToken;
import org.flowvault.vault.client.core.VaultClient;
import org.flowvault.vault.client.core.VaultClientConfig;
import org.flowvault.vault.client.sys.SysOperations.MountRequest;
import org.flowvault.vault.server.TestVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every command against the embedded Vault-API server over real HTTP, on KV v2 and KV v1 mounts. */
class VaultTaskTest {
    private static TestVault vault;
    private static VaultClient client;
    private static VaultConfiguration config;
    private static String kv1;

    private final VaultTask task = new VaultTask();
    private final List<String> writes = new ArrayList<>();
    private final List<String> log = new ArrayList<>();
    private Masker masker;
    private TaskContext context;

    @BeforeAll
    static void start() {
        vault = TestVault.dev();
        client = VaultClient.create(VaultClientConfig.builder().address(vault.address()).token(VaultToken.of(vault.rootToken())).build());
        kv1 = "kv1-" + random();
        client.sys().enableMount(kv1, MountRequest.of("kv"));
        config = new VaultConfiguration(UUID.randomUUID(), "main", URI.create(vault.address()), true, null, null,
                VaultConfiguration.AuthMethod.SHARED_TOKEN, null, "secret", VaultConfiguration.KvVersionSetting.AUTO,
                VaultConfiguration.Scope.platformWide(), false, VaultConfiguration.DEFAULT_RENEWAL_THRESHOLD,
                VaultConfiguration.DEFAULT_CACHE_TTL, false);
    }

    @AfterAll
    static void stop() {
        client.close();
        vault.close();
    }

    @BeforeEach
    void newRun() {
        masker = new Masker();
        context = TaskContext.builder(masker)
                .log(log::add)
                .vault(name -> {
                    if (name != null && !name.equals("main")) {
                        throw new org.flowvault.platform.error.PlatformException(org.flowvault.platform.error.PlatformException.Reason.NOT_FOUND,
                                "no vault configuration \"" + name + "\"");
                    }
                    return new VaultTarget(config, new VaultIdentity("config:main", client));
                })
                .secretWrites((configuration, path) -> writes.add(configuration.name() + ":" + path))
                .build();
    }

    private static String random() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private TaskResult run(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return task.execute(m, context);
    }

    @Test
    void kvV2WriteReadPatchListAndVersionsThroughLogicalAndApiPaths() {
        String app = "apps/" + random();
        assertThat(run("command", "write", "path", "secret/" + app, "data", Map.of("user", "u1", "password", "pw-version-1"))
                .outputs()).containsEntry("version", 1L).containsEntry("mount", "secret").containsEntry("kv_version", 2);
        assertThat(run("command", "write", "path", "secret/data/" + app, "data", Map.of("user", "u1", "password", "pw-version-2"))
                .outputs()).containsEntry("version", 2L);

        TaskResult read = run("command", "read", "path", "secret/data/" + app);
        assertThat(read.outputs()).containsEntry("data", Map.of("user", "u1", "password", "pw-version-2")).containsEntry("version", 2L);
        assertThat(read.sensitive()).containsExactly("data");
        assertThat(read.outputs().get("metadata")).asInstanceOf(MAP).containsEntry("version", 2L).containsEntry("destroyed", false);
        assertThat(masker.mask("leaked pw-version-2")).isEqualTo("leaked ****");

        assertThat(run("command", "read", "path", "secret/" + app, "version", 1).outputs().get("data"))
                .asInstanceOf(MAP).containsEntry("password", "pw-version-1");
        assertThat(run("command", "patch", "path", "secret/" + app, "data", Map.of("port", 1521)).outputs()).containsEntry("version", 3L);
        assertThat(run("command", "read", "path", "secret/" + app).outputs().get("data"))
                .isEqualTo(Map.of("user", "u1", "password", "pw-version-2", "port", 1521));
        assertThat(run("command", "list", "path", "secret/apps").outputs().get("keys")).asInstanceOf(LIST)
                .contains(app.substring("apps/".length()));
        assertThat(writes).containsExactly("main:secret/" + app, "main:secret/" + app, "main:secret/" + app);
    }

    @Test
    void kvV2DeleteUndeleteDestroyAndMetadata() {
        String path = "secret/" + random();
        run("command", "write", "path", path, "data", Map.of("a", "value-one"));
        run("command", "write", "path", path, "data", Map.of("a", "value-two"));

        run("command", "delete", "path", path);
        assertThatThrownBy(() -> run("command", "read", "path", path)).isInstanceOf(TaskException.class)
                .hasMessageContaining("VAULT read " + path).hasMessageContaining("nothing found there");
        run("command", "undelete", "path", path, "versions", List.of(2));
        assertThat(run("command", "read", "path", path).outputs().get("data")).isEqualTo(Map.of("a", "value-two"));

        run("command", "delete", "path", path, "versions", List.of(1));
        run("command", "destroy", "path", path, "versions", 2);
        run("command", "metadata-update", "path", path, "max_versions", 7, "custom_metadata", Map.of("owner", "billing"));
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = (Map<String, Object>) run("command", "versions", "path", path).outputs().get("metadata");
        assertThat(metadata).containsEntry("current_version", 2L).containsEntry("max_versions", 7)
                .containsEntry("custom_metadata", Map.of("owner", "billing"));
        assertThat(metadata.get("versions")).asInstanceOf(MAP).extractingByKey("1").asInstanceOf(MAP)
                .extractingByKey("deletion_time").isNotNull();
        assertThat(metadata.get("versions")).asInstanceOf(MAP).extractingByKey("2").asInstanceOf(MAP).containsEntry("destroyed", true);
        assertThat(run("command", "metadata", "path", path).outputs().get("metadata")).asInstanceOf(MAP).containsKey("versions");

        assertThatThrownBy(() -> run("command", "write", "path", path, "data", Map.of("a", "x"), "cas", 1))
                .hasMessageContaining("check-and-set failed");
        run("command", "delete metadata", "path", path);
        assertThatThrownBy(() -> run("command", "metadata", "path", path)).hasMessageContaining("nothing found there");
        assertThat(writes).hasSize(8).allMatch(w -> w.equals("main:" + path));
    }

    @Test
    void kvV1MountIsDetectedAndSupportsTheSharedCommands() {
        String path = kv1 + "/team/" + random();
        assertThat(run("command", "write", "path", path, "data", Map.of("user", "v1-user", "password", "v1-password")).outputs())
                .containsEntry("kv_version", 1).containsEntry("mount", kv1);
        TaskResult read = run("command", "read", "path", path);
        assertThat(read.outputs()).containsEntry("data", Map.of("user", "v1-user", "password", "v1-password")).containsEntry("version", 0L);
        assertThat(read.sensitive()).containsExactly("data");
        Map<String, Object> patch = new LinkedHashMap<>();
        patch.put("port", "5432");
        patch.put("user", null);
        run("command", "patch", "path", path, "data", patch);
        assertThat(run("command", "read", "path", path).outputs().get("data")).isEqualTo(Map.of("password", "v1-password", "port", "5432"));
        assertThat(run("command", "list", "path", kv1 + "/team/").outputs().get("keys")).asInstanceOf(LIST)
                .contains(path.substring(path.lastIndexOf('/') + 1));
        assertThatThrownBy(() -> run("command", "undelete", "path", path, "versions", List.of(1)))
                .isInstanceOf(TaskException.class).hasMessageContaining("needs a KV version 2 mount")
                .satisfies(e -> assertThat(((TaskException) e).kind()).isEqualTo(TaskException.Kind.INPUT));
        run("command", "delete", "path", path);
        assertThatThrownBy(() -> run("command", "read", "path", path)).hasMessageContaining("nothing found there");
        assertThat(writes).containsExactly("main:" + path, "main:" + path, "main:" + path);
    }

    @Test
    void nestedMountAndPathsWithoutAMountAreResolved() {
        String nested = "team-" + random() + "/kv";
        client.sys().enableMount(nested, MountRequest.of("kv-v2"));
        run("command", "write", "path", nested + "/data/db", "data", Map.of("k", "nested-value"));
        assertThat(run("command", "read", "path", nested + "/db").outputs()).containsEntry("mount", nested)
                .containsEntry("data", Map.of("k", "nested-value"));
        // no mount named in the path: the configuration's KV mount
        String bare = "bare-" + random();
        run("command", "write", "path", bare, "data", Map.of("k", "default-mount"));
        assertThat(client.kv("secret").get(bare).data()).containsEntry("k", "default-mount");
        assertThat(writes).containsExactly("main:" + nested + "/db", "main:secret/" + bare);
    }

    @Test
    void logicalCommandsReachAnyApiPath() {
        String name = random();
        run("command", "logical_write", "path", "secret/data/" + name, "data", Map.of("data", Map.of("k", "logical-value")));
        TaskResult read = run("command", "logical_read", "path", "secret/data/" + name);
        assertThat(read.outputs().get("data")).asInstanceOf(MAP).containsEntry("data", Map.of("k", "logical-value"));
        assertThat(read.sensitive()).contains("data");
        assertThat(masker.containsSecret("x logical-value")).isTrue();
        assertThat(run("command", "logical_list", "path", "secret/metadata/").outputs().get("keys")).asInstanceOf(LIST).contains(name);
        run("command", "logical_delete", "path", "secret/metadata/" + name);
        assertThatThrownBy(() -> run("command", "logical_read", "path", "secret/data/" + name)).hasMessageContaining("nothing found");
        assertThat(writes).containsExactly("main:secret/data/" + name, "main:secret/metadata/" + name);
    }

    @Test
    void logLinesAndErrorsNeverShowSecretValues() {
        String path = "secret/" + random();
        run("command", "write", "path", path, "data", Map.of("password", "do-not-log-me"));
        run("command", "read", "path", path);
        assertThat(log).isNotEmpty().noneMatch(l -> l.contains("do-not-log-me"));
        assertThatThrownBy(() -> run("command", "write", "path", path, "data", "do-not-log-me"))
                .hasMessage("VAULT input \"data\" must be an object (key/value map), got text");
    }

    @Test
    void badCommandsAndMissingInputsAreNamed() {
        assertThatThrownBy(() -> run("path", "secret/x")).hasMessageStartingWith("VAULT input \"command\" is missing: give one of read, write");
        assertThatThrownBy(() -> run("command", "explode", "path", "secret/x")).hasMessageContaining("must be one of read, write, patch");
        assertThatThrownBy(() -> run("command", "read")).hasMessageContaining("VAULT input \"path\" is missing");
        assertThatThrownBy(() -> run("command", "write", "path", "secret/x")).hasMessageContaining("VAULT input \"data\" is missing");
        assertThatThrownBy(() -> run("command", "undelete", "path", "secret/x")).hasMessageContaining("VAULT input \"versions\" is missing");
        assertThatThrownBy(() -> run("command", "read", "path", "secret/x", "vault_config", "other"))
                .hasMessageContaining("no vault configuration \"other\"");
        assertThatThrownBy(() -> run("command", "read", "path", "sys/mounts")).hasMessageContaining("not KV");
    }
}
