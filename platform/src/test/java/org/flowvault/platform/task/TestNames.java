package org.flowvault.platform.task;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Names under {@code egress.test} (a reserved top-level domain) that resolve in this test JVM to
 * the addresses a test set with {@link #define}, like lines of a hosts file; every other name goes
 * to the system's resolver. Registered as the JVM's resolver through the standard SPI (see
 * {@code META-INF/services}), so the code under test resolves them exactly as it resolves any
 * name. Counts the look-ups of each name, to prove a name was never resolved.
 */
public final class TestNames extends InetAddressResolverProvider {
    private static final Map<String, List<InetAddress>> NAMES = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> LOOKUPS = new ConcurrentHashMap<>();
    private static final Set<String> ASKED = ConcurrentHashMap.newKeySet();

    /** Makes {@code name} (ending in {@code .egress.test}) resolve to {@code literals}. */
    public static String define(String name, String... literals) {
        if (!name.endsWith(".egress.test")) {
            throw new IllegalArgumentException("test names end in .egress.test");
        }
        NAMES.put(name.toLowerCase(Locale.ROOT), Stream.of(literals).map(TestNames::literal).toList());
        return name;
    }

    /** How many times {@code name} was looked up. */
    public static int lookups(String name) {
        AtomicInteger n = LOOKUPS.get(name.toLowerCase(Locale.ROOT));
        return n == null ? 0 : n.get();
    }

    /** An address of this machine that is neither loopback nor link-local. */
    public static InetAddress ownAddress() {
        try {
            return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                    .flatMap(n -> Collections.list(n.getInetAddresses()).stream())
                    .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                    .findFirst().orElseThrow(() -> new AssertionError("this machine has no non-loopback address to test with"));
        } catch (SocketException e) {
            throw new AssertionError("cannot list this machine's addresses", e);
        }
    }

    /** {@link #ownAddress()} as a URL writes it: IPv6 in brackets, without a zone. */
    public static String ownHost() {
        InetAddress own = ownAddress();
        String literal = own.getHostAddress().replaceFirst("%.*", "");
        return own instanceof Inet6Address ? "[" + literal + "]" : literal;
    }

    /** Whether the resolver was asked for exactly {@code text} (case and trailing dot included). */
    public static boolean asked(String text) {
        return ASKED.contains(text);
    }

    private static InetAddress literal(String literal) {
        try {
            return InetAddress.getByAddress(InetAddress.getByName(literal).getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver system = configuration.builtinResolver();
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                String h = host.toLowerCase(Locale.ROOT).replaceFirst("\\.$", "");
                if (h.endsWith(".egress.test")) {
                    ASKED.add(host);
                    LOOKUPS.computeIfAbsent(h, k -> new AtomicInteger()).incrementAndGet();
                    List<InetAddress> found = NAMES.get(h);
                    if (found == null) {
                        throw new UnknownHostException(host);
                    }
                    return found.stream();
                }
                return system.lookupByName(host, policy);
            }

            @Override
            public String lookupByAddress(byte[] addr) throws UnknownHostException {
                return system.lookupByAddress(addr);
            }
        };
    }

    @Override
    public String name() {
        return "flowvault-test-names";
    }
}
