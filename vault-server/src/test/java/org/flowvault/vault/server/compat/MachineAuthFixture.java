package org.flowvault.vault.server.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flowvault.vault.server.TestVault;
import org.flowvault.vault.server.VaultServer;
import org.flowvault.vault.server.auth.TestCertificates;
import org.flowvault.vault.server.auth.TestCertificates.Issued;
import org.flowvault.vault.server.auth.jwt.TestIssuer;
import org.flowvault.vault.server.auth.kubernetes.TestCluster;

/**
 * What the machine-login compatibility suites share: a dev server on HTTPS, a CA for client
 * certificates and one client certificate, a TokenReview API, a JWT signing key, and one mount of
 * each method (jwt, kubernetes, cert) configured with a role granting the policy {@link #POLICY}.
 */
final class MachineAuthFixture implements AutoCloseable {
    static final String POLICY = "machines";
    private static final ObjectMapper JSON = new ObjectMapper();

    final TestVault vault;
    final Issued serverCa;
    final Issued clientCa;
    final Issued client;
    final TestCluster cluster;
    final TestIssuer.Key jwtKey = TestIssuer.rsa("compat-1");
    final String jwtMount = unique("jwt");
    final String kubernetesMount = unique("k8s");
    final String certMount = unique("cert");
    private final HttpClient http;
    private final Path dir;

    MachineAuthFixture(Path dir) {
        this.dir = dir;
        TestCertificates certs = new TestCertificates(dir);
        serverCa = certs.ca("Compat server CA");
        Issued server = certs.leaf(serverCa, "vault", "IP:127.0.0.1,DNS:localhost");
        clientCa = certs.ca("Compat machines CA");
        client = certs.leaf(clientCa, "machine-1.example.com", "DNS:machine-1.example.com");
        cluster = new TestCluster(certs.leaf(serverCa, "kube-apiserver", "IP:127.0.0.1"));
        vault = TestVault.of(VaultServer.builder().dev().tls(server.cert(), server.key()));
        http = HttpClient.newBuilder().sslContext(TestCertificates.trustingOnly(serverCa)).build();

        root("sys/auth/" + jwtMount, Map.of("type", "jwt"));
        root("auth/" + jwtMount + "/config", Map.of("jwt_validation_pubkeys", List.of(TestIssuer.pem(jwtKey.pair().getPublic()))));
        root("auth/" + jwtMount + "/role/ci", Map.of("role_type", "jwt", "bound_audiences", "compat", "user_claim", "sub",
                "token_policies", POLICY));
        root("sys/auth/" + kubernetesMount, Map.of("type", "kubernetes"));
        root("auth/" + kubernetesMount + "/config", Map.of("kubernetes_host", cluster.host(), "kubernetes_ca_cert", serverCa.certPem()));
        root("auth/" + kubernetesMount + "/role/web", Map.of("bound_service_account_names", "web",
                "bound_service_account_namespaces", "prod", "token_policies", POLICY));
        root("sys/auth/" + certMount, Map.of("type", "cert"));
        root("auth/" + certMount + "/certs/machines", Map.of("certificate", clientCa.certPem(), "token_policies", POLICY,
                "allowed_dns_sans", "*.example.com"));
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A POST as root; fails the test unless Vault accepts it. */
    void root(String path, Map<String, ?> body) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(vault.address() + "/v1/" + path))
                    .header("X-Vault-Token", vault.rootToken())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path + ": " + r.body()).isBetween(200, 204);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The policies of {@code token}, from {@code auth/token/lookup-self}. */
    List<String> policiesOf(String token) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(vault.address() + "/v1/auth/token/lookup-self"))
                    .header("X-Vault-Token", token).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode policies = JSON.readTree(r.body()).at("/data/policies");
            return JSON.convertValue(policies, JSON.getTypeFactory().constructCollectionType(List.class, String.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A JWT for the jwt mount's role "ci". */
    String ciJwt() {
        long now = Instant.now().getEpochSecond();
        return TestIssuer.sign(jwtKey, Map.of("sub", "pipeline", "aud", "compat", "iat", now, "exp", now + 300));
    }

    /** A service-account JWT for prod/web that the cluster reviews as valid. */
    String webServiceAccountJwt() {
        long now = Instant.now().getEpochSecond();
        String uid = UUID.randomUUID().toString();
        String jwt = TestIssuer.sign(jwtKey, Map.of("iat", now, "exp", now + 300, "sub", "system:serviceaccount:prod:web",
                "kubernetes.io", Map.of("namespace", "prod", "serviceaccount", Map.of("name", "web", "uid", uid))));
        cluster.accept(jwt, "web", "prod", uid);
        return jwt;
    }

    /** {@code store} written as a PKCS#12 file (password {@link TestCertificates#PASSWORD}). */
    Path file(KeyStore store, String name) {
        Path p = dir.resolve(name + "-" + UUID.randomUUID() + ".p12");
        try (OutputStream out = Files.newOutputStream(p)) {
            store.store(out, TestCertificates.PASSWORD.toCharArray());
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        vault.close();
        cluster.close();
    }
}
