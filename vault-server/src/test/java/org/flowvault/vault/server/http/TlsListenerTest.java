package org.flowvault.vault.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.flowvault.vault.server.VaultServer;
import org.flowvault.vault.server.config.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Assertions;

/** A config-file listener with tls_cert_file / tls_key_file serves HTTPS that verifies against its CA. */
class TlsListenerTest {
    @TempDir
    Path dir;

    @Test
    void servesHttpsWithTheConfiguredCertificate() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is needed to make the test certificate");
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Process p = new ProcessBuilder("/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", key.toString(), "-out", cert.toString(), "-days", "1", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost").redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        Path config = dir.resolve("vault.hcl");
        Files.writeString(config, "storage \"inmem\" {}\nlistener \"tcp\" {\n address = \"127.0.0.1:0\"\n tls_cert_file = \""
                + cert + "\"\n tls_key_file = \"" + key + "\"\n}\n");

        try (VaultServer server = VaultServer.fromConfig(ServerConfig.parse(config)).start()) {
            assertThat(server.address()).startsWith("https://");
            X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(cert)));
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            HttpClient client = HttpClient.newBuilder().sslContext(ssl).build();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(server.address() + "/v1/sys/seal-status")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("\"initialized\":false");

            HttpClient untrusting = HttpClient.newHttpClient();
            Assertions.assertThrows(SSLHandshakeException.class, () -> untrusting.send(
                    HttpRequest.newBuilder(URI.create(server.address() + "/v1/sys/seal-status")).build(), HttpResponse.BodyHandlers.ofString()));
        }
    }

    @Test
    void aPkcs1KeyIsRejectedWithTheConversionCommand() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is needed to make the test key");
        Path cert = dir.resolve("c.pem");
        Path key = dir.resolve("k.pem");
        Process gen = new ProcessBuilder("/usr/bin/openssl", "genrsa", "-traditional", "-out", key.toString(), "2048")
                .redirectErrorStream(true).start();
        assertThat(gen.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Process p = new ProcessBuilder("/usr/bin/openssl", "req", "-x509", "-key", key.toString(), "-out", cert.toString(),
                "-days", "1", "-subj", "/CN=localhost").redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String pem = Files.readString(key);
        assumeTrue(pem.contains("BEGIN RSA PRIVATE KEY"), "this openssl wrote a PKCS#8 key");
        IllegalArgumentException e = Assertions.assertThrows(IllegalArgumentException.class, () -> TlsFiles.load(cert, key));
        assertThat(e.getMessage()).contains("openssl pkcs8 -topk8");
    }
}
