package dev.deletionjobs.http;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;

import dev.deletionjobs.error.Causes;
import io.vertx.core.VertxException;
import io.vertx.core.http.HttpClosedException;

/**
 * Tells a connection the client closed (a load generator hanging up mid-request, a reset, a write to a closed
 * socket) from a fault of ours: the client is gone, nobody reads the answer, and nothing of ours failed.
 */
public final class ClosedConnections {

    /** The outcome such a call is counted under: nginx's name for it, never InternalFailure. */
    public static final String OUTCOME = "ClientClosedRequest";

    private ClosedConnections() {
    }

    /** Whether {@code failure} (or a cause of it) is the client's connection having closed. */
    public static boolean isClosedByClient(Throwable failure) {
        for (Throwable cause : Causes.of(failure)) {
            if (cause instanceof HttpClosedException || cause instanceof ClosedChannelException) {
                return true;
            }
            String message = cause.getMessage();
            if (message != null && (cause instanceof IOException || cause instanceof VertxException)
                    && (message.contains("Connection reset") || message.contains("Broken pipe")
                            || message.contains("Connection was closed"))) {
                return true;
            }
        }
        return false;
    }
}
