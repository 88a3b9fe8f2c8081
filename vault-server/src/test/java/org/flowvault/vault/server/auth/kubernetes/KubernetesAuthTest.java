package org.flowvault.vault.server.auth.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flowvault.vault.server.TestVault;
import org.flowvault.vault.server.auth.TestCertificates;
import org.flowvault.vault.server.auth.jwt.TestIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kubernetes auth method over real HTTP, against a TokenReview API served over HTTPS by the test. */
class KubernetesAuthTest {
    @TempDir
    static Path dir;
    private static TestVault vault;
    private static TestCertificates.Issued ca;
    private static TestCluster cluster;
    private static final TestIssuer.Key SA_KEY = TestIssuer.rsa(null);
    private static final String REVIEWER = TestIssuer.sign(SA_KEY, Map.of("sub", "system:serviceaccount:kube-system:vault-reviewer"));

    @BeforeAll
    static void start() {
        TestCertificates certs = new TestCertificates(dir);
        ca = certs.ca("Test cluster CA");
        cluster = new TestCluster(certs.leaf(ca, "kube-apiserver", "IP:127.0.0.1,DNS:localhost"));
        vault = TestVault.dev();
    }

    @AfterAll
    static void stop() {
        vault.close();
        cluster.close();
    }

    private static TestVault.Reply root(String method, String path, Object body) {
        return vault.call(method, path, vault.rootToken(), body);
    }

    /** A mount configured for the test cluster; {@code reviewer} may be null (the client's JWT reviews itself). */
    private static String mount(String reviewer) {
        String path = "k8s-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(root("POST", "sys/auth/" + path, Map.of("type", "kubernetes")).status()).isEqualTo(204);
        Map<String, Object> config = new LinkedHashMap<>(Map.of("kubernetes_host", cluster.host(), "kubernetes_ca_cert", ca.certPem()));
        if (reviewer != null) {
            config.put("token_reviewer_jwt", reviewer);
        }
        TestVault.Reply r = root("POST", "auth/" + path + "/config", config);
        assertThat(r.status()).as(r.body()).isEqualTo(204);
        return path;
    }

    /** A projected service-account token, accepted by the cluster unless {@code valid} is false. */
    private static String serviceAccountJwt(String name, String namespace, boolean valid, String audience) {
        String uid = UUID.randomUUID().toString();
        long now = Instant.now().getEpochSecond();
        String jwt = TestIssuer.sign(SA_KEY, Map.of("aud", List.of(audience), "iss", "https://kubernetes.default.svc",
                "iat", now, "exp", now + 600, "sub", "system:serviceaccount:" + namespace + ":" + name,
                "kubernetes.io", Map.of("namespace", namespace, "serviceaccount", Map.of("name", name, "uid", uid))));
        if (valid) {
            cluster.accept(jwt, name, namespace, uid);
        }
        return jwt;
    }

    private static TestVault.Reply login(String mount, String role, String jwt) {
        return vault.call("POST", "auth/" + mount + "/login", null, Map.of("role", role, "jwt", jwt));
    }

    private static void role(String mount, String name, Map<String, Object> body) {
        TestVault.Reply r = root("POST", "auth/" + mount + "/role/" + name, body);
        assertThat(r.status()).as(r.body()).isEqualTo(204);
    }

    @Test
    void aServiceAccountLogsInWhenTheClusterReviewsItsTokenWithTheReviewerJwt() {
        String mount = mount(REVIEWER);
        role(mount, "app", Map.of("bound_service_account_names", "app,worker-*", "bound_service_account_namespaces", "prod-*",
                "token_policies", "app", "token_ttl", "15m"));
        String jwt = serviceAccountJwt("worker-1", "prod-eu", true, "https://kubernetes.default.svc");

        TestVault.Reply r = login(mount, "app", jwt);

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode auth = r.json().get("auth");
        assertThat(auth.get("policies").toString()).isEqualTo("[\"app\",\"default\"]");
        assertThat(auth.get("lease_duration").asLong()).isEqualTo(900);
        assertThat(auth.at("/metadata/service_account_name").asText()).isEqualTo("worker-1");
        assertThat(auth.at("/metadata/service_account_namespace").asText()).isEqualTo("prod-eu");
        assertThat(auth.at("/metadata/service_account_uid").asText()).isNotEmpty();
        assertThat(auth.at("/metadata/role").asText()).isEqualTo("app");
        TestCluster.Review review = cluster.reviews.get(cluster.reviews.size() - 1);
        assertThat(review.token()).isEqualTo(jwt);
        assertThat(review.bearer()).as("the reviewer JWT authenticates the review").isEqualTo(REVIEWER);
        JsonNode self = vault.call("GET", "auth/token/lookup-self", auth.get("client_token").asText(), null).json().get("data");
        assertThat(self.get("display_name").asText()).isEqualTo(mount + "-prod-eu-worker-1");
    }

    @Test
    void withoutAReviewerJwtTheClientsJwtAuthenticatesTheReviewAndTheAudienceIsPassedOn() {
        String mount = mount(null);
        role(mount, "app", Map.of("bound_service_account_names", "app", "bound_service_account_namespaces", "*",
                "audience", "vault"));
        String jwt = serviceAccountJwt("app", "default", true, "vault");

        TestVault.Reply r = login(mount, "app", jwt);

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        TestCluster.Review review = cluster.reviews.get(cluster.reviews.size() - 1);
        assertThat(review.bearer()).isEqualTo(jwt);
        assertThat(review.audiences()).containsExactly("vault");
    }

    @Test
    void theConfigReadNeverShowsTheReviewerJwt() {
        String mount = mount(REVIEWER);

        TestVault.Reply r = root("GET", "auth/" + mount + "/config", null);

        assertThat(r.body()).doesNotContain(REVIEWER).doesNotContain(REVIEWER.split("\\.")[1]);
        assertThat(r.json().at("/data/token_reviewer_jwt_set").asBoolean()).isTrue();
        assertThat(r.json().at("/data/kubernetes_host").asText()).isEqualTo(cluster.host());
    }

    @Test
    void unboundAccountsNamespacesAudiencesAndRejectedTokensAreRefused() {
        String mount = mount(REVIEWER);
        role(mount, "app", Map.of("bound_service_account_names", "app", "bound_service_account_namespaces", "prod",
                "audience", "vault"));

        TestVault.Reply name = login(mount, "app", serviceAccountJwt("other", "prod", true, "vault"));
        TestVault.Reply namespace = login(mount, "app", serviceAccountJwt("app", "dev", true, "vault"));
        TestVault.Reply audience = login(mount, "app", serviceAccountJwt("app", "prod", true, "someone-else"));
        String forged = serviceAccountJwt("app", "prod", false, "vault");
        TestVault.Reply rejected = login(mount, "app", forged);

        assertThat(name.status()).isEqualTo(403);
        assertThat(name.json().at("/errors/0").asText()).isEqualTo("service account name not authorized");
        assertThat(namespace.status()).isEqualTo(403);
        assertThat(namespace.json().at("/errors/0").asText()).isEqualTo("namespace not authorized");
        assertThat(audience.status()).isEqualTo(403);
        assertThat(audience.json().at("/errors/0").asText()).contains("audience claim does not match");
        assertThat(rejected.status()).isEqualTo(403);
        assertThat(rejected.json().at("/errors/0").asText()).isEqualTo("lookup failed: service account jwt not valid");
        assertThat(rejected.body()).doesNotContain(forged.split("\\.")[1]);
    }

    @Test
    void aClusterWhoseCertificateIsNotSignedByTheConfiguredCaIsNotTrusted() {
        TestCertificates.Issued otherCa = new TestCertificates(dir).ca("Unrelated CA");
        String path = "k8s-" + UUID.randomUUID().toString().substring(0, 8);
        root("POST", "sys/auth/" + path, Map.of("type", "kubernetes"));
        assertThat(root("POST", "auth/" + path + "/config", Map.of("kubernetes_host", cluster.host(),
                "kubernetes_ca_cert", otherCa.certPem(), "token_reviewer_jwt", REVIEWER)).status()).isEqualTo(204);
        role(path, "app", Map.of("bound_service_account_names", "*", "bound_service_account_namespaces", "*"));

        TestVault.Reply r = login(path, "app", serviceAccountJwt("app", "prod", true, "x"));

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().at("/errors/0").asText()).startsWith("lookup failed: the TokenReview API at 'kubernetes_host' could not be reached");
    }

    @Test
    void malformedJwtsUnknownRolesAndMissingFieldsAre400s() {
        String mount = mount(REVIEWER);
        role(mount, "app", Map.of("bound_service_account_names", "*", "bound_service_account_namespaces", "*"));

        TestVault.Reply malformed = login(mount, "app", "not-a-jwt-c2VjcmV0");
        TestVault.Reply noAccount = login(mount, "app", TestIssuer.sign(SA_KEY, Map.of("sub", "x")));
        TestVault.Reply unknown = login(mount, "nope", serviceAccountJwt("app", "prod", true, "x"));
        TestVault.Reply noJwt = vault.call("POST", "auth/" + mount + "/login", null, Map.of("role", "app"));

        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body()).doesNotContain("c2VjcmV0");
        assertThat(malformed.json().at("/errors/0").asText()).startsWith("invalid 'jwt': ");
        assertThat(noAccount.json().at("/errors/0").asText()).isEqualTo("invalid 'jwt': the JWT does not name a service account and namespace");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().at("/errors/0").asText()).isEqualTo("invalid role name \"nope\"");
        assertThat(noJwt.json().at("/errors/0").asText()).isEqualTo("missing jwt");
    }

    @Test
    void aRoleMustBindNamesAndNamespacesAndTheConfigNeedsAHostAndAValidCa() {
        String mount = mount(REVIEWER);

        TestVault.Reply noNames = root("POST", "auth/" + mount + "/role/r", Map.of("bound_service_account_namespaces", "a"));
        TestVault.Reply noNamespaces = root("POST", "auth/" + mount + "/role/r", Map.of("bound_service_account_names", "a"));
        TestVault.Reply mixed = root("POST", "auth/" + mount + "/role/r", Map.of("bound_service_account_names", "*,a",
                "bound_service_account_namespaces", "a"));
        TestVault.Reply noHost = root("POST", "auth/" + mount + "/config", Map.of("kubernetes_ca_cert", ca.certPem()));
        String badCa = "-----BEGIN CERTIFICATE-----\nTUFMRk9STUVE\n-----END CERTIFICATE-----\n";
        TestVault.Reply malformedCa = root("POST", "auth/" + mount + "/config", Map.of("kubernetes_host", cluster.host(),
                "kubernetes_ca_cert", badCa));

        assertThat(noNames.json().at("/errors/0").asText()).isEqualTo("\"bound_service_account_names\" can not be empty");
        assertThat(noNamespaces.json().at("/errors/0").asText()).isEqualTo("\"bound_service_account_namespaces\" can not be empty");
        assertThat(mixed.json().at("/errors/0").asText()).isEqualTo("can not mix \"*\" with values");
        assertThat(noHost.json().at("/errors/0").asText()).isEqualTo("no host provided");
        assertThat(malformedCa.status()).isEqualTo(400);
        assertThat(malformedCa.json().at("/errors/0").asText()).startsWith("could not parse 'kubernetes_ca_cert'");
        assertThat(malformedCa.body()).doesNotContain("TUFMRk9STUVE");
        assertThat(root("GET", "auth/" + mount + "/role/r", null).status()).isEqualTo(404);
    }

    @Test
    void rolesAreListedAndReadWithTheirTokenParameters() {
        String mount = mount(REVIEWER);
        role(mount, "b", Map.of("bound_service_account_names", "app", "bound_service_account_namespaces", "prod",
                "policies", "x", "token_period", "1h"));
        role(mount, "a", Map.of("bound_service_account_names", "app", "bound_service_account_namespaces", "prod"));

        JsonNode keys = root("LIST", "auth/" + mount + "/role", null).json().at("/data/keys");
        JsonNode b = root("GET", "auth/" + mount + "/role/b", null).json().get("data");

        assertThat(keys.toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(b.get("bound_service_account_names").toString()).isEqualTo("[\"app\"]");
        assertThat(b.get("alias_name_source").asText()).isEqualTo("serviceaccount_uid");
        assertThat(b.get("token_policies").toString()).isEqualTo("[\"x\"]");
        assertThat(b.get("policies").toString()).isEqualTo("[\"x\"]");
        assertThat(b.get("token_period").asLong()).isEqualTo(3600);
    }
}
