package org.flowvault.sdk.identity;

/** A platform user's role: admins manage users, projects and vault configurations. */
public enum Role {
    ADMIN,
    MEMBER;

    /** As the API writes it: {@code admin}, {@code member}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** @throws IllegalArgumentException for anything but admin or member (any case) */
    public static Role fromWire(String text) {
        try {
            return valueOf(text.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("a role is admin or member");
        }
    }
}
