package org.flowvault.platform.task;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.flowvault.platform.task.AddressKinds.Kind;
import org.flowvault.platform.task.AddressKinds.Net;
import org.flowvault.platform.task.AddressKinds.Reach;

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
 *   <li>{@code *}: any public host.</li>
 * </ul>
 *
 * <p>Names are resolved and every address they resolve to is checked, not only the name. Three
 * kinds of address:
 * <ul>
 *   <li><b>public</b>: allowed by any entry that matches, {@code *} included;</li>
 *   <li><b>private networks</b> (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7 and other
 *       special-purpose space): allowed by an address or network entry that holds them, or by a
 *       host-name entry that names the host ({@code db.internal}); never by {@code *};</li>
 *   <li><b>internal</b> — loopback, the wildcard address, link-local (169.254.0.0/16, where cloud
 *       metadata answers, and fe80::/10), the cloud metadata addresses fd00:ec2::254,
 *       100.100.100.200 and 192.0.0.192, multicast and reserved space, and this machine's own
 *       addresses: allowed only by an address or network entry that lies inside that internal
 *       range ({@code 127.0.0.1}, {@code 127.0.0.0/8}; an own address only by itself), never by a
 *       name and never by a wider network such as {@code 10.0.0.0/8}. The name {@code localhost}
 *       (and {@code *.localhost}) is 127.0.0.1 and ::1 without asking DNS.</li>
 * </ul>
 * IPv6 addresses that carry an IPv4 address ({@code ::127.0.0.1}, NAT64, 6to4, Teredo) are
 * judged by the address they carry. Host names must be names or canonical addresses: IPv4 in any
 * other notation ({@code 2130706433}, {@code 0177.0.0.1}, {@code 0x7f.1}, {@code 127.1}) is
 * refused, since other software reads those differently than Java does.
 */
public final class Egress {
    private static final Pattern LABELS = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    /** A last label that makes a host an attempt at an IPv4 number (as URL parsers read it). */
    private static final Pattern NUMERIC_LABEL = Pattern.compile("(.*\\.)?(0x[0-9a-f]*|[0-9]+)");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.]+");
    private static final Pattern SCHEME = Pattern.compile("[a-z][a-z0-9+.-]*");
    private static final String HOW = "the operator allows it in task_egress (or FLOWVAULT_TASK_EGRESS): a host, *.domain, "
            + "an address or a network, optionally with scheme:// before and :port after";

    private final List<String> entries;
    private final List<Rule> rules;
    private final Egress narrower;

    /** One entry: a scheme (null: any), a name pattern or a network, a port (-1: any). */
    private record Rule(String scheme, String name, Net network, int port) {
        boolean matchesName(String host) {
            if (name == null || name.equals("*")) {
                return false;
            }
            if (name.startsWith("*.")) {
                return host.endsWith(name.substring(1));
            }
            return host.equals(name);
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

    /** Any public host, nothing private or internal: the default when the operator lists nothing. */
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
        Objects.requireNonNull(other, "other");
        return new Egress(entries, rules, narrower == null ? other : narrower.narrowedTo(other));
    }

    /** The entries as given (lower-cased), for banners and status pages. */
    public List<String> entries() {
        return entries;
    }

    /** One line for a start-up banner: what tasks may reach. */
    public String describe() {
        if (entries.isEmpty()) {
            return "nothing (task_egress is empty)";
        }
        if (entries.equals(List.of("*"))) {
            return "any public host; private networks, loopback, link-local/cloud metadata and this server's own "
                    + "addresses are refused unless listed";
        }
        return String.join(", ", entries) + "; internal addresses (loopback, link-local/cloud metadata, this server's "
                + "own) only where an entry names them";
    }

    /**
     * Resolves {@code host} and checks that a task may connect to it over {@code scheme} on
     * {@code port}: an entry must allow the host and every address it resolves to (see the class
     * documentation). Nothing is resolved for a host that no entry could allow.
     *
     * @param task   the task type, for the message
     * @param scheme {@code https}, {@code ssh}, or a JDBC subprotocol such as {@code postgresql}
     * @return the checked addresses, to connect to exactly these
     * @throws TaskException INPUT naming the destination (host and port only, never a path,
     *                       query or user info; never the address a name resolved to) and how the
     *                       operator allows it
     */
    public List<InetAddress> check(String task, String scheme, String host, int port) {
        Objects.requireNonNull(host, "host");
        String s = scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        boolean literal = h.contains(":") || IPV4.matcher(h).matches();
        String where = task + " may not connect to " + (h.contains(":") ? "[" + h + "]" : h) + ":" + port + ": ";
        if (h.contains(":") ? !IPV6.matcher(h).matches() : !literal && !isName(h)) {
            throw TaskException.input(where + "the host is neither a name nor an address (write IPv4 addresses as four "
                    + "decimal numbers a.b.c.d without leading zeros, IPv6 addresses in brackets without a zone)");
        }
        if (!mayAllow(s, h, literal, port)) {
            throw TaskException.input(where + "it is not on the operator's egress allow-list; " + HOW);
        }
        // a name is resolved as written (case, trailing dot), as the connecting client will resolve it: the same
        // question to the resolver (no search-domain difference), and the answer then waits in the JVM's address cache
        List<InetAddress> addresses = resolve(task, h, literal ? h : host.strip());
        for (Egress list = this; list != null; list = list.narrower) {
            for (InetAddress a : addresses) {
                String refusal = list.refusal(s, h, literal, port, a);
                if (refusal != null) {
                    throw TaskException.input(where + (list == this ? refusal : "the project's own egress list does not include it"));
                }
            }
        }
        return addresses;
    }

    /** Whether some entry could allow {@code host} (a name entry that matches, or any network entry). */
    private boolean mayAllow(String scheme, String host, boolean literal, int port) {
        for (Rule r : rules) {
            if (r.applies(scheme, port) && (r.network() != null || "*".equals(r.name()) || !literal && r.matchesName(host))) {
                return true;
            }
        }
        return false;
    }

    private static List<InetAddress> resolve(String task, String host, String asGiven) {
        try {
            if (host.equals("localhost") || host.endsWith(".localhost")) {
                // RFC 6761: always loopback, whatever a resolver says
                return List.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1"));
            }
            return List.of(InetAddress.getAllByName(asGiven));
        } catch (UnknownHostException e) {
            throw TaskException.input(task + " cannot resolve the host " + host + "; check the name");
        }
    }

    /** Null when {@code address} of {@code host} is allowed, else why not. */
    private String refusal(String scheme, String host, boolean literal, int port, InetAddress address) {
        Kind kind = AddressKinds.classify(address);
        byte[] bytes = address.getAddress();
        boolean byAnyName = false;
        boolean byNamedHost = false;
        for (Rule r : rules) {
            if (!r.applies(scheme, port)) {
                continue;
            }
            if (r.network() != null && r.network().contains(bytes)
                    && (kind.reach() != Reach.INTERNAL || r.network().within(kind.range()))) {
                return null;
            }
            byAnyName |= "*".equals(r.name());
            byNamedHost |= !literal && r.matchesName(host);
        }
        String it = literal ? "it is " : "it resolves to ";
        if (!byAnyName && !byNamedHost) {
            return kind.reach() == Reach.INTERNAL
                    ? it + kind.what() + ", which tasks reach only when the operator lists that address or network in task_egress"
                    : "it is not on the operator's egress allow-list; " + HOW;
        }
        return switch (kind.reach()) {
            case PUBLIC -> null;
            case PRIVATE -> byNamedHost ? null : it + kind.what() + ", which the entry * (any public host) does not include; "
                    + "the operator lists the host or its network in task_egress to allow it";
            case INTERNAL -> it + kind.what() + ", which tasks reach only when the operator lists that address or network "
                    + "in task_egress";
        };
    }

    /** Loopback, wildcard, link-local (cloud metadata), multicast, reserved, or one of this machine's own addresses. */
    public static boolean isInternal(InetAddress a) {
        return AddressKinds.classify(a).reach() == Reach.INTERNAL;
    }

    /** A host name (not a number in disguise), at most 253 characters. */
    private static boolean isName(String host) {
        return host.length() <= 253 && LABELS.matcher(host).matches() && !NUMERIC_LABEL.matcher(host).matches();
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
                // [fd00::]/8 or [fd00::]/8:443
                int colon = rest.indexOf(':');
                hostPart = hostPart + (colon < 0 ? rest : rest.substring(0, colon));
                rest = colon < 0 ? "" : rest.substring(colon);
            }
            if (!rest.isEmpty()) {
                port = port(rest, position);
            }
        } else if (e.indexOf(':') >= 0 && e.indexOf(':') == e.lastIndexOf(':')) {
            hostPart = e.substring(0, e.indexOf(':'));
            port = port(e.substring(e.indexOf(':')), position);
        }
        if (hostPart.endsWith(".") && !hostPart.contains(":")) {
            hostPart = hostPart.substring(0, hostPart.length() - 1);
        }
        if (hostPart.equals("localhost")) {
            return List.of(network(scheme, "127.0.0.1", port, position), network(scheme, "::1", port, position));
        }
        String name = hostPart.startsWith("*.") ? hostPart.substring(2) : hostPart;
        if (hostPart.equals("*") || isName(name)) {
            return List.of(new Rule(scheme, hostPart, null, port));
        }
        return List.of(network(scheme, hostPart, port, position));
    }

    private static Rule network(String scheme, String text, int port, int position) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        if (address.contains(":") ? !IPV6.matcher(address).matches() : !IPV4.matcher(address).matches()) {
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
        return new Rule(scheme, null, new Net(bytes, bits), port);
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

    private static IllegalArgumentException bad(int position) {
        return new IllegalArgumentException("task_egress entry " + position + " is not a host (api.example.com, *.example.com), "
                + "an address or network (10.0.0.0/8, [fd00::1], IPv4 as four decimal numbers), or *, optionally with "
                + "scheme:// before and :port after; fix or remove it");
    }

    @Override
    public String toString() {
        return "Egress" + entries + (narrower == null ? "" : " narrowed to " + narrower);
    }
}
