package org.flowvault.server.web.flow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.flowvault.platform.credential.CredentialEntry;
import org.flowvault.platform.flow.InputSpec;

/**
 * The "Start a run" form, generated from a flow's declared inputs: a fitting control per type,
 * a password field for a sensitive input, and for a credential input a picker of the project's
 * entries for its domain (permissioned user ids and aliases, never a value).
 */
final class RunForm {
    /** Form parameters of inputs are {@code input.NAME}, apart from the page's own ({@code _csrf}). */
    static final String PREFIX = "input.";

    private RunForm() {
    }

    static List<RunFormView> fields(List<InputSpec> inputs, List<CredentialEntry> entries, Map<String, String> given) {
        List<RunFormView> out = new ArrayList<>(inputs.size());
        for (InputSpec in : inputs) {
            String control = switch (in.type()) {
                case CREDENTIAL -> "select";
                case BOOLEAN -> "checkbox";
                case NUMBER -> in.sensitive() ? "password" : "number";
                case INTEGER -> in.sensitive() ? "password" : "integer";
                case OBJECT, LIST, ANY -> in.sensitive() ? "password" : "json";
                case STRING -> in.sensitive() ? "password" : "text";
            };
            List<RunFormView.Option> options = in.domain() == null ? List.of() : entries.stream()
                    .filter(e -> in.domain().equals(e.domain()))
                    .map(e -> new RunFormView.Option(e.permissionedUserId(), e.userAlias() == null || e.userAlias().isBlank()
                            ? e.permissionedUserId() : e.permissionedUserId() + " (" + e.userAlias() + ")"))
                    .toList();
            String value = control.equals("password") ? "" : given.getOrDefault(in.name(),
                    in.defaultValue() == null || in.sensitive() ? "" : String.valueOf(in.defaultValue()));
            out.add(new RunFormView(in.name(), control, in.required(), in.description(), in.domain(), value, options));
        }
        return out;
    }

    /**
     * The inputs a submitted form gives: an empty field is not given (so defaults apply and a
     * missing required input is named by the platform); an unchecked box is false.
     */
    static Map<String, Object> inputs(List<InputSpec> inputs, Map<String, List<String>> form) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (InputSpec in : inputs) {
            List<String> v = form.get(PREFIX + in.name());
            String text = v == null || v.isEmpty() ? null : v.getFirst();
            if (in.type() == org.flowvault.platform.flow.ValueType.BOOLEAN) {
                out.put(in.name(), text != null);
            } else if (text != null && !text.isEmpty()) {
                out.put(in.name(), text);
            }
        }
        return out;
    }

    /** The non-secret values a refused form showed, to show them again. */
    static Map<String, String> kept(List<InputSpec> inputs, Map<String, List<String>> form) {
        Map<String, String> out = new LinkedHashMap<>();
        for (InputSpec in : inputs) {
            List<String> v = form.get(PREFIX + in.name());
            if (!in.sensitive()) {
                out.put(in.name(), in.type() == org.flowvault.platform.flow.ValueType.BOOLEAN
                        ? String.valueOf(v != null && !v.isEmpty()) : v == null || v.isEmpty() ? "" : Objects.toString(v.getFirst(), ""));
            }
        }
        return out;
    }
}
