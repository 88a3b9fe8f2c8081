package org.flowvault.vault.server.kv;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowvault.vault.server.core.VaultError;

/**
 * A key's {@code custom_metadata}: parsing (scalars become strings the way Vault's weak decoding
 * does) and Vault's limits: at most 64 keys, keys of 1..128 bytes, values of 1..512 bytes, all
 * printable. Errors name keys, never values.
 */
final class CustomMetadata {
    static final int MAX_KEYS = 64;
    static final int MAX_KEY_LENGTH = 128;
    static final int MAX_VALUE_LENGTH = 512;
    private static final String PREFIX = "custom_metadata validation failed";

    private CustomMetadata() {
    }

    /**
     * Converts the raw field to strings. With {@code keepNulls} (PATCH), a null value stays null
     * to mean "remove this key"; otherwise it becomes the empty string, which validation rejects.
     */
    static Map<String, String> parse(Map<String, Object> raw, boolean keepNulls) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : raw.entrySet()) {
            Object v = e.getValue();
            if (v == null) {
                out.put(e.getKey(), keepNulls ? null : "");
                continue;
            }
            String s = Inputs.weakString(v);
            if (s == null) {
                throw VaultError.badRequest(PREFIX + ": value for key " + quote(e.getKey()) + " must be a string, not "
                        + (v instanceof Map ? "an object" : "an array"));
            }
            out.put(e.getKey(), s);
        }
        return out;
    }

    /** Throws a 400 listing every violation, in Vault's multi-error format. Null values are skipped. */
    static void validate(Map<String, String> metadata) {
        List<String> errors = new ArrayList<>();
        long count = metadata.values().stream().filter(v -> v != null).count();
        if (count > MAX_KEYS) {
            errors.add(PREFIX + ": payload must contain at most " + MAX_KEYS + " keys, provided " + count);
            throw failure(errors);
        }
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            String key = e.getKey();
            String value = e.getValue();
            if (value == null) {
                continue;
            }
            int keyLength = key.getBytes(StandardCharsets.UTF_8).length;
            if (keyLength == 0 || keyLength > MAX_KEY_LENGTH) {
                errors.add(PREFIX + ": length of key " + quote(key) + " is " + keyLength
                        + " but must be 0 < len(key) <= " + MAX_KEY_LENGTH);
            }
            int valueLength = value.getBytes(StandardCharsets.UTF_8).length;
            if (valueLength == 0 || valueLength > MAX_VALUE_LENGTH) {
                errors.add(PREFIX + ": length of value for key " + quote(key) + " is " + valueLength
                        + " but must be 0 < len(value) <= " + MAX_VALUE_LENGTH);
            }
            if (!printable(key)) {
                errors.add(PREFIX + ": key " + quote(key) + " (" + key + ") contains unprintable characters");
            }
            if (!printable(value)) {
                errors.add(PREFIX + ": value for key " + quote(key) + " contains unprintable characters");
            }
        }
        if (!errors.isEmpty()) {
            throw failure(errors);
        }
    }

    /** hashicorp/go-multierror's text, which Vault returns as a single error string. */
    private static VaultError failure(List<String> errors) {
        StringBuilder sb = new StringBuilder();
        if (errors.size() == 1) {
            sb.append("1 error occurred:\n\t* ").append(errors.get(0));
        } else {
            sb.append(errors.size()).append(" errors occurred:");
            for (String e : errors) {
                sb.append("\n\t* ").append(e);
            }
        }
        return VaultError.badRequest(sb.append("\n\n").toString());
    }

    /** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    static boolean printable(String s) {
        return s.codePoints().allMatch(CustomMetadata::printable);
    }

    private static boolean printable(int cp) {
        if (cp == ' ') {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER,
                 Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK,
                 Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER,
                 Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION,
                 Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }

    /** Go's %q for the key names in error messages: quoted, with unprintables escaped. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (printable(cp)) {
                        sb.appendCodePoint(cp);
                    } else if (cp < 0x80) {
                        sb.append(String.format("\\x%02x", cp));
                    } else if (cp <= 0xFFFF) {
                        sb.append(String.format("\\u%04x", cp));
                    } else {
                        sb.append(String.format("\\U%08x", cp));
                    }
                }
            }
        });
        return sb.append('"').toString();
    }
}
