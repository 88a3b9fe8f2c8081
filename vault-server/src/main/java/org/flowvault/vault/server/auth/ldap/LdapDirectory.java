package org.flowvault.vault.server.auth.ldap;

import com.unboundid.ldap.sdk.DereferencePolicy;
import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.extensions.StartTLSExtendedRequest;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllTrustManager;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * One conversation with the directory, over the UnboundID LDAP SDK: dial the first reachable URL
 * of the configuration (ldap://, ldap:// with StartTLS, or ldaps://), bind, search. Failures are
 * {@link LdapFailure}s whose text never contains a password.
 */
final class LdapDirectory implements AutoCloseable {
    private final LDAPConnection connection;
    private final LdapConfig config;

    private LdapDirectory(LDAPConnection connection, LdapConfig config) {
        this.connection = connection;
        this.config = config;
    }

    /** An LDAP failure with a message fit for the client. */
    static final class LdapFailure extends Exception {
        LdapFailure(String message) {
            super(message, null, false, false);
        }
    }

    /** Connects to the first URL that answers, as Vault's {@code DialLDAP} does (comma-separated URLs). */
    static LdapDirectory dial(LdapConfig config) throws LdapFailure {
        List<String> errors = new ArrayList<>();
        for (String raw : config.url().split(",")) {
            String url = raw.trim();
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                errors.add("error parsing url \"" + url + "\": " + e.getMessage());
                continue;
            }
            String host = uri.getHost() == null ? "" : uri.getHost();
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1); // IPv6 literal
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme();
            try {
                LDAPConnection c = switch (scheme) {
                    case "ldap" -> plain(config, host, uri.getPort() < 0 ? 389 : uri.getPort());
                    case "ldaps" -> new LDAPConnection(ssl(config).createSSLSocketFactory(), options(config), host,
                            uri.getPort() < 0 ? 636 : uri.getPort());
                    default -> null;
                };
                if (c == null) {
                    errors.add("invalid LDAP scheme in url \"" + url + "\"");
                    continue;
                }
                return new LdapDirectory(c, config);
            } catch (LDAPException | GeneralSecurityException e) {
                errors.add("error connecting to host \"" + url + "\": " + e.getMessage());
            }
        }
        // Vault joins these with go-multierror, whose text clients sometimes match on.
        StringBuilder sb = new StringBuilder(errors.size() == 1 ? "1 error occurred:" : errors.size() + " errors occurred:");
        errors.forEach(e -> sb.append("\n\t* ").append(e));
        throw new LdapFailure(sb.append("\n\n").toString());
    }

    private static LDAPConnection plain(LdapConfig config, String host, int port) throws LDAPException, GeneralSecurityException {
        LDAPConnection c = new LDAPConnection(options(config), host, port);
        if (config.starttls()) {
            ExtendedResult r = c.processExtendedOperation(new StartTLSExtendedRequest(ssl(config).createSSLSocketFactory()));
            if (r.getResultCode() != ResultCode.SUCCESS) {
                c.close();
                throw new LDAPException(r.getResultCode(), "StartTLS failed: " + r.getDiagnosticMessage());
            }
        }
        return c;
    }

    private static LDAPConnectionOptions options(LdapConfig config) {
        LDAPConnectionOptions o = new LDAPConnectionOptions();
        o.setConnectTimeoutMillis((int) Math.min(Integer.MAX_VALUE, config.connectionTimeout() * 1000));
        o.setResponseTimeoutMillis(config.requestTimeout() * 1000);
        // Vault sends unauthenticated binds (a DN, no password) when deny_null_bind is off.
        o.setBindWithDNRequiresPassword(false);
        if (!config.insecureTls()) {
            o.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
        }
        return o;
    }

    private static SSLUtil ssl(LdapConfig config) throws GeneralSecurityException {
        if (config.insecureTls()) {
            return new SSLUtil(new TrustAllTrustManager());
        }
        if (config.certificate().isEmpty()) {
            return new SSLUtil(JVMDefaultTrustManager.getInstance());
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException("cannot create an empty trust store", e);
        }
        int i = 0;
        for (Certificate cert : CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(config.certificate().getBytes(StandardCharsets.UTF_8)))) {
            store.setCertificateEntry("ca-" + i++, cert);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        TrustManager[] managers = tmf.getTrustManagers();
        return new SSLUtil(managers);
    }

    /** A simple bind; an empty password makes it an unauthenticated bind. */
    void bind(String dn, String password) throws LDAPException {
        connection.bind(new SimpleBindRequest(dn, password));
    }

    /** Entries under {@code base} (whole subtree) matching {@code filter}, with {@code attributes}. */
    List<SearchResultEntry> search(String base, String filter, String... attributes) throws LdapFailure {
        try {
            SearchRequest request = new SearchRequest(base, SearchScope.SUB, deref(config.dereferenceAliases()), 0, 0,
                    false, Filter.create(filter), attributes);
            return connection.search(request).getSearchEntries();
        } catch (LDAPException e) {
            throw new LdapFailure("LDAP search failed: " + e.getMessage());
        }
    }

    private static DereferencePolicy deref(String value) {
        return switch (value) {
            case "finding" -> DereferencePolicy.FINDING;
            case "searching" -> DereferencePolicy.SEARCHING;
            case "always" -> DereferencePolicy.ALWAYS;
            default -> DereferencePolicy.NEVER;
        };
    }

    @Override
    public void close() {
        connection.close();
    }
}
