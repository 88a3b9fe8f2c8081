package org.flowvault.platform.reference;

/** Escaping of names inside references: a backslash makes the next special character literal. */
final class Escaping {
    /** Characters with a meaning inside {@code vault.secret(...)}. */
    static final String ARGUMENT_SPECIALS = "\\./:()";
    /** Characters with a meaning inside a {@code vault://} full path. */
    static final String PATH_SPECIALS = "\\/:";
    /** Every character a backslash may escape, in either form (escaping more than needed is allowed). */
    static final String ESCAPABLE = ARGUMENT_SPECIALS;

    private Escaping() {
    }

    static String escape(String name, String specials) {
        StringBuilder sb = null;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (specials.indexOf(c) >= 0) {
                if (sb == null) {
                    sb = new StringBuilder(name.length() + 8).append(name, 0, i);
                }
                sb.append('\\');
            }
            if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? name : sb.toString();
    }

    /** C0 and C1 control characters and DEL. */
    static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f);
    }
}
