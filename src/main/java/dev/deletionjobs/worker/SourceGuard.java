package dev.deletionjobs.worker;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

import org.apache.http.conn.DnsResolver;

/**
 * Decides where a job may read (OWASP's SSRF rules): a host name is resolved once, every address it resolves to is
 * checked, and the HTTP client connects only to the addresses returned here, so no second look-up can answer
 * differently. Loopback, private and unique-local addresses are open only with
 * {@code personalize.worker.allow-private-sources}; link-local (cloud metadata), multicast, unspecified and reserved
 * addresses never are. IPv4 addresses carried inside IPv6 ones (mapped, compatible, NAT64, 6to4) are judged as IPv4.
 */
class SourceGuard implements DnsResolver {

    /** A range a data source may not be in, as the failure reason names it. */
    enum Range {
        LOOPBACK("a loopback address", true),
        PRIVATE("a private address", true),
        UNIQUE_LOCAL("a unique-local IPv6 address", true),
        LINK_LOCAL("a link-local address", false),
        MULTICAST("a multicast address", false),
        UNSPECIFIED("an unspecified address", false),
        RESERVED("a reserved address", false);

        final String description;
        /** Whether allow-private-sources opens this range. */
        final boolean privateNetwork;

        Range(String description, boolean privateNetwork) {
            this.description = description;
            this.privateNetwork = privateNetwork;
        }
    }

    /** Thrown from inside the HTTP client's connect; an {@link UnknownHostException} so the client passes it on. */
    static final class Refused extends UnknownHostException {
        final Range range;

        Refused(Range range) {
            super(range.description);
            this.range = range;
        }
    }

    private final boolean allowPrivate;

    SourceGuard(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** Every address of {@code host}, when all of them may be read; a single refused one refuses the host. */
    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] addresses = InetAddress.getAllByName(host);
        for (InetAddress address : addresses) {
            Range range = refusal(address);
            if (range != null) {
                throw new Refused(range);
            }
        }
        return addresses;
    }

    /** The range that refuses {@code address}, or null when a job may read from it. */
    Range refusal(InetAddress address) {
        Range range = rangeOf(address);
        return range == null || (allowPrivate && range.privateNetwork) ? null : range;
    }

    /** The non-public range {@code address} lies in, or null for a public address. */
    static Range rangeOf(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            return rangeOfIpv4(bytes);
        }
        Inet6Address ipv6 = (Inet6Address) address;
        if (ipv6.isLoopbackAddress()) {
            return Range.LOOPBACK;
        }
        if (ipv6.isAnyLocalAddress()) {
            return Range.UNSPECIFIED;
        }
        byte[] ipv4 = embeddedIpv4(bytes);
        return ipv4 != null ? rangeOfIpv4(ipv4) : rangeOfIpv6(bytes);
    }

    private static Range rangeOfIpv4(byte[] b) {
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        if (first == 0) {
            return Range.UNSPECIFIED;
        }
        if (first == 127) {
            return Range.LOOPBACK;
        }
        if (first == 10 || (first == 172 && (second & 0xf0) == 16) || (first == 192 && second == 168)
                || (first == 100 && (second & 0xc0) == 64)) {
            return Range.PRIVATE;
        }
        if (first == 169 && second == 254) {
            return Range.LINK_LOCAL;
        }
        if ((first & 0xf0) == 224) {
            return Range.MULTICAST;
        }
        if ((first & 0xf0) == 240) {
            return Range.RESERVED;
        }
        return null;
    }

    private static Range rangeOfIpv6(byte[] b) {
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        if (first == 0xff) {
            return Range.MULTICAST;
        }
        if (first == 0xfe && (second & 0xc0) == 0x80) {
            return Range.LINK_LOCAL;
        }
        if (first == 0xfe && (second & 0xc0) == 0xc0) {
            // Site-local (fec0::/10): deprecated, but still routed privately where it is used.
            return Range.PRIVATE;
        }
        if ((first & 0xfe) == 0xfc) {
            return Range.UNIQUE_LOCAL;
        }
        return null;
    }

    /** The IPv4 address inside an IPv4-mapped, IPv4-compatible, NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address. */
    private static byte[] embeddedIpv4(byte[] b) {
        boolean zeroTo9 = isZero(b, 0, 10);
        if (zeroTo9 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return Arrays.copyOfRange(b, 12, 16);
        }
        if (zeroTo9 && b[10] == 0 && b[11] == 0) {
            return Arrays.copyOfRange(b, 12, 16);
        }
        if ((b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
                && isZero(b, 4, 12)) {
            return Arrays.copyOfRange(b, 12, 16);
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
            return Arrays.copyOfRange(b, 2, 6);
        }
        return null;
    }

    private static boolean isZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
