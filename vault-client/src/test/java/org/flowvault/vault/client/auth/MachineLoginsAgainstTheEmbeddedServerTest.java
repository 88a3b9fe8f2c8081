package org.flowvault.vault.client.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.VaultToken;
import org.flowvault.vault.client.core.VaultClient;
import org.flowvault.vault.client.core.VaultClientConfig;
import org.flowvault.vault.client.core.VaultClientConfig.RetryPolicy;
import org.flowvault.vault.server.TestVault;
import org.flowvault.vault.server.VaultServer;
import org.flowvault.vault.server.auth.TestCertificates;
import org.flowvault.vault.server.auth.jwt.TestIssuer;
import org.flowvault.vault.server.auth.kubernetes.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's Kubernetes, JWT and TLS certificate logins against the embedded server's real
 * kubernetes, jwt and cert auth methods (not a test plugin), over HTTPS: the whole login path, with
 * the TokenReview API and the JWT signer served by the test.
 */
class MachineLoginsAgainstTheEmbeddedServerTest {
    @TempDir
    static Path dir;
    private static TestVault vault;
    private static TestCertificates.Issued serverCa;
    private static TestCertificates.Issued clientCa;
    private static TestCertificates.Issued client;
    private static TestCluster cluster;
    private static final TestIssuer.Key KEY = TestIssuer.ec("k1");

    @BeforeAll
    static void start() {
        TestCertificates certs = new TestCertificates(dir);
        serverCa = certs.ca("Server CA");
        TestCertificates.Issued server = certs.leaf(serverCa, "vault", "IP:127.0.0.1");
        clientCa = certs.ca("Machines CA");
        client = certs.leaf(clientCa, "batch-runner", "");
        cluster = new TestCluster(certs.leaf(serverCa, "kube-apiserver", "IP:127.0.0.1"));
        vault = TestVault.of(VaultServer.builder().dev().tls(server.cert(), server.key()));
    }

    @AfterAll
    static void stop() {
        vault.close();
        cluster.close();
    }

    private static VaultClientConfig.Builder config() {
        return VaultClientConfig.builder().address(vault.address()).caCertificatePem(serverCa.certPem()).retry(RetryPolicy.none());
    }

    private static VaultClient root() {
        return VaultClient.create(config().token(VaultToken.of(vault.rootToken())).build());
    }

    private static void write(VaultClient root, String path, Map<String, Object> body) {
        root.logical().write(path, body);
    }

    private static String mount(VaultClient root, String type) {
        String path = type + "-" + UUID.randomUUID().toString().substring(0, 8);
        write(root, "sys/auth/" + path, Map.of("type", type));
        return path;
    }

    @Test
    void aJwtLoginGetsATokenWithTheRolesPolicies() {
        try (VaultClient root = root()) {
            String mount = mount(root, "jwt");
            write(root, "auth/" + mount + "/config", Map.of("jwt_validation_pubkeys", List.of(TestIssuer.pem(KEY.pair().getPublic())),
                    "jwt_supported_algs", "ES256"));
            write(root, "auth/" + mount + "/role/ci", Map.of("role_type", "jwt", "bound_audiences", "flowvault",
                    "user_claim", "sub", "token_policies", "ci"));
            long now = Instant.now().getEpochSecond();
            String jwt = TestIssuer.sign(KEY, Map.of("sub", "pipeline-7", "aud", "flowvault", "iat", now, "exp", now + 300));

            try (VaultClient machine = VaultClient.builder().config(config().build())
                    .authentication(Authentication.jwt().mount(mount).role("ci").jwt(jwt).build()).build()) {
                assertThat(machine.token().lookupSelf().policies()).containsExactly("ci", "default");
            }
        }
    }

    @Test
    void aKubernetesLoginReadsTheServiceAccountTokenFileAndIsReviewedByTheCluster() throws IOException {
        try (VaultClient root = root()) {
            String mount = mount(root, "kubernetes");
            write(root, "auth/" + mount + "/config", Map.of("kubernetes_host", cluster.host(), "kubernetes_ca_cert", serverCa.certPem()));
            write(root, "auth/" + mount + "/role/web", Map.of("bound_service_account_names", "web",
                    "bound_service_account_namespaces", "prod", "token_policies", "web"));
            long now = Instant.now().getEpochSecond();
            String jwt = TestIssuer.sign(KEY, Map.of("iat", now, "exp", now + 300, "kubernetes.io",
                    Map.of("namespace", "prod", "serviceaccount", Map.of("name", "web", "uid", "uid-1"))));
            cluster.accept(jwt, "web", "prod", "uid-1");
            Path tokenFile = Files.writeString(dir.resolve("sa-token"), jwt + "\n");

            try (VaultClient pod = VaultClient.builder().config(config().build())
                    .authentication(Authentication.kubernetes().mount(mount).role("web").jwtFile(tokenFile).build()).build()) {
                assertThat(pod.token().lookupSelf().policies()).containsExactly("default", "web");
            }
        }
    }

    @Test
    void aCertLoginPresentsTheConfiguredClientCertificate() {
        try (VaultClient root = root()) {
            String mount = mount(root, "cert");
            write(root, "auth/" + mount + "/certs/machines", Map.of("certificate", clientCa.certPem(), "token_policies", "batch"));

            VaultClientConfig withCert = config().clientCertificateFiles(client.cert(), client.key()).build();
            try (VaultClient machine = VaultClient.builder().config(withCert)
                    .authentication(Authentication.cert().mount(mount).build()).build()) {
                assertThat(machine.token().lookupSelf().policies()).containsExactly("batch", "default");
            }
            try (VaultClient noCert = VaultClient.builder().config(config().build())
                    .authentication(Authentication.cert().mount(mount).build()).build()) {
                assertThatThrownBy(() -> noCert.token().lookupSelf()).isInstanceOf(VaultException.class);
            }
        }
    }
}
