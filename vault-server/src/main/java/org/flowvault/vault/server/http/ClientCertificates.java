package org.flowvault.vault.server.http;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The listener's TLS context. Like Vault's listener it requests a client certificate from every
 * client and accepts whatever chain is presented: the handshake only proves the client holds the
 * leaf's key, and the cert auth method decides whether the chain is trusted. Advertising no
 * acceptable issuers lets clients offer any certificate they have.
 */
final class ClientCertificates {
    private ClientCertificates() {
    }

    static SSLContext serverContext(TlsFiles.Loaded tls) {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(tls.keyStore(), tls.password().toCharArray());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), new TrustManager[] {new AnyChain()}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the listener's TLS context", e);
        }
    }

    /** Accepts any client chain at the handshake; verification happens at login. Never used for servers. */
    private static final class AnyChain implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // deliberately accepted here: the cert auth method verifies the chain against its mount
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("the listener never verifies servers");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
