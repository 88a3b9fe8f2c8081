package org.flowvault.platform.task;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    /** Makes {@code name} (ending in {@code .egress.test}) resolve to {@code literals}. */
    public static String define(String name, String... literals) {
        if (!name.endsWith(".egress.test")) {
            throw new IllegalArgumentException("test names end in .egress.test");
        }
        NAMES.put(name, Stream.of(literals).map(TestNames::literal).toList());
        return name;
    }

    /** How many times {@code name} was looked up. */
    public static int lookups(String name) {
        AtomicInteger n = LOOKUPS.get(name.toLowerCase(Locale.ROOT));
        return n == null ? 0 : n.get();
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
                String h = host.toLowerCase(Locale.ROOT);
                if (h.endsWith(".egress.test")) {
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
