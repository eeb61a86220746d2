package dev.deletionjobs.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.deletionjobs.worker.SourceGuard.Range;

/** The guard's decisions, from address literals only: nothing here opens a connection or asks a DNS server. */
class SourceGuardTest {

    private final SourceGuard closed = new SourceGuard(false);
    private final SourceGuard open = new SourceGuard(true);

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
                Map.entry("169.254.169.254", Range.LINK_LOCAL),
                Map.entry("224.0.0.1", Range.MULTICAST),
                Map.entry("239.255.255.250", Range.MULTICAST),
                Map.entry("0.0.0.0", Range.UNSPECIFIED),
                Map.entry("0.1.2.3", Range.UNSPECIFIED),
                Map.entry("255.255.255.255", Range.RESERVED),
                Map.entry("240.0.0.1", Range.RESERVED));
        ranges.forEach((literal, range) -> assertEquals(range, SourceGuard.rangeOf(literal(literal)), literal));
        for (String publicAddress : new String[] { "8.8.8.8", "172.32.0.1", "172.15.255.255", "100.128.0.1",
                "192.169.0.1", "169.253.1.1", "223.255.255.255" }) {
            assertNull(SourceGuard.rangeOf(literal(publicAddress)), publicAddress);
        }
    }

    @Test
    void ipv6RangesAreRecognised() throws Exception {
        Map<String, Range> ranges = Map.of(
                "::1", Range.LOOPBACK,
                "::", Range.UNSPECIFIED,
                "fe80::1", Range.LINK_LOCAL,
                "febf::1", Range.LINK_LOCAL,
                "fc00::1", Range.UNIQUE_LOCAL,
                "fd12:3456::1", Range.UNIQUE_LOCAL,
                "fec0::1", Range.PRIVATE,
                "ff02::1", Range.MULTICAST);
        ranges.forEach((literal, range) -> assertEquals(range, SourceGuard.rangeOf(literal(literal)), literal));
        assertNull(SourceGuard.rangeOf(literal("2606:4700:4700::1111")));
        assertNull(SourceGuard.rangeOf(literal("2001:db9::1")));
    }

    @Test
    void ipv4InsideIpv6IsJudgedAsIpv4() throws Exception {
        // The JDK turns ::ffff:a.b.c.d into an Inet4Address; built as 16 bytes, it stays an Inet6Address.
        assertEquals(Range.LINK_LOCAL, SourceGuard.rangeOf(mapped(169, 254, 169, 254)));
        assertEquals(Range.LOOPBACK, SourceGuard.rangeOf(mapped(127, 0, 0, 1)));
        assertEquals(Range.PRIVATE, SourceGuard.rangeOf(mapped(10, 0, 0, 1)));
        assertNull(SourceGuard.rangeOf(mapped(8, 8, 8, 8)));
        assertEquals(Range.LINK_LOCAL, SourceGuard.rangeOf(literal("::ffff:169.254.169.254")));
        assertEquals(Range.LINK_LOCAL, SourceGuard.rangeOf(literal("::169.254.169.254")));
        assertEquals(Range.LINK_LOCAL, SourceGuard.rangeOf(literal("64:ff9b::a9fe:a9fe")));
        assertEquals(Range.PRIVATE, SourceGuard.rangeOf(literal("2002:c0a8:0101::1")));
        assertNull(SourceGuard.rangeOf(literal("2002:0808:0808::1")));
    }

    @Test
    void allowPrivateSourcesOpensPrivateNetworksButNeverMetadataOrMulticast() throws Exception {
        for (String literal : new String[] { "127.0.0.1", "::1", "10.0.0.1", "192.168.0.1", "fd00::1" }) {
            assertTrue(closed.refusal(literal(literal)) != null, literal + " is refused by default");
            assertNull(open.refusal(literal(literal)), literal + " is opened by allow-private-sources");
        }
        for (String literal : new String[] { "169.254.169.254", "fe80::1", "224.0.0.1", "ff02::1", "0.0.0.0", "::" }) {
            assertTrue(open.refusal(literal(literal)) != null, literal + " is refused even when private is open");
        }
        assertNull(closed.refusal(literal("8.8.8.8")));
    }

    @Test
    void aHostIsRefusedWhenAnyOfItsAddressesIs() throws Exception {
        // "localhost" resolves from the hosts file, without a DNS query; every answer of it is loopback.
        SourceGuard.Refused refused = assertThrows(SourceGuard.Refused.class, () -> closed.resolve("localhost"));
        assertEquals(Range.LOOPBACK, refused.range);
        assertThrows(SourceGuard.Refused.class, () -> closed.resolve("169.254.169.254"));
        assertThrows(SourceGuard.Refused.class, () -> open.resolve("169.254.169.254"));
        assertThrows(SourceGuard.Refused.class, () -> open.resolve("fe80::1"));
        // The addresses returned are the ones checked: the client connects to exactly these.
        assertArrayEquals(new InetAddress[] { literal("127.0.0.1") }, open.resolve("127.0.0.1"));
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
