package dev.deletionjobs.worker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.http.HttpHost;
import org.apache.http.conn.DnsResolver;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.protocol.HttpContext;

/**
 * Decides where a job may read (OWASP's SSRF rules): a host name is resolved once, every address it resolves to is
 * checked, and the HTTP client connects only to the addresses returned here, so no second look-up can answer
 * differently. Loopback, private (CGNAT included) and unique-local addresses are open only with
 * {@code personalize.worker.allow-private-sources}; cloud metadata endpoints, link-local, multicast, unspecified,
 * documentation, reserved and the other special-purpose addresses that are not globally reachable never are. IPv4
 * addresses carried inside IPv6 ones (mapped, compatible, translated, NAT64, 6to4, Teredo) are judged as IPv4.
 * Outside those, only IPv6 global unicast (2000::/3) is public. An address is judged as numbers against fixed tables.
 * A public address is read on {@code personalize.worker.public-source-ports} only (80 and 443).
 */
class SourceGuard implements DnsResolver {

    /** A range a data source may not be in, as the failure reason names it. */
    enum Range {
        LOOPBACK("a loopback address", true),
        PRIVATE("a private address", true),
        UNIQUE_LOCAL("a unique-local IPv6 address", true),
        METADATA("a cloud metadata address", false),
        LINK_LOCAL("a link-local address", false),
        MULTICAST("a multicast address", false),
        UNSPECIFIED("an unspecified address", false),
        DOCUMENTATION("an address reserved for documentation", false),
        SPECIAL_PURPOSE("a special-purpose address that is not globally reachable", false),
        RESERVED("a reserved address", false);

        final String description;
        /** Whether allow-private-sources opens this range. */
        final boolean privateNetwork;

        Range(String description, boolean privateNetwork) {
            this.description = description;
            this.privateNetwork = privateNetwork;
        }
    }

    /**
     * The IPv4 addresses a job may not read from, first match wins. Cloud metadata endpoints come first, so that
     * allow-private-sources never opens them: every cloud's 169.254.169.254 (GCP's metadata.google.internal resolves
     * to it), Alibaba Cloud's 100.100.100.200 (in CGNAT space), Oracle Cloud's 192.0.0.192 and Azure's WireServer
     * 168.63.129.16 (a public address only Azure's VMs reach); other link-local ones (AWS ECS and EKS credentials)
     * are refused as link-local. Then the IANA special-purpose blocks that are not globally reachable; 192.0.0.0/24
     * is refused whole, its two globally reachable anycast addresses (PCP, TURN) being no data sources either.
     */
    private static final Ipv4Block[] IPV4_BLOCKS = {
            new Ipv4Block(ipv4(169, 254, 169, 254), 32, Range.METADATA),
            new Ipv4Block(ipv4(100, 100, 100, 200), 32, Range.METADATA),
            new Ipv4Block(ipv4(192, 0, 0, 192), 32, Range.METADATA),
            new Ipv4Block(ipv4(168, 63, 129, 16), 32, Range.METADATA),
            new Ipv4Block(ipv4(0, 0, 0, 0), 8, Range.UNSPECIFIED), // "this network"
            new Ipv4Block(ipv4(10, 0, 0, 0), 8, Range.PRIVATE),
            new Ipv4Block(ipv4(100, 64, 0, 0), 10, Range.PRIVATE), // shared address space (CGNAT)
            new Ipv4Block(ipv4(127, 0, 0, 0), 8, Range.LOOPBACK),
            new Ipv4Block(ipv4(169, 254, 0, 0), 16, Range.LINK_LOCAL),
            new Ipv4Block(ipv4(172, 16, 0, 0), 12, Range.PRIVATE),
            new Ipv4Block(ipv4(192, 0, 0, 0), 24, Range.SPECIAL_PURPOSE), // IETF protocol assignments
            new Ipv4Block(ipv4(192, 0, 2, 0), 24, Range.DOCUMENTATION), // TEST-NET-1
            new Ipv4Block(ipv4(192, 88, 99, 0), 24, Range.SPECIAL_PURPOSE), // 6to4 relay anycast, deprecated
            new Ipv4Block(ipv4(192, 168, 0, 0), 16, Range.PRIVATE),
            new Ipv4Block(ipv4(198, 18, 0, 0), 15, Range.SPECIAL_PURPOSE), // benchmarking
            new Ipv4Block(ipv4(198, 51, 100, 0), 24, Range.DOCUMENTATION), // TEST-NET-2
            new Ipv4Block(ipv4(203, 0, 113, 0), 24, Range.DOCUMENTATION), // TEST-NET-3
            new Ipv4Block(ipv4(224, 0, 0, 0), 4, Range.MULTICAST),
            new Ipv4Block(ipv4(240, 0, 0, 0), 4, Range.RESERVED), // 255.255.255.255, limited broadcast, too
    };

    /**
     * The IPv6 addresses a job may not read from, first match wins; the rest of global unicast (2000::/3) is public,
     * and all else reserved. Cloud metadata endpoints in unique-local space come first: AWS's fd00:ec2::/32 (instance
     * metadata fd00:ec2::254, EKS Pod Identity credentials fd00:ec2::23, DNS, NTP), GCP's fd20:ce::254, Akamai
     * (Linode)'s fd00:a9fe:a9fe::1 and Scaleway's fd00:42::42.
     */
    private static final Ipv6Block[] IPV6_BLOCKS = {
            new Ipv6Block(0xfd00_0ec2_0000_0000L, 0, 32, Range.METADATA),
            new Ipv6Block(0xfd20_00ce_0000_0000L, 0x254L, 128, Range.METADATA),
            new Ipv6Block(0xfd00_a9fe_a9fe_0000L, 0x1L, 128, Range.METADATA),
            new Ipv6Block(0xfd00_0042_0000_0000L, 0x42L, 128, Range.METADATA),
            new Ipv6Block(0xff00_0000_0000_0000L, 0, 8, Range.MULTICAST),
            new Ipv6Block(0xfe80_0000_0000_0000L, 0, 10, Range.LINK_LOCAL),
            // Site-local (fec0::/10): deprecated, but still routed privately where it is used.
            new Ipv6Block(0xfec0_0000_0000_0000L, 0, 10, Range.PRIVATE),
            new Ipv6Block(0xfc00_0000_0000_0000L, 0, 7, Range.UNIQUE_LOCAL),
            new Ipv6Block(0x2001_0db8_0000_0000L, 0, 32, Range.DOCUMENTATION),
            new Ipv6Block(0x3fff_0000_0000_0000L, 0, 20, Range.DOCUMENTATION), // RFC 9637
            // IETF protocol assignments (benchmarking, ORCHID, AMT, ...); Teredo (2001::/32) is unwrapped before.
            new Ipv6Block(0x2001_0000_0000_0000L, 0, 23, Range.SPECIAL_PURPOSE),
    };

    /** Thrown from inside the HTTP client's connect; an {@link UnknownHostException} so the client passes it on. */
    static final class Refused extends UnknownHostException {
        final Range range;
        /** Whether the location named its host (a DNS name), not an address. */
        final boolean named;

        Refused(Range range, boolean named) {
            super(range.description);
            this.range = range;
            this.named = named;
        }
    }

    /** Thrown from inside the HTTP client's connect: a public address on a port jobs do not read. */
    static final class PortRefused extends IOException {
        final int port;

        PortRefused(int port) {
            super("port " + port);
            this.port = port;
        }
    }

    private final boolean allowPrivate;
    private final Set<Integer> publicPorts;

    SourceGuard(boolean allowPrivate, Set<Integer> publicPorts) {
        this.allowPrivate = allowPrivate;
        this.publicPorts = Set.copyOf(publicPorts);
    }

    /** The ports a public address is read on, in order, as a refusal names them. */
    String publicPorts() {
        return publicPorts.stream().sorted().map(String::valueOf).collect(Collectors.joining(", "));
    }

    /**
     * {@code factory}, connecting only where this guard allows the port: the address it is given is one
     * {@link #resolve} returned, so this is the port's check for exactly the address the client connects to. The
     * client connects directly (no proxy is set, nor read from system properties), so no route is tunnelled and the
     * wrapper needs no layering of its own. A refused port ends the connect at that address, not trying the host's
     * next one.
     */
    ConnectionSocketFactory checkingPorts(ConnectionSocketFactory factory) {
        return new ConnectionSocketFactory() {
            @Override
            public Socket createSocket(HttpContext context) throws IOException {
                return factory.createSocket(context);
            }

            @Override
            public Socket connectSocket(int connectTimeout, Socket socket, HttpHost host, InetSocketAddress remote,
                    InetSocketAddress local, HttpContext context) throws IOException {
                if (rangeOf(remote.getAddress()) == null && !publicPorts.contains(remote.getPort())) {
                    // Not connected: the socket the client made for it is closed here, as a failed connect would.
                    if (socket != null) {
                        socket.close();
                    }
                    throw new PortRefused(remote.getPort());
                }
                return factory.connectSocket(connectTimeout, socket, host, remote, local, context);
            }
        };
    }

    /** Every address of {@code host}, when all of them may be read; a single refused one refuses the host. */
    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] addresses = InetAddress.getAllByName(host);
        for (InetAddress address : addresses) {
            Range range = refusal(address);
            if (range != null) {
                // An address parsed from the location has no host name; one the resolver answered for a name has.
                throw new Refused(range, !address.toString().startsWith("/"));
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
        return bytes.length == 4 ? rangeOfIpv4(intAt(bytes, 0)) : rangeOfIpv6(longAt(bytes, 0), longAt(bytes, 8));
    }

    private static Range rangeOfIpv4(int address) {
        for (Ipv4Block block : IPV4_BLOCKS) {
            if (block.contains(address)) {
                return block.range;
            }
        }
        return null;
    }

    private static Range rangeOfIpv6(long high, long low) {
        if (high == 0 && (low == 0 || low == 1)) {
            return low == 0 ? Range.UNSPECIFIED : Range.LOOPBACK;
        }
        long low96 = low >>> 32;
        if (high == 0 && (low96 == 0 || low96 == 0xffffL || low96 == 0xffff_0000L)) {
            // IPv4-compatible ::a.b.c.d, IPv4-mapped ::ffff:a.b.c.d and IPv4-translated ::ffff:0:a.b.c.d (RFC 2765).
            return rangeOfIpv4((int) low);
        }
        if (high == 0x0064_ff9b_0000_0000L && low96 == 0) {
            return rangeOfIpv4((int) low); // NAT64, well-known prefix 64:ff9b::/96
        }
        if (high >>> 16 == 0x0064_ff9b_0001L) {
            return rangeOfLocalNat64(low);
        }
        if (high >>> 48 == 0x2002L) {
            return rangeOfIpv4((int) (high >>> 16)); // 6to4: 2002:AABB:CCDD::/48
        }
        if (high >>> 32 == 0x2001_0000L) {
            // Teredo (RFC 4380): the client's address, inverted, in the last 32 bits; its server's in bits 32-63.
            Range client = rangeOfIpv4(~(int) low);
            return client != null ? client : rangeOfIpv4((int) high);
        }
        for (Ipv6Block block : IPV6_BLOCKS) {
            if (block.contains(high, low)) {
                return block.range;
            }
        }
        return high >>> 61 == 1 ? null : Range.RESERVED;
    }

    /**
     * An address in the local-use NAT64 prefix 64:ff9b:1::/48 (RFC 8215), whose network may use a /96 prefix inside
     * it (the IPv4 address in bytes 12-15, the usual place) or a /64 one (bytes 9-12, byte 8 and bytes 13-15 zero):
     * each reading is judged, and either refuses the address. /48 and /56 prefixes put 32 zero bits last, which read
     * as 0.0.0.0 and are refused: the guard cannot tell those apart from a /96 prefix's addresses.
     */
    private static Range rangeOfLocalNat64(long low) {
        Range range = rangeOfIpv4((int) low);
        if (range == null && low >>> 56 == 0 && (low & 0xff_ffffL) == 0) {
            range = rangeOfIpv4((int) (low >>> 24));
        }
        return range;
    }

    private static int ipv4(int a, int b, int c, int d) {
        return a << 24 | b << 16 | c << 8 | d;
    }

    private static int intAt(byte[] bytes, int offset) {
        return ipv4(bytes[offset] & 0xff, bytes[offset + 1] & 0xff, bytes[offset + 2] & 0xff, bytes[offset + 3] & 0xff);
    }

    private static long longAt(byte[] bytes, int offset) {
        return (intAt(bytes, offset) & 0xffff_ffffL) << 32 | intAt(bytes, offset + 4) & 0xffff_ffffL;
    }

    private record Ipv4Block(int network, int length, Range range) {
        boolean contains(int address) {
            return (address ^ network) >>> (32 - length) == 0;
        }
    }

    /** A block of {@code length} bits from {@code high}/{@code low}, the address's first and last 64 bits. */
    private record Ipv6Block(long high, long low, int length, Range range) {
        boolean contains(long addressHigh, long addressLow) {
            if (length <= 64) {
                return (addressHigh ^ high) >>> (64 - length) == 0;
            }
            return addressHigh == high && (addressLow ^ low) >>> (128 - length) == 0;
        }
    }
}
