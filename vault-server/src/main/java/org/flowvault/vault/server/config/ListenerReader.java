package org.flowvault.vault.server.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code listener "tcp"} block.
 *
 * @see <a href="https://developer.hashicorp.com/vault/docs/configuration/listener/tcp">tcp listener</a>
 */
final class ListenerReader {
    static final String DEFAULT_ADDRESS = "127.0.0.1:8200";
    private static final String EXAMPLE = "listener \"tcp\" { address = \"127.0.0.1:8200\", tls_disable = true }";

    private ListenerReader() {
    }

    /** The first tcp listener; Vault can serve several, Flowvault serves one. */
    static ServerConfig.Listener read(List<Block> listeners, ParseContext context) {
        if (listeners.isEmpty()) {
            throw context.error("listener", "no listener block; add one such as " + EXAMPLE);
        }
        Block tcp = listeners.stream().filter(block -> block.label().equals("tcp")).findFirst()
                .orElseThrow(() -> context.error(listeners.getFirst().describe(),
                        "is not supported; Flowvault listens on TCP only, add " + EXAMPLE));
        ServerConfig.Listener listener = readTcp(tcp, context);
        if (listeners.size() > 1) {
            context.warn(listeners.size() + " listener blocks found; Flowvault serves only the first listener \"tcp\" ("
                    + listener.host() + ":" + listener.port() + ") and ignored the others");
        }
        return listener;
    }

    private static ServerConfig.Listener readTcp(Block block, ParseContext context) {
        String scope = block.describe();
        Map<String, Object> body = block.body();
        for (String key : body.keySet()) {
            if (!KnownKeys.TCP_USED.contains(key)) {
                context.warn(KnownKeys.ignoredWarning(scope, key, KnownKeys.TCP_IGNORED, KnownKeys.TCP_USED));
            }
        }
        String address = body.containsKey("address")
                ? context.string(scope + " address", body.get("address"), "\"" + DEFAULT_ADDRESS + "\"")
                : DEFAULT_ADDRESS;
        HostPort hostPort = hostPort(address, scope + " address", context);
        boolean tlsDisable = body.containsKey("tls_disable")
                && bool(body.get("tls_disable"), scope + " tls_disable", context);
        Object certValue = body.get("tls_cert_file");
        Object keyValue = body.get("tls_key_file");
        if (tlsDisable) {
            if (certValue != null || keyValue != null) {
                context.warn(scope + " keys \"tls_cert_file\" and \"tls_key_file\" were ignored because tls_disable is true");
            }
            return new ServerConfig.Listener(hostPort.host(), hostPort.port(), true, null, null);
        }
        List<String> missing = new ArrayList<>();
        if (certValue == null) {
            missing.add("tls_cert_file");
        }
        if (keyValue == null) {
            missing.add("tls_key_file");
        }
        if (!missing.isEmpty()) {
            throw context.error(scope + " " + String.join(" and ", missing),
                    "TLS is enabled (tls_disable is not true) but " + String.join(" and ", missing)
                            + (missing.size() == 1 ? " is" : " are") + " not set; set tls_cert_file and tls_key_file"
                            + " to PEM files, or set tls_disable = true to serve plain HTTP");
        }
        Path cert = context.path(scope + " tls_cert_file", certValue, "\"/path/to/cert.pem\"");
        Path key = context.path(scope + " tls_key_file", keyValue, "\"/path/to/key.pem\"");
        return new ServerConfig.Listener(hostPort.host(), hostPort.port(), false, cert, key);
    }

    record HostPort(String host, int port) {
    }

    /**
     * Splits an address the way Go's {@code net.SplitHostPort} does: {@code host:port},
     * {@code [ipv6]:port}; an empty host means all interfaces.
     */
    static HostPort hostPort(String address, String where, ParseContext context) {
        String fix = "; write host:port, e.g. \"" + DEFAULT_ADDRESS + "\" or \"[::1]:8200\"";
        String quoted = "\"" + address + "\"";
        String host;
        String port;
        if (address.startsWith("[")) {
            int close = address.indexOf(']');
            if (close < 0) {
                throw context.error(where, quoted + " is missing the ']' after the IPv6 address" + fix);
            }
            host = address.substring(1, close);
            String rest = address.substring(close + 1);
            if (!rest.startsWith(":")) {
                throw context.error(where, quoted + " has no port" + fix);
            }
            port = rest.substring(1);
            if (host.isEmpty()) {
                throw context.error(where, quoted + " has an empty IPv6 address" + fix);
            }
        } else {
            int colon = address.lastIndexOf(':');
            if (colon < 0) {
                throw context.error(where, quoted + " has no port" + fix);
            }
            host = address.substring(0, colon);
            port = address.substring(colon + 1);
            if (host.contains(":")) {
                throw context.error(where, quoted + " has too many colons; put an IPv6 address in brackets" + fix);
            }
            if (host.isEmpty()) {
                host = "0.0.0.0";
            }
        }
        if (host.chars().anyMatch(c -> Character.isWhitespace(c) || c == '[' || c == ']' || c == '/')) {
            throw context.error(where, quoted + " has an invalid host \"" + host + "\"" + fix);
        }
        return new HostPort(host, port(port, quoted, where, context));
    }

    private static int port(String port, String quoted, String where, ParseContext context) {
        String fix = "; use a port from 1 to 65535 (0 picks a free port)";
        if (port.isEmpty()) {
            throw context.error(where, quoted + " has no port" + fix);
        }
        if (!port.chars().allMatch(c -> c >= '0' && c <= '9') || port.length() > 5) {
            throw context.error(where, quoted + " has an invalid port \"" + port + "\"" + fix);
        }
        int value = Integer.parseInt(port);
        if (value > 65535) {
            throw context.error(where, quoted + " has an invalid port \"" + port + "\"" + fix);
        }
        return value;
    }

    /**
     * Vault's loose booleans: {@code true}, {@code 1}, and strings Go's {@code strconv.ParseBool}
     * accepts ("1", "t", "true", "TRUE"...), and their false counterparts.
     */
    static boolean bool(Object value, String where, ParseContext context) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Number n && (n.doubleValue() == 0 || n.doubleValue() == 1)) {
            return n.doubleValue() == 1;
        }
        if (value instanceof String s) {
            switch (s) {
                case "1", "t", "T", "true", "TRUE", "True" -> {
                    return true;
                }
                case "0", "f", "F", "false", "FALSE", "False" -> {
                    return false;
                }
                default -> {
                    // fall through to the error
                }
            }
        }
        throw context.error(where, ParseContext.describe(value) + " is not a boolean; use true or false");
    }
}
