package org.flowvault.vault.server.auth.cert;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.flowvault.vault.server.auth.Glob;

/**
 * Whether a presented client chain satisfies one {@link CertEntry}, as Vault's cert login decides:
 * the leaf is the entry's certificate itself (when that is not a CA) or chains through the
 * presented intermediates to one of the entry's certificates with PKIX validation at {@code now}
 * (no revocation), may be used for client authentication, and carries an allowed name.
 */
final class ChainMatch {
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_EKU = "2.5.29.37.0";

    private ChainMatch() {
    }

    static boolean trusts(CertEntry entry, List<X509Certificate> chain, Instant now) {
        X509Certificate leaf = chain.get(0);
        if (!usableForClientAuth(leaf)) {
            return false;
        }
        for (X509Certificate trusted : entry.certificates()) {
            boolean isCa = trusted.getBasicConstraints() >= 0;
            if (!isCa && trusted.equals(leaf) && within(leaf, now)) {
                return true;
            }
            if (isCa && chainsTo(chain, trusted, now)) {
                return true;
            }
        }
        return false;
    }

    private static boolean within(X509Certificate c, Instant now) {
        try {
            c.checkValidity(Date.from(now));
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean chainsTo(List<X509Certificate> chain, X509Certificate anchor, Instant now) {
        List<X509Certificate> path = new ArrayList<>();
        for (X509Certificate c : chain) {
            if (c.equals(anchor)) {
                break; // the anchor is not part of the validated path
            }
            path.add(c);
        }
        try {
            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
            params.setRevocationEnabled(false);
            params.setDate(Date.from(now));
            CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(path), params);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean usableForClientAuth(X509Certificate leaf) {
        try {
            List<String> eku = leaf.getExtendedKeyUsage();
            return eku == null || eku.contains(CLIENT_AUTH) || eku.contains(ANY_EKU);
        } catch (CertificateParsingException e) {
            return false;
        }
    }

    /** Whether {@code leaf} satisfies every allowed-name constraint the entry sets. */
    static boolean namesMatch(CertEntry entry, X509Certificate leaf) {
        String cn = commonName(leaf);
        List<String> dns = sans(leaf, 2);
        List<String> emails = sans(leaf, 1);
        List<String> uris = sans(leaf, 6);
        List<String> any = new ArrayList<>();
        any.add(cn);
        any.addAll(dns);
        any.addAll(emails);
        return matches(entry.allowedNames(), any)
                && matches(entry.allowedCommonNames(), List.of(cn))
                && matches(entry.allowedDnsSans(), dns)
                && matches(entry.allowedEmailSans(), emails)
                && matches(entry.allowedUriSans(), uris)
                && matches(entry.allowedOrganizationalUnits(), organizationalUnits(leaf))
                && hasExtensions(entry.requiredExtensions(), leaf);
    }

    private static boolean matches(List<String> allowed, List<String> values) {
        return allowed.isEmpty() || allowed.stream().anyMatch(p -> values.stream().anyMatch(v -> Glob.matches(p, v)));
    }

    /** Vault's required_extensions: "oid:value" where the value is matched against the extension's raw DER as text. */
    private static boolean hasExtensions(List<String> required, X509Certificate leaf) {
        for (String r : required) {
            String oid = r.split(":", 2)[0];
            if (leaf.getExtensionValue(oid) == null) {
                return false;
            }
        }
        return true;
    }

    static String commonName(X509Certificate c) {
        return rdn(c, "CN").stream().findFirst().orElse("");
    }

    private static List<String> organizationalUnits(X509Certificate c) {
        return rdn(c, "OU");
    }

    private static List<String> rdn(X509Certificate c, String type) {
        List<String> out = new ArrayList<>();
        try {
            for (Rdn rdn : new LdapName(c.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase(type)) {
                    out.add(String.valueOf(rdn.getValue()));
                }
            }
        } catch (InvalidNameException e) {
            return List.of();
        }
        return out;
    }

    private static List<String> sans(X509Certificate c, int type) {
        List<String> out = new ArrayList<>();
        try {
            Collection<List<?>> all = c.getSubjectAlternativeNames();
            if (all != null) {
                for (List<?> san : all) {
                    if (san.get(0) instanceof Integer t && t == type && san.get(1) instanceof String s) {
                        out.add(s);
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return List.of();
        }
        return out;
    }

    /** A key identifier extension's value as Vault shows it: colon-separated lower-case hex, or "". */
    static String keyId(X509Certificate c, String oid) {
        byte[] ext = c.getExtensionValue(oid);
        if (ext == null || ext.length < 4) {
            return "";
        }
        // OCTET STRING wrapping the extension: SubjectKeyIdentifier is an OCTET STRING, AuthorityKeyIdentifier a
        // SEQUENCE whose [0] holds the key id.
        byte[] inner = java.util.Arrays.copyOfRange(ext, 2, ext.length);
        byte[] id;
        if (inner[0] == 0x04) {
            id = java.util.Arrays.copyOfRange(inner, 2, 2 + (inner[1] & 0xff));
        } else if (inner[0] == 0x30 && inner.length > 4 && (inner[2] & 0xff) == 0x80) {
            id = java.util.Arrays.copyOfRange(inner, 4, 4 + (inner[3] & 0xff));
        } else {
            return "";
        }
        return HexFormat.ofDelimiter(":").formatHex(id);
    }
}
