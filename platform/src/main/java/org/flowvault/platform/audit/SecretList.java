package org.flowvault.platform.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * The text form of a record's {@link AuditRecord#secrets()}: the {@code secrets} column, the
 * journal field and the MAC's input. One line per secret, each line opened by a newline:
 * {@code \npath\tconfig\tmount\tnamespace\tkv_version}, the text ending with a newline. Tabs,
 * newlines and backslashes inside a field are escaped, so {@code \n<path>\t} (and
 * {@code \n<path>\t<config>\t}) occur only where a line names that path, which is how
 * {@link AuditQuery} finds a path inside a multi-secret record with one {@code LIKE}.
 * A null field is written empty (configurations and mounts are never empty names).
 */
final class SecretList {
    private SecretList() {
    }

    /** The text of {@code secrets}, or null when there are none (the column stays null). */
    static String encode(List<AuditRecord.Secret> secrets) {
        if (secrets.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder(secrets.size() * 64);
        for (AuditRecord.Secret s : secrets) {
            sb.append('\n');
            escape(sb, s.path());
            sb.append('\t');
            escape(sb, s.config());
            sb.append('\t');
            escape(sb, s.mount());
            sb.append('\t');
            escape(sb, s.namespace());
            sb.append('\t');
            if (s.kvVersion() != null) {
                sb.append(s.kvVersion().longValue());
            }
        }
        return sb.append('\n').toString();
    }

    static List<AuditRecord.Secret> decode(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        List<AuditRecord.Secret> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 5) {
                throw new IllegalArgumentException("not an audit secret list line");
            }
            out.add(new AuditRecord.Secret(unescape(f[1]), unescape(f[3]), unescape(f[2]), unescape(f[0]),
                    f[4].isEmpty() ? null : Long.valueOf(f[4])));
        }
        return out;
    }

    /** A {@code LIKE} pattern (escape character {@code !}) matching a list that names {@code path}, of {@code config} when not null. */
    static String likePattern(String path, String config) {
        StringBuilder sb = new StringBuilder("\n");
        escape(sb, path);
        sb.append('\t');
        if (config != null) {
            escape(sb, config);
            sb.append('\t');
        }
        StringBuilder like = new StringBuilder("%");
        for (int i = 0; i < sb.length(); i++) {
            char c = sb.charAt(i);
            if (c == '%' || c == '_' || c == '!') {
                like.append('!');
            }
            like.append(c);
        }
        return like.append('%').toString();
    }

    private static void escape(StringBuilder sb, String s) {
        if (s == null) {
            return;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c);
            }
        }
    }

    private static String unescape(String s) {
        if (s.isEmpty()) {
            return null;
        }
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                sb.append(n == 'n' ? '\n' : n == 't' ? '\t' : n);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
