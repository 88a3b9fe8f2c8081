package org.flowvault.platform.flow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.flowvault.platform.error.PlatformException;
import org.flowvault.platform.task.TaskInputs;

/**
 * A declared input of a flow. A sensitive input's value is masked in everything a run shows and
 * is never stored in plain text. An input whose name looks secret ({@code password},
 * {@code token}, {@code secret}... see {@link TaskInputs#isSecretName}) is sensitive unless the
 * document says {@code sensitive: false}.
 *
 * @param name         the name expressions read as {@code inputs.NAME}
 * @param type         the value's type
 * @param required     a run without it is refused
 * @param sensitive    masked and stored encrypted
 * @param defaultValue used when the run gives no value (may be null)
 * @param description  for people (may be null)
 * @param domain       for a {@link ValueType#CREDENTIAL} input, the website whose credential entries it
 *                     names (e.g. {@code https://portal.example.com}); null otherwise
 */
public record InputSpec(String name, ValueType type, boolean required, boolean sensitive, Object defaultValue, String description,
                        String domain) {

    public InputSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if ((type == ValueType.CREDENTIAL) != (domain != null)) {
            throw new IllegalArgumentException("a credential input has a domain, and only a credential input: input '" + name + "'");
        }
    }

    /** An input of any type but {@link ValueType#CREDENTIAL}. */
    public InputSpec(String name, ValueType type, boolean required, boolean sensitive, Object defaultValue, String description) {
        this(name, type, required, sensitive, defaultValue, description, null);
    }

    /** A required credential input: the run gives a permissioned user id with an entry for {@code domain}. */
    public static InputSpec credential(String name, String domain) {
        return new InputSpec(name, ValueType.CREDENTIAL, true, false, null, null, Objects.requireNonNull(domain, "domain"));
    }

    /** An optional, non-sensitive input unless its name looks secret. */
    public static InputSpec of(String name, ValueType type) {
        return new InputSpec(name, type, false, TaskInputs.isSecretName(name), null, null);
    }

    /** A required input, sensitive when its name looks secret. */
    public static InputSpec required(String name, ValueType type) {
        return new InputSpec(name, type, true, TaskInputs.isSecretName(name), null, null);
    }

    /**
     * Checks and converts the values given to a run. With no declared inputs, any values are
     * accepted as they are (those with secret-looking names are treated as sensitive by the engine).
     *
     * @return the inputs by name, defaults applied, in declaration order
     * @throws PlatformException INVALID listing every missing, unknown or mistyped input (names and
     *         expected types only, never a value)
     */
    public static Map<String, Object> bind(List<InputSpec> specs, Map<String, ?> given) {
        Map<String, ?> values = given == null ? Map.of() : given;
        if (specs.isEmpty()) {
            return new LinkedHashMap<>(values);
        }
        List<String> problems = new ArrayList<>();
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, InputSpec> byName = specs.stream().collect(Collectors.toMap(InputSpec::name, s -> s, (a, b) -> a, LinkedHashMap::new));
        for (String key : values.keySet()) {
            if (!byName.containsKey(key)) {
                problems.add("unknown input '" + key + "' (declared: " + String.join(", ", byName.keySet()) + ")");
            }
        }
        for (InputSpec spec : specs) {
            Object v = values.get(spec.name());
            if (v == null) {
                v = spec.defaultValue();
            }
            if (v == null) {
                if (spec.required()) {
                    problems.add("missing required input '" + spec.name() + "' (" + spec.type().label()
                            + "): give it, e.g. --input " + spec.name() + "=...");
                }
                continue;
            }
            try {
                out.put(spec.name(), spec.type().coerce(v));
            } catch (IllegalArgumentException e) {
                problems.add("input '" + spec.name() + "' is not valid: " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw PlatformException.invalid(String.join("; ", problems));
        }
        return out;
    }
}
