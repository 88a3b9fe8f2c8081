package org.flowvault.sdk.flow;

import java.util.List;

/** The form a run waiting for input asks a person to fill in. */
public record Form(String subject, String text, List<Field> fields) {
    public Form {
        fields = List.copyOf(fields);
    }

    /**
     * One field of the form.
     *
     * @param secret whether the answer is a secret (entered hidden, masked in the run)
     */
    public record Field(String name, String type, String label, boolean required, boolean secret) {
    }
}
