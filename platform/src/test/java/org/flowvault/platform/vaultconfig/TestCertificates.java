package org.flowvault.platform.vaultconfig;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;

/** Self-signed client certificates for tests, made by the JDK's keytool (no certificate library needed). */
final class TestCertificates {
    /** A certificate and its private key, both PEM (the key unencrypted PKCS#8). */
    record Pair(String certificatePem, String privateKeyPem, X509Certificate certificate, PrivateKey key) {
    }

    private TestCertificates() {
    }

    /** A new EC P-256 certificate for {@code CN=<cn>}, valid for two days. */
    static Pair create(String cn) {
        try {
            Path dir = Files.createTempDirectory("certs");
            Path store = dir.resolve("c.p12");
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "c", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=" + cn, "-validity", "2", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-keystore", store.toString(),
                    "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException("keytool failed: " + out);
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                ks.load(in, "changeit".toCharArray());
            }
            X509Certificate cert = (X509Certificate) ks.getCertificate("c");
            PrivateKey key = (PrivateKey) ks.getKey("c", "changeit".toCharArray());
            Files.delete(store);
            Files.delete(dir);
            return new Pair(pem("CERTIFICATE", cert.getEncoded()), pem("PRIVATE KEY", key.getEncoded()), cert, key);
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
