package org.flowvault.platform.resolution;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.flowvault.platform.connection.Connection;
import org.flowvault.platform.vaultconfig.VaultConfiguration;
import org.flowvault.platform.vaultconfig.VaultConfiguration.AuthMethod;
import org.flowvault.platform.vaultconfig.VaultConfiguration.KvVersionSetting;
import org.flowvault.vault.client.core.VaultClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResolverTest {
    private final Harness h = new Harness();

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void overridesBeatVaultSecretsWhichBeatTheValueAndLaterPathsBeatEarlierOnes() {
        h.vault.root.kv("secret").put("first", Map.of("port", 1522, "user", "u1", "shared", "from-first"));
        h.vault.root.kv("secret").put("second", Map.of("shared", "from-second"));
        Connection c = h.connection("host: db1\nport: 1521\nuser: value-user\n", "secret/data/first", "secret/data/second");

        Resolution r = h.resolver.resolve(c, h.alice, Map.of("user", "override-user"));

        assertThat(r.inputs()).containsExactly(Map.entry("host", "db1"), Map.entry("port", 1522), Map.entry("user", "override-user"),
                Map.entry("shared", "from-second"));
        assertThat(r.sources().get("host").kind()).isEqualTo(Source.Kind.VALUE);
        assertThat(r.sources().get("port")).isEqualTo(new Source(Source.Kind.VAULT, List.of(new Source.SecretOrigin(h.main.name(), "secret/data/first"))));
        assertThat(r.sources().get("shared").origins()).containsExactly(new Source.SecretOrigin(h.main.name(), "secret/data/second"));
        assertThat(r.sources().get("user").kind()).isEqualTo(Source.Kind.OVERRIDE);
        assertThat(r.secretValues()).contains("u1", "from-first", "from-second", "1522");
        assertThat(r.stale()).isFalse();
    }

    @Test
    void aWholeReferenceKeepsTheSecretsTypeAndAnEmbeddedOneIsStringified() {
        h.vault.root.kv("secret").put("db", Map.of("port", 5432, "tls", true, "opts", Map.of("ssl", "on"), "pw", "p@ss"));
        Connection c = h.connection("""
                db_port: vault.secret(port)
                use_tls: vault.secret(tls)
                options: vault.secret(opts)
                url: "postgres://app:vault.secret(pw)@db:vault.secret(port)/x"
                nested:
                  - plain
                  - vault.secret(pw)
                literal: \\vault.secret(pw)
                """, "secret/data/db");

        Map<String, Object> in = h.resolver.resolve(c, h.alice, null).inputs();

        assertThat(in.get("db_port")).isEqualTo(5432);
        assertThat(in.get("use_tls")).isEqualTo(true);
        assertThat(in.get("options")).isEqualTo(Map.of("ssl", "on"));
        assertThat(in.get("url")).isEqualTo("postgres://app:p@ss@db:5432/x");
        assertThat(in.get("nested")).isEqualTo(List.of("plain", "p@ss"));
        assertThat(in.get("literal")).isEqualTo("vault.secret(pw)");
    }

    @Test
    void allThreeReferenceFormsResolve() {
        VaultConfiguration other = h.add(VaultFixture.config(VaultFixture.random("other"), h.vault.url(), AuthMethod.SHARED_TOKEN,
                Duration.ofHours(1), false));
        h.vault.root.kv("secret").put("oracle", Map.of("user", "my-user", "password", "my-secret-password"));
        h.vault.root.kv("secret").put("mysec", Map.of("api_key", "supersecret"));
        Connection c = h.connection("""
                user: vault.secret(user)
                pw: vault.secret(%s:secret/data/oracle.password)
                pw_default: vault.secret(:secret/oracle.password)
                api_key: vault://secret/data/mysec/api_key
                api_key_other: vault://%s:secret/mysec/api_key
                """.formatted(other.name(), other.name()), "secret/data/oracle");

        Resolution r = h.resolver.resolve(c, h.alice, Map.of());

        assertThat(r.inputs()).containsEntry("user", "my-user").containsEntry("pw", "my-secret-password")
                .containsEntry("pw_default", "my-secret-password").containsEntry("api_key", "supersecret")
                .containsEntry("api_key_other", "supersecret");
        assertThat(r.sources().get("pw").kind()).isEqualTo(Source.Kind.REFERENCE);
        assertThat(r.sources().get("pw").origins()).containsExactly(new Source.SecretOrigin(other.name(), "secret/data/oracle"));
        assertThat(r.sources().get("api_key").origins()).containsExactly(new Source.SecretOrigin(h.main.name(), "secret/data/mysec"));
    }

    @Test
    void logicalAndApiPathsReadTheSameSecretOnce() {
        h.vault.root.kv("secret").put("same", Map.of("k", "v"));
        Connection c = h.connection("a: vault.secret(:secret/same.k)\nb: vault://secret/data/same/k\n", "secret/data/same");

        Resolution r = h.resolver.resolve(c, h.alice, null);

        assertThat(r.inputs()).containsEntry("a", "v").containsEntry("b", "v").containsEntry("k", "v");
        assertThat(h.vault.reads("secret/data/same")).isEqualTo(1);
    }

    @Test
    void nestedMountsAreFoundFromVault() {
        h.vault.mount("team/kv", "kv", "2");
        h.vault.root.kv("team/kv").put("app/db", Map.of("password", "nested-pw"));
        Connection c = h.connection("pw: vault.secret(password)", "team/kv/data/app/db");

        assertThat(h.resolver.resolve(c, h.alice, null).inputs()).containsEntry("pw", "nested-pw");
        assertThat(h.vault.reads("team/kv/data/app/db")).isEqualTo(1);
    }

    @Test
    void kvVersionOneMountsAreReadWithoutData() {
        h.vault.mount("kv1", "kv", "1");
        h.vault.root.kv("kv1").put("app", Map.of("token", "v1-token"));
        Connection c = h.connection("t: vault://kv1/app/token", "kv1/app");

        assertThat(h.resolver.resolve(c, h.alice, null).inputs()).containsEntry("t", "v1-token").containsEntry("token", "v1-token");
        assertThat(h.vault.reads("kv1/app")).isEqualTo(1);
    }

    @Test
    void aConfigurationsNamespaceIsUsed() {
        String ns = VaultFixture.random("ns");
        assertThat(h.vault.vault.call("POST", "sys/namespaces/" + ns, h.vault.vault.rootToken(), Map.of()).status()).isEqualTo(200);
        VaultClient inNs = h.vault.root.withNamespace(ns);
        inNs.sys().enableMount("secret", org.flowvault.vault.client.sys.SysOperations.MountRequest.of("kv-v2"));
        inNs.kv("secret").put("app", Map.of("k", "in-namespace"));
        h.vault.root.kv("secret").put("app", Map.of("k", "in-root"));
        VaultConfiguration nsConfig = h.add(VaultFixture.configuration(VaultFixture.random("ns"), h.vault.url(), AuthMethod.SHARED_TOKEN,
                Duration.ofHours(1), false, ns, "secret", KvVersionSetting.AUTO));
        Connection c = h.connection("", nsConfig.name() + ":secret/app");

        assertThat(h.resolver.resolve(c, h.alice, null).inputs()).containsEntry("k", "in-namespace");
        assertThat(h.vault.reads(ns + "/secret/data/app")).isEqualTo(1);
    }

    @Test
    void whenMountLookupIsDeniedTheConfigurationsMountAndVersionAreUsed() {
        h.vault.mount("legacy", "kv", "1");
        h.vault.root.kv("legacy").put("app", Map.of("k", "legacy-value"));
        String token = h.vault.token("path \"legacy/*\" { capabilities = [\"read\"] }\n"
                + "path \"sys/internal/ui/mounts/*\" { capabilities = [\"deny\"] }");
        VaultConfiguration cfg = h.add(VaultFixture.configuration(VaultFixture.random("legacy"), h.vault.url(), AuthMethod.USER_TOKEN,
                Duration.ofHours(1), false, null, "legacy", KvVersionSetting.V1));
        h.access.registerToken(cfg, h.alice, token);
        Connection c = h.connection("", cfg.name() + ":app");

        assertThat(h.resolver.resolve(c, h.alice, null).inputs()).containsEntry("k", "legacy-value");
    }

    @Test
    void distinctPathsAreEachReadOnceEvenWhenNamedManyTimes() {
        for (int i = 0; i < 6; i++) {
            h.vault.root.kv("secret").put("p" + i, Map.of("k" + i, "v" + i));
        }
        Connection c = h.connection("""
                a: vault.secret(k0)
                b: vault.secret(:secret/data/p4.k4)
                c: vault://secret/data/p5/k5
                d: vault.secret(:secret/data/p5.k5)
                """, "secret/data/p0", "secret/data/p1", "secret/data/p2", "secret/data/p3", "secret/data/p1");

        Resolution r = h.resolver.resolve(c, h.alice, null);

        assertThat(r.inputs()).containsEntry("a", "v0").containsEntry("b", "v4").containsEntry("c", "v5").containsEntry("k3", "v3");
        for (int i = 0; i < 6; i++) {
            assertThat(h.vault.reads("secret/data/p" + i)).as("reads of p" + i).isEqualTo(1);
        }
        assertThat(h.vault.mountLookups("secret/data/")).as("one lookup serves every path below the mount").isEqualTo(1);
    }

    @Test
    void previewShowsWhereEachKeyComesFromWithVaultValuesMasked() {
        h.vault.root.kv("secret").put("pv", Map.of("password", "pv-secret", "user", "pv-user"));
        Connection c = h.connection("host: db1\nlogin: vault.secret(user)\n", "secret/data/pv");

        Preview p = h.resolver.preview(c, h.alice, Map.of("port", 1, "copy", "pv-secret"));

        assertThat(p.fields()).extracting(Preview.Field::key).containsExactlyInAnyOrder("host", "login", "password", "user", "port", "copy");
        assertThat(p.fields()).filteredOn(f -> !f.key().equals("host") && !f.key().equals("port"))
                .allSatisfy(f -> assertThat(f.value()).isEqualTo(Preview.MASK));
        assertThat(p.fields().get(0).value()).isEqualTo("db1");
        assertThat(p.fields().get(1).source().kind()).isEqualTo(Source.Kind.REFERENCE);
        assertThat(p.toString()).doesNotContain("pv-secret", "pv-user");
    }
}
