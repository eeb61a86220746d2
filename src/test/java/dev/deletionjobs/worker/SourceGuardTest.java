package dev.deletionjobs.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.http.HttpHost;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.protocol.HttpContext;
import org.junit.jupiter.api.Test;

import dev.deletionjobs.worker.SourceGuard.Range;

/** The guard's decisions, from address literals only: nothing here opens a connection or asks a DNS server. */
class SourceGuardTest {

    private final SourceGuard closed = new SourceGuard(false, Set.of(80, 443));
    private final SourceGuard open = new SourceGuard(true, Set.of(80, 443));

    @Test
    void ipv4RangesAreRecognised() throws Exception {
        Map<String, Range> ranges = Map.ofEntries(
                Map.entry("127.0.0.1", Range.LOOPBACK),
                Map.entry("127.255.0.9", Range.LOOPBACK),
                Map.entry("10.1.2.3", Range.PRIVATE),
                Map.entry("172.16.0.1", Range.PRIVATE),
                Map.entry("172.31.255.255", Range.PRIVATE),
                Map.entry("192.168.1.1", Range.PRIVATE),
                Map.entry("100.64.0.1", Range.PRIVATE),
                Map.entry("100.127.255.254", Range.PRIVATE),
                Map.entry("100.100.100.199", Range.PRIVATE),
                Map.entry("169.254.169.254", Range.METADATA),
                Map.entry("100.100.100.200", Range.METADATA),
                Map.entry("192.0.0.192", Range.METADATA),
                Map.entry("168.63.129.16", Range.METADATA),
                Map.entry("169.254.170.2", Range.LINK_LOCAL),
                Map.entry("169.254.0.1", Range.LINK_LOCAL),
                Map.entry("224.0.0.1", Range.MULTICAST),
                Map.entry("239.255.255.250", Range.MULTICAST),
                Map.entry("0.0.0.0", Range.UNSPECIFIED),
                Map.entry("0.1.2.3", Range.UNSPECIFIED),
                Map.entry("192.0.0.1", Range.SPECIAL_PURPOSE),
                Map.entry("192.0.0.255", Range.SPECIAL_PURPOSE),
                Map.entry("198.18.0.1", Range.SPECIAL_PURPOSE),
                Map.entry("198.19.255.255", Range.SPECIAL_PURPOSE),
                Map.entry("192.88.99.1", Range.SPECIAL_PURPOSE),
                Map.entry("192.0.2.1", Range.DOCUMENTATION),
                Map.entry("198.51.100.7", Range.DOCUMENTATION),
                Map.entry("203.0.113.255", Range.DOCUMENTATION),
                Map.entry("255.255.255.255", Range.RESERVED),
                Map.entry("240.0.0.1", Range.RESERVED));
        ranges.forEach((literal, range) -> assertEquals(range, SourceGuard.rangeOf(literal(literal)), literal));
        for (String publicAddress : new String[] { "8.8.8.8", "172.32.0.1", "172.15.255.255", "100.128.0.1",
                "192.169.0.1", "169.253.1.1", "223.255.255.255", "1.0.0.1", "9.255.255.255", "11.0.0.0",
                "192.0.1.255", "192.0.3.0", "192.88.98.255", "198.17.255.255", "198.20.0.0", "198.51.99.255",
                "198.51.101.0", "203.0.112.255", "203.0.114.0", "168.63.129.15", "100.63.255.255" }) {
            assertNull(SourceGuard.rangeOf(literal(publicAddress)), publicAddress);
        }
    }

    @Test
    void ipv6RangesAreRecognised() throws Exception {
        Map<String, Range> ranges = Map.ofEntries(
                Map.entry("::1", Range.LOOPBACK),
                Map.entry("::", Range.UNSPECIFIED),
                Map.entry("fe80::1", Range.LINK_LOCAL),
                Map.entry("febf::1", Range.LINK_LOCAL),
                Map.entry("fc00::1", Range.UNIQUE_LOCAL),
                Map.entry("fd12:3456::1", Range.UNIQUE_LOCAL),
                Map.entry("fd00:ec3::254", Range.UNIQUE_LOCAL),
                Map.entry("fd20:ce::253", Range.UNIQUE_LOCAL),
                Map.entry("fec0::1", Range.PRIVATE),
                Map.entry("ff02::1", Range.MULTICAST),
                Map.entry("fd00:ec2::254", Range.METADATA),
                Map.entry("fd00:ec2::23", Range.METADATA),
                Map.entry("fd00:ec2:0:ffff::1", Range.METADATA),
                Map.entry("fd20:ce::254", Range.METADATA),
                Map.entry("fd00:a9fe:a9fe::1", Range.METADATA),
                Map.entry("fd00:42::42", Range.METADATA),
                Map.entry("2001:db8::1", Range.DOCUMENTATION),
                Map.entry("2001:db8:ffff::1", Range.DOCUMENTATION),
                Map.entry("3fff::1", Range.DOCUMENTATION),
                Map.entry("3fff:fff::1", Range.DOCUMENTATION),
                Map.entry("2001:2::1", Range.SPECIAL_PURPOSE),
                Map.entry("2001:1::1", Range.SPECIAL_PURPOSE),
                Map.entry("2001:1ff::1", Range.SPECIAL_PURPOSE),
                Map.entry("100::1", Range.RESERVED),
                Map.entry("4000::1", Range.RESERVED),
                Map.entry("5f00::1", Range.RESERVED),
                Map.entry("64:ff9b:2::1", Range.RESERVED),
                Map.entry("1fff:ffff::1", Range.RESERVED));
        ranges.forEach((literal, range) -> assertEquals(range, SourceGuard.rangeOf(literal(literal)), literal));
        for (String publicAddress : new String[] { "2606:4700:4700::1111", "2001:db9::1", "2001:200::1",
                "2001:4860:4860::8888", "3ffe:ffff::1", "3fff:1000::1", "2620:4f:8000::1" }) {
            assertNull(SourceGuard.rangeOf(literal(publicAddress)), publicAddress);
        }
    }

    @Test
    void ipv4InsideIpv6IsJudgedAsIpv4() throws Exception {
        // The JDK turns ::ffff:a.b.c.d into an Inet4Address; built as 16 bytes, it stays an Inet6Address.
        assertEquals(Range.METADATA, SourceGuard.rangeOf(mapped(169, 254, 169, 254)));
        assertEquals(Range.METADATA, SourceGuard.rangeOf(mapped(100, 100, 100, 200)));
        assertEquals(Range.SPECIAL_PURPOSE, SourceGuard.rangeOf(mapped(198, 18, 0, 1)));
        assertEquals(Range.LOOPBACK, SourceGuard.rangeOf(mapped(127, 0, 0, 1)));
        assertEquals(Range.PRIVATE, SourceGuard.rangeOf(mapped(10, 0, 0, 1)));
        assertNull(SourceGuard.rangeOf(mapped(8, 8, 8, 8)));
        Map<String, Range> ranges = Map.ofEntries(
                Map.entry("::ffff:169.254.169.254", Range.METADATA),
                Map.entry("::169.254.169.254", Range.METADATA),
                Map.entry("::192.0.2.1", Range.DOCUMENTATION),
                // IPv4-translated (RFC 2765): ::ffff:0:a.b.c.d.
                Map.entry("::ffff:0:a9fe:a9fe", Range.METADATA),
                Map.entry("::ffff:0:7f00:1", Range.LOOPBACK),
                Map.entry("::ffff:0:c000:c0", Range.METADATA),
                // NAT64, the well-known prefix and the local-use one (RFC 8215) in its /96 and /64 forms (RFC 6052).
                Map.entry("64:ff9b::a9fe:a9fe", Range.METADATA),
                Map.entry("64:ff9b::c612:1", Range.SPECIAL_PURPOSE),
                Map.entry("64:ff9b:1::a9fe:a9fe", Range.METADATA),
                Map.entry("64:ff9b:1:abcd::a00:1", Range.PRIVATE),
                Map.entry("64:ff9b:1::6464:64c8", Range.METADATA),
                Map.entry("64:ff9b:1:0:64:6464:c800:0", Range.METADATA),
                Map.entry("64:ff9b:1:0:7f:0:100:0", Range.LOOPBACK),
                Map.entry("64:ff9b:1:a9fe:a9:fe00::", Range.UNSPECIFIED),
                // 6to4.
                Map.entry("2002:c0a8:0101::1", Range.PRIVATE),
                Map.entry("2002:a9fe:a9fe::1", Range.METADATA),
                Map.entry("2002:c000:2ff::1", Range.DOCUMENTATION),
                // Teredo (RFC 4380): 2001:0:<server>:<flags>:<port>:<client>, port and client inverted.
                Map.entry("2001:0:4136:e378:8000:63bf:5601:5601", Range.METADATA), // client 169.254.169.254
                Map.entry("2001:0:4136:e378:8000:63bf:f5ff:fffe", Range.PRIVATE), // client 10.0.0.1
                Map.entry("2001:0:4136:e378:8000:63bf:39ed:fffe", Range.SPECIAL_PURPOSE), // client 198.18.0.1
                Map.entry("2001:0:a9fe:a9fe:8000:63bf:f7f7:f7f7", Range.METADATA)); // server 169.254.169.254
        ranges.forEach((literal, range) -> assertEquals(range, SourceGuard.rangeOf(literal(literal)), literal));
        for (String publicAddress : new String[] { "2002:0808:0808::1", "::ffff:0:808:808", "64:ff9b::808:808",
                "64:ff9b:1::808:808", "64:ff9b:1:abcd::808:808", "2001:0:4136:e378:8000:63bf:f7f7:f7f7" }) {
            assertNull(SourceGuard.rangeOf(literal(publicAddress)), publicAddress);
        }
    }

    @Test
    void allowPrivateSourcesOpensPrivateNetworksButNeverMetadataOrSpecialPurpose() throws Exception {
        for (String literal : new String[] { "127.0.0.1", "::1", "10.0.0.1", "192.168.0.1", "100.64.0.1",
                "100.100.100.201", "fd00::1", "fd00:ec3::254", "::ffff:0:a00:1", "64:ff9b:1::a00:1" }) {
            assertTrue(closed.refusal(literal(literal)) != null, literal + " is refused by default");
            assertNull(open.refusal(literal(literal)), literal + " is opened by allow-private-sources");
        }
        for (String literal : new String[] { "169.254.169.254", "100.100.100.200", "192.0.0.192", "168.63.129.16",
                "fd00:ec2::254", "fd00:ec2::23", "fd20:ce::254", "fd00:a9fe:a9fe::1", "fd00:42::42",
                "::ffff:0:6464:64c8", "64:ff9b:1::6464:64c8", "2002:6464:64c8::1", "2001:0:4136:e378:8000:63bf:9b9b:9b37",
                "169.254.170.2", "fe80::1", "224.0.0.1", "ff02::1", "0.0.0.0", "::", "192.0.0.8", "198.18.0.1",
                "192.0.2.1", "198.51.100.1", "203.0.113.1", "240.0.0.1", "255.255.255.255", "2001:db8::1", "3fff::1",
                "2001:2::1", "4000::1" }) {
            assertTrue(closed.refusal(literal(literal)) != null, literal + " is refused by default");
            assertTrue(open.refusal(literal(literal)) != null, literal + " is refused even when private is open");
        }
        assertNull(closed.refusal(literal("8.8.8.8")));
        assertNull(open.refusal(literal("2606:4700:4700::1111")));
    }

    @Test
    void aHostIsRefusedWhenAnyOfItsAddressesIs() throws Exception {
        // "localhost" resolves from the hosts file, without a DNS query; every answer of it is loopback.
        SourceGuard.Refused refused = assertThrows(SourceGuard.Refused.class, () -> closed.resolve("localhost"));
        assertEquals(Range.LOOPBACK, refused.range);
        assertTrue(refused.named, "the location named its host");
        assertFalse(assertThrows(SourceGuard.Refused.class, () -> closed.resolve("127.0.0.1")).named);
        assertThrows(SourceGuard.Refused.class, () -> closed.resolve("169.254.169.254"));
        assertThrows(SourceGuard.Refused.class, () -> open.resolve("169.254.169.254"));
        assertThrows(SourceGuard.Refused.class, () -> open.resolve("fe80::1"));
        // The HTTP client asks for an IPv6 literal with its brackets, as the URL spells it.
        assertEquals(Range.METADATA, assertThrows(SourceGuard.Refused.class,
                () -> open.resolve("[fd00:ec2::254]")).range);
        assertEquals(Range.METADATA, assertThrows(SourceGuard.Refused.class,
                () -> open.resolve("100.100.100.200")).range);
        // The addresses returned are the ones checked: the client connects to exactly these.
        assertArrayEquals(new InetAddress[] { literal("127.0.0.1") }, open.resolve("127.0.0.1"));
    }

    @Test
    void aPublicAddressIsConnectedToOnItsPortsOnlyAPrivateOneOnAny() throws Exception {
        List<InetSocketAddress> connected = new ArrayList<>();
        ConnectionSocketFactory connecting = open.checkingPorts(new ConnectionSocketFactory() {
            @Override
            public Socket createSocket(HttpContext context) {
                return new Socket();
            }

            @Override
            public Socket connectSocket(int timeout, Socket socket, HttpHost host, InetSocketAddress remote,
                    InetSocketAddress local, HttpContext context) {
                connected.add(remote);
                return socket;
            }
        });
        HttpHost host = new HttpHost("example.com");
        for (InetSocketAddress allowed : List.of(new InetSocketAddress(literal("8.8.8.8"), 443),
                new InetSocketAddress(literal("2606:4700:4700::1111"), 80),
                new InetSocketAddress(literal("127.0.0.1"), 6379), new InetSocketAddress(literal("10.1.2.3"), 25))) {
            connecting.connectSocket(1000, new Socket(), host, allowed, null, null);
        }
        Socket refusedSocket = new Socket();
        SourceGuard.PortRefused refused = assertThrows(SourceGuard.PortRefused.class, () -> connecting.connectSocket(
                1000, refusedSocket, host, new InetSocketAddress(literal("8.8.8.8"), 25), null, null));
        assertEquals(25, refused.port);
        assertTrue(refusedSocket.isClosed());
        assertEquals(4, connected.size(), "only the refused port was kept from the connect: " + connected);
        assertEquals("80, 443", open.publicPorts());
    }

    @Test
    void aRefusalSaysWhetherTheLocationNamedItsHostOrWroteItsAddress() {
        for (String address : new String[] { "127.0.0.1", "2130706433", "[::1]", "::ffff:10.0.0.1", "10.0.0.1" }) {
            assertFalse(assertThrows(SourceGuard.Refused.class, () -> closed.resolve(address)).named, address);
        }
        assertTrue(assertThrows(SourceGuard.Refused.class, () -> closed.resolve("localhost")).named);
    }

    private static InetAddress literal(String literal) {
        try {
            // A literal is parsed, never looked up.
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static InetAddress mapped(int a, int b, int c, int d) throws Exception {
        byte[] bytes = new byte[16];
        bytes[10] = (byte) 0xff;
        bytes[11] = (byte) 0xff;
        bytes[12] = (byte) a;
        bytes[13] = (byte) b;
        bytes[14] = (byte) c;
        bytes[15] = (byte) d;
        InetAddress address = Inet6Address.getByAddress(null, bytes, -1);
        assertTrue(address instanceof Inet6Address);
        return address;
    }
}
