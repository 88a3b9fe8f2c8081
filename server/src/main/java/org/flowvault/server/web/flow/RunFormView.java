package org.flowvault.server.web.flow;

import java.util.List;

/**
 * One control of the "Start a run" form (see {@link RunForm}).
 *
 * @param name        the input's name
 * @param control     text, password, number, integer, checkbox, select or json
 * @param required    the run is refused without it
 * @param description for people, or null
 * @param domain      a credential input's website, else null
 * @param value       the value shown (a default, or what a refused start was given; never a password)
 * @param options     a credential picker's entries
 */
public record RunFormView(String name, String control, boolean required, String description, String domain, String value,
                          List<Option> options) {

    /** One entry of a credential picker: a permissioned user id, labelled with its alias. */
    public record Option(String value, String label) {
    }

    public RunFormView {
        options = List.copyOf(options);
    }

    /** The control's element id. */
    public String id() {
        return "input-" + name.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    /** The form parameter it is posted as. */
    public String param() {
        return RunForm.PREFIX + name;
    }

    public boolean checked() {
        return "true".equals(value);
    }
}
