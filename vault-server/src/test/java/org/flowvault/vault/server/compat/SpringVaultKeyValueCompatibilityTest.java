package org.flowvault.vault.server.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.flowvault.vault.server.compat.SpringVaultClients.template;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flowvault.vault.server.TestVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.vault.VaultException;
import org.springframework.vault.core.SecretNotFoundException;
import org.springframework.vault.core.VaultKeyValueOperations;
import org.springframework.vault.core.VaultKeyValueOperationsSupport.KeyValueBackend;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.vault.core.VaultVersionedKeyValueOperations;
import org.springframework.vault.support.VaultMetadataRequest;
import org.springframework.vault.support.VaultMount;
import org.springframework.vault.support.VaultResponse;
import org.springframework.vault.support.VaultResponseSupport;
import org.springframework.vault.support.Versioned;
import org.springframework.vault.support.Versioned.Version;

/**
 * Spring Vault 4.0 ({@code spring-vault-core}) key/value access against a dev server:
 * {@link VaultTemplate} read/write/list/delete on KV v1 and raw paths, {@code opsForKeyValue} for
 * both versions (including PATCH), and {@code opsForVersionedKeyValue("secret")} with versions, CAS,
 * delete/undelete/destroy and metadata. Logins and sessions are in
 * {@link SpringVaultAuthCompatibilityTest}, {@code opsForSys()} in
 * {@link SpringVaultSysCompatibilityTest}.
 */
@DisplayName("spring-vault kv")
@ExtendWith(CheckTally.class)
class SpringVaultKeyValueCompatibilityTest {
    private static TestVault vault;
    private static VaultTemplate root;

    @BeforeAll
    static void start() {
        vault = TestVault.dev();
        root = template(vault.address(), vault.rootToken());
        System.out.println("spring-vault HTTP client: " + SpringVaultClients.http().getClass().getName());
    }

    @AfterAll
    static void stop() {
        vault.close();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String mountKv1() {
        String path = unique("kv1");
        root.opsForSys().mount(path, VaultMount.builder().type("kv").options(Map.of("version", "1")).build());
        return path;
    }

    // --- VaultTemplate on KV v1 and raw paths ----------------------------------------------------

    @Test
    void writeThenReadReturnsTheDataOnKvV1() {
        String kv = mountKv1();
        root.write(kv + "/app/db", Map.of("user", "app", "port", 5432));

        VaultResponse r = root.read(kv + "/app/db");

        assertThat(r).isNotNull();
        assertThat(r.getData()).containsExactlyInAnyOrderEntriesOf(Map.of("user", "app", "port", 5432));
    }

    @Test
    void readMapsDataOntoATypedValue() {
        String kv = mountKv1();
        root.write(kv + "/creds", Map.of("username", "svc", "password", "pw"));

        VaultResponseSupport<Credentials> r = root.read(kv + "/creds", Credentials.class);

        assertThat(r.getRequiredData()).isEqualTo(new Credentials("svc", "pw"));
    }

    record Credentials(String username, String password) {
    }

    @Test
    void listReturnsKeysAndSubFolders() {
        String kv = mountKv1();
        root.write(kv + "/team/db", Map.of("a", "b"));
        root.write(kv + "/team/sub/x", Map.of("a", "b"));

        assertThat(root.list(kv + "/team")).containsExactlyInAnyOrder("db", "sub/");
    }

    @Test
    void deleteRemovesTheSecretAndReadThenReturnsNull() {
        String kv = mountKv1();
        root.write(kv + "/gone", Map.of("a", "b"));

        root.delete(kv + "/gone");

        assertThat(root.read(kv + "/gone")).isNull();
        assertThatThrownBy(() -> root.readRequired(kv + "/gone")).isInstanceOf(SecretNotFoundException.class);
    }

    @Test
    void keyValueV1OperationsPutGetListDelete() {
        String kv = mountKv1();
        VaultKeyValueOperations ops = root.opsForKeyValue(kv, KeyValueBackend.KV_1);

        ops.put("svc/a", Map.of("k", "v1"));
        ops.put("svc/b", Map.of("k", "v2"));

        assertThat(ops.get("svc/a").getData()).containsEntry("k", "v1");
        assertThat(ops.list("svc")).containsExactlyInAnyOrder("a", "b");
        ops.delete("svc/a");
        assertThat(ops.get("svc/a")).isNull();
    }

    @Test
    void keyValueV2OperationsPatchMergesIntoTheLatestVersion() {
        VaultKeyValueOperations ops = root.opsForKeyValue("secret", KeyValueBackend.KV_2);
        String path = unique("patched");
        ops.put(path, Map.of("a", "1", "b", "old"));

        boolean patched = ops.patch(path, Map.of("b", "new", "c", "3"));

        assertThat(patched).isTrue();
        assertThat(ops.get(path).getData()).containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "b", "new", "c", "3"));
    }

    @Test
    void rawWriteToTokenCreateReturnsTheAuthBlock() {
        VaultResponse r = root.write("auth/token/create", Map.of("policies", List.of("default"), "ttl", "1h"));

        assertThat(r.getAuth()).containsKey("client_token").containsEntry("lease_duration", 3600)
                .containsEntry("renewable", true);
        assertThat(r.getAuth().get("policies")).isEqualTo(List.of("default"));
    }

    // --- versioned KV v2 -------------------------------------------------------------------------

    private static VaultVersionedKeyValueOperations versioned() {
        return root.opsForVersionedKeyValue("secret");
    }

    @Test
    void versionedPutReturnsVersionOneMetadataAndGetReturnsTheData() {
        String path = unique("v");

        Versioned.Metadata m = versioned().put(path, Map.of("user", "app"));
        Versioned<Map<String, Object>> read = versioned().get(path);

        assertThat(m.getVersion()).isEqualTo(Version.from(1));
        assertThat(m.getCreatedAt()).isNotNull();
        assertThat(m.isDeleted()).isFalse();
        assertThat(read.getRequiredData()).isEqualTo(Map.of("user", "app"));
        assertThat(read.getVersion()).isEqualTo(Version.from(1));
    }

    @Test
    void versionedGetOfAnOlderVersionReturnsThatVersion() {
        String path = unique("v");
        versioned().put(path, Map.of("n", "1"));
        versioned().put(path, Map.of("n", "2"));

        assertThat(versioned().get(path).getRequiredData()).containsEntry("n", "2");
        assertThat(versioned().<Map<String, Object>>get(path, Version.from(1)).getRequiredData()).containsEntry("n", "1");
    }

    @Test
    void versionedPutWithTheCurrentVersionAsCasCreatesTheNextVersion() {
        String path = unique("cas");
        versioned().put(path, Map.of("n", "1"));

        Versioned.Metadata m = versioned().put(path, Versioned.create(Map.of("n", "2"), Version.from(1)));

        assertThat(m.getVersion()).isEqualTo(Version.from(2));
    }

    @Test
    void versionedPutWithAStaleCasIsRejected() {
        String path = unique("cas");
        versioned().put(path, Map.of("n", "1"));
        versioned().put(path, Map.of("n", "2"));

        assertThatThrownBy(() -> versioned().put(path, Versioned.create(Map.of("n", "x"), Version.from(1))))
                .isInstanceOf(VaultException.class).hasMessageContaining("check-and-set");
        assertThat(versioned().get(path).getRequiredData()).containsEntry("n", "2");
    }

    @Test
    void versionedDeleteHidesTheLatestVersionAndGetReportsItDeleted() {
        String path = unique("del");
        versioned().put(path, Map.of("n", "1"));

        versioned().delete(path);
        Versioned<Map<String, Object>> read = versioned().get(path);

        // Vault answers 404 with the version's metadata; Spring turns that into a data-less Versioned.
        assertThat(read).as("a Versioned carrying the deletion, not null").isNotNull();
        assertThat(read.hasData()).isFalse();
        assertThat(read.getRequiredMetadata().isDeleted()).isTrue();
        assertThat(read.getRequiredMetadata().getDeletedAt()).isNotNull();
    }

    @Test
    void versionedUndeleteRestoresASoftDeletedVersion() {
        String path = unique("undel");
        versioned().put(path, Map.of("n", "1"));
        versioned().delete(path, Version.from(1));

        versioned().undelete(path, Version.from(1));

        assertThat(versioned().get(path).getRequiredData()).containsEntry("n", "1");
    }

    @Test
    void versionedDeleteOfOneVersionLeavesTheOthersReadable() {
        String path = unique("delv");
        versioned().put(path, Map.of("n", "1"));
        versioned().put(path, Map.of("n", "2"));

        versioned().delete(path, Version.from(1));

        assertThat(versioned().<Map<String, Object>>get(path, Version.from(1)).getRequiredMetadata().isDeleted()).isTrue();
        assertThat(versioned().get(path).getRequiredData()).containsEntry("n", "2");
    }

    @Test
    void versionedDestroyMarksTheVersionDestroyed() {
        String path = unique("destroy");
        versioned().put(path, Map.of("n", "1"));
        versioned().put(path, Map.of("n", "2"));

        versioned().destroy(path, Version.from(1));

        Versioned<Map<String, Object>> v1 = versioned().<Map<String, Object>>get(path, Version.from(1));
        assertThat(v1).as("a Versioned carrying the destruction, not null").isNotNull();
        assertThat(v1.hasData()).isFalse();
        assertThat(v1.getRequiredMetadata().isDestroyed()).isTrue();
        assertThat(root.opsForVersionedKeyValue("secret").opsForKeyValueMetadata().get(path).getVersions())
                .anySatisfy(m -> {
                    assertThat(m.getVersion()).isEqualTo(Version.from(1));
                    assertThat(m.isDestroyed()).isTrue();
                });
    }

    @Test
    void versionedListReturnsKeysUnderAFolder() {
        String folder = unique("folder");
        versioned().put(folder + "/a", Map.of("k", "v"));
        versioned().put(folder + "/sub/b", Map.of("k", "v"));

        assertThat(versioned().list(folder)).containsExactlyInAnyOrder("a", "sub/");
    }

    @Test
    void metadataGetReportsVersionsAndDefaults() {
        String path = unique("meta");
        versioned().put(path, Map.of("n", "1"));
        versioned().put(path, Map.of("n", "2"));

        var m = versioned().opsForKeyValueMetadata().get(path);

        assertThat(m.getCurrentVersion()).isEqualTo(2);
        assertThat(m.getOldestVersion()).isZero();
        assertThat(m.getMaxVersions()).isZero();
        assertThat(m.isCasRequired()).isFalse();
        assertThat(m.getDeleteVersionAfter()).isEqualTo(Duration.ZERO);
        assertThat(m.getCreatedTime()).isNotNull();
        assertThat(m.getUpdatedTime()).isNotNull();
        assertThat(m.getVersions()).extracting(Versioned.Metadata::getVersion)
                .containsExactlyInAnyOrder(Version.from(1), Version.from(2));
    }

    @Test
    void metadataPutChangesSettingsThatThenBindWrites() {
        String path = unique("meta");
        versioned().put(path, Map.of("n", "1"));

        versioned().opsForKeyValueMetadata().put(path, VaultMetadataRequest.builder()
                .maxVersions(5).casRequired(true).deleteVersionAfter(Duration.ofHours(1))
                .customMetadata(Map.of("owner", "ops")).build());
        var m = versioned().opsForKeyValueMetadata().get(path);

        assertThat(m.getMaxVersions()).isEqualTo(5);
        assertThat(m.isCasRequired()).isTrue();
        assertThat(m.getDeleteVersionAfter()).isEqualTo(Duration.ofHours(1));
        // Spring's VaultMetadataResponse does not map custom_metadata; read it raw.
        assertThat(root.read("secret/metadata/" + path).getRequiredData().get("custom_metadata"))
                .isEqualTo(Map.of("owner", "ops"));
        assertThatThrownBy(() -> versioned().put(path, Map.of("n", "2")))
                .isInstanceOf(VaultException.class).hasMessageContaining("check-and-set");
    }

    @Test
    void metadataDeleteRemovesTheKeyAndAllVersions() {
        String path = unique("meta");
        versioned().put(path, Map.of("n", "1"));
        versioned().put(path, Map.of("n", "2"));

        versioned().opsForKeyValueMetadata().delete(path);

        assertThat(versioned().get(path)).isNull();
        assertThat(versioned().opsForKeyValueMetadata().get(path)).isNull();
    }
}
