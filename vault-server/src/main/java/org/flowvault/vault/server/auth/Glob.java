package org.flowvault.vault.server.auth;

/** go-glob's matching, as Vault's bound claims and Kubernetes names use it: '*' matches any run of characters. */
public final class Glob {
    private Glob() {
    }

    /** Whether {@code value} matches {@code pattern}, where each '*' stands for zero or more characters. */
    public static boolean matches(String pattern, String value) {
        if (pattern.equals("*")) {
            return true;
        }
        String[] parts = pattern.split("\\*", -1);
        if (parts.length == 1) {
            return pattern.equals(value);
        }
        if (!value.startsWith(parts[0])) {
            return false;
        }
        int at = parts[0].length();
        for (int i = 1; i < parts.length - 1; i++) {
            int found = value.indexOf(parts[i], at);
            if (found < 0) {
                return false;
            }
            at = found + parts[i].length();
        }
        String last = parts[parts.length - 1];
        return value.length() - at >= last.length() && value.endsWith(last);
    }
}
