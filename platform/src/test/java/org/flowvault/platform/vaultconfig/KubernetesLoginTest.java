package org.flowvault.platform.vaultconfig;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.flowvault.platform.db.Database;
import org.flowvault.platform.identity.Caller;
import org.flowvault.platform.vaultconfig.ConnectionReport.Outcome;
import org.flowvault.platform.vaultconfig.VaultConfiguration.AuthMethod;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A KUBERNETES configuration through the embedded Vault-API server, whose kubernetes mount (in
 * "ns-auth") reviews service-account JWTs with a TokenReview endpoint this test serves over HTTPS:
 * the configuration reads secrets in "ns-auth/ns-data", and a JWT file replaced on disk (as the
 * kubelet rotates projected tokens) is the one sent at the next login.
 */
class KubernetesLoginTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** The TokenReview API of a cluster: accepts the registered tokens for service account prod/app, records what it reviewed. */
    private static final class Cluster implements AutoCloseable {
        final Set<String> accepted = ConcurrentHashMap.newKeySet();
        final List<String> reviewed = new CopyOnWriteArrayList<>();
        final TestCertificates.Pair cert = TestCertificates.create("kubernetes");
        final HttpsServer server;

        Cluster() throws Exception {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("k", cert.key(), "pw".toCharArray(), new Certificate[] {cert.certificate()});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, "pw".toCharArray());
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(kmf.getKeyManagers(), null, null);
            server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(tls));
            server.createContext("/apis/authentication.k8s.io/v1/tokenreviews", exchange -> {
                JsonNode body = JSON.readTree(exchange.getRequestBody());
                String token = body.at("/spec/token").asText();
                reviewed.add(token);
                Map<String, Object> status = accepted.contains(token)
                        ? Map.of("authenticated", true, "user", Map.of("username", "system:serviceaccount:prod:app", "uid", "uid-1"))
                        : Map.of("authenticated", false, "error", "invalid bearer token");
                byte[] out = JSON.writeValueAsBytes(Map.of("apiVersion", "authentication.k8s.io/v1", "kind", "TokenReview",
                        "status", status));
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(201, out.length);
                exchange.getResponseBody().write(out);
                exchange.close();
            });
            server.start();
        }

        String host() {
            return "https://127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** A projected service-account token for prod/app that the cluster accepts. */
    private static String serviceAccountJwt(TestJwts issuer, Cluster cluster, Instant now) {
        String jwt = issuer.sign(Map.of("aud", List.of("https://kubernetes.default.svc"), "iss", "https://kubernetes.default.svc",
                "iat", now.getEpochSecond(), "exp", now.getEpochSecond() + 3600, "sub", "system:serviceaccount:prod:app",
                "jti", java.util.UUID.randomUUID().toString(),
                "kubernetes.io", Map.of("namespace", "prod", "serviceaccount", Map.of("name", "app", "uid", "uid-1"))));
        cluster.accepted.add(jwt);
        return jwt;
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void aKubernetesConfigurationReadsInTheDataNamespaceAndPicksUpARotatedJwtFile(Database.Dialect dialect) throws Exception {
        try (TestPlatform p = TestPlatform.open(dialect); VaultFixture vault = new VaultFixture(p.clock); Cluster cluster = new Cluster()) {
            MachineIdentityTest.namespacedSecrets(vault);
            String ns = MachineIdentityTest.AUTH_NS;
            vault.root("POST", ns + "/sys/auth/kubernetes", Map.of("type", "kubernetes"));
            vault.root("POST", ns + "/auth/kubernetes/config", Map.of("kubernetes_host", cluster.host(),
                    "kubernetes_ca_cert", cluster.cert.certificatePem()));
            vault.root("POST", ns + "/auth/kubernetes/role/web", Map.of("bound_service_account_names", "app",
                    "bound_service_account_namespaces", "prod", "token_policies", "read-data", "token_ttl", "1h"));
            TestJwts issuer = new TestJwts();
            String first = serviceAccountJwt(issuer, cluster, p.clock.instant());
            Path file = Files.writeString(dir.resolve("token"), first);
            VaultConfiguration c = p.configs.create(p.admin, VaultConfiguration.builder().name("k8s-" + TestPlatform.rnd())
                    .url(vault.address()).namespace(MachineIdentityTest.DATA_NS).authNamespace(ns).authMethod(AuthMethod.KUBERNETES)
                    .authRole("web").jwtFile(file.toString()).kvVersion(VaultConfiguration.KvVersionSetting.V2).build(), null).config();

            ConnectionReport report = p.vaults.test(p.admin, c.name());
            assertThat(report.outcome()).as(report.message()).isEqualTo(Outcome.OK);
            assertThat(report.message()).contains("KUBERNETES at auth/kubernetes in namespace 'ns-auth'");

            Caller member = p.member(p.project());
            assertThat(p.vaults.identity(c, member).client().kv("secret").get("app").data()).containsEntry("password", "in-ns-data");
            assertThat(cluster.reviewed).last().isEqualTo(first);

            // the kubelet rotates the projected token in place; the old one stops being valid
            String second = serviceAccountJwt(issuer, cluster, p.clock.instant());
            cluster.accepted.remove(first);
            Files.writeString(file, second);
            MachineIdentityTest.revokeCurrentToken(p, vault, c, member);
            assertThat(p.vaults.identity(c, member).client().kv("secret").get("app").data()).containsEntry("password", "in-ns-data");
            assertThat(cluster.reviewed).last().isEqualTo(second);
            assertThat(p.configs.get(p.admin, c.name()).identity().lastError()).isNull();
        }
    }
}
