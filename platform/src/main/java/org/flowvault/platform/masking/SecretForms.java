package org.flowvault.platform.masking;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/** The forms in which a secret value may show up in a log or an output. */
final class SecretForms {
    private SecretForms() {
    }

    /**
     * The value itself; its URL-encoded forms (form encoding with {@code +}, {@code %20}, lower-case
     * hex); its JSON-escaped form; its quote-doubled forms ({@code "} → {@code ""}, {@code '} →
     * {@code ''}, as SQL and CSV quote); and its base64 in both alphabets with and without padding. A
     * value embedded at some byte offset inside a larger base64-encoded blob does not produce its
     * own base64 but a shifted one; for each of the three possible alignments we add the run of
     * base64 characters that depend only on the value's bytes, so those are masked too.
     */
    static Set<String> of(String value) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(value);
        String url = URLEncoder.encode(value, StandardCharsets.UTF_8);
        forms.add(url);
        forms.add(url.replace("+", "%20"));
        forms.add(lowerHex(url));
        forms.add(lowerHex(url.replace("+", "%20")));
        forms.add(new String(JsonStringEncoder.getInstance().quoteAsString(value)));
        // SQL and CSV quote a value by doubling its quotes, and drivers quote the value they reject
        // (H2: Data conversion error converting "p""w")
        forms.add(value.replace("\"", "\"\""));
        forms.add(value.replace("'", "''"));
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        for (Base64.Encoder encoder : new Base64.Encoder[] {Base64.getEncoder(), Base64.getUrlEncoder()}) {
            String padded = encoder.encodeToString(bytes);
            forms.add(padded);
            forms.add(padded.replace("=", ""));
            for (int shift = 0; shift < 3; shift++) {
                String core = shifted(encoder, bytes, shift);
                if (!core.isEmpty()) {
                    forms.add(core);
                }
            }
        }
        return forms;
    }

    /**
     * The base64 characters of {@code value} placed {@code shift} bytes after a 3-byte boundary
     * that depend only on the value's own bits: characters covering bits [6i, 6i+6) with
     * 8·shift ≤ 6i and 6i+6 ≤ 8·(shift+n).
     */
    static String shifted(Base64.Encoder encoder, byte[] value, int shift) {
        byte[] padded = new byte[shift + value.length];
        System.arraycopy(value, 0, padded, shift, value.length);
        String encoded = encoder.withoutPadding().encodeToString(padded);
        int from = (8 * shift + 5) / 6;
        int to = (8 * (shift + value.length)) / 6;
        return from < to ? encoded.substring(from, to) : "";
    }

    private static String lowerHex(String url) {
        StringBuilder b = new StringBuilder(url.length());
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c == '%' && i + 2 < url.length()) {
                b.append('%').append(url.substring(i + 1, i + 3).toLowerCase(Locale.ROOT));
                i += 2;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
