package org.flowvault.vault.server.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.UUID;

/** Loads a listener's PEM certificate chain and PKCS#8 key into an in-memory key store. */
public final class TlsFiles {
    private TlsFiles() {
    }

    /** A key store ready for Jetty, with its generated password. */
    public record Loaded(KeyStore keyStore, String password) {
    }

    public static Loaded load(Path certFile, Path keyFile) {
        try {
            Collection<? extends Certificate> chain = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(certFile)));
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("tls_cert_file " + certFile + " contains no PEM certificate");
            }
            String pem = Files.readString(keyFile, StandardCharsets.US_ASCII);
            if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
                throw new IllegalArgumentException("tls_key_file " + keyFile
                        + " must be an unencrypted PKCS#8 PEM key (BEGIN PRIVATE KEY); convert it with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem");
            }
            String b64 = pem.substring(pem.indexOf("-----BEGIN PRIVATE KEY-----") + 27, pem.indexOf("-----END PRIVATE KEY-----")).replaceAll("\\s", "");
            byte[] der = Base64.getDecoder().decode(b64);
            PrivateKey key = null;
            for (String alg : new String[] {"RSA", "EC", "Ed25519"}) {
                try {
                    key = KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
                    break;
                } catch (GeneralSecurityException ignored) {
                    // try the next algorithm
                }
            }
            if (key == null) {
                throw new IllegalArgumentException("tls_key_file " + keyFile + " holds a key of an unsupported algorithm (use RSA or EC)");
            }
            String password = UUID.randomUUID().toString();
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("vault", key, password.toCharArray(), chain.toArray(new Certificate[0]));
            return new Loaded(ks, password);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot load TLS files " + certFile + " and " + keyFile + ": " + e.getMessage(), e);
        }
    }
}
