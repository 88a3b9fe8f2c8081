package org.flowvault.vault.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.flowvault.vault.client.VaultException;
import org.flowvault.vault.client.core.VaultClient;
import org.flowvault.vault.client.core.VaultClientConfig;
import org.flowvault.vault.client.core.VaultClientConfig.RetryPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transport checks the server's name, not only its chain: a certificate from the trusted CA
 * issued to another host is refused. The same server is accepted under the name it was issued to.
 */
class TlsHostnameTest {
    @TempDir
    Path dir;

    private void openssl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    /** A TLS server on 127.0.0.1 whose certificate names only {@code san}; answers each connection once. */
    private SSLServerSocket server(String san) throws Exception {
        String d = dir.toString();
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", d + "/ca.key", "-out", d + "/ca.pem", "-days", "1",
                "-subj", "/CN=Hostname Test CA", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign");
        Files.writeString(dir.resolve("ext"), "subjectAltName=" + san + "\nextendedKeyUsage=serverAuth\n");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", d + "/server.key", "-out", d + "/server.csr", "-subj", "/CN=server");
        openssl("x509", "-req", "-in", d + "/server.csr", "-CA", d + "/ca.pem", "-CAkey", d + "/ca.key", "-CAcreateserial",
                "-out", d + "/server.pem", "-days", "1", "-extfile", d + "/ext");
        SSLContext ssl = Tls.context(null, Tls.keyStore(Tls.certificates(Files.readString(dir.resolve("server.pem")), "server"),
                Tls.privateKey(Files.readString(dir.resolve("server.key")), "server key")));
        return (SSLServerSocket) ssl.getServerSocketFactory().createServerSocket(0, 5, InetAddress.getLoopbackAddress());
    }

    private static void answerOnce(SSLServerSocket server) {
        try (SSLSocket s = (SSLSocket) server.accept()) {
            s.startHandshake();
            InputStream in = s.getInputStream();
            int matched = 0;
            while (matched < 4) {
                int c = in.read();
                if (c < 0) {
                    return;
                }
                matched = (c == "\r\n\r\n".charAt(matched)) ? matched + 1 : (c == '\r' ? 1 : 0);
            }
            byte[] body = "{\"sealed\":false,\"initialized\":true}".getBytes(StandardCharsets.UTF_8);
            OutputStream out = s.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
        } catch (Exception e) {
            // the client refused the handshake: what one test expects
        }
    }

    @Test
    void aCertificateIssuedToAnotherHostShouldBeRefusedAndTheRightNameAccepted() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is needed to make the test CA");
        try (SSLServerSocket server = server("DNS:vault.other.example,IP:127.0.0.2")) {
            VaultClientConfig wrongName = VaultClientConfig.builder().address("https://127.0.0.1:" + server.getLocalPort())
                    .caCertificateFile(dir.resolve("ca.pem")).retry(RetryPolicy.none()).build();
            CompletableFuture.runAsync(() -> answerOnce(server));
            try (VaultClient client = VaultClient.create(wrongName)) {
                assertThatThrownBy(() -> client.sys().sealStatus())
                        .isInstanceOf(VaultException.Unavailable.class).hasMessageContaining("TLS failed");
            }
        }
        try (SSLServerSocket server = server("DNS:vault.other.example,IP:127.0.0.1")) {
            VaultClientConfig rightName = VaultClientConfig.builder().address("https://127.0.0.1:" + server.getLocalPort())
                    .caCertificateFile(dir.resolve("ca.pem")).retry(RetryPolicy.none()).build();
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> answerOnce(server));
            try (VaultClient client = VaultClient.create(rightName)) {
                assertThat(client.sys().sealStatus().sealed()).isFalse();
            }
            served.get(10, TimeUnit.SECONDS);
        }
    }
}
