package dev.deletionjobs.http;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;

import io.vertx.core.VertxException;
import io.vertx.core.http.HttpClosedException;

/**
 * Tells a connection the client closed (a load generator hanging up mid-request, a reset, a write to a closed
 * socket) from a fault of ours: the client is gone, nobody reads the answer, and nothing of ours failed.
 */
public final class ClosedConnections {

    /** The outcome such a call is counted under: nginx's name for it, never InternalFailure. */
    public static final String OUTCOME = "ClientClosedRequest";

    /** Causes are followed this deep at most: chains are short, and a cyclic one must not loop. */
    private static final int MAX_DEPTH = 16;

    private ClosedConnections() {
    }

    /** Whether {@code failure} (or a cause of it) is the client's connection having closed. */
    public static boolean isClosedByClient(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++, cause = cause.getCause()) {
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
