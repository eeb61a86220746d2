package dev.deletionjobs.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonObject;

/**
 * A WebSocket to {@code /graphql} that sends exactly what a test writes, to see the service hold to
 * graphql-transport-ws when a client does not: the messages it answers, and the code it closes with.
 */
public final class RawGraphQLSocket implements AutoCloseable {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private final WebSocket socket;
    private final BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Short> closed = new CompletableFuture<>();

    private RawGraphQLSocket(WebSocket socket) {
        this.socket = socket;
        socket.textMessageHandler(text -> received.add(new JsonObject(text)));
        socket.closeHandler(done -> closed.complete(socket.closeStatusCode()));
        // A connection the service dropped fails this client's pending writes: the close code tells the test.
        socket.exceptionHandler(failure -> {
        });
    }

    /** Opens a socket to the service on {@code port}, offering {@code protocols}. */
    public static RawGraphQLSocket open(Vertx vertx, int port, String... protocols) throws Exception {
        return open(vertx, new WebSocketClientOptions(), port, protocols);
    }

    /** Opens a socket with a client of {@code client}'s options (a larger message size, say). */
    public static RawGraphQLSocket open(Vertx vertx, WebSocketClientOptions client, int port, String... protocols)
            throws Exception {
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("localhost").setPort(port)
                .setURI("/graphql").setSubProtocols(List.of(protocols));
        return new RawGraphQLSocket(vertx.createWebSocketClient(client).connect(options).toCompletionStage()
                .toCompletableFuture().get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** Opens a socket speaking graphql-transport-ws and initialises it with {@code payload}, expecting its ack. */
    public static RawGraphQLSocket initialised(Vertx vertx, int port, JsonObject payload) throws Exception {
        return initialised(vertx, new WebSocketClientOptions(), port, payload);
    }

    /** The same with a client of {@code client}'s options. */
    public static RawGraphQLSocket initialised(Vertx vertx, WebSocketClientOptions client, int port,
            JsonObject payload) throws Exception {
        RawGraphQLSocket socket = open(vertx, client, port, "graphql-transport-ws");
        socket.send(new JsonObject().put("type", "connection_init").put("payload", payload));
        assertEquals("connection_ack", socket.next().getString("type"));
        return socket;
    }

    /** Stops reading from the socket, as a client too slow to keep up would: the service's writes back up. */
    public void stopReading() {
        socket.pause();
    }

    /** Reads again, and everything that waited arrives. */
    public void readAgain() {
        socket.resume();
    }

    public void send(JsonObject message) {
        socket.writeTextMessage(message.encode());
    }

    public void send(String text) {
        socket.writeTextMessage(text);
    }

    /** Sends {@code text} as one frame, as a browser does, however large (Vert.x would split it into 64 KiB frames). */
    public void sendAsOneFrame(String text) {
        socket.writeFrame(WebSocketFrame.textFrame(text, true));
    }

    /** Whether this client's own writes back up: the service has stopped reading what it sends. */
    public boolean writeQueueFull() {
        return socket.writeQueueFull();
    }

    /** Sends a subscribe of {@code query} under {@code id}. */
    public void subscribe(String id, String query) {
        send(new JsonObject().put("id", id).put("type", "subscribe").put("payload", new JsonObject().put("query", query)));
    }

    /** The next message the service sent, within the test's patience. */
    public JsonObject next() throws InterruptedException {
        JsonObject message = received.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(message, "no message from the service");
        return message;
    }

    /**
     * The next message the service sent, or null if it closed the socket without one; whichever comes first within the
     * test's patience.
     */
    public JsonObject nextUnlessClosed() throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            JsonObject message = received.poll(10, TimeUnit.MILLISECONDS);
            if (message != null) {
                return message;
            }
            if (closed.isDone() && received.isEmpty()) {
                return null;
            }
        }
        throw new AssertionError("neither a message nor a close from the service");
    }

    /** The code the service closed the socket with, within the test's patience. */
    public short closeCode() throws Exception {
        return closeCode(PATIENCE);
    }

    /** The code the service closed the socket with, within {@code patience}: 1006 when it dropped the connection. */
    public short closeCode(Duration patience) throws Exception {
        Short code = closed.get(patience.toMillis(), TimeUnit.MILLISECONDS);
        return code == null ? 1006 : code;
    }

    /** The reason the service closed the socket with (once {@link #closeCode()} has returned). */
    public String closeReason() {
        return socket.closeReason();
    }

    @Override
    public void close() {
        if (!socket.isClosed()) {
            socket.close();
        }
    }
}
