package org.flowvault.vault.server.auth;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.flowvault.vault.server.core.VaultError;

/**
 * CIDR blocks as auth methods use them ({@code secret_id_bound_cidrs}, {@code token_bound_cidrs}):
 * validation of configured blocks and membership of a client address. Only IP literals are
 * accepted, so nothing here ever triggers a DNS lookup. A bare address is a /32 (or /128) block.
 */
public final class Cidrs {
    private Cidrs() {
    }

    /**
     * Validates and normalises blocks (trimmed, empty entries dropped).
     *
     * @throws VaultError 400 naming {@code field} and the bad block
     */
    public static List<String> parse(List<String> blocks, String field) {
        List<String> out = new ArrayList<>();
        for (String b : blocks) {
            String t = b.trim();
            if (t.isEmpty()) {
                continue;
            }
            if (block(t) == null) {
                throw VaultError.badRequest("invalid CIDR block \"" + t + "\" in " + field
                        + ": expected an IP address or address/prefix, e.g. 10.0.0.0/8");
            }
            out.add(t);
        }
        return List.copyOf(out);
    }

    /** Whether every block is valid. */
    public static boolean valid(List<String> blocks) {
        return blocks.stream().allMatch(b -> block(b.trim()) != null);
    }

    /**
     * Whether {@code address} (an IP literal, possibly "host:port" or "[v6]:port") lies in one of
     * the blocks. An empty block list admits everyone; an unparsable address is admitted by none.
     */
    public static boolean admits(List<String> blocks, String address) {
        if (blocks.isEmpty()) {
            return true;
        }
        byte[] ip = address == null ? null : literal(stripPort(address.trim()));
        if (ip == null) {
            return false;
        }
        for (String b : blocks) {
            Block block = block(b.trim());
            if (block != null && block.contains(ip)) {
                return true;
            }
        }
        return false;
    }

    /** Whether every block of {@code inner} lies inside some block of {@code outer} (or outer is empty). */
    public static boolean subset(List<String> inner, List<String> outer) {
        if (outer.isEmpty()) {
            return true;
        }
        for (String in : inner) {
            Block i = block(in.trim());
            boolean inside = false;
            for (String out : outer) {
                Block o = block(out.trim());
                if (i != null && o != null && o.contains(i)) {
                    inside = true;
                    break;
                }
            }
            if (!inside) {
                return false;
            }
        }
        return true;
    }

    private record Block(byte[] network, int prefix) {
        boolean contains(byte[] ip) {
            if (ip.length != network.length) {
                return false;
            }
            BigInteger mask = mask(prefix, ip.length * 8);
            return new BigInteger(1, ip).and(mask).equals(new BigInteger(1, network).and(mask));
        }

        boolean contains(Block other) {
            return other.network.length == network.length && other.prefix >= prefix && contains(other.network);
        }

        private static BigInteger mask(int prefix, int bits) {
            return BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                    .xor(BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE));
        }
    }

    private static Block block(String text) {
        int slash = text.indexOf('/');
        String addr = slash < 0 ? text : text.substring(0, slash);
        byte[] ip = literal(addr);
        if (ip == null) {
            return null;
        }
        int prefix = ip.length * 8;
        if (slash >= 0) {
            String p = text.substring(slash + 1);
            if (!p.matches("\\d{1,3}")) {
                return null;
            }
            prefix = Integer.parseInt(p);
            if (prefix > ip.length * 8) {
                return null;
            }
        }
        return new Block(ip, prefix);
    }

    private static String stripPort(String address) {
        if (address.startsWith("[")) {
            int end = address.indexOf(']');
            return end < 0 ? address : address.substring(1, end);
        }
        int colon = address.indexOf(':');
        if (colon > 0 && colon == address.lastIndexOf(':')) {
            return address.substring(0, colon); // IPv4 "host:port"
        }
        return address;
    }

    /** The bytes of an IPv4 or IPv6 literal, or null; never resolves a host name. */
    private static byte[] literal(String addr) {
        if (addr.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            String[] parts = addr.split("\\.");
            byte[] out = new byte[4];
            for (int i = 0; i < 4; i++) {
                int v = Integer.parseInt(parts[i]);
                if (v > 255) {
                    return null;
                }
                out[i] = (byte) v;
            }
            return out;
        }
        if (addr.contains(":") && addr.matches("[0-9a-fA-F:.]+")) {
            try {
                // With a ':' present the JDK parses an IPv6 literal and never consults DNS.
                byte[] b = InetAddress.getByName(addr).getAddress();
                return b;
            } catch (UnknownHostException e) {
                return null;
            }
        }
        return null;
    }
}
