package org.flowvault.vault.server.auth.ldap;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of Go's {@code text/template} that Vault's LDAP filters use: field substitution
 * {@code {{.Username}}}, with optional spaces and trim markers ({@code {{- .UserDN -}}}). Any other
 * action is refused, as is an unknown field; values are inserted as given (callers escape them).
 */
final class GoTemplate {
    private static final Pattern ACTION = Pattern.compile("\\{\\{(-\\s)?\\s*(.*?)\\s*(\\s-)?}}");
    private static final Pattern FIELD = Pattern.compile("\\.([A-Za-z_][A-Za-z0-9_]*)");

    private GoTemplate() {
    }

    /** Renders {@code template}; throws {@link IllegalArgumentException} with Go-like text on a bad action. */
    static String render(String template, Map<String, String> fields) {
        StringBuilder out = new StringBuilder();
        Matcher m = ACTION.matcher(template);
        int last = 0;
        while (m.find()) {
            String literal = template.substring(last, m.start());
            if (m.group(1) != null) {
                literal = literal.stripTrailing();
            }
            out.append(literal);
            Matcher field = FIELD.matcher(m.group(2));
            if (!field.matches()) {
                throw new IllegalArgumentException("template: queryTemplate: unsupported action {{" + m.group(2)
                        + "}}: only field substitutions such as {{.Username}} are allowed");
            }
            String value = fields.get(field.group(1));
            if (value == null) {
                throw new IllegalArgumentException("template: queryTemplate: can't evaluate field " + field.group(1));
            }
            out.append(value);
            last = m.end();
            if (m.group(3) != null) {
                while (last < template.length() && Character.isWhitespace(template.charAt(last))) {
                    last++;
                }
            }
        }
        String rest = template.substring(last);
        if (rest.contains("{{")) {
            throw new IllegalArgumentException("template: queryTemplate: unclosed action");
        }
        out.append(rest);
        return out.toString();
    }
}
