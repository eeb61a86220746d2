package dev.deletionjobs.graphql;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import io.vertx.core.http.WebSocketBase;

/**
 * When a socket's streams may take their next event: at once while the socket's write queue takes more, else once it
 * drains, and never once it is closed (its close ends the streams). Asked on the change feed's thread, where the socket
 * may close at any moment: its queue, looked at once it had, threw, and the stream ended as an unexpected fault, with
 * an ERROR line for a client that only went away.
 *
 * @param <S> a stream of the socket's
 */
final class SocketDemand<S> {

    private final WebSocketBase socket;
    private final Consumer<S> askNext;
    /** Streams waiting for the socket to drain before they take their next event. */
    private final Set<S> waiting = ConcurrentHashMap.newKeySet();

    /** @param askNext asks a stream for its next event */
    SocketDemand(WebSocketBase socket, Consumer<S> askNext) {
        this.socket = socket;
        this.askNext = askNext;
    }

    /** Asks {@code stream} for its next event as soon as the socket takes more: now, or when it drains. */
    void askWhenWritable(S stream) {
        if (socket.isClosed()) {
            return;
        }
        if (takesMore()) {
            askNext.accept(stream);
            return;
        }
        waiting.add(stream);
        // It may have drained in between, before the stream was there to be asked.
        if (takesMore() && waiting.remove(stream)) {
            askNext.accept(stream);
        }
    }

    /** Whether the socket's write queue takes more; a socket closed meanwhile takes nothing. */
    private boolean takesMore() {
        try {
            return !socket.writeQueueFull();
        } catch (IllegalStateException closed) {
            // Vert.x's answer for a closed socket ("WebSocket is closed"): the close cancels the stream.
            return false;
        }
    }

    /** The socket drained (its drain handler, on the event loop): the waiting streams take their next event. */
    void drained() {
        for (S stream : waiting) {
            if (waiting.remove(stream)) {
                askNext.accept(stream);
            }
        }
    }

    /** {@code stream} ended: it waits for nothing more. */
    void forget(S stream) {
        waiting.remove(stream);
    }
}
