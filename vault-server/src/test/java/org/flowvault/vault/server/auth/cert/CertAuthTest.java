package org.flowvault.vault.server.auth.cert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import org.flowvault.vault.server.TestVault;
import org.flowvault.vault.server.VaultServer;
import org.flowvault.vault.server.auth.TestCertificates;
import org.flowvault.vault.server.auth.TestCertificates.Issued;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cert auth method over real mutual TLS: the server's HTTPS listener asks for a client certificate. */
class CertAuthTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    private static TestVault vault;
    private static Issued serverCa;
    private static Issued clientCa;
    private static Issued app;
    private static Issued other;
    private static Issued stranger;
    private static HttpClient anonymous;

    @BeforeAll
    static void start() {
        TestCertificates certs = new TestCertificates(dir);
        serverCa = certs.ca("Test server CA");
        Issued server = certs.leaf(serverCa, "vault", "IP:127.0.0.1,DNS:localhost");
        clientCa = certs.ca("Test client CA");
        app = certs.leaf(clientCa, "app.example.com", "DNS:app.example.com,DNS:app.internal");
        other = certs.leaf(clientCa, "batch.other.org", "");
        Issued strangerCa = certs.ca("Someone else's CA");
        stranger = certs.leaf(strangerCa, "app.example.com", "");
        vault = TestVault.of(VaultServer.builder().dev().tls(server.cert(), server.key()));
        anonymous = HttpClient.newBuilder().sslContext(TestCertificates.trustingOnly(serverCa)).build();
    }

    @AfterAll
    static void stop() {
        vault.close();
    }

    private record Reply(int status, JsonNode json, String body) {
        String error() {
            return json.at("/errors/0").asText();
        }
    }

    private static Reply call(HttpClient client, String method, String path, String token, Map<String, ?> body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(vault.address() + "/v1/" + path))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            if (token != null) {
                b.header("X-Vault-Token", token);
            }
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body()), r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Reply root(String method, String path, Map<String, ?> body) {
        return call(anonymous, method, path, vault.rootToken(), body);
    }

    private static HttpClient presenting(Issued cert) {
        SSLContext ssl = cert.context(serverCa);
        return HttpClient.newBuilder().sslContext(ssl).build();
    }

    private static String mount() {
        String path = "cert-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(root("POST", "sys/auth/" + path, Map.of("type", "cert")).status()).isEqualTo(204);
        return path;
    }

    private static void trust(String mount, String name, Map<String, Object> body) {
        Reply r = root("POST", "auth/" + mount + "/certs/" + name, body);
        assertThat(r.status()).as(r.body()).isEqualTo(204);
    }

    private static Reply login(Issued cert, String mount, Map<String, ?> body) {
        return call(cert == null ? anonymous : presenting(cert), "POST", "auth/" + mount + "/login", null, body);
    }

    @Test
    void aClientCertificateSignedByATrustedCaLogsInOverMutualTls() {
        String mount = mount();
        trust(mount, "web", Map.of("certificate", clientCa.certPem(), "allowed_common_names", "*.example.com",
                "token_policies", "web", "token_ttl", "10m", "display_name", "web-clients"));

        Reply r = login(app, mount, Map.of());

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode auth = r.json().get("auth");
        assertThat(auth.get("policies").toString()).isEqualTo("[\"default\",\"web\"]");
        assertThat(auth.get("lease_duration").asLong()).isEqualTo(600);
        assertThat(auth.at("/metadata/cert_name").asText()).isEqualTo("web");
        assertThat(auth.at("/metadata/common_name").asText()).isEqualTo("app.example.com");
        assertThat(auth.at("/metadata/serial_number").asText()).matches("\\d+");
        assertThat(auth.at("/metadata/subject_key_id").asText()).matches("([0-9a-f]{2}:)+[0-9a-f]{2}");
        JsonNode self = call(anonymous, "GET", "auth/token/lookup-self", auth.get("client_token").asText(), null).json().get("data");
        assertThat(self.get("display_name").asText()).isEqualTo(mount + "-web-clients");
    }

    @Test
    void aLeafConfiguredAsItselfIsTrustedWithoutItsCa() {
        String mount = mount();
        trust(mount, "just-app", Map.of("certificate", app.certPem()));

        assertThat(login(app, mount, Map.of()).status()).isEqualTo(200);
        assertThat(login(other, mount, Map.of()).error()).isEqualTo(CertPaths.NO_MATCH);
    }

    @Test
    void aCertificateWithoutAnAllowedNameChainsButIsRefused() {
        String mount = mount();
        trust(mount, "web", Map.of("certificate", clientCa.certPem(), "allowed_dns_sans", "*.internal"));

        Reply ok = login(app, mount, Map.of());
        Reply refused = login(other, mount, Map.of());

        assertThat(ok.status()).isEqualTo(200);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.error()).isEqualTo("no chain matching all constraints could be found for this login certificate");
    }

    @Test
    void theNameParameterRestrictsTheLoginToOneEntry() {
        String mount = mount();
        trust(mount, "a-web", Map.of("certificate", clientCa.certPem(), "token_policies", "web"));
        trust(mount, "b-batch", Map.of("certificate", clientCa.certPem(), "token_policies", "batch"));

        Reply named = login(app, mount, Map.of("name", "b-batch"));
        Reply unknown = login(app, mount, Map.of("name", "nope"));

        assertThat(named.json().at("/auth/metadata/cert_name").asText()).isEqualTo("b-batch");
        assertThat(named.json().at("/auth/policies").toString()).isEqualTo("[\"batch\",\"default\"]");
        assertThat(unknown.error()).isEqualTo(CertPaths.NO_MATCH);
    }

    @Test
    void noCertificateOrOneFromAnUntrustedCaIsA400() {
        String mount = mount();
        trust(mount, "web", Map.of("certificate", clientCa.certPem()));

        Reply none = login(null, mount, Map.of());
        Reply untrusted = login(stranger, mount, Map.of());

        assertThat(none.status()).isEqualTo(400);
        assertThat(none.error()).startsWith("client certificate must be supplied");
        assertThat(untrusted.status()).isEqualTo(400);
        assertThat(untrusted.error()).isEqualTo(CertPaths.NO_MATCH);
    }

    @Test
    void aMalformedOrMissingCertificateIsRefusedWithoutEchoingIt() {
        String mount = mount();
        String bad = "-----BEGIN CERTIFICATE-----\nTUFMRk9STUVELUNFUlQ=\n-----END CERTIFICATE-----\n";

        Reply malformed = root("POST", "auth/" + mount + "/certs/web", Map.of("certificate", bad));
        Reply notPem = root("POST", "auth/" + mount + "/certs/web", Map.of("certificate", "hello-secret"));
        Reply missing = root("POST", "auth/" + mount + "/certs/web", Map.of("token_policies", "x"));

        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.error()).startsWith("failed to parse certificate: ");
        assertThat(malformed.body()).doesNotContain("TUFMRk9STUVELUNFUlQ");
        assertThat(notPem.error()).isEqualTo("failed to parse certificate: no PEM \"CERTIFICATE\" block found");
        assertThat(notPem.body()).doesNotContain("hello-secret");
        assertThat(missing.error()).startsWith("missing certificate");
        assertThat(root("GET", "auth/" + mount + "/certs/web", null).status()).isEqualTo(404);
    }

    @Test
    void entriesAreListedAndReadAndTheConfigKeepsVaultsFlags() {
        String mount = mount();
        trust(mount, "web", Map.of("certificate", clientCa.certPem(), "allowed_names", "app.*", "policies", "web"));

        JsonNode keys = root("LIST", "auth/" + mount + "/certs", null).json().at("/data/keys");
        JsonNode web = root("GET", "auth/" + mount + "/certs/web", null).json().get("data");
        Reply config = root("POST", "auth/" + mount + "/config", Map.of("disable_binding", true));

        assertThat(keys.toString()).isEqualTo("[\"web\"]");
        assertThat(web.get("certificate").asText()).isEqualTo(clientCa.certPem());
        assertThat(web.get("display_name").asText()).isEqualTo("web");
        assertThat(web.get("allowed_names").toString()).isEqualTo("[\"app.*\"]");
        assertThat(web.get("policies").toString()).isEqualTo("[\"web\"]");
        assertThat(config.status()).isEqualTo(204);
        assertThat(root("GET", "auth/" + mount + "/config", null).json().at("/data/disable_binding").asBoolean()).isTrue();
    }

    @Test
    void aCertMountInANamespaceLogsInThere() {
        String ns = "ns" + UUID.randomUUID().toString().substring(0, 6);
        assertThat(root("POST", "sys/namespaces/" + ns, Map.of()).status()).isEqualTo(200);
        assertThat(root("POST", ns + "/sys/auth/machines", Map.of("type", "cert")).status()).isEqualTo(204);
        Map<String, Object> entry = new LinkedHashMap<>(Map.of("certificate", clientCa.certPem(), "token_policies", "m"));
        assertThat(root("POST", ns + "/auth/machines/certs/m", entry).status()).isEqualTo(204);

        Reply r = call(presenting(app), "POST", ns + "/auth/machines/login", null, Map.of());

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        String token = r.json().at("/auth/client_token").asText();
        JsonNode self = call(anonymous, "GET", ns + "/auth/token/lookup-self", token, null).json().get("data");
        assertThat(self.get("namespace_path").asText()).isEqualTo(ns + "/");
    }
}
