package org.flowvault.server.web.vaultconfig;

import org.flowvault.platform.error.PlatformException;

/**
 * What a rejected form submission shows: the platform's message, beside the input it names.
 *
 * @param field   the API name of the bad field, or null when the message concerns the whole form
 * @param message the message, or null when there is no error
 */
public record FieldError(String field, String message) {
    private static final FieldError NONE = new FieldError(null, null);

    static FieldError none() {
        return NONE;
    }

    static FieldError of(PlatformException e) {
        return new FieldError(e.field().orElse(null), e.getMessage());
    }

    public boolean any() {
        return message != null;
    }

    /** True when the error belongs beside input {@code name}. */
    public boolean is(String name) {
        return message != null && name.equals(field);
    }

    /** The {@code aria-describedby} value for input {@code name}: its hint, and its error when it has one. */
    public String describedBy(String name, boolean hint) {
        String ids = (hint ? name + "-hint " : "") + (is(name) ? name + "-error" : "");
        return ids.isBlank() ? null : ids.strip();
    }
}
