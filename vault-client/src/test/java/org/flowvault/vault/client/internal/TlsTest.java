package org.flowvault.vault.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.VaultToken;
import org.flowvault.vault.client.core.VaultClient;
import org.flowvault.vault.client.core.VaultClientConfig;
import org.flowvault.vault.client.core.VaultClientConfig.RetryPolicy;
import org.flowvault.vault.server.TestVault;
import org.flowvault.vault.server.VaultServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS with a CA the test makes with openssl: the embedded server serves a certificate signed by
 * it, and the client trusts that server only when told to trust the CA. Mutual TLS against a raw
 * TLS socket that demands a client certificate.
 */
class TlsTest {
    @TempDir
    static Path dir;
    static Path caPem;
    static Path otherCaPem;
    static TestVault vault;

    @BeforeAll
    static void makeCertificatesAndStartServer() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is needed to make the test CA");
        caPem = ca("ca");
        otherCaPem = ca("other-ca");
        signed("server", "localhost", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
        signed("client", "flowvault-client", "extendedKeyUsage=clientAuth\n");
        vault = TestVault.of(VaultServer.builder().dev().tls(dir.resolve("server.pem"), dir.resolve("server.key")));
    }

    @AfterAll
    static void stop() {
        if (vault != null) {
            vault.close();
        }
    }

    private static Path ca(String name) throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", dir.resolve(name + ".key").toString(),
                "-out", dir.resolve(name + ".pem").toString(), "-days", "1", "-subj", "/CN=Flowvault Test " + name,
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return dir.resolve(name + ".pem");
    }

    private static void signed(String name, String cn, String extensions) throws Exception {
        Path ext = dir.resolve(name + ".ext");
        Files.writeString(ext, extensions);
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", dir.resolve(name + ".key").toString(),
                "-out", dir.resolve(name + ".csr").toString(), "-subj", "/CN=" + cn);
        openssl("x509", "-req", "-in", dir.resolve(name + ".csr").toString(), "-CA", caPem.toString(),
                "-CAkey", dir.resolve("ca.key").toString(), "-CAcreateserial", "-out", dir.resolve(name + ".pem").toString(),
                "-days", "1", "-extfile", ext.toString());
    }

    private static void openssl(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("/usr/bin/openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    private static VaultClientConfig.Builder https() {
        return VaultClientConfig.builder().address(vault.address()).token(VaultToken.of(vault.rootToken())).retry(RetryPolicy.none());
    }

    @Test
    void theClientShouldTrustTheServerWithTheConfiguredCaFile() {
        try (VaultClient client = VaultClient.create(https().caCertificateFile(caPem).build())) {
            client.kvV2("secret").put("tls/x", Map.of("a", "b"));

            assertThat(client.kvV2("secret").get("tls/x").string("a")).isEqualTo("b");
            assertThat(client.config().toString()).contains("1 CA certificate").doesNotContain(vault.rootToken());
        }
    }

    @Test
    void theClientShouldTrustTheServerWithTheCaAsPemTextOrTrustStore() throws Exception {
        String pem = Files.readString(caPem) + Files.readString(otherCaPem);
        KeyStore store = Tls.trustStore(Tls.certificates(Files.readString(caPem), "ca"));
        try (VaultClient fromPem = VaultClient.create(https().caCertificatePem(pem).build());
             VaultClient fromStore = VaultClient.create(https().trustStore(store).build())) {
            assertThat(fromPem.sys().health().active()).isTrue();
            assertThat(fromStore.sys().health().active()).isTrue();
            assertThat(fromPem.config().toString()).contains("2 CA certificates");
        }
    }

    @Test
    void theClientShouldRefuseTheServerWithoutItsCa() {
        try (VaultClient jdkCas = VaultClient.create(https().build());
             VaultClient otherCa = VaultClient.create(https().caCertificateFile(otherCaPem).build())) {
            for (VaultClient c : List.of(jdkCas, otherCa)) {
                assertThatThrownBy(() -> c.sys().health()).isInstanceOfSatisfying(VaultException.Unavailable.class, e -> {
                    assertThat(e.status()).isZero();
                    assertThat(e).hasMessageContaining("GET sys/health");
                });
            }
        }
    }

    @Test
    void theClientShouldPresentItsCertificateForMutualTls() throws Exception {
        String serverCert = Files.readString(dir.resolve("server.pem"));
        String serverKey = Files.readString(dir.resolve("server.key"));
        SSLContext serverSsl = Tls.context(Tls.trustStore(Tls.certificates(Files.readString(caPem), "ca")),
                Tls.keyStore(Tls.certificates(serverCert, "server"), Tls.privateKey(serverKey, "server key")));
        try (SSLServerSocket server = (SSLServerSocket) serverSsl.getServerSocketFactory().createServerSocket(0, 5,
                java.net.InetAddress.getLoopbackAddress())) {
            server.setNeedClientAuth(true);
            CompletableFuture<String> peer = CompletableFuture.supplyAsync(() -> answerOnce(server));
            try (VaultClient withCert = VaultClient.create(VaultClientConfig.builder().address("https://127.0.0.1:" + server.getLocalPort())
                    .caCertificateFile(caPem).retry(RetryPolicy.none())
                    .clientCertificateFiles(dir.resolve("client.pem"), dir.resolve("client.key")).build())) {
                assertThat(withCert.sys().sealStatus().sealed()).isFalse();
                assertThat(peer.get(10, TimeUnit.SECONDS)).contains("CN=flowvault-client");
                assertThat(withCert.config().toString()).contains("client certificate");
            }

            CompletableFuture.runAsync(() -> answerOnce(server));
            try (VaultClient withoutCert = VaultClient.create(VaultClientConfig.builder().address("https://127.0.0.1:" + server.getLocalPort())
                    .caCertificateFile(caPem).retry(RetryPolicy.none()).build())) {
                assertThatThrownBy(() -> withoutCert.sys().sealStatus()).isInstanceOf(VaultException.Unavailable.class);
            }
        }
    }

    /** Serves one request over TLS and returns the client certificate's subject. */
    private static String answerOnce(SSLServerSocket server) {
        try (SSLSocket s = (SSLSocket) server.accept()) {
            s.startHandshake();
            String subject = ((java.security.cert.X509Certificate) s.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
            InputStream in = s.getInputStream();
            int matched = 0;
            while (matched < 4) {
                int c = in.read();
                if (c < 0) {
                    return subject;
                }
                matched = (c == "\r\n\r\n".charAt(matched)) ? matched + 1 : (c == '\r' ? 1 : 0);
            }
            byte[] body = "{\"sealed\":false,\"initialized\":true}".getBytes(StandardCharsets.UTF_8);
            OutputStream out = s.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return subject;
        } catch (IOException e) {
            return "failed: " + e;
        }
    }

    @Test
    void badPemInputShouldBeRejectedAtBuildWithTheFix() throws Exception {
        openssl("genrsa", "-traditional", "-out", dir.resolve("pkcs1.key").toString(), "2048");
        String pkcs1 = Files.readString(dir.resolve("pkcs1.key"));
        String clientCert = Files.readString(dir.resolve("client.pem"));
        assumeTrue(pkcs1.contains("BEGIN RSA PRIVATE KEY"), "this openssl wrote a PKCS#8 key");

        assertThatThrownBy(() -> https().clientCertificatePem(clientCert, pkcs1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("openssl pkcs8 -topk8");
        assertThatThrownBy(() -> https().clientCertificatePem(clientCert, Files.readString(dir.resolve("server.key"))).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not match");
        assertThatThrownBy(() -> https().caCertificatePem("not a certificate").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no PEM certificate");
        assertThatThrownBy(() -> https().caCertificatePem("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a valid PEM certificate");
        assertThatThrownBy(() -> https().caCertificateFile(dir.resolve("missing.pem")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing.pem");
        assertThatThrownBy(() -> https().clientCertificatePem(clientCert, "-----BEGIN ENCRYPTED PRIVATE KEY-----\nx\n").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("encrypted");
        assertThatThrownBy(() -> https().clientCertificatePem(clientCert, "nothing").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PKCS#8");
        assertThatThrownBy(() -> https().caCertificateFile(caPem).trustStore(KeyStore.getInstance("PKCS12")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not both");
        assertThatThrownBy(() -> VaultClientConfig.builder().address("http://127.0.0.1:8200").caCertificateFile(caPem).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https");
    }
}
