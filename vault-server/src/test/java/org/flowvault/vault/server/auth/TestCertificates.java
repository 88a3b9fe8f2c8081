package org.flowvault.vault.server.auth;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificates for tests, made by /usr/bin/openssl in a temporary folder (P-256 keys, valid one
 * day): a CA and leaves it signs with names and SANs, as PEM and as JDK TLS contexts.
 */
public final class TestCertificates {
    /** The password of the key and trust stores made here. */
    public static final String PASSWORD = "pw";
    /** A certificate and its PKCS#8 key, as PEM files. */
    public record Issued(Path cert, Path key) {
        public String certPem() {
            return read(cert);
        }

        /** A PKCS#12 key store holding this certificate and its key, password {@link #PASSWORD}. */
        public KeyStore keyStore() {
            try {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setKeyEntry("me", privateKey(key), PASSWORD.toCharArray(), new Certificate[] {certificate(certPem())});
                return ks;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** A PKCS#12 trust store holding this (CA) certificate, password {@link #PASSWORD}. */
        public KeyStore trustStore() {
            try {
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                trust.setCertificateEntry("ca", certificate(certPem()));
                return trust;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** A TLS context presenting this certificate (and trusting {@code trusted}, if given). */
        public SSLContext context(Issued trusted) {
            try {
                KeyStore ks = keyStore();
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, "pw".toCharArray());
                SSLContext ssl = SSLContext.getInstance("TLS");
                ssl.init(kmf.getKeyManagers(), trusted == null ? null : trusting(trusted).getTrustManagers(), null);
                return ssl;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Shared by all instances, so that two in one folder never overwrite each other's files. */
    private static final java.util.concurrent.atomic.AtomicInteger SERIAL = new java.util.concurrent.atomic.AtomicInteger();
    private final Path dir;

    public TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** A self-signed CA. */
    public Issued ca(String commonName) {
        String n = "ca" + SERIAL.incrementAndGet();
        Path cert = dir.resolve(n + ".pem");
        Path key = dir.resolve(n + ".key");
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", key.toString(), "-out", cert.toString(), "-days", "1", "-subj", "/CN=" + commonName,
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return new Issued(cert, key);
    }

    /** A leaf signed by {@code ca}; {@code sans} in openssl syntax ("DNS:a,IP:127.0.0.1"), may be empty. */
    public Issued leaf(Issued ca, String commonName, String sans) {
        int serial = SERIAL.incrementAndGet();
        String n = "leaf" + serial;
        Path cert = dir.resolve(n + ".pem");
        Path key = dir.resolve(n + ".key");
        Path csr = dir.resolve(n + ".csr");
        Path ext = dir.resolve(n + ".ext");
        try {
            Files.writeString(ext, "basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth,clientAuth\n"
                    + (sans.isEmpty() ? "" : "subjectAltName=" + sans + "\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key.toString(),
                "-out", csr.toString(), "-subj", "/CN=" + commonName);
        openssl("x509", "-req", "-in", csr.toString(), "-CA", ca.cert().toString(), "-CAkey", ca.key().toString(),
                "-set_serial", String.valueOf(1000 + serial), "-out", cert.toString(), "-days", "1", "-extfile", ext.toString());
        return new Issued(cert, key);
    }

    /** A client TLS context trusting only {@code ca}. */
    public static SSLContext trustingOnly(Issued ca) {
        try {
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, trusting(ca).getTrustManagers(), null);
            return ssl;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TrustManagerFactory trusting(Issued ca) throws GeneralSecurityException, IOException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", certificate(ca.certPem()));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        return tmf;
    }

    static X509Certificate certificate(String pem) throws GeneralSecurityException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    private static PrivateKey privateKey(Path key) throws GeneralSecurityException {
        String pem = read(key);
        String body = pem.substring(pem.indexOf("-----BEGIN PRIVATE KEY-----") + 27, pem.indexOf("-----END PRIVATE KEY-----"))
                .replaceAll("\\s", "");
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void openssl(String... args) {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add("/usr/bin/openssl");
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("openssl failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
