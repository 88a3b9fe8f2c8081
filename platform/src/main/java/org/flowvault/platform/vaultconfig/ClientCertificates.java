package org.flowvault.platform.vaultconfig;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import org.flowvault.platform.error.PlatformException;

/**
 * Checks a CERT configuration's client certificate and private key when an admin saves them, so a
 * malformed PEM or a key of another certificate fails on save with the field named, not at the
 * first login. Messages never quote the PEM.
 */
final class ClientCertificates {
    /** Keeps the sealed value within the credential column (8192 characters of ciphertext). */
    static final int MAX_PEM = 5000;

    private ClientCertificates() {
    }

    /** @throws PlatformException INVALID naming {@code client_certificate} or {@code private_key} */
    static void check(String configName, String certificatePem, String privateKeyPem) {
        String where = "vault configuration '" + configName + "': ";
        if (certificatePem.length() > MAX_PEM || privateKeyPem.length() > MAX_PEM) {
            throw PlatformException.invalidField(certificatePem.length() > MAX_PEM ? "client_certificate" : "private_key",
                    where + "the client certificate and the private key may have at most " + MAX_PEM + " characters each");
        }
        X509Certificate cert = certificate(where, certificatePem);
        PrivateKey key = privateKey(where, privateKeyPem, cert.getPublicKey().getAlgorithm());
        if (!matches(cert.getPublicKey(), key)) {
            throw PlatformException.invalidField("private_key", where + "the private key does not belong to the client certificate "
                    + "(signatures made with it do not verify with the certificate's public key); paste the key the certificate was issued for");
        }
    }

    private static X509Certificate certificate(String where, String pem) {
        String fix = "; paste the whole PEM block, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----";
        if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
            throw PlatformException.invalidField("client_certificate", where + "the client certificate is not PEM" + fix);
        }
        try {
            List<?> certs = List.copyOf(CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
            if (certs.isEmpty() || !(certs.get(0) instanceof X509Certificate first)) {
                throw PlatformException.invalidField("client_certificate", where + "the client certificate PEM holds no X.509 certificate" + fix);
            }
            return first;
        } catch (GeneralSecurityException | RuntimeException e) {
            if (e instanceof PlatformException p) {
                throw p;
            }
            throw PlatformException.invalidField("client_certificate", where + "the client certificate does not parse as X.509" + fix);
        }
    }

    private static PrivateKey privateKey(String where, String pem, String algorithm) {
        if (pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            throw PlatformException.invalidField("private_key", where + "the private key is encrypted; store it unencrypted "
                    + "(openssl pkcs8 -topk8 -nocrypt -in key.pem), it is encrypted at rest by the platform");
        }
        if (pem.contains("-----BEGIN RSA PRIVATE KEY-----") || pem.contains("-----BEGIN EC PRIVATE KEY-----")) {
            throw PlatformException.invalidField("private_key", where + "the private key is in PKCS#1/SEC1 form; convert it to PKCS#8 "
                    + "with openssl pkcs8 -topk8 -nocrypt -in key.pem");
        }
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw PlatformException.invalidField("private_key", where + "the private key is not PEM: it must be an unencrypted PKCS#8 "
                    + "block from -----BEGIN PRIVATE KEY----- to -----END PRIVATE KEY-----");
        }
        String body = pem.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end).replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(body);
            String family = algorithm.equals("Ed25519") || algorithm.equals("Ed448") ? "EdDSA" : algorithm;
            return KeyFactory.getInstance(family).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw PlatformException.invalidField("private_key", where + "the private key does not parse as a PKCS#8 " + algorithm
                    + " key, the type of the client certificate's key");
        }
    }

    /** Signs a random challenge with {@code key} and verifies it with {@code cert}. */
    private static boolean matches(PublicKey cert, PrivateKey key) {
        String algorithm = switch (cert.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> cert.getAlgorithm(); // Ed25519, Ed448, EdDSA
        };
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(cert);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
