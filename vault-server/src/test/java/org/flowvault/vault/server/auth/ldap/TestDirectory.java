package org.flowvault.vault.server.auth.ldap;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.SelfSignedCertificateGenerator;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldif.LDIFException;
import com.unboundid.util.ObjectPair;
import com.unboundid.util.ssl.KeyStoreKeyManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllTrustManager;
import java.io.File;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Collections;

/**
 * A real LDAP directory in the test's JVM (UnboundID's in-memory server) with an LDAP listener
 * that also offers StartTLS and an LDAPS listener, both on loopback with a fresh self-signed
 * certificate:
 * <pre>
 *   dc=example,dc=com
 *     cn=admin               service account, password "adminpw" (bind credentials only)
 *     ou=users: uid=alice (alicepw, also "alice@example.com" as UPN), uid=bob (bobpw), uid=carol (carolpw)
 *     ou=groups: cn=devs    groupOfNames        member=alice
 *                cn=ops     groupOfUniqueNames  uniqueMember=alice
 *                cn=posix   posixGroup          memberUid=bob
 * </pre>
 */
final class TestDirectory implements AutoCloseable {
    static final String BASE = "dc=example,dc=com";
    static final String USERS = "ou=users," + BASE;
    static final String GROUPS = "ou=groups," + BASE;
    static final String ADMIN = "cn=admin," + BASE;

    final InMemoryDirectoryServer server;
    /** The server certificate, PEM-encoded, for {@code certificate}. */
    final String certificatePem;

    TestDirectory() throws Exception {
        ObjectPair<File, char[]> keyStore = SelfSignedCertificateGenerator.generateTemporarySelfSignedCertificate(
                "flowvault-test", "PKCS12");
        SSLUtil serverSsl = new SSLUtil(new KeyStoreKeyManager(keyStore.getFirst(), keyStore.getSecond(), "PKCS12", null),
                new TrustAllTrustManager());
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
        config.addAdditionalBindCredentials(ADMIN, "adminpw");
        config.setSchema(null);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        config.setListenerConfigs(
                InMemoryListenerConfig.createLDAPConfig("ldap", loopback, 0, serverSsl.createSSLSocketFactory()),
                InMemoryListenerConfig.createLDAPSConfig("ldaps", loopback, 0, serverSsl.createSSLServerSocketFactory(), null));
        server = new InMemoryDirectoryServer(config);
        server.startListening();
        certificatePem = pem(keyStore);
        seed();
    }

    private void seed() throws LDAPException, LDIFException {
        server.add("dn: " + BASE, "objectClass: domain", "dc: example");
        server.add("dn: " + USERS, "objectClass: organizationalUnit", "ou: users");
        server.add("dn: " + GROUPS, "objectClass: organizationalUnit", "ou: groups");
        user("alice", "Alice Smith", "alicepw");
        user("bob", "Bob Jones", "bobpw");
        user("carol", "Carol White", "carolpw");
        server.add("dn: cn=devs," + GROUPS, "objectClass: groupOfNames", "cn: devs", "member: uid=alice," + USERS);
        server.add("dn: cn=ops," + GROUPS, "objectClass: groupOfUniqueNames", "cn: ops", "uniqueMember: uid=alice," + USERS);
        server.add("dn: cn=posix," + GROUPS, "objectClass: posixGroup", "cn: posix", "gidNumber: 1000", "memberUid: bob");
    }

    private void user(String uid, String cn, String password) throws LDAPException, LDIFException {
        server.add("dn: uid=" + uid + "," + USERS, "objectClass: inetOrgPerson", "uid: " + uid, "cn: " + cn,
                "sn: " + cn.substring(cn.indexOf(' ') + 1), "userPassword: " + password,
                "userPrincipalName: " + uid + "@example.com");
    }

    String ldapUrl() {
        return "ldap://127.0.0.1:" + server.getListenPort("ldap");
    }

    String ldapsUrl() {
        return "ldaps://127.0.0.1:" + server.getListenPort("ldaps");
    }

    private static String pem(ObjectPair<File, char[]> keyStore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(keyStore.getFirst())) {
            ks.load(in, keyStore.getSecond());
        }
        for (String alias : Collections.list(ks.aliases())) {
            Certificate cert = ks.getCertificate(alias);
            if (cert != null) {
                return "-----BEGIN CERTIFICATE-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(cert.getEncoded())
                        + "\n-----END CERTIFICATE-----\n";
            }
        }
        throw new IllegalStateException("no certificate in the generated key store");
    }

    @Override
    public void close() {
        server.shutDown(true);
    }
}
