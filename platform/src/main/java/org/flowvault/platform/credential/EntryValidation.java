package org.flowvault.platform.credential;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.flowvault.platform.connection.AttachedSecret;
import org.flowvault.platform.error.PlatformException;

/**
 * Checks an entry's fields before they are stored. Every message names the field and what is
 * allowed, never the value: a field may be a secret, or a plaintext sent by mistake where a
 * ciphertext belongs.
 */
final class EntryValidation {
    static final int MAX_DOMAIN = 512;
    static final int MAX_USER_ID = 256;
    static final int MAX_ALIAS = 256;
    /** Hex characters of one stored field: about 8 KiB of plaintext. */
    static final int MAX_CIPHERTEXT = 16384;
    /** IV (12 bytes), at least one byte of JSON text, tag (16 bytes). */
    private static final int MIN_CIPHERTEXT_BYTES = 12 + 1 + 16;
    static final int MAX_CONCURRENCY = 1000;
    static final int MAX_EXPIRY_DAYS = 3650;
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9._@+:=~|/-]{1," + MAX_USER_ID + "}");
    private static final Pattern LABEL = Pattern.compile("(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern V2 = Pattern.compile("v2:([1-9][0-9]{0,8}):(.*)", Pattern.DOTALL);

    private EntryValidation() {
    }

    /**
     * An absolute {@code http(s)} URL without user info, query or fragment
     * ({@code https://portal.example.com}, {@code https://example.com:8443/login}), or a bare host
     * name ({@code portal.example.com}). Kept exactly as given: it is part of every ciphertext's
     * associated data.
     */
    static String domain(String d) {
        if (d == null || d.isEmpty()) {
            throw PlatformException.invalid("'domain' is required: the website's address, e.g. https://portal.example.com");
        }
        if (d.length() > MAX_DOMAIN) {
            throw PlatformException.invalid("'domain' is too long: at most " + MAX_DOMAIN + " characters");
        }
        if (!d.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw PlatformException.invalid("'domain' must be printable ASCII without spaces: an http(s) URL or a host name "
                    + "(internationalised names in their xn-- form)");
        }
        Origin.parse(d).orElseThrow(() -> PlatformException.invalid("'domain' must be an absolute http:// or https:// URL "
                + "(no user info, query or fragment), e.g. https://portal.example.com, or a host name such as portal.example.com"));
        return d;
    }

    static String permissionedUserId(String id) {
        if (id == null || id.isEmpty()) {
            throw PlatformException.invalid("'permissioned_user_id' is required: your id for the end user whose login this is");
        }
        if (!USER_ID.matcher(id).matches()) {
            throw PlatformException.invalid("'permissioned_user_id' must be 1 to " + MAX_USER_ID
                    + " letters, digits or . _ @ + : = ~ | / - (no spaces)");
        }
        return id;
    }

    static String alias(String alias) {
        if (alias == null) {
            return null;
        }
        if (alias.length() > MAX_ALIAS || alias.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw PlatformException.invalid("'user_alias' must be at most " + MAX_ALIAS + " characters without control characters");
        }
        return alias;
    }

    /**
     * Checks that {@code value} has the shape of a ciphertext the SDK makes, without decrypting it.
     *
     * @return the key version a v2 ciphertext names, or 0 for the seed format (v1)
     */
    static int ciphertext(String field, String value) {
        if (value.isEmpty()) {
            throw PlatformException.invalid("'" + field + "' is empty: leave it out, or send the ciphertext the SDK made");
        }
        if (value.length() > MAX_CIPHERTEXT) {
            throw PlatformException.invalid("'" + field + "' is too long: a stored field is at most " + MAX_CIPHERTEXT
                    + " characters (about 8 KiB of plaintext)");
        }
        int version = 0;
        String hex = value;
        if (value.startsWith("v2:")) {
            var m = V2.matcher(value);
            if (!m.matches()) {
                throw PlatformException.invalid("'" + field + "' must be v2:KEYVERSION:HEX with a key version from 1");
            }
            version = Integer.parseInt(m.group(1));
            hex = m.group(2);
        }
        for (int i = 0; i < hex.length(); i++) {
            if (Character.digit(hex.charAt(i), 16) < 0) {
                throw PlatformException.invalid("'" + field + "' is not a ciphertext: it must be v2:KEYVERSION:HEX or the seed "
                        + "format's bare hex (0-9, a-f). Secret fields are encrypted by the client (the SDK or the CLI); "
                        + "the server refuses plaintext");
            }
        }
        if (hex.length() % 2 != 0) {
            throw PlatformException.invalid("'" + field + "' is not a ciphertext: its hex has an odd number of digits");
        }
        if (hex.length() / 2 < MIN_CIPHERTEXT_BYTES) {
            throw PlatformException.invalid("'" + field + "' is too short to be a ciphertext: IV, encrypted value and tag take at least "
                    + MIN_CIPHERTEXT_BYTES * 2 + " hex digits");
        }
        return version;
    }

    static Integer maxConcurrency(Integer n) {
        if (n != null && (n < 1 || n > MAX_CONCURRENCY)) {
            throw PlatformException.invalid("'max_concurrency' must be a whole number from 1 to " + MAX_CONCURRENCY);
        }
        return n;
    }

    static Integer expiryDays(Integer n) {
        if (n != null && (n < 1 || n > MAX_EXPIRY_DAYS)) {
            throw PlatformException.invalid("'expire_after_last_use_days' must be a whole number of days from 1 to " + MAX_EXPIRY_DAYS);
        }
        return n;
    }

    static VaultSource vault(VaultSource v) {
        if (v == null) {
            return null;
        }
        AttachedSecret parsed;
        try {
            parsed = AttachedSecret.parse(v.attachment());
        } catch (PlatformException e) {
            throw PlatformException.invalid("'vault.path' must be a secret path such as secret/portal/alice, without empty, '.' "
                    + "or '..' segments, '?', ',' or control characters");
        }
        if (v.path().length() > 1000 || (v.config() != null && !v.config().matches("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}"))) {
            throw PlatformException.invalid("'vault.config' must name a vault configuration and 'vault.path' be at most 1000 characters");
        }
        v.keys().forEach((field, key) -> {
            if (!EntryFields.FROM_VAULT.contains(field)) {
                throw PlatformException.invalid("'vault.keys' maps user_name, password and tfa_secret to keys of the secret; "
                        + "unknown field '" + printable(field) + "'");
            }
            if (key == null || key.isEmpty() || key.length() > 256 || key.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw PlatformException.invalid("'vault.keys." + field + "' must be the name of a key of the secret (1 to 256 characters)");
            }
        });
        return new VaultSource(parsed.config(), parsed.path(), v.keys());
    }

    /** A field name as an error may quote it: field names are not secrets, but are bounded and printable. */
    static String printable(String name) {
        String s = name.length() > 64 ? name.substring(0, 64) + "..." : name;
        return s.replaceAll("[^\\x20-\\x7e]", "?");
    }

    /**
     * Where a domain points, for matching an entry to the domain a flow declares: the host
     * (lower case, without a trailing dot), the scheme (null for a bare host) and the port
     * (-1 when not given).
     */
    record Origin(String scheme, String host, int port) {
        static java.util.Optional<Origin> parse(String d) {
            String text = d;
            String scheme = null;
            int sep = d.indexOf("://");
            if (sep >= 0) {
                scheme = d.substring(0, sep).toLowerCase(Locale.ROOT);
                if (!scheme.equals("http") && !scheme.equals("https")) {
                    return java.util.Optional.empty();
                }
            } else {
                text = "http://" + d;
            }
            URI u;
            try {
                u = new URI(text);
            } catch (URISyntaxException e) {
                return java.util.Optional.empty();
            }
            if (u.getRawUserInfo() != null || u.getRawQuery() != null || u.getRawFragment() != null || u.getHost() == null
                    || (sep < 0 && u.getRawPath() != null && !u.getRawPath().isEmpty())) {
                return java.util.Optional.empty();
            }
            String host = u.getHost().toLowerCase(Locale.ROOT);
            if (host.endsWith(".")) {
                host = host.substring(0, host.length() - 1);
            }
            if (!host.startsWith("[")) {
                for (String label : host.split("\\.", -1)) {
                    if (!LABEL.matcher(label).matches()) {
                        return java.util.Optional.empty();
                    }
                }
            }
            if (u.getPort() == 0 || u.getPort() > 65535) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(new Origin(scheme, host, u.getPort()));
        }

        /**
         * Whether two domains name the same site: same host; same scheme and port when both give
         * them (a bare host matches either scheme).
         */
        boolean sameSite(Origin o) {
            if (!host.equals(o.host)) {
                return false;
            }
            if (scheme != null && o.scheme != null && !scheme.equals(o.scheme)) {
                return false;
            }
            return port == o.port || effectivePort() == o.effectivePort();
        }

        private int effectivePort() {
            if (port >= 0) {
                return port;
            }
            return "http".equals(scheme) ? 80 : 443;
        }
    }
}
