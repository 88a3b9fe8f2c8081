package org.flowvault.vault.client.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.core.TestClients;
import org.flowvault.vault.client.core.VaultClient;
import org.flowvault.vault.client.kv.KvV2Operations.KvMetadata;
import org.flowvault.vault.client.kv.KvV2Operations.KvMetadataOptions;
import org.flowvault.vault.server.TestVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KvV2OperationsTest {
    static TestVault vault;
    static VaultClient client;
    static KvV2Operations kv;

    @BeforeAll
    static void start() {
        vault = TestVault.dev();
        client = TestClients.root(vault);
        kv = client.kvV2("secret");
    }

    @AfterAll
    static void stop() {
        client.close();
        vault.close();
    }

    @Test
    void putShouldCreateVersionsThatGetReadsBack() {
        String path = TestClients.name("app") + "/db";
        Instant before = Instant.now().minusSeconds(5);

        assertThat(kv.put(path, Map.of("user", "app", "password", "s3cret"))).isEqualTo(1);
        assertThat(kv.put(path, Map.of("user", "app", "password", "n3w", "port", 5432))).isEqualTo(2);

        KvSecret latest = kv.get(path);
        assertThat(latest.data()).containsEntry("password", "n3w").containsEntry("port", 5432);
        assertThat(latest.version()).isEqualTo(2);
        assertThat(latest.metadata()).get().satisfies(m -> {
            assertThat(m.createdTime()).isAfter(before);
            assertThat(m.deletionTime()).isNull();
            assertThat(m.destroyed()).isFalse();
        });
        assertThat(kv.get(path, 1).data()).containsEntry("password", "s3cret").doesNotContainKey("port");
        assertThat(kv.mount()).isEqualTo("secret");
        assertThat(kv.version()).isEqualTo(KvVersion.V2);
    }

    @Test
    void secretShouldKeepJsonTypesAndNeverPrintValues() {
        String path = TestClients.name("typed");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("flag", true);
        data.put("list", List.of("a", "b"));
        data.put("nested", Map.of("k", "v"));
        data.put("none", null);
        kv.put(path, data);

        KvSecret s = kv.get(path);

        assertThat(s.data().get("flag")).isEqualTo(true);
        assertThat(s.data().get("list")).isEqualTo(List.of("a", "b"));
        assertThat(s.data().get("nested")).isEqualTo(Map.of("k", "v"));
        assertThat(s.data()).containsKey("none");
        assertThat(s.string("flag")).isEqualTo("true");
        assertThat(s.string("missing")).isNull();
        assertThat(s.toString()).isEqualTo("KvSecret");
        assertThatThrownBy(() -> s.data().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    record Db(String user, int port) {
    }

    @Test
    void dataAsShouldMapOntoARecord() {
        String path = TestClients.name("mapped");
        kv.put(path, Map.of("user", "app", "port", 5432, "extra", "ignored"));

        assertThat(kv.get(path).dataAs(Db.class)).isEqualTo(new Db("app", 5432));
        assertThatThrownBy(() -> kv.get(path).dataAs(Integer.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("5432");
    }

    @Test
    void getOfAMissingPathShouldRaiseNotFoundAndFindShouldBeEmpty() {
        String path = TestClients.name("missing");

        assertThatThrownBy(() -> kv.get(path))
                .isExactlyInstanceOf(VaultException.NotFound.class)
                .hasMessageContaining("GET secret/data/" + path).hasMessageContaining("404");
        assertThat(kv.find(path)).isEmpty();
        assertThatThrownBy(() -> kv.get(TestClients.name("never"), 3)).isInstanceOf(VaultException.NotFound.class);
    }

    @Test
    void putWithCasShouldWriteOnlyOverTheExpectedVersion() {
        String path = TestClients.name("cas");
        assertThat(kv.put(path, Map.of("v", "1"), 0)).isEqualTo(1);

        assertThatThrownBy(() -> kv.put(path, Map.of("v", "x"), 0))
                .isInstanceOf(VaultException.CasMismatch.class).hasMessageContaining("check-and-set");
        assertThat(kv.put(path, Map.of("v", "2"), 1)).isEqualTo(2);
        assertThatThrownBy(() -> kv.put(path, Map.of("v", "x"), 1)).isInstanceOf(VaultException.CasMismatch.class);
        assertThat(kv.get(path).string("v")).isEqualTo("2");
        assertThatThrownBy(() -> kv.put(path, Map.of(), -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void putShouldRaiseCasMismatchWhenTheKeyRequiresCas() {
        String path = TestClients.name("casreq");
        kv.writeMetadata(path, KvMetadataOptions.builder().casRequired(true).build());

        assertThatThrownBy(() -> kv.put(path, Map.of("a", "b"))).isInstanceOf(VaultException.CasMismatch.class);
        assertThat(kv.put(path, Map.of("a", "b"), 0)).isEqualTo(1);
    }

    @Test
    void patchShouldMergeIntoTheLatestVersion() {
        String path = TestClients.name("patch");
        kv.put(path, Map.of("keep", "k", "change", "old", "drop", "d", "obj", Map.of("a", 1, "b", 2)));
        Map<String, Object> patch = new LinkedHashMap<>();
        patch.put("change", "new");
        patch.put("drop", null);
        patch.put("obj", Map.of("b", 3));

        assertThat(kv.patch(path, patch)).isEqualTo(2);

        assertThat(kv.get(path).data()).isEqualTo(Map.of("keep", "k", "change", "new", "obj", Map.of("a", 1, "b", 3)));
    }

    @Test
    void patchOfAMissingOrDeletedSecretShouldRaiseNotFound() {
        assertThatThrownBy(() -> kv.patch(TestClients.name("nopatch"), Map.of("a", "b"))).isInstanceOf(VaultException.NotFound.class);
        String path = TestClients.name("delpatch");
        kv.put(path, Map.of("a", "b"));
        kv.delete(path);

        assertThatThrownBy(() -> kv.patch(path, Map.of("a", "c")))
                .isInstanceOfSatisfying(SecretNotFound.class, e -> assertThat(e.metadata().version()).isEqualTo(1));
    }

    @Test
    void deleteShouldSoftDeleteTheLatestVersionAndGetShouldRaiseSecretNotFoundWithMetadata() {
        String path = TestClients.name("del");
        kv.put(path, Map.of("a", "1"));
        kv.put(path, Map.of("a", "2"));

        kv.delete(path);

        assertThatThrownBy(() -> kv.get(path)).isInstanceOfSatisfying(SecretNotFound.class, e -> {
            assertThat(e.metadata().version()).isEqualTo(2);
            assertThat(e.metadata().deletionTime()).isNotNull();
            assertThat(e.metadata().deleted()).isTrue();
            assertThat(e.destroyed()).isFalse();
            assertThat(e.status()).isEqualTo(404);
            assertThat(e).hasMessageContaining("version 2 is deleted");
        });
        assertThat(kv.find(path)).isEmpty();
        assertThat(kv.get(path, 1).string("a")).isEqualTo("1");
    }

    @Test
    void deleteUndeleteAndDestroyShouldActOnTheGivenVersions() {
        String path = TestClients.name("versions");
        kv.put(path, Map.of("a", "1"));
        kv.put(path, Map.of("a", "2"));
        kv.put(path, Map.of("a", "3"));

        kv.deleteVersions(path, 1, 2);
        assertThatThrownBy(() -> kv.get(path, 1)).isInstanceOf(SecretNotFound.class);
        assertThatThrownBy(() -> kv.get(path, 2)).isInstanceOf(SecretNotFound.class);

        kv.undelete(path, 2);
        assertThat(kv.get(path, 2).string("a")).isEqualTo("2");

        kv.destroy(path, 3);
        assertThatThrownBy(() -> kv.get(path)).isInstanceOfSatisfying(SecretNotFound.class, e -> {
            assertThat(e.destroyed()).isTrue();
            assertThat(e.metadata().version()).isEqualTo(3);
            assertThat(e).hasMessageContaining("destroyed");
        });
        assertThatThrownBy(() -> kv.deleteVersions(path)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
        assertThatThrownBy(() -> kv.destroy(path, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void metadataShouldDescribeTheKeyAndEveryVersion() {
        String path = TestClients.name("meta");
        kv.put(path, Map.of("a", "1"));
        kv.put(path, Map.of("a", "2"));
        kv.deleteVersions(path, 1);
        kv.writeMetadata(path, KvMetadataOptions.builder().maxVersions(7).deleteVersionAfter(Duration.ofHours(2))
                .customMetadata(Map.of("owner", "billing")).build());

        KvMetadata m = kv.metadata(path);

        assertThat(m.currentVersion()).isEqualTo(2);
        assertThat(m.oldestVersion()).isLessThanOrEqualTo(1);
        assertThat(m.maxVersions()).isEqualTo(7);
        assertThat(m.casRequired()).isFalse();
        assertThat(m.deleteVersionAfter()).isEqualTo(Duration.ofHours(2));
        assertThat(m.customMetadata()).isEqualTo(Map.of("owner", "billing"));
        assertThat(m.createdTime()).isNotNull();
        assertThat(m.updatedTime()).isNotNull();
        assertThat(m.versions()).containsOnlyKeys(1L, 2L);
        assertThat(m.versions().get(1L).deletionTime()).isNotNull();
        assertThat(m.versions().get(2L).deletionTime()).isNull();
        assertThat(kv.get(path).metadata().orElseThrow().customMetadata()).containsEntry("owner", "billing");
    }

    @Test
    void patchMetadataShouldChangeOnlyWhatIsSet() {
        String path = TestClients.name("metapatch");
        kv.put(path, Map.of("a", "1"));
        kv.writeMetadata(path, KvMetadataOptions.builder().maxVersions(4).customMetadata(Map.of("owner", "a", "team", "t")).build());
        Map<String, String> custom = new LinkedHashMap<>();
        custom.put("owner", "b");
        custom.put("team", null);

        kv.patchMetadata(path, KvMetadataOptions.builder().customMetadata(custom).build());

        KvMetadata m = kv.metadata(path);
        assertThat(m.maxVersions()).isEqualTo(4);
        assertThat(m.customMetadata()).isEqualTo(Map.of("owner", "b"));
        assertThatThrownBy(() -> KvMetadataOptions.builder().build()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void deleteMetadataShouldRemoveTheKeyAndAllVersions() {
        String path = TestClients.name("gone");
        kv.put(path, Map.of("a", "1"));

        kv.deleteMetadata(path);

        assertThatThrownBy(() -> kv.metadata(path)).isInstanceOf(VaultException.NotFound.class);
        assertThatThrownBy(() -> kv.get(path)).isExactlyInstanceOf(VaultException.NotFound.class);
    }

    @Test
    void listShouldShowKeysAndFoldersBelowAPathAndBeEmptyWhenThereAreNone() {
        String root = TestClients.name("tree");
        kv.put(root + "/a", Map.of("x", "1"));
        kv.put(root + "/b", Map.of("x", "1"));
        kv.put(root + "/sub/c", Map.of("x", "1"));

        assertThat(kv.list(root)).containsExactlyInAnyOrder("a", "b", "sub/");
        assertThat(kv.list(root + "/")).containsExactlyInAnyOrder("a", "b", "sub/");
        assertThat(kv.list(root + "/sub")).containsExactly("c");
        assertThat(kv.list("")).contains(root + "/");
        assertThat(kv.list(TestClients.name("empty"))).isEmpty();
    }

    @Test
    void subkeysShouldShowTheStructureWithoutValues() {
        String path = TestClients.name("sub");
        kv.put(path, Map.of("user", "u", "conn", Map.of("host", "h", "tls", Map.of("ca", "pem"))));

        Map<String, Object> all = kv.subkeys(path);
        Map<String, Object> shallow = kv.subkeys(path, 1);

        assertThat(all).containsKeys("user", "conn");
        assertThat(all.get("user")).isNull();
        assertThat(all.get("conn")).isInstanceOfSatisfying(Map.class, conn -> assertThat(conn).containsKeys("host", "tls").containsEntry("host", null));
        assertThat(shallow.get("conn")).isNull();
        assertThatThrownBy(() -> kv.subkeys(path, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pathsShouldBeNormalizedAndEncoded() {
        String dir = TestClients.name("enc");
        kv.put("/" + dir + "/with space/ünï+ç@de/", Map.of("a", "1"));

        assertThat(kv.get(dir + "/with space/ünï+ç@de").string("a")).isEqualTo("1");
        assertThat(kv.list(dir)).containsExactly("with space/");
        assertThatThrownBy(() -> kv.get("")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> kv.get("a/../b")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("..");
        assertThatThrownBy(() -> kv.get("a?b")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'?'");
        assertThatThrownBy(() -> kv.get("x", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void kvOnANestedMountShouldBuildPathsBelowIt() {
        String mount = "team/" + TestClients.name("nested");
        client.sys().enableMount(mount, org.flowvault.vault.client.sys.SysOperations.MountRequest.of("kv-v2"));

        KvOperations nested = client.kv(mount);
        nested.put("app/db", Map.of("p", "w"));

        assertThat(nested).isInstanceOf(KvV2Operations.class);
        assertThat(nested.mount()).isEqualTo(mount);
        assertThat(nested.get("app/db").string("p")).isEqualTo("w");
        assertThat(client.logical().read(mount + "/data/app/db").data()).containsKey("data");
        assertThat(nested.list("")).containsExactly("app/");
        assertThat(nested.toString()).contains(mount);
    }
}
