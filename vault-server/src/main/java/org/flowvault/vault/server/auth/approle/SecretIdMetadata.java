package org.flowvault.vault.server.auth.approle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flowvault.vault.server.core.Request;
import org.flowvault.vault.server.core.VaultError;
import org.flowvault.vault.server.internal.ServerJson;

/**
 * The {@code metadata} of a secret ID, read as Vault's {@code strutil.ParseArbitraryKeyValues}
 * does: a JSON object in a string (optionally base64-encoded), or "k1=v1,k2=v2". A JSON object
 * sent as is (not in a string) is accepted too, although Vault would refuse it.
 */
final class SecretIdMetadata {
    private SecretIdMetadata() {
    }

    static Map<String, String> parse(Request r) {
        Object raw = r.raw("metadata");
        Map<String, String> out = new LinkedHashMap<>();
        if (raw instanceof Map<?, ?>) {
            out.putAll(r.stringMap("metadata"));
        } else {
            String input = r.string("metadata").trim();
            if (input.isEmpty()) {
                return out;
            }
            try {
                input = new String(Base64.getDecoder().decode(input), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException notBase64) {
                // plain text: JSON or key=value pairs
            }
            if (!parseJson(input, out)) {
                for (String pair : input.split(",")) {
                    String p = pair.trim();
                    int eq = p.indexOf('=');
                    if (eq < 0) {
                        throw VaultError.badRequest("failed to parse metadata: failed to parse the input: invalid key/value pair \""
                                + p + "\": format must be key=value");
                    }
                    out.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
                }
            }
        }
        for (Map.Entry<String, String> e : out.entrySet()) {
            if (!e.getKey().isEmpty() && e.getValue().isEmpty()) {
                throw VaultError.badRequest("failed to parse metadata: invalid value for key \"" + e.getKey() + "\"");
            }
        }
        return out;
    }

    private static boolean parseJson(String input, Map<String, String> out) {
        Map<String, Object> parsed;
        try {
            parsed = ServerJson.readRequest(input.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return false;
        }
        for (Map.Entry<String, Object> e : parsed.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw VaultError.badRequest("failed to parse metadata: value of \"" + e.getKey() + "\" must be a string");
            }
            out.put(e.getKey(), s);
        }
        return true;
    }
}
