package org.flowvault.vault.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.flowvault.vault.server.VaultServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server started from a config file elsewhere finds its relative storage path and TLS files
 * under the working directory, as Vault does — what client test suites that write a config into a
 * temporary folder and run the server from their project root depend on.
 */
class ConfigRelativePathsTest {
    /** Relative to the working directory (the module directory under Maven); removed afterwards. */
    private final Path relative = Path.of("target", "relative-paths-" + UUID.randomUUID());

    @TempDir
    Path configDir;

    @AfterEach
    void removeRelativeFolder() throws IOException {
        if (Files.exists(relative)) {
            try (Stream<Path> all = Files.walk(relative)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @Test
    void relativeStorageAndTlsPathsAreFoundUnderTheWorkingDirectory() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is needed to make the test certificate");
        Files.createDirectories(relative);
        Process p = new ProcessBuilder("/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", relative.resolve("key.pem").toString(), "-out", relative.resolve("cert.pem").toString(),
                "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost").redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        String rel = relative.toString().replace('\\', '/');
        Path config = Files.writeString(configDir.resolve("vault.hcl"), "storage \"file\" { path = \"" + rel + "/data\" }\n"
                + "listener \"tcp\" {\n address = \"127.0.0.1:0\"\n tls_cert_file = \"" + rel + "/cert.pem\"\n"
                + " tls_key_file = \"" + rel + "/key.pem\"\n}\n");

        try (VaultServer server = VaultServer.fromConfig(ServerConfig.parse(config)).start()) {
            assertThat(server.address()).startsWith("https://");
            HttpResponse<String> init = insecureClient().send(HttpRequest.newBuilder(URI.create(server.address() + "/v1/sys/init"))
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"secret_shares\":1,\"secret_threshold\":1}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(init.statusCode()).isEqualTo(200);
        }
        assertThat(relative.resolve("data")).isDirectory();
        try (Stream<Path> files = Files.walk(relative.resolve("data"))) {
            assertThat(files.filter(Files::isRegularFile).count()).isPositive();
        }
        assertThat(configDir.resolve(rel)).doesNotExist();
    }

    /** Trusts the throwaway self-signed certificate; the point here is which files were loaded. */
    private static HttpClient insecureClient() throws Exception {
        TrustManager trustAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, new TrustManager[] {trustAll}, new SecureRandom());
        return HttpClient.newBuilder().sslContext(ssl).build();
    }
}
