package org.flowvault.platform.task;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What an address is to the egress check: public, on a private network, or internal to this
 * server (loopback, wildcard, link-local and cloud metadata, multicast and reserved space, and the
 * addresses of this machine's own interfaces). IPv6 forms that carry an IPv4 address
 * (IPv4-compatible {@code ::a.b.c.d}, mapped, NAT64, 6to4, Teredo) count as the address they carry.
 * Thread-safe.
 */
final class AddressKinds {
    /** How far from public an address is. */
    enum Reach {
        PUBLIC, PRIVATE, INTERNAL
    }

    /**
     * The kind of an address: its reach, words that complete "it is ...", and the range it was
     * found in (an entry opens an internal address only when the entry lies within that range).
     */
    record Kind(Reach reach, String what, Net range) {
    }

    /** A network: an address (4 or 16 bytes) and a prefix length. */
    record Net(byte[] address, int bits) {
        static Net of(String literal, int bits) {
            try {
                // literals only: getByName does not consult DNS for them
                return new Net(InetAddress.getByName(literal).getAddress(), bits);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(literal, e);
            }
        }

        boolean contains(byte[] a) {
            if (a.length != address.length) {
                return false;
            }
            int left = bits;
            for (int i = 0; i < a.length && left > 0; i++, left -= 8) {
                int mask = left >= 8 ? 0xff : (0xff << (8 - left)) & 0xff;
                if ((a[i] & mask) != (address[i] & mask)) {
                    return false;
                }
            }
            return true;
        }

        /** Whether every address of this network is in {@code outer}. */
        boolean within(Net outer) {
            return address.length == outer.address.length && bits >= outer.bits && outer.contains(address);
        }
    }

    private static final String LOOPBACK = "a loopback address (this server)";
    private static final String WILDCARD = "the wildcard address (this server)";
    private static final String LINK_LOCAL = "a link-local address, where cloud metadata services answer";
    private static final String METADATA = "a cloud metadata address";
    private static final String MULTICAST = "a multicast address";
    private static final String RESERVED = "a reserved address";
    private static final String PRIVATE = "a private-network address";
    private static final String SPECIAL = "a special-purpose address";

    /** First match wins: the single metadata addresses come before the ranges that hold them. */
    private static final List<Kind> RANGES = List.of(
            internal(METADATA, "100.100.100.200", 32),   // Alibaba Cloud
            internal(METADATA, "192.0.0.192", 32),       // Oracle Cloud
            internal(METADATA, "fd00:ec2::254", 128),    // AWS over IPv6
            internal(WILDCARD, "0.0.0.0", 8),
            internal(LOOPBACK, "127.0.0.0", 8),
            internal(LINK_LOCAL, "169.254.0.0", 16),
            internal(MULTICAST, "224.0.0.0", 4),
            internal(RESERVED, "240.0.0.0", 4),          // and 255.255.255.255
            internal(WILDCARD, "::", 128),
            internal(LOOPBACK, "::1", 128),
            internal(LINK_LOCAL, "fe80::", 10),
            internal(MULTICAST, "ff00::", 8),
            kind(Reach.PRIVATE, PRIVATE, "10.0.0.0", 8),
            kind(Reach.PRIVATE, PRIVATE, "172.16.0.0", 12),
            kind(Reach.PRIVATE, PRIVATE, "192.168.0.0", 16),
            kind(Reach.PRIVATE, "a shared (carrier-grade NAT) address", "100.64.0.0", 10),
            kind(Reach.PRIVATE, PRIVATE + " (unique local)", "fc00::", 7),
            kind(Reach.PRIVATE, PRIVATE + " (site-local)", "fec0::", 10),
            kind(Reach.PRIVATE, SPECIAL, "192.0.0.0", 24),
            kind(Reach.PRIVATE, SPECIAL, "192.0.2.0", 24),
            kind(Reach.PRIVATE, SPECIAL, "198.18.0.0", 15),
            kind(Reach.PRIVATE, SPECIAL, "198.51.100.0", 24),
            kind(Reach.PRIVATE, SPECIAL, "203.0.113.0", 24),
            kind(Reach.PRIVATE, SPECIAL, "2001:db8::", 32),
            kind(Reach.PRIVATE, SPECIAL, "100::", 64));

    private static final long OWN_TTL_NANOS = 10_000_000_000L;
    private static volatile Own own;

    /** This machine's addresses, listed again at most every ten seconds (interfaces come and go). */
    private record Own(Set<InetAddress> addresses, long listedAt) {
    }

    private AddressKinds() {
    }

    private static Kind internal(String what, String literal, int bits) {
        return kind(Reach.INTERNAL, what, literal, bits);
    }

    private static Kind kind(Reach reach, String what, String literal, int bits) {
        return new Kind(reach, what, Net.of(literal, bits));
    }

    static Kind classify(InetAddress a) {
        byte[] b = a.getAddress();
        Net exact = new Net(b, b.length * 8);
        for (Kind k : RANGES) {
            if (k.range().contains(b) && k.reach() == Reach.INTERNAL) {
                return k;
            }
        }
        if (ownAddresses().contains(a)) {
            return new Kind(Reach.INTERNAL, "an address of this server", exact);
        }
        for (Kind k : RANGES) {
            if (k.range().contains(b)) {
                return k;
            }
        }
        byte[] v4 = embeddedIpv4(b);
        if (v4 != null) {
            try {
                Kind carried = classify(InetAddress.getByAddress(v4));
                if (carried.reach() != Reach.PUBLIC) {
                    // only an entry naming this exact IPv6 form opens it
                    return new Kind(carried.reach(), carried.what() + " inside an IPv6 address", exact);
                }
            } catch (UnknownHostException e) {
                return new Kind(Reach.INTERNAL, RESERVED, exact);
            }
        }
        return new Kind(Reach.PUBLIC, "a public address", exact);
    }

    /** The IPv4 address an IPv6 address carries (compatible, mapped, NAT64, 6to4, Teredo), or null. */
    private static byte[] embeddedIpv4(byte[] b) {
        if (b.length != 16) {
            return null;
        }
        boolean zeros = true;
        for (int i = 0; i < 10; i++) {
            zeros &= b[i] == 0;
        }
        boolean compatible = zeros && b[10] == 0 && b[11] == 0;
        boolean mapped = zeros && b[10] == (byte) 0xff && b[11] == (byte) 0xff;
        boolean nat64 = u16(b, 0) == 0x0064 && u16(b, 2) == 0xff9b && (u16(b, 4) == 0 || u16(b, 4) == 1);
        if (compatible || mapped || nat64) {
            return Arrays.copyOfRange(b, 12, 16);
        }
        if (u16(b, 0) == 0x2002) {
            return Arrays.copyOfRange(b, 2, 6);
        }
        if (u16(b, 0) == 0x2001 && u16(b, 2) == 0) {
            byte[] client = Arrays.copyOfRange(b, 12, 16);
            for (int i = 0; i < 4; i++) {
                client[i] = (byte) ~client[i];
            }
            return client;
        }
        return null;
    }

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
    }

    private static Set<InetAddress> ownAddresses() {
        Own o = own;
        long now = System.nanoTime();
        if (o == null || now - o.listedAt() > OWN_TTL_NANOS) {
            Set<InetAddress> found = new HashSet<>();
            try {
                for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    found.addAll(Collections.list(n.getInetAddresses()));
                }
            } catch (SocketException e) {
                // no interfaces listed: loopback, wildcard and link-local are still refused by range
            }
            own = o = new Own(Set.copyOf(found), now);
        }
        return o.addresses();
    }
}
