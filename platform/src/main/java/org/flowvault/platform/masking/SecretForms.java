package org.flowvault.platform.masking;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/** The forms in which a secret value may show up in a log or an output. */
final class SecretForms {
    private SecretForms() {
    }

    /**
     * The value and its {@linkplain #variants(String) variants}, with their encoded forms: URL
     * encoding (form encoding with {@code +}, and {@code %20}); JSON escaping with every non-ASCII
     * char escaped; hex of the UTF-8 bytes; base64 in both alphabets with and without padding —
     * and, of the value itself, JSON escaping ({@code \"}, {@code \\}, &#92;u00XX for control
     * chars) and quote doubling ({@code "} → {@code ""}, {@code '} → {@code ''}, as SQL and
     * CSV quote). A value embedded at some byte offset inside a larger base64-encoded blob does not
     * produce its own base64 but a shifted one; for each of the three possible alignments we add
     * the run of base64 characters that depend only on the value's bytes, so those are masked too
     * (for the value as given, not for its variants).
     *
     * <p>Upper and lower case of hex digits and of {@code %XX} escapes, and {@code -} versus
     * {@code _}, need no forms of their own: the {@link Automaton} compares folded text. Forms
     * shorter than {@link Masker#MIN_LENGTH} are left out, so a short value's encoded fragments
     * cannot blank out ordinary text.
     */
    static Set<String> of(String value) {
        Set<String> forms = new LinkedHashSet<>();
        escaped(value, forms);
        encoded(value, forms, true);
        for (String v : variants(value)) {
            forms.add(v);
            encoded(v, forms, false);
        }
        forms.removeIf(f -> f.length() < Masker.MIN_LENGTH);
        return forms;
    }

    /**
     * The value as a normalising input may turn it: as is, upper- and lower-cased
     * ({@link Locale#ROOT}, which may change the length, e.g. {@code ß} → {@code SS}), and each of
     * those with {@code -} turned into {@code _} and {@code _} into {@code -}. Plain text matching
     * already ignores case and dashes; the variants matter for the forms that encode the bytes
     * (hex, base64), where {@code A} and {@code a} give unrelated characters.
     */
    static Set<String> variants(String value) {
        Set<String> cased = new LinkedHashSet<>();
        cased.add(value);
        cased.add(value.toUpperCase(Locale.ROOT));
        cased.add(value.toLowerCase(Locale.ROOT));
        Set<String> out = new LinkedHashSet<>(cased);
        for (String c : cased) {
            out.add(c.replace('-', '_'));
            out.add(c.replace('_', '-'));
        }
        return out;
    }

    /**
     * The forms that keep the value's letters as they are, escaping other chars: those of a
     * variant fold to those of the value, so the value's own are enough.
     */
    private static void escaped(String value, Set<String> forms) {
        forms.add(value);
        forms.add(new String(JsonStringEncoder.getInstance().quoteAsString(value)));
        // SQL and CSV quote a value by doubling its quotes, and drivers quote the value they reject
        // (H2: Data conversion error converting "p""w")
        forms.add(value.replace("\"", "\"\""));
        forms.add(value.replace("'", "''"));
    }

    /**
     * The forms that encode the value's bytes or code points: a variant's differ from the value's.
     * With {@code embedded}, also the base64 characters of the value at each alignment inside a
     * larger blob (only for the value itself: a case-changed secret inside someone else's base64
     * is too far-fetched to pay three more patterns per alphabet for).
     */
    private static void encoded(String value, Set<String> forms, boolean embedded) {
        String url = URLEncoder.encode(value, StandardCharsets.UTF_8);
        forms.add(url);
        forms.add(url.replace("+", "%20"));
        forms.add(asciiOnly(new String(JsonStringEncoder.getInstance().quoteAsString(value))));
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        forms.add(HexFormat.of().formatHex(bytes));
        for (Base64.Encoder encoder : new Base64.Encoder[] {Base64.getEncoder(), Base64.getUrlEncoder()}) {
            String padded = encoder.encodeToString(bytes);
            forms.add(padded);
            forms.add(padded.replace("=", ""));
            for (int shift = 0; embedded && shift < 3; shift++) {
                forms.add(shifted(encoder, bytes, shift));
            }
        }
    }

    /** {@code json} with every non-ASCII char written &#92;uXXXX, as ASCII-only JSON writers do. */
    private static String asciiOnly(String json) {
        StringBuilder b = new StringBuilder(json.length());
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c < 128) {
                b.append(c);
            } else {
                b.append("\\u").append(HexFormat.of().toHexDigits(c));
            }
        }
        return b.toString();
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
}
