package dev.deletionjobs.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;

import org.junit.jupiter.api.Test;

import io.vertx.core.VertxException;
import io.vertx.core.http.HttpClosedException;

/** A client hanging up, however deep the HTTP stack wraps it, is told from a fault of ours. */
class ClosedConnectionsTest {

    @Test
    void hangUpsAsTheStackReportsThem() {
        assertTrue(ClosedConnections.isClosedByClient(new IOException(new IOException(
                new HttpClosedException("Connection was closed")))));
        assertTrue(ClosedConnections.isClosedByClient(new IOException(new IOException(
                new SocketException("Connection reset")))));
        assertTrue(ClosedConnections.isClosedByClient(new UncheckedIOException(new ClosedChannelException())));
        assertTrue(ClosedConnections.isClosedByClient(new IOException("writev(..) failed: Broken pipe")));
        assertTrue(ClosedConnections.isClosedByClient(new VertxException("Connection was closed")));
    }

    @Test
    void faultsOfOursAreNot() {
        assertFalse(ClosedConnections.isClosedByClient(new IllegalStateException("Connection reset")));
        assertFalse(ClosedConnections.isClosedByClient(new IOException("No space left on device")));
        assertFalse(ClosedConnections.isClosedByClient(new RuntimeException(new NullPointerException())));
        assertFalse(ClosedConnections.isClosedByClient(null));
    }

    @Test
    void aCyclicCauseChainEnds() {
        RuntimeException first = new RuntimeException("first");
        RuntimeException second = new RuntimeException("second", first);
        first.initCause(second);
        assertFalse(ClosedConnections.isClosedByClient(first));
    }
}
