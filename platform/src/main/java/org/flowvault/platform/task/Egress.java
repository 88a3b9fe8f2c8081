package org.flowvault.platform.task;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where tasks may connect: the operator's egress allow-list, so that a flow author reaches the
 * systems the operator meant and never the server itself (its API, its embedded Vault, its
 * database) nor the cloud metadata service. Immutable and thread-safe.
 *
 * <p>Entries, each optionally prefixed by a scheme ({@code https://}, {@code ssh://}, or a JDBC
 * subprotocol such as {@code postgresql://}) that limits it to that scheme, and optionally
 * suffixed by {@code :PORT}:
 * <ul>
 *   <li>a host name: {@code api.example.com}; {@code *.example.com} for any subdomain;</li>
 *   <li>an address or network: {@code 10.1.2.3}, {@code 10.0.0.0/8}, {@code [fd00::1]},
 *       {@code fd00::/8};</li>
 *   <li>{@code *}: any host.</li>
 * </ul>
 *
 * <p>Names are resolved and every address is checked, not only the name. Internal addresses —
 * loopback, link-local (169.254.0.0/16, where cloud metadata lives, and fe80::/10), the
 * wildcard address, multicast, and the addresses of this machine's own interfaces — are refused
 * unless an address or network entry names them explicitly: a name entry, {@code *} included,
 * never opens them (the name {@code localhost} counts as the addresses 127.0.0.1 and ::1).
 */
public final class Egress {
    private static final Pattern NAME = Pattern.compile("(\\*\\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\\.?");
    private static final Pattern SCHEME = Pattern.compile("[a-z][a-z0-9+.-]*");

    private final List<String> entries;
    private final List<Rule> rules;
    private final Egress narrower;

    /** One entry: a scheme (null: any), a name pattern or a network, a port (-1: any). */
    private record Rule(String scheme, String name, byte[] network, int prefixBits, int port) {
        boolean matchesName(String host) {
            if (name == null) {
                return false;
            }
            if (name.equals("*")) {
                return true;
            }
            if (name.startsWith("*.")) {
                return host.endsWith(name.substring(1)) && host.length() > name.length() - 1;
            }
            return host.equals(name);
        }

        boolean contains(InetAddress address) {
            if (network == null) {
                return false;
            }
            byte[] a = address.getAddress();
            if (a.length != network.length) {
                return false;
            }
            int bits = prefixBits;
            for (int i = 0; i < a.length && bits > 0; i++, bits -= 8) {
                int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
                if ((a[i] & mask) != (network[i] & mask)) {
                    return false;
                }
            }
            return true;
        }

        boolean applies(String s, int p) {
            return (scheme == null || scheme.equals(s)) && (port < 0 || port == p);
        }
    }

    private Egress(List<String> entries, List<Rule> rules, Egress narrower) {
        this.entries = entries;
        this.rules = rules;
        this.narrower = narrower;
    }

    /**
     * The allow-list of {@code entries} (blank ones ignored).
     *
     * @throws IllegalArgumentException naming the entry (by position, entries are operator input)
     *                                  that is not a host, address, network or {@code *}
     */
    public static Egress of(List<String> entries) {
        Objects.requireNonNull(entries, "entries");
        List<String> kept = new ArrayList<>();
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String e = entries.get(i) == null ? "" : entries.get(i).strip().toLowerCase(Locale.ROOT);
            if (e.isEmpty()) {
                continue;
            }
            kept.add(e);
            rules.addAll(parse(e, i + 1));
        }
        return new Egress(List.copyOf(kept), List.copyOf(rules), null);
    }

    /** Any host, but never an internal address: the default when the operator lists nothing. */
    public static Egress publicHosts() {
        return of(List.of("*"));
    }

    /** Nothing at all. */
    public static Egress none() {
        return of(List.of());
    }

    /**
     * This list narrowed by {@code other} (for example a project's own list): a destination must
     * be allowed by both.
     */
    public Egress narrowedTo(Egress other) {
        return new Egress(entries, rules, narrower == null ? other : narrower.narrowedTo(other));
    }

    /** The entries as given (lower-cased), for banners and status pages. */
    public List<String> entries() {
        return entries;
    }

    /**
     * Resolves {@code host} and checks that a task may connect to it over {@code scheme} on
     * {@code port}: the name must match an entry and so must every address it resolves to.
     *
     * @param task   the task type, for the message
     * @param scheme {@code https}, {@code ssh}, or a JDBC subprotocol such as {@code postgresql}
     * @return the checked addresses, to connect to exactly these
     * @throws TaskException INPUT naming the destination (host and port only, never a path or
     *                       query) and how the operator allows it
     */
    public List<InetAddress> check(String task, String scheme, String host, int port) {
        Objects.requireNonNull(host, "host");
        String s = scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
        String h = unbracket(host.strip().toLowerCase(Locale.ROOT));
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        String where = task + " may not connect to " + (h.contains(":") ? "[" + h + "]" : h) + ":" + port;
        List<InetAddress> addresses;
        try {
            addresses = List.of(h.equals("localhost") ? InetAddress.getAllByName("127.0.0.1") : InetAddress.getAllByName(h));
        } catch (UnknownHostException e) {
            throw TaskException.input(task + " cannot resolve the host " + h + "; check the name");
        }
        for (InetAddress a : addresses) {
            String refusal = refusal(s, h, port, a);
            if (refusal != null) {
                throw TaskException.input(where + ": " + refusal);
            }
        }
        return addresses;
    }

    /** Null when {@code address} of {@code host} is allowed, else why not. */
    private String refusal(String scheme, String host, int port, InetAddress address) {
        boolean literal = isLiteral(host);
        boolean byNetwork = false;
        boolean byName = false;
        for (Rule r : rules) {
            if (!r.applies(scheme, port)) {
                continue;
            }
            byNetwork |= r.contains(address);
            byName |= !literal && r.matchesName(host) || literal && "*".equals(r.name());
        }
        String why = null;
        if (byNetwork) {
            why = null;
        } else if (!byName) {
            why = "it is not on the operator's egress allow-list (task_egress); an operator adds it there "
                    + "(a host, *.domain, an address or a network, optionally with :port)";
        } else if (isInternal(address)) {
            why = "it is an internal address (" + kindOf(address) + ") that tasks may not reach unless the operator "
                    + "lists that address or network in task_egress";
        }
        if (why == null && narrower != null) {
            String narrowed = narrower.refusal(scheme, host, port, address);
            if (narrowed != null) {
                why = "the project's own egress list does not include it";
            }
        }
        return why;
    }

    /** Loopback, link-local (cloud metadata), wildcard, multicast or one of this machine's own addresses. */
    public static boolean isInternal(InetAddress a) {
        return a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress() || a.isMulticastAddress()
                || isMappedInternal(a) || ownAddresses().contains(a);
    }

    private static boolean isMappedInternal(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address && b.length == 16) {
            // IPv4-compatible (::a.b.c.d) and NAT64 forms are refused like their IPv4 address
            boolean compatible = true;
            for (int i = 0; i < 12; i++) {
                compatible &= b[i] == 0;
            }
            boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
            if (compatible || nat64) {
                try {
                    InetAddress v4 = InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16));
                    return v4.isLoopbackAddress() || v4.isLinkLocalAddress() || v4.isAnyLocalAddress();
                } catch (UnknownHostException e) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String kindOf(InetAddress a) {
        if (a.isLoopbackAddress()) {
            return "loopback";
        }
        if (a.isLinkLocalAddress()) {
            return "link-local, where cloud metadata services answer";
        }
        if (a.isAnyLocalAddress()) {
            return "the wildcard address";
        }
        if (a.isMulticastAddress()) {
            return "multicast";
        }
        return "an address of this server";
    }

    private static volatile Set<InetAddress> own;

    private static Set<InetAddress> ownAddresses() {
        Set<InetAddress> o = own;
        if (o == null) {
            Set<InetAddress> found = new HashSet<>();
            try {
                for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    found.addAll(Collections.list(n.getInetAddresses()));
                }
            } catch (SocketException e) {
                // no interfaces listed: loopback and link-local are still refused by kind
            }
            own = o = Set.copyOf(found);
        }
        return o;
    }

    private static List<Rule> parse(String entry, int position) {
        String e = entry;
        String scheme = null;
        int sep = e.indexOf("://");
        if (sep >= 0) {
            scheme = e.substring(0, sep);
            e = e.substring(sep + 3);
            if (!SCHEME.matcher(scheme).matches()) {
                throw bad(position);
            }
        }
        if (e.endsWith("/")) {
            e = e.substring(0, e.length() - 1);
        }
        int port = -1;
        String hostPart = e;
        if (e.startsWith("[")) {
            int close = e.indexOf(']');
            if (close < 0) {
                throw bad(position);
            }
            hostPart = e.substring(1, close);
            String rest = e.substring(close + 1);
            if (rest.startsWith("/")) {
                hostPart = hostPart + rest;
                rest = "";
            }
            if (!rest.isEmpty()) {
                port = port(rest, position);
            }
        } else if (e.indexOf(':') >= 0 && e.indexOf(':') == e.lastIndexOf(':')) {
            hostPart = e.substring(0, e.indexOf(':'));
            port = port(e.substring(e.indexOf(':')), position);
        }
        if (hostPart.equals("localhost")) {
            return List.of(network(scheme, "127.0.0.1", port, position), network(scheme, "::1", port, position));
        }
        if (hostPart.equals("*") || NAME.matcher(hostPart).matches() && !isLiteral(hostPart)) {
            return List.of(new Rule(scheme, hostPart.endsWith(".") ? hostPart.substring(0, hostPart.length() - 1) : hostPart,
                    null, 0, port));
        }
        return List.of(network(scheme, hostPart, port, position));
    }

    private static Rule network(String scheme, String text, int port, int position) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        if (!isLiteral(address)) {
            throw bad(position);
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw bad(position);
        }
        int bits = bytes.length * 8;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw bad(position);
            }
            if (bits < 0 || bits > bytes.length * 8) {
                throw bad(position);
            }
        }
        return new Rule(scheme, null, bytes, bits, port);
    }

    private static int port(String colonPort, int position) {
        try {
            int p = Integer.parseInt(colonPort.substring(1));
            if (p < 1 || p > 65535) {
                throw bad(position);
            }
            return p;
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw bad(position);
        }
    }

    private static boolean isLiteral(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static IllegalArgumentException bad(int position) {
        return new IllegalArgumentException("task_egress entry " + position + " is not a host (api.example.com, *.example.com), "
                + "an address or network (10.0.0.0/8, [fd00::1]), or *, optionally with scheme:// before and :port after");
    }

    @Override
    public String toString() {
        return "Egress" + entries + (narrower == null ? "" : " narrowed to " + narrower);
    }
}
