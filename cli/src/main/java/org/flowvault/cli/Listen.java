package org.flowvault.cli;

/** A HOST:PORT listen address, with IPv6 hosts in brackets. */
record Listen(String host, int port) {

    static Listen parse(String value, String flag) {
        String v = value.trim();
        int colon = v.lastIndexOf(':');
        if (colon <= 0 || colon == v.length() - 1) {
            throw new IllegalArgumentException(flag + " must be HOST:PORT, for example 127.0.0.1:8200; got \"" + value + "\"");
        }
        String host = v.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(v.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " has an invalid port in \"" + value + "\"; use a number from 0 to 65535");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(flag + " has an invalid port in \"" + value + "\"; use a number from 0 to 65535");
        }
        return new Listen(host, port);
    }
}
