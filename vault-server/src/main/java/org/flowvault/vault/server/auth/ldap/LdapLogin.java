package org.flowvault.vault.server.auth.ldap;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.SearchResultEntry;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.flowvault.vault.server.core.VaultError;

/**
 * The directory side of an LDAP login, after Vault's {@code ldaputil.Client}: find the DN to bind
 * as (search with the bind DN, or build {@code userattr=username,userdn} or {@code user@upndomain}),
 * bind as the user with the password, re-bind as the service account, then collect the user's
 * groups with {@code groupfilter}. Any failure to bind as the user is the same message, so a
 * caller cannot tell a wrong password from an unknown user.
 */
final class LdapLogin {
    static final String BIND_FAILED = "ldap operation failed: failed to bind as user";

    private LdapLogin() {
    }

    /** The groups the directory reports for {@code username}, after a successful bind. */
    static List<String> groups(LdapConfig cfg, String username, String password) {
        try (LdapDirectory dir = LdapDirectory.dial(cfg)) {
            String bindDn;
            try {
                bindDn = userBindDn(cfg, dir, username);
                dir.bind(bindDn, password);
            } catch (LDAPException | LdapDirectory.LdapFailure | IllegalArgumentException e) {
                throw VaultError.badRequest(BIND_FAILED);
            }
            if (!cfg.binddn().isEmpty() && !cfg.bindpass().isEmpty()) {
                try {
                    dir.bind(cfg.binddn(), cfg.bindpass());
                } catch (LDAPException e) {
                    throw VaultError.badRequest("ldap operation failed: failed to re-bind with the BindDN user");
                }
            }
            String userDn = userDn(cfg, dir, bindDn, username);
            if (cfg.anonymousGroupSearch()) {
                try (LdapDirectory anonymous = LdapDirectory.dial(cfg)) {
                    return groupsOf(cfg, anonymous, userDn, username);
                }
            }
            return groupsOf(cfg, dir, userDn, username);
        } catch (LdapDirectory.LdapFailure e) {
            throw VaultError.badRequest(e.getMessage());
        }
    }

    private static String userBindDn(LdapConfig cfg, LdapDirectory dir, String username) throws LDAPException, LdapDirectory.LdapFailure {
        if (cfg.discoverdn() || (!cfg.binddn().isEmpty() && !cfg.bindpass().isEmpty())) {
            dir.bind(cfg.binddn(), cfg.bindpass());
            String filter = GoTemplate.render(cfg.userfilter(), cfg.upndomain().isEmpty()
                    ? Map.of("UserAttr", escapeFilter(cfg.userattr()), "Username", escapeFilter(username))
                    : Map.of("UserAttr", "userPrincipalName", "Username", escapeFilter(username) + "@" + cfg.upndomain()));
            List<SearchResultEntry> found = dir.search(cfg.userdn(), filter, "1.1");
            if (found.size() != 1) {
                throw new LdapDirectory.LdapFailure("LDAP search for binddn 0 or not unique");
            }
            return found.get(0).getDN();
        }
        if (!cfg.upndomain().isEmpty()) {
            return escapeDnValue(username) + "@" + cfg.upndomain();
        }
        return cfg.userattr() + "=" + escapeDnValue(username) + "," + cfg.userdn();
    }

    private static String userDn(LdapConfig cfg, LdapDirectory dir, String bindDn, String username) throws LdapDirectory.LdapFailure {
        if (cfg.upndomain().isEmpty()) {
            return bindDn;
        }
        String filter = "(userPrincipalName=" + escapeFilter(escapeDnValue(username) + "@" + cfg.upndomain()) + ")";
        String dn = "";
        for (SearchResultEntry e : dir.search(cfg.userdn(), filter, "1.1")) {
            dn = e.getDN();
        }
        return dn;
    }

    private static List<String> groupsOf(LdapConfig cfg, LdapDirectory dir, String userDn, String username) throws LdapDirectory.LdapFailure {
        if (cfg.groupfilter().isEmpty() || cfg.groupdn().isEmpty()) {
            return List.of();
        }
        String filter;
        try {
            filter = GoTemplate.render(cfg.groupfilter(), Map.of("UserDN", escapeFilter(userDn), "Username", escapeFilter(username)));
        } catch (IllegalArgumentException e) {
            throw new LdapDirectory.LdapFailure("LDAP search failed due to template parsing error: " + e.getMessage());
        }
        TreeSet<String> groups = new TreeSet<>();
        for (SearchResultEntry e : dir.search(cfg.groupdn(), filter, cfg.groupattr())) {
            String[] values = e.getAttributeValues(cfg.groupattr());
            if (values != null && values.length > 0) {
                for (String v : values) {
                    groups.add(commonName(cfg, v));
                }
            } else {
                groups.add(commonName(cfg, e.getDN())); // the group entry itself names the group
            }
        }
        return List.copyOf(groups);
    }

    /** Vault's {@code getCN}: the first CN of a DN, or the value itself when it is not a DN. */
    static String commonName(LdapConfig cfg, String value) {
        DN dn;
        try {
            dn = new DN(value);
        } catch (LDAPException notADn) {
            return value;
        }
        for (RDN rdn : dn.getRDNs()) {
            String[] names = rdn.getAttributeNames();
            String[] values = rdn.getAttributeValues();
            for (int i = 0; i < names.length; i++) {
                boolean cn = cfg.usePre111GroupCnBehavior() ? names[i].equals("CN") : names[i].equalsIgnoreCase("cn");
                if (cn) {
                    return values[i];
                }
            }
        }
        return value;
    }

    /** go-ldap's {@code EscapeFilter} (RFC 4515): {@code \ * ( )}, NUL and non-ASCII bytes as \xx. */
    static String escapeFilter(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c > 0x7f || c == '(' || c == ')' || c == '\\' || c == '*' || c == 0) {
                out.append('\\').append(String.format("%02x", c));
            } else {
                out.append((char) c);
            }
        }
        return out.toString();
    }

    /** Vault's {@code EscapeLDAPValue} for a DN attribute value (RFC 4514). */
    static String escapeDnValue(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((i == 0 && (c == ' ' || c == '#')) || (i == s.length() - 1 && c == ' ')
                    || ",\\+<>;\"=".indexOf(c) >= 0) {
                out.append('\\').append(c);
            } else if (c == 0) {
                out.append("\\00");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
