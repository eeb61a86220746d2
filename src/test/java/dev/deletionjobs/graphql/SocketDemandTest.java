package dev.deletionjobs.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketBase;

/**
 * When a subscription takes its next event, asked from the change feed's thread: at once while the socket takes more,
 * once when it drains if it does not, never once it closed, and without a failure of its own then. Over a real socket
 * of a plain Vert.x, as a GraphQL WebSocket has it.
 */
@Timeout(30)
class SocketDemandTest {

    private Vertx vertx;
    private HttpServer server;
    private final CompletableFuture<ServerSide> accepted = new CompletableFuture<>();
    /** The streams asked for their next event. */
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private final CountDownLatch firstAsk = new CountDownLatch(1);

    /** The server's end of the socket, with its demand, as a connection makes it. */
    private record ServerSide(ServerWebSocket socket, Context context, SocketDemand<String> demand) {
    }

    @BeforeEach
    void serveOneSocket() throws Exception {
        vertx = Vertx.vertx();
        // Upgraded by the request, as the service's GraphQL route does it.
        server = vertx.createHttpServer().requestHandler(request -> request.toWebSocket().onSuccess(socket -> {
            SocketDemand<String> demand = new SocketDemand<>(socket, stream -> {
                asked.add(stream);
                firstAsk.countDown();
            });
            socket.drainHandler(drained -> demand.drained());
            accepted.complete(new ServerSide(socket, Vertx.currentContext(), demand));
        }));
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stopVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aStreamAskedWhileTheSocketTakesMoreIsAskedAtOnce() throws Exception {
        connect(true);
        ServerSide side = accepted.get(10, TimeUnit.SECONDS);

        side.demand().askWhenWritable("events");

        assertEquals(List.of("events"), asked);
    }

    @Test
    void aStreamAskedAfterItsSocketClosedIsNotAskedAndNothingThrows() throws Exception {
        WebSocket client = connect(true);
        ServerSide side = accepted.get(10, TimeUnit.SECONDS);
        CountDownLatch closed = new CountDownLatch(1);
        onEventLoop(side, () -> side.socket().closeHandler(gone -> closed.countDown()));
        client.sendClose(WebSocket.NORMAL_CLOSURE, "gone").get(10, TimeUnit.SECONDS);
        assertTrue(closed.await(10, TimeUnit.SECONDS));

        // As the change feed's event for a client that just went away: the closed socket's queue threw when looked at,
        // and the stream ended as an unexpected fault.
        side.demand().askWhenWritable("events");

        assertEquals(List.of(), asked);
    }

    /**
     * The socket closing on its event loop between the two looks, which no client can time: a socket that was open
     * when asked, and whose queue then answers as Vert.x answers for a closed one.
     */
    @Test
    void aSocketThatClosesWhileItIsLookedAtTakesNothing() {
        WebSocketBase closingMeanwhile = (WebSocketBase) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { WebSocketBase.class }, (proxy, method, arguments) -> switch (method.getName()) {
                    case "isClosed" -> false;
                    case "writeQueueFull" -> throw new IllegalStateException("WebSocket is closed");
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        SocketDemand<String> demand = new SocketDemand<>(closingMeanwhile, asked::add);

        demand.askWhenWritable("events");

        assertEquals(List.of(), asked);
    }

    @Test
    void aStreamAskedWhileTheWriteQueueIsFullIsAskedOnceWhenItDrains() throws Exception {
        // A client that reads nothing until it asks for messages.
        WebSocket client = connect(false);
        ServerSide side = accepted.get(10, TimeUnit.SECONDS);

        // The client reads nothing: the kernel's buffers fill, then the socket's write queue (long before 64 MB).
        onEventLoop(side, () -> {
            Buffer chunk = Buffer.buffer(new byte[64 * 1024]);
            for (int i = 0; i < 1024 && !side.socket().writeQueueFull(); i++) {
                side.socket().writeBinaryMessage(chunk);
            }
            assertTrue(side.socket().writeQueueFull());
            side.demand().askWhenWritable("events");
        });
        assertEquals(List.of(), asked);

        client.request(Long.MAX_VALUE);
        assertTrue(firstAsk.await(10, TimeUnit.SECONDS));
        // The drain handler may run again as the rest drains: the stream is asked once all the same.
        onEventLoop(side, () -> {
        });
        assertEquals(List.of("events"), asked);
    }

    /** A client of the JDK's, reading every message when {@code reading}, else none until asked. */
    private WebSocket connect(boolean reading) throws Exception {
        return HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.actualPort() + "/"), new WebSocket.Listener() {
                    @Override
                    public void onOpen(WebSocket socket) {
                        if (reading) {
                            socket.request(Long.MAX_VALUE);
                        }
                    }
                }).get(10, TimeUnit.SECONDS);
    }

    /** Runs {@code action} on the socket's event loop and waits for it. */
    private static void onEventLoop(ServerSide side, Runnable action) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        side.context().runOnContext(ignored -> {
            try {
                action.run();
                done.complete(null);
            } catch (RuntimeException | AssertionError e) {
                done.completeExceptionally(e);
            }
        });
        done.get(10, TimeUnit.SECONDS);
    }
}
