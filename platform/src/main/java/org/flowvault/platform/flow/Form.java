package org.flowvault.platform.flow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.flowvault.platform.error.PlatformException;

/**
 * What a run asks a person for when it pauses ({@code message} steps, {@link FlowContext#message}):
 * a subject, an explanation and typed fields. A secret field (a password element) is masked
 * everywhere the run shows it and stored encrypted.
 *
 * @param subject what is asked, for the list of waiting runs
 * @param text    an explanation (may be null)
 * @param fields  the fields, in display order
 */
public record Form(String subject, String text, List<Field> fields) {

    public Form {
        Objects.requireNonNull(subject, "subject");
        fields = List.copyOf(fields);
        Set<String> names = fields.stream().map(Field::name).collect(Collectors.toSet());
        if (names.size() != fields.size()) {
            throw new IllegalArgumentException("form field names must be unique");
        }
    }

    /**
     * One field.
     *
     * @param name     the key of the submitted value
     * @param type     STRING, NUMBER, INTEGER, BOOLEAN (or OBJECT/LIST/ANY for programs)
     * @param label    shown to the person (may be null)
     * @param required the submission is refused without it
     * @param secret   masked and stored encrypted (a password field)
     * @param choices  the only values allowed, offered as a choice (empty: any value of the type)
     */
    public record Field(String name, ValueType type, String label, boolean required, boolean secret, List<String> choices) {
        public Field {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            choices = choices == null ? List.of() : List.copyOf(choices);
        }

        public Field(String name, ValueType type, String label, boolean required, boolean secret) {
            this(name, type, label, required, secret, List.of());
        }

        public static Field text(String name, String label, boolean required) {
            return new Field(name, ValueType.STRING, label, required, false);
        }

        public static Field secret(String name, String label, boolean required) {
            return new Field(name, ValueType.STRING, label, required, true);
        }
    }

    /** Names of the secret fields. */
    public Set<String> secretFields() {
        return fields.stream().filter(Field::secret).map(Field::name).collect(Collectors.toSet());
    }

    /**
     * Checks a person's submission against the fields.
     *
     * @return the values converted to the fields' types, in field order
     * @throws PlatformException INVALID listing every missing, unknown or mistyped field (never a value)
     */
    public Map<String, Object> validate(Map<String, ?> values) {
        Map<String, ?> given = values == null ? Map.of() : values;
        List<String> problems = new ArrayList<>();
        Set<String> known = fields.stream().map(Field::name).collect(Collectors.toSet());
        for (String key : given.keySet()) {
            if (!known.contains(key)) {
                problems.add("unknown field '" + key + "' (the form has: "
                        + fields.stream().map(Field::name).collect(Collectors.joining(", ")) + ")");
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Field f : fields) {
            Object v = given.get(f.name());
            if (v == null || (v instanceof String s && s.isEmpty() && f.type() != ValueType.STRING)) {
                if (f.required()) {
                    problems.add("field '" + f.name() + "' is required");
                }
                continue;
            }
            try {
                Object value = f.type().coerce(v);
                if (!f.choices().isEmpty() && !f.choices().contains(String.valueOf(value))) {
                    // the choices come from the flow's author, so naming them reveals nothing the person did not see
                    problems.add("field '" + f.name() + "' must be one of: " + String.join(", ", f.choices()));
                    continue;
                }
                out.put(f.name(), value);
            } catch (IllegalArgumentException e) {
                problems.add("field '" + f.name() + "' is not valid: " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw PlatformException.invalid("the input does not match the form '" + subject + "': " + String.join("; ", problems));
        }
        return out;
    }
}
