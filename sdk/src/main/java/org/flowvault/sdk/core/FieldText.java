package org.flowvault.sdk.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import org.flowvault.sdk.credential.CredentialDecryptionException;
import org.flowvault.sdk.credential.FieldId;

/**
 * The plaintext of a credential field: the JSON text of its value (a string keeps its quotes).
 * Almost every value is a string with nothing to escape, whose JSON text is the string in quotes:
 * that case is one copy each way, without Jackson (at 16 KiB Jackson costs several times AES-GCM);
 * anything else goes through Jackson, which gives the same text.
 */
final class FieldText {
    private static final ObjectReader VALUE = ResponseJson.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private FieldText() {
    }

    /** {@code value}'s JSON text, exactly as Jackson writes it. */
    static String of(Object value) {
        if (value instanceof String s && !needsEscapes(s, 0, s.length())) {
            return "\"" + s + "\"";
        }
        try {
            return ResponseJson.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a credential field cannot be written as JSON", e);
        }
    }

    /**
     * The value a decrypted field's JSON text spells.
     *
     * @throws CredentialDecryptionException naming {@code id} when it is not the JSON text of one value
     */
    static JsonNode parse(FieldId id, String text) {
        int n = text.length();
        if (n >= 2 && text.charAt(0) == '"' && text.charAt(n - 1) == '"' && !needsEscapes(text, 1, n - 1)) {
            return TextNode.valueOf(text.substring(1, n - 1));
        }
        try {
            JsonNode v = VALUE.readTree(text);
            if (v == null || v.isMissingNode()) {
                throw new CredentialDecryptionException(id, "it decrypted to nothing, not to the JSON text of a value");
            }
            return v;
        } catch (IOException e) {
            throw new CredentialDecryptionException(id, "it decrypted, but not to the JSON text of a value (the plaintext of both formats)");
        }
    }

    /** Whether {@code s[from, to)} holds a character JSON escapes inside a string: a quote, a backslash or a control character. */
    private static boolean needsEscapes(String s, int from, int to) {
        int quote = s.indexOf('"', from); // indexOf is vectorised; the loop below is the only per-character pass
        int backslash = s.indexOf('\\', from);
        if (quote >= 0 && quote < to || backslash >= 0 && backslash < to) {
            return true;
        }
        for (int i = from; i < to; i++) {
            if (s.charAt(i) < 0x20) {
                return true;
            }
        }
        return false;
    }
}
