package org.flowvault.vault.server.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.api.Auth;
import io.github.jopenlibs.vault.api.WriteOptions;
import io.github.jopenlibs.vault.api.sys.mounts.MountPayload;
import io.github.jopenlibs.vault.api.sys.mounts.MountType;
import io.github.jopenlibs.vault.json.Json;
import io.github.jopenlibs.vault.response.AuthResponse;
import io.github.jopenlibs.vault.response.LogicalResponse;
import io.github.jopenlibs.vault.response.LookupResponse;
import java.nio.charset.StandardCharsets;
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

/**
 * The jopenlibs vault-java-driver 6.2 against a dev server: logical read/write/list/delete on KV v1
 * and KV v2 (engine version per {@link Vault} instance, and a nested mount through
 * {@code prefixPathDepth}), version operations and CAS, mounts, AppRole and userpass logins, and
 * token lookup-self / renew-self / revoke-self. The driver returns 4xx answers as responses rather
 * than throwing, so checks read the status.
 */
@DisplayName("vault-java-driver")
@ExtendWith(CheckTally.class)
class VaultJavaDriverCompatibilityTest {
    private static TestVault vault;
    /** Root, paths as given (KV v1 semantics): sys, auth and v1 mounts. */
    private static Vault v1;
    /** Root, KV v2 semantics: "secret/x" becomes "secret/data/x". */
    private static Vault v2;

    @BeforeAll
    static void start() throws VaultException {
        vault = TestVault.dev();
        v1 = driver(vault.rootToken(), 1, 1);
        v2 = driver(vault.rootToken(), 2, 1);
    }

    @AfterAll
    static void stop() {
        vault.close();
    }

    private static Vault driver(String token, int engineVersion, int prefixPathDepth) throws VaultException {
        VaultConfig config = new VaultConfig().address(vault.address()).openTimeout(5).readTimeout(30)
                .prefixPathDepth(prefixPathDepth);
        if (token != null) {
            config.token(token);
        }
        return Vault.create(config.build(), engineVersion);
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static int status(LogicalResponse r) {
        return r.getRestResponse().getStatus();
    }

    private static String body(LogicalResponse r) {
        return new String(r.getRestResponse().getBody(), StandardCharsets.UTF_8);
    }

    /** Asserts a 2xx answer, showing the body otherwise. */
    private static LogicalResponse ok(LogicalResponse r) {
        assertThat(status(r)).as("HTTP status; body: %s", body(r)).isBetween(200, 299);
        return r;
    }

    private static String mountKv1() throws VaultException {
        String path = unique("kv1");
        ok(v1.logical().write("sys/mounts/" + path, Map.of("type", "kv", "options",
                Json.object().add("version", "1"))));
        return path;
    }

    // --- KV v1 -------------------------------------------------------------------------------------

    @Test
    void kvV1WriteThenReadReturnsTheData() throws VaultException {
        String kv = mountKv1();
        ok(v1.logical().write(kv + "/app/db", Map.of("user", "app", "port", 5432, "tls", true)));

        LogicalResponse r = ok(v1.logical().read(kv + "/app/db"));

        assertThat(r.getData()).containsExactlyInAnyOrderEntriesOf(Map.of("user", "app", "port", "5432", "tls", "true"));
    }

    @Test
    void kvV1ListReturnsKeysAndSubFolders() throws VaultException {
        String kv = mountKv1();
        ok(v1.logical().write(kv + "/team/db", Map.of("a", "b")));
        ok(v1.logical().write(kv + "/team/sub/x", Map.of("a", "b")));

        assertThat(ok(v1.logical().list(kv + "/team")).getListData()).containsExactlyInAnyOrder("db", "sub/");
    }

    @Test
    void kvV1DeleteRemovesTheSecretAndReadThenAnswers404() throws VaultException {
        String kv = mountKv1();
        ok(v1.logical().write(kv + "/gone", Map.of("a", "b")));

        v1.logical().delete(kv + "/gone");

        assertThat(status(v1.logical().read(kv + "/gone"))).isEqualTo(404);
    }

    // --- KV v2 -------------------------------------------------------------------------------------

    @Test
    void kvV2WriteThenReadReturnsDataAndVersion() throws VaultException {
        String path = "secret/" + unique("jd") + "/app";

        LogicalResponse written = ok(v2.logical().write(path, Map.of("user", "app", "port", 5432)));
        LogicalResponse read = ok(v2.logical().read(path));

        // The driver maps a write's "data" (the new version's metadata) into getData().
        assertThat(written.getData()).containsEntry("version", "1").containsEntry("destroyed", "false");
        assertThat(read.getData()).containsExactlyInAnyOrderEntriesOf(Map.of("user", "app", "port", "5432"));
        assertThat(read.getDataMetadata().getVersion()).isEqualTo(1L);
    }

    @Test
    void kvV2ReadOfAnOlderVersionReturnsThatVersion() throws VaultException {
        String path = "secret/" + unique("jd");
        ok(v2.logical().write(path, Map.of("n", "1")));
        ok(v2.logical().write(path, Map.of("n", "2")));

        assertThat(ok(v2.logical().read(path)).getData()).containsEntry("n", "2");
        assertThat(ok(v2.logical().read(path, false, 1)).getData()).containsEntry("n", "1");
    }

    @Test
    void kvV2CheckAndSetAcceptsTheCurrentVersionAndRejectsAStaleOne() throws VaultException {
        String path = "secret/" + unique("jd");
        ok(v2.logical().write(path, Map.of("n", "1")));

        LogicalResponse matching = v2.logical().write(path, Map.of("n", "2"), null, new WriteOptions().checkAndSet(1L).build());
        LogicalResponse stale = v2.logical().write(path, Map.of("n", "x"), null, new WriteOptions().checkAndSet(1L).build());

        assertThat(ok(matching).getData()).containsEntry("version", "2");
        assertThat(status(stale)).as(body(stale)).isEqualTo(400);
        assertThat(body(stale)).contains("check-and-set");
    }

    @Test
    void kvV2ListReturnsKeysUnderAFolder() throws VaultException {
        String folder = "secret/" + unique("jd");
        ok(v2.logical().write(folder + "/a", Map.of("k", "v")));
        ok(v2.logical().write(folder + "/sub/b", Map.of("k", "v")));

        assertThat(ok(v2.logical().list(folder)).getListData()).containsExactlyInAnyOrder("a", "sub/");
    }

    @Test
    void kvV2ListOfTheMountRootReturnsTheTopLevelKeys() throws VaultException {
        String mount = unique("kvroot");
        v1.mounts().enable(mount, MountType.KEY_VALUE_V2, new MountPayload());
        ok(v2.logical().write(mount + "/top", Map.of("k", "v")));
        ok(v2.logical().write(mount + "/dir/x", Map.of("k", "v")));

        // The driver sends GET <mount>/metadata?list=true: no trailing slash, which Vault adds itself.
        LogicalResponse r = v2.logical().list(mount);

        assertThat(ok(r).getListData()).containsExactlyInAnyOrder("top", "dir/");
    }

    @Test
    void kvV2DeleteOfAVersionHidesItAndUndeleteRestoresIt() throws VaultException {
        String path = "secret/" + unique("jd");
        ok(v2.logical().write(path, Map.of("n", "1")));
        ok(v2.logical().write(path, Map.of("n", "2")));

        v2.logical().delete(path, new int[] {2});
        assertThat(status(v2.logical().read(path))).as("latest (deleted) version").isEqualTo(404);
        assertThat(ok(v2.logical().read(path, false, 1)).getData()).containsEntry("n", "1");

        v2.logical().unDelete(path, new int[] {2});
        assertThat(ok(v2.logical().read(path)).getData()).containsEntry("n", "2");
    }

    @Test
    void kvV2DestroyRemovesAVersionForGood() throws VaultException {
        String path = "secret/" + unique("jd");
        ok(v2.logical().write(path, Map.of("n", "1")));
        ok(v2.logical().write(path, Map.of("n", "2")));

        v2.logical().destroy(path, new int[] {1});
        v2.logical().unDelete(path, new int[] {1});

        assertThat(status(v2.logical().read(path, false, 1))).isEqualTo(404);
        assertThat(ok(v2.logical().read(path)).getData()).containsEntry("n", "2");
    }

    @Test
    void kvV2DeleteRemovesTheKeyWithAllItsVersions() throws VaultException {
        String folder = "secret/" + unique("jd");
        ok(v2.logical().write(folder + "/x", Map.of("n", "1")));
        ok(v2.logical().write(folder + "/x", Map.of("n", "2")));

        v2.logical().delete(folder + "/x");

        assertThat(status(v2.logical().read(folder + "/x"))).isEqualTo(404);
        assertThat(status(v2.logical().read(folder + "/x", false, 1))).isEqualTo(404);
        assertThat(v2.logical().list(folder).getListData()).isEmpty();
    }

    @Test
    void kvV2OnANestedMountWorksThroughPrefixPathDepth() throws VaultException {
        String mount = "team/" + unique("kv");
        v1.mounts().enable(mount, MountType.KEY_VALUE_V2, new MountPayload().description("nested kv-v2"));
        Vault nested = driver(vault.rootToken(), 2, 2);

        ok(nested.logical().write(mount + "/dir/app", Map.of("k", "v")));

        assertThat(ok(nested.logical().read(mount + "/dir/app")).getData()).containsEntry("k", "v");
        assertThat(ok(nested.logical().list(mount + "/dir")).getListData()).containsExactly("app");
        // What the driver did on the wire: the version-2 data path under the two-segment mount.
        assertThat(ok(v1.logical().read(mount + "/data/dir/app")).getDataObject().get("data").asObject().get("k").asString())
                .isEqualTo("v");
    }

    @Test
    void upgradeTurnsAKvV1MountIntoKvV2KeepingItsData() throws VaultException {
        String kv = mountKv1();
        ok(v1.logical().write(kv + "/app", Map.of("k", "v")));

        // The driver tunes options.version=2 and insists on a 200 (Vault answers with a warning).
        LogicalResponse upgraded = v1.logical().upgrade(kv);

        assertThat(body(upgraded)).contains("Upgrading mount from version 1 to version 2");
        // Vault upgrades in the background and answers 400 meanwhile; allow it a moment.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            LogicalResponse read = ok(v2.logical().read(kv + "/app"));
            assertThat(read.getData()).containsEntry("k", "v");
            assertThat(read.getDataMetadata().getVersion()).isEqualTo(1L);
        });
        assertThat(v1.getSecretEngineVersions()).containsEntry(kv + "/", "2");
    }

    @Test
    void secretEngineVersionsAreReadFromTheMountTable() throws VaultException {
        String kv1 = mountKv1();
        String kv2 = unique("kvv2");
        v1.mounts().enable(kv2, MountType.KEY_VALUE_V2, new MountPayload());

        Map<String, String> versions = v1.getSecretEngineVersions();

        assertThat(versions).containsEntry("secret/", "2").containsEntry(kv1 + "/", "1").containsEntry(kv2 + "/", "2");
    }

    @Test
    void mountsEnableListsTheEngineAndDisableRemovesIt() throws VaultException {
        String path = unique("engine");

        v1.mounts().enable(path, MountType.KEY_VALUE, new MountPayload().description("driver engine"));

        assertThat(v1.mounts().list().getMounts()).containsKey(path + "/");
        assertThat(v1.mounts().list().getMounts().get(path + "/").getDescription()).isEqualTo("driver engine");
        v1.mounts().disable(path);
        assertThat(v1.mounts().list().getMounts()).doesNotContainKey(path + "/");
    }

    // --- logins ------------------------------------------------------------------------------------

    private static String appRole(String policy) throws VaultException {
        String mount = unique("approle");
        ok(v1.logical().write("sys/auth/" + mount, Map.of("type", "approle")));
        ok(v1.logical().write("auth/" + mount + "/role/app", Map.of("token_policies", policy, "token_ttl", "20m")));
        return mount;
    }

    @Test
    void appRoleLoginReturnsATokenWithTheRolePolicies() throws VaultException {
        String mount = appRole("default");
        String roleId = ok(v1.logical().read("auth/" + mount + "/role/app/role-id")).getData().get("role_id");
        String secretId = ok(v1.logical().write("auth/" + mount + "/role/app/secret-id", null)).getData().get("secret_id");

        AuthResponse login = driver(null, 1, 1).auth().loginByAppRole(mount, roleId, secretId);

        assertThat(login.getAuthClientToken()).isNotBlank();
        assertThat(login.getAuthPolicies()).containsExactly("default");
        assertThat(login.getAuthLeaseDuration()).isEqualTo(1200);
        assertThat(login.isAuthRenewable()).isTrue();
        assertThat(login.getTokenAccessor()).isNotBlank();
        LookupResponse self = driver(login.getAuthClientToken(), 1, 1).auth().lookupSelf();
        assertThat(self.getId()).isEqualTo(login.getAuthClientToken());
        assertThat(self.getPath()).isEqualTo("auth/" + mount + "/login");
    }

    @Test
    void appRoleLoginWithAWrongSecretIdIsRefused() throws VaultException {
        String mount = appRole("default");
        String roleId = ok(v1.logical().read("auth/" + mount + "/role/app/role-id")).getData().get("role_id");

        assertThatThrownBy(() -> driver(null, 1, 1).auth().loginByAppRole(mount, roleId, UUID.randomUUID().toString()))
                .isInstanceOf(VaultException.class)
                .satisfies(e -> assertThat(((VaultException) e).getHttpStatusCode()).isEqualTo(400));
    }

    @Test
    void userpassLoginReturnsATokenForTheUser() throws VaultException {
        String mount = unique("userpass");
        ok(v1.logical().write("sys/auth/" + mount, Map.of("type", "userpass")));
        ok(v1.logical().write("auth/" + mount + "/users/alice", Map.of("password", "correct horse", "token_policies", "default")));

        AuthResponse login = driver(null, 1, 1).auth().loginByUserPass("alice", "correct horse", mount);

        assertThat(login.getAuthClientToken()).isNotBlank();
        assertThat(login.getUsername()).isEqualTo("alice");
        assertThat(login.getAuthPolicies()).containsExactly("default");
        assertThatThrownBy(() -> driver(null, 1, 1).auth().loginByUserPass("alice", "wrong", mount))
                .isInstanceOf(VaultException.class)
                .satisfies(e -> assertThat(((VaultException) e).getHttpStatusCode()).isEqualTo(400));
    }

    // --- token self-service ------------------------------------------------------------------------

    private static String childToken(String ttl) throws VaultException {
        return v1.auth().createToken(new Auth.TokenRequest().polices(List.of("default")).ttl(ttl).renewable(true)
                .displayName("driver")).getAuthClientToken();
    }

    @Test
    void lookupSelfDescribesTheCallingToken() throws VaultException {
        String token = childToken("1h");

        LookupResponse self = driver(token, 1, 1).auth().lookupSelf();

        assertThat(self.getId()).isEqualTo(token);
        assertThat(self.getPolicies()).containsExactly("default");
        assertThat(self.getDisplayName()).isEqualTo("token-driver");
        assertThat(self.getCreationTTL()).isEqualTo(3600);
        assertThat(self.getTTL()).isBetween(3590L, 3600L);
        assertThat(self.isRenewable()).isTrue();
        assertThat(self.isOrphan()).isFalse();
        assertThat(self.getPath()).isEqualTo("auth/token/create");
        assertThat(self.getAccessor()).isNotBlank();
    }

    @Test
    void renewSelfExtendsTheTokenToTheIncrement() throws VaultException {
        String token = childToken("10m");

        AuthResponse renewed = driver(token, 1, 1).auth().renewSelf(3600);

        assertThat(renewed.getAuthClientToken()).isEqualTo(token);
        assertThat(renewed.getAuthLeaseDuration()).isEqualTo(3600);
        assertThat(driver(token, 1, 1).auth().lookupSelf().getTTL()).isBetween(3590L, 3600L);
    }

    @Test
    void revokeSelfMakesTheTokenUnusable() throws VaultException {
        String token = childToken("10m");
        Vault self = driver(token, 1, 1);

        self.auth().revokeSelf();

        assertThatThrownBy(() -> self.auth().lookupSelf()).isInstanceOf(VaultException.class)
                .satisfies(e -> assertThat(((VaultException) e).getHttpStatusCode()).isEqualTo(403));
    }

    @Test
    void aTokenWithoutAGrantIsDeniedReadsAndWrites() throws VaultException {
        String path = "secret/" + unique("private");
        ok(v2.logical().write(path, Map.of("k", "v")));
        Vault limited = driver(childToken("10m"), 2, 1);

        assertThat(status(limited.logical().read(path))).isEqualTo(403);
        LogicalResponse write = limited.logical().write(path, Map.of("k", "x"));
        assertThat(status(write)).isEqualTo(403);
        assertThat(body(write)).contains("permission denied");
    }
}
