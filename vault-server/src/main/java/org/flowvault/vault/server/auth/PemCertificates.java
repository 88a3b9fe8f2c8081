package org.flowvault.vault.server.auth;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * PEM certificates as auth methods take them in their configuration (a CA to trust when calling
 * out, a certificate a login must chain to). Errors say what is wrong, never quote the PEM.
 */
public final class PemCertificates {
    private PemCertificates() {
    }

    /**
     * Every certificate in {@code pem}.
     *
     * @throws IllegalArgumentException when there is none or one does not parse
     */
    public static List<X509Certificate> parse(String pem) {
        if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
            throw new IllegalArgumentException("no PEM \"CERTIFICATE\" block found");
        }
        try {
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException("no PEM \"CERTIFICATE\" block found");
            }
            return out;
        } catch (CertificateException e) {
            throw new IllegalArgumentException("a PEM \"CERTIFICATE\" block is not a valid X.509 certificate");
        }
    }

    /** A client TLS context that trusts exactly {@code cas}. */
    public static SSLContext trusting(List<X509Certificate> cas) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int i = 0;
            for (X509Certificate c : cas) {
                trust.setCertificateEntry("ca" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return ssl;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("the JDK could not build a trust store", e);
        }
    }
}
