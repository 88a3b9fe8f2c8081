package org.flowvault.vault.client.approle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.approle.AppRoleOperations.AppRoleRole;
import org.flowvault.vault.client.approle.AppRoleOperations.GeneratedSecretId;
import org.flowvault.vault.client.approle.AppRoleOperations.SecretIdInfo;
import org.flowvault.vault.client.approle.AppRoleOperations.SecretIdRequest;
import org.flowvault.vault.client.core.TestClients;
import org.flowvault.vault.client.core.VaultClient;
import org.flowvault.vault.client.logical.VaultResponse;
import org.flowvault.vault.client.sys.SysOperations.MountRequest;
import org.flowvault.vault.server.TestVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AppRoleOperationsTest {
    static TestVault vault;
    static VaultClient client;
    static AppRoleOperations appRole;

    @BeforeAll
    static void start() {
        vault = TestVault.dev();
        client = TestClients.root(vault);
        client.sys().enableAuth("approle", MountRequest.of("approle"));
        appRole = client.appRole();
    }

    @AfterAll
    static void stop() {
        client.close();
        vault.close();
    }

    @Test
    void writeRoleShouldCreateARoleThatReadRoleAndRolesShow() {
        String name = TestClients.name("role");
        appRole.writeRole(name, AppRoleRole.builder().tokenPolicies("billing-read").tokenTtl(Duration.ofMinutes(20))
                .tokenMaxTtl(Duration.ofHours(1)).secretIdTtl(Duration.ofDays(1)).secretIdNumUses(5).tokenNumUses(3)
                .tokenType("service").tokenPeriod(Duration.ZERO).bindSecretId(true)
                .secretIdBoundCidrs(List.of("127.0.0.0/8")).tokenBoundCidrs(List.of("127.0.0.1/32")).build());

        AppRoleRole role = appRole.readRole(name).orElseThrow();

        assertThat(role.tokenPolicies()).containsExactly("billing-read");
        assertThat(role.tokenTtl()).isEqualTo(Duration.ofMinutes(20));
        assertThat(role.tokenMaxTtl()).isEqualTo(Duration.ofHours(1));
        assertThat(role.secretIdTtl()).isEqualTo(Duration.ofDays(1));
        assertThat(role.secretIdNumUses()).isEqualTo(5);
        assertThat(role.tokenNumUses()).isEqualTo(3);
        assertThat(role.tokenPeriod()).isZero();
        assertThat(role.bindSecretId()).isTrue();
        assertThat(role.tokenType()).isEqualTo("service");
        assertThat(role.secretIdBoundCidrs()).containsExactly("127.0.0.0/8");
        assertThat(role.tokenBoundCidrs()).containsExactly("127.0.0.1/32");
        assertThat(appRole.roles()).contains(name);

        appRole.writeRole(name, AppRoleRole.builder().tokenTtl(Duration.ofMinutes(5)).build());
        assertThat(appRole.readRole(name).orElseThrow().tokenPolicies()).containsExactly("billing-read");

        appRole.deleteRole(name);
        assertThat(appRole.readRole(name)).isEmpty();
        assertThat(appRole.roles()).doesNotContain(name);
    }

    @Test
    void roleIdShouldBeReadableAndSettable() {
        String name = TestClients.name("rid");
        appRole.writeRole(name, AppRoleRole.builder().tokenPolicies("default").build());

        assertThat(appRole.roleId(name)).isNotBlank();
        appRole.setRoleId(name, "my-role-id-" + name);
        assertThat(appRole.roleId(name)).isEqualTo("my-role-id-" + name);
        assertThatThrownBy(() -> appRole.roleId(TestClients.name("nope"))).isInstanceOf(VaultException.NotFound.class);
        assertThatThrownBy(() -> appRole.setRoleId(name, "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void secretIdsShouldBeGeneratedListedLookedUpAndDestroyed() {
        String name = TestClients.name("sid");
        appRole.writeRole(name, AppRoleRole.builder().tokenPolicies("default").secretIdTtl(Duration.ofHours(2)).build());

        GeneratedSecretId plain = appRole.generateSecretId(name);
        GeneratedSecretId custom = appRole.generateSecretId(name, SecretIdRequest.builder().metadata(Map.of("host", "ci-1"))
                .ttl(Duration.ofMinutes(10)).numUses(2).cidrList(List.of("127.0.0.1/32")).tokenBoundCidrs(List.of("127.0.0.1/32")).build());

        assertThat(plain.secretId()).isNotBlank();
        assertThat(plain.toString()).isEqualTo("GeneratedSecretId");
        assertThat(custom.ttl()).isEqualTo(Duration.ofMinutes(10));
        assertThat(custom.numUses()).isEqualTo(2);
        assertThat(appRole.secretIdAccessors(name)).containsExactlyInAnyOrder(plain.accessor(), custom.accessor());

        SecretIdInfo info = appRole.lookupSecretId(name, custom.secretId()).orElseThrow();
        assertThat(info.accessor()).isEqualTo(custom.accessor());
        assertThat(info.metadata()).containsEntry("host", "ci-1");
        assertThat(info.cidrList()).containsExactly("127.0.0.1/32");
        assertThat(info.tokenBoundCidrs()).containsExactly("127.0.0.1/32");
        assertThat(info.numUses()).isEqualTo(2);
        assertThat(info.ttl()).isEqualTo(Duration.ofMinutes(10));
        assertThat(info.creationTime()).isNotNull();
        assertThat(info.expirationTime()).isAfter(info.creationTime());
        assertThat(appRole.lookupSecretIdAccessor(name, plain.accessor())).hasValueSatisfying(i -> assertThat(i.accessor()).isEqualTo(plain.accessor()));

        VaultResponse login = client.logical().write("auth/approle/login", Map.of("role_id", appRole.roleId(name), "secret_id", plain.secretId()));
        assertThat(login.authToken()).isPresent();

        appRole.destroySecretId(name, plain.secretId());
        appRole.destroySecretIdAccessor(name, custom.accessor());

        assertThat(appRole.lookupSecretId(name, plain.secretId())).isEmpty();
        assertThat(appRole.lookupSecretIdAccessor(name, custom.accessor())).isEmpty();
        assertThat(appRole.secretIdAccessors(name)).isEmpty();
        assertThatThrownBy(() -> appRole.destroySecretIdAccessor(name, custom.accessor())).isInstanceOf(VaultException.class);
    }

    @Test
    void argumentsShouldBeCheckedBeforeAnyCall() {
        assertThatThrownBy(() -> appRole.readRole("a/b")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("role name");
        assertThatThrownBy(() -> appRole.lookupSecretId("r", " ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AppRoleRole.builder().tokenType("x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AppRoleRole.builder().secretIdNumUses(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SecretIdRequest.builder().numUses(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(AppRoleRole.builder().build().bindSecretId()).isTrue();
        assertThat(client.appRole("other-mount").toString()).contains("auth/other-mount");
        assertThat(client.appRole("other-mount").roles()).isEmpty();
    }
}
