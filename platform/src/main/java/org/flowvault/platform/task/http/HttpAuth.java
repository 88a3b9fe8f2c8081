package org.flowvault.platform.task.http;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.flowvault.platform.masking.Masker;
import org.flowvault.platform.task.TaskInputs;

/**
 * The authentication header of a request, from {@code auth} (an object, or a type name with the
 * credentials as top-level inputs) or from user info in the URL. Every credential is registered
 * with the run's masker before use.
 */
final class HttpAuth {
    private HttpAuth() {
    }

    /** The header name: {@code Authorization}, or the {@code header} form's name. */
    static String headerName(TaskInputs in) {
        if (!"header".equals(type(in))) {
            return "Authorization";
        }
        String name = value(in, "name", "header_name");
        if (name == null || !name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
            throw in.invalid("auth", "of type header needs a valid header name in \"name\" (or the input \"header_name\"), "
                    + "e.g. X-API-Key");
        }
        return name;
    }

    /** The header value, or null for no authentication. */
    static String header(TaskInputs in, URI uri, Masker masker) {
        String type = type(in);
        if (type == null) {
            if (uri.getRawUserInfo() == null) {
                return null;
            }
            String info = uri.getRawUserInfo();
            int colon = info.indexOf(':');
            String user = URLDecoder.decode(colon < 0 ? info : info.substring(0, colon), StandardCharsets.UTF_8);
            String password = colon < 0 ? "" : URLDecoder.decode(info.substring(colon + 1), StandardCharsets.UTF_8);
            return registered(masker, HttpTask.basic(user, password));
        }
        return switch (type) {
            case "basic" -> {
                String user = value(in, "username", "user");
                String password = value(in, "password", "password");
                if (user == null) {
                    throw in.invalid("auth", "of type basic needs \"username\" (or \"user\"): give it in auth or as an input");
                }
                if (password == null) {
                    throw in.invalid("auth", "of type basic needs \"password\": attach the Vault secret that holds it, or give it as an input");
                }
                masker.register(password);
                yield registered(masker, HttpTask.basic(user, password));
            }
            case "bearer" -> {
                String token = value(in, "token", "token");
                if (token == null) {
                    throw in.invalid("auth", "of type bearer needs \"token\": attach the Vault secret that holds it, or give it as an input");
                }
                masker.register(token);
                yield "Bearer " + token;
            }
            case "header" -> {
                String value = value(in, "value", "header_value");
                if (value == null) {
                    throw in.invalid("auth", "of type header needs \"value\" (or the input \"header_value\")");
                }
                masker.register(value);
                yield value;
            }
            case "none" -> null;
            default -> throw in.invalid("auth", "must be basic, bearer, header or none");
        };
    }

    private static String registered(Masker masker, String header) {
        masker.register(header.substring(header.indexOf(' ') + 1));
        return header;
    }

    private static String type(TaskInputs in) {
        Object auth = in.raw("auth");
        if (auth == null) {
            return null;
        }
        if (auth instanceof String s) {
            return s.strip().toLowerCase(Locale.ROOT);
        }
        if (auth instanceof Map<?, ?> m) {
            Object t = m.get("type");
            if (!(t instanceof String s)) {
                throw in.invalid("auth", "needs a \"type\": basic, bearer or header");
            }
            return s.strip().toLowerCase(Locale.ROOT);
        }
        throw in.wrongType("auth", auth, "basic, bearer, header, or an object {type: ..., ...}");
    }

    /** {@code key} from the auth object, else the top-level input {@code topLevel} (or {@code key}). */
    private static String value(TaskInputs in, String key, String topLevel) {
        if (in.raw("auth") instanceof Map<?, ?> m) {
            Object v = m.get(key);
            if (v == null && key.equals("username")) {
                v = m.get("user");
            }
            if (v != null) {
                return v.toString();
            }
        }
        String v = in.string(topLevel).orElse(null);
        if (v == null && !topLevel.equals(key)) {
            v = in.string(key).orElse(null);
        }
        return v;
    }
}
