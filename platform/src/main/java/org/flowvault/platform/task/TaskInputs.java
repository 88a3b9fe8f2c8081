package org.flowvault.platform.task;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.flowvault.platform.masking.Masker;

/**
 * Typed, validated access to a step's inputs. Every failure is a {@link TaskException} of kind
 * INPUT naming the task type, the input and the expected form or allowed values — <b>never the
 * value given</b>, in any case or normalisation: any input may hold a secret resolved from Vault
 * that the masker cannot recognise once an input has been transformed, so a message says what
 * kind of value was given (text, a number, a list...) and nothing more. Creating one registers
 * every secret-named string input with the run's masker, so a password never shows up in a log
 * line or error even when a driver echoes it.
 */
public final class TaskInputs {
    private final String type;
    private final Map<String, Object> values;
    private final Masker masker;

    private TaskInputs(String type, Map<String, Object> values, Masker masker) {
        this.type = type;
        this.values = values;
        this.masker = masker;
    }

    /** Wraps {@code inputs} of a step of {@code type}, registering secret-named values with {@code masker}. */
    public static TaskInputs of(String type, Map<String, Object> inputs, Masker masker) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(masker, "masker");
        Map<String, Object> copy = Collections.unmodifiableMap(new LinkedHashMap<>(inputs == null ? Map.of() : inputs));
        List<String> secrets = new ArrayList<>();
        collectSecrets(copy, false, secrets);
        masker.registerAll(secrets);
        return new TaskInputs(type, copy, masker);
    }

    private static void collectSecrets(Object node, boolean secret, List<String> out) {
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> collectSecrets(v, secret || isSecretName(String.valueOf(k)), out));
        } else if (node instanceof List<?> l) {
            l.forEach(v -> collectSecrets(v, secret, out));
        } else if (secret && node != null && !(node instanceof Boolean)) {
            out.add(node.toString());
        }
    }

    /**
     * Whether an input of this name holds a secret: names containing {@code password},
     * {@code passphrase}, {@code secret}, {@code token}, {@code private_key}, {@code api_key} or
     * {@code apikey} (case-insensitive).
     */
    public static boolean isSecretName(String name) {
        String n = name.toLowerCase(Locale.ROOT).replace('-', '_');
        return n.contains("password") || n.contains("passphrase") || n.contains("secret") || n.contains("token")
                || n.contains("private_key") || n.contains("api_key") || n.contains("apikey");
    }

    /** The task type, for messages. */
    public String type() {
        return type;
    }

    /** All inputs, unmodifiable. */
    public Map<String, Object> asMap() {
        return values;
    }

    /** Whether the input is present and not null. */
    public boolean has(String name) {
        return values.get(name) != null;
    }

    /** The raw value, or null. */
    public Object raw(String name) {
        return values.get(name);
    }

    /** A text input; numbers and booleans are accepted as their text; blank counts as absent. */
    public Optional<String> string(String name) {
        Object v = values.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof String s) {
            return s.isBlank() ? Optional.empty() : Optional.of(s);
        }
        if (v instanceof Number || v instanceof Boolean) {
            return Optional.of(v.toString());
        }
        throw wrongType(name, v, "text");
    }

    /** A required text input; {@code hint} says how to provide it. */
    public String requireString(String name, String hint) {
        return string(name).orElseThrow(() -> missing(name, hint));
    }

    /** A whole number between {@code min} and {@code max}; text such as {@code "30"} is accepted. */
    public Optional<Long> number(String name, long min, long max) {
        Object v = values.get(name);
        if (v == null || (v instanceof String s && s.isBlank())) {
            return Optional.empty();
        }
        long n;
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            n = ((Number) v).longValue();
        } else if (v instanceof Number num && num.doubleValue() == Math.rint(num.doubleValue())) {
            n = num.longValue();
        } else if (v instanceof String s && s.strip().matches("-?\\d{1,18}")) {
            n = Long.parseLong(s.strip());
        } else {
            throw wrongType(name, v, "a whole number between " + min + " and " + max);
        }
        if (n < min || n > max) {
            throw TaskException.input(type + " input \"" + name + "\" must be between " + min + " and " + max);
        }
        return Optional.of(n);
    }

    /** A boolean; {@code "true"}/{@code "false"} (any case) accepted. */
    public boolean bool(String name, boolean fallback) {
        Object v = values.get(name);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s);
        }
        throw wrongType(name, v, "true or false");
    }

    /** A map (JSON object) input. */
    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> map(String name) {
        Object v = values.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Map<?, ?> m) {
            return Optional.of((Map<String, Object>) m);
        }
        throw wrongType(name, v, "an object (key/value map)");
    }

    /** A list (JSON array) input. */
    @SuppressWarnings("unchecked")
    public Optional<List<Object>> list(String name) {
        Object v = values.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof List<?> l) {
            return Optional.of((List<Object>) l);
        }
        throw wrongType(name, v, "a list");
    }

    /** A failure for a missing required input. */
    public TaskException missing(String name, String hint) {
        return TaskException.input(type + " input \"" + name + "\" is missing: " + hint);
    }

    /** A failure for an input of the wrong type or form: names the input, the expected form and the kind given. */
    public TaskException wrongType(String name, Object value, String expected) {
        return TaskException.input(type + " input \"" + name + "\" must be " + expected + ", got " + kind(value));
    }

    /**
     * A failure for an invalid input, with a message saying what is allowed and how to fix it.
     * {@code why} must not quote the value (see the class documentation); it is masked all the same.
     */
    public TaskException invalid(String name, String why) {
        return TaskException.input(type + " input \"" + name + "\" " + masker.mask(why));
    }

    /**
     * How a value may be described in a message: by its kind only ({@code text}, {@code a number},
     * {@code a list}...), never its text.
     */
    public static String kind(Object value) {
        if (value == null) {
            return "nothing";
        }
        if (value instanceof String) {
            return "text";
        }
        if (value instanceof Number) {
            return "a number";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "a list";
        }
        return "a " + value.getClass().getSimpleName();
    }

    @Override
    public String toString() {
        return "TaskInputs" + values.keySet();
    }
}
