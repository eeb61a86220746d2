package dev.deletionjobs.graphql;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.deletionjobs.config.PersonalizeConfig;
import dev.deletionjobs.error.ApiException;
import dev.deletionjobs.error.InvalidInputException;
import dev.deletionjobs.error.LimitExceededException;
import dev.deletionjobs.http.AnswerBudget;
import dev.deletionjobs.http.ClientConnections;
import dev.deletionjobs.http.RequestIds;
import dev.deletionjobs.job.AccountScope;
import dev.deletionjobs.job.StoreUnavailableException;
import dev.deletionjobs.metrics.ApiCalls;
import dev.deletionjobs.security.AuthenticationException;
import dev.deletionjobs.security.Callers;
import graphql.ExecutionResult;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.util.ReferenceCountUtil;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.smallrye.graphql.runtime.SmallRyeGraphQLAbstractHandler;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.graphql.execution.ExecutionResponse;
import io.smallrye.graphql.execution.ExecutionResponseWriter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.RoutingContext;

/**
 * GraphQL over WebSocket, with the {@code graphql-transport-ws} protocol (the {@code graphql-ws} library's): what
 * dashboards subscribe with. A connection has {@code personalize.graphql.subscriptions.init-timeout} to authenticate
 * in its {@code connection_init} payload ({@link Callers#authenticateGraphQLConnection}); each {@code subscribe} then
 * runs with SmallRye's engine as a POST would (the same document limits, resolvers and errors), for that caller.
 * <p>
 * Each subscription asks for its next event only once the socket can take more, so a slow reader's events wait in
 * the subscription's bounded buffer ({@code buffer-size}), never in the socket's, and overflowing it ends the
 * subscription with {@code LimitExceededException}. While the socket's write queue is full nothing more is read from
 * it, so what a client sends without reading cannot pile answers up; answers left unread for {@code write-timeout}
 * close it (1008). Protocol violations close the socket with the protocol's codes.
 */
@Singleton
public class GraphQLWebSocket extends SmallRyeGraphQLAbstractHandler {

    static final String PROTOCOL = "graphql-transport-ws";
    /** WebSocket's own close codes (RFC 6455). */
    private static final short GOING_AWAY = 1001;
    private static final short POLICY_VIOLATION = 1008;
    private static final short MESSAGE_TOO_BIG = 1009;
    private static final short SERVER_ERROR = 1011;
    private static final short TRY_AGAIN_LATER = 1013;
    /** RFC 6455 gives a close reason the 125 bytes of a control frame's payload, less the code's 2. */
    static final int MAX_CLOSE_REASON_BYTES = 123;
    /** graphql-transport-ws's close codes. */
    private static final short BAD_REQUEST = 4400;
    private static final short UNAUTHORIZED = 4401;
    private static final short FORBIDDEN = 4403;
    private static final short SUBPROTOCOL_NOT_ACCEPTABLE = 4406;
    private static final short INIT_TIMEOUT = 4408;
    private static final short SUBSCRIBER_EXISTS = 4409;
    private static final short TOO_MANY_INITS = 4429;
    /** An operation id is echoed in every message about it (and in a close reason, at most 123 bytes). */
    private static final int MAX_ID_LENGTH = 64;
    /** The most bytes of an answer in one frame: the WebSocket default, which every client takes. */
    private static final int ANSWER_FRAME = 65_536;
    /** Answers (and subscriptions' events), each buffer started at the size of the last. */
    private static final GraphQLAnswers ANSWERS = new GraphQLAnswers();
    private static final String PING = "{\"type\":\"ping\"}";
    private static final String STOPPING = "The service is stopping";
    /**
     * The most bytes a socket may send before its {@code connection_init} is acknowledged: a payload of SigV4 headers
     * with a session token is some 3 KB. Without it, each socket opened without credentials held what Netty
     * gathers of one unfinished frame of up to 256 KiB for the init timeout.
     */
    static final int MAX_BYTES_BEFORE_ACK = 16_384;
    private static final String BYTES_BEFORE_ACK = "graphql-ws-bytes-before-ack";
    /** A close frame queued behind answers a client does not read never reaches it: then the connection goes. */
    private static final long CLOSE_GRACE_MILLIS = 5_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String SEC_WEBSOCKET_VERSION = "Sec-WebSocket-Version";
    static final String WEBSOCKET_VERSION = "13";
    private static final String SEC_WEBSOCKET_KEY = "Sec-WebSocket-Key";

    private final Callers callers;
    private final ApiCalls calls;
    private final GraphQLRequestCheck check;
    private final Duration initTimeout;
    private final Duration writeTimeout;
    private final int maxPerConnection;
    /**
     * A ping this often keeps an idle socket open through proxies that close silent ones (often after 60 s), and
     * finds a client that went away: one that has not answered the last ping is closed.
     */
    private final long pingMillis;
    private final AccountSockets sockets;
    /** The sockets open on this replica, to close when it stops. */
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;
    private final AnswerBudget answers;

    GraphQLWebSocket(CurrentVertxRequest currentVertxRequest, Callers callers, ApiCalls calls,
            GraphQLRequestCheck check, PersonalizeConfig config, AnswerBudget answers) {
        super(GraphQLPostExecution.identityAssociation(), currentVertxRequest, BlockingFieldFetchers.RUN_BLOCKING);
        this.answers = answers;
        this.callers = callers;
        this.calls = calls;
        this.check = check;
        this.initTimeout = config.graphql().subscriptions().initTimeout();
        this.writeTimeout = config.graphql().subscriptions().writeTimeout();
        this.maxPerConnection = config.graphql().subscriptions().maxPerConnection();
        this.pingMillis = config.graphql().subscriptions().pingInterval().toMillis();
        this.sockets = new AccountSockets(config.graphql().subscriptions().maxConnectionsPerAccount());
    }

    /**
     * Closes every socket as the replica begins to stop, and every one opened after: their clients reconnect on 1001,
     * to a replica that is not stopping, instead of losing the connection without a word when the server closes.
     */
    void onStopping(@Observes ShutdownDelayInitiatedEvent event) {
        stopping = true;
        for (Connection connection : open) {
            connection.context.runOnContext(stop -> connection.close(GOING_AWAY, STOPPING));
        }
    }

    /** Whether {@code context} asks to become a WebSocket. */
    static boolean isUpgrade(RoutingContext context) {
        return context.request().headers().contains(HttpHeaders.UPGRADE, HttpHeaders.WEBSOCKET, true);
    }

    /** Whether an upgrade asks for the one version of the protocol there is (RFC 6455); else it is answered 426. */
    static boolean speaksVersion13(HttpServerRequest request) {
        return WEBSOCKET_VERSION.equals(request.getHeader(SEC_WEBSOCKET_VERSION));
    }

    /**
     * Why an upgrade is no opening handshake (RFC 6455, 4.2.1), or null when it is one: Vert.x would refuse it in
     * plain text or with no body at all, outside GraphQL's vocabulary and uncounted.
     */
    static String handshakeRefusal(HttpServerRequest request) {
        if (request.version() != HttpVersion.HTTP_1_1) {
            return "A WebSocket is opened over HTTP/1.1.";
        }
        boolean upgrade = false;
        for (String connection : request.headers().getAll(HttpHeaders.CONNECTION)) {
            for (String token : connection.split(",")) {
                upgrade |= token.trim().equalsIgnoreCase("upgrade");
            }
        }
        if (!upgrade) {
            return "A WebSocket is opened with Connection: Upgrade.";
        }
        String key = request.getHeader(SEC_WEBSOCKET_KEY);
        if (key == null || key.isBlank()) {
            return "A WebSocket is opened with a Sec-WebSocket-Key.";
        }
        return null;
    }

    @Override
    protected void doHandle(RoutingContext context) {
        Map<String, Object> metaData = getMetaData(context);
        Context connectionContext = Vertx.currentContext();
        HttpConnection transport = context.request().connection();
        context.request().toWebSocket().onSuccess(socket -> {
            if (!PROTOCOL.equals(socket.subProtocol())) {
                socket.close(SUBPROTOCOL_NOT_ACCEPTABLE, "Subprotocol not acceptable: use " + PROTOCOL);
                return;
            }
            Connection connection = new Connection(socket, transport, connectionContext, metaData);
            open.add(connection);
            connection.start();
            // Opened as the replica began to stop: after onStopping's pass, or during it.
            if (stopping) {
                connection.close(GOING_AWAY, STOPPING);
            }
        }).onFailure(failure -> Log.debugf("A GraphQL WebSocket handshake failed: %s", failure.getMessage()));
    }

    /**
     * {@code reason} cut to the {@value #MAX_CLOSE_REASON_BYTES} bytes of UTF-8 a close frame holds, never inside a
     * character: a longer reason breaks the frame, and clients fail the connection with 1002 instead.
     */
    static String closeReason(String reason) {
        if (reason.length() * 3 <= MAX_CLOSE_REASON_BYTES) {
            return reason;
        }
        int bytes = 0;
        int end = 0;
        while (end < reason.length()) {
            int codePoint = reason.codePointAt(end);
            bytes += codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (bytes > MAX_CLOSE_REASON_BYTES) {
                break;
            }
            end += Character.charCount(codePoint);
        }
        return reason.substring(0, end);
    }

    /** Why a {@code subscribe} is not one graphql-transport-ws allows, or null when it is. */
    static String malformedSubscribe(JsonNode id, JsonNode payload) {
        if (id == null || !id.isTextual() || id.asText().isEmpty() || id.asText().length() > MAX_ID_LENGTH) {
            return "a subscribe needs an id of 1 to " + MAX_ID_LENGTH + " characters";
        }
        if (payload == null || !payload.isObject() || !payload.path("query").isTextual()) {
            return "a subscribe needs a payload with a query string";
        }
        if (!absentOr(payload.get("operationName"), JsonNode::isTextual)) {
            return "operationName must be a string or null";
        }
        for (String member : List.of(GraphQLHttpRequest.VARIABLES, GraphQLHttpRequest.EXTENSIONS)) {
            if (!absentOr(payload.get(member), JsonNode::isObject)) {
                return member + " must be an object or null";
            }
        }
        return null;
    }

    /**
     * Holds a {@code subscribe}'s variables and extensions to the bounds they have over HTTP.
     *
     * @throws InvalidInputException naming where a value past them is
     */
    private static void checkValues(JsonNode payload) {
        for (String member : List.of(GraphQLHttpRequest.VARIABLES, GraphQLHttpRequest.EXTENSIONS)) {
            JsonNode value = payload.get(member);
            if (value != null && value.isObject()) {
                RequestValues.check(value, member);
            }
        }
    }

    private static boolean absentOr(JsonNode value, Predicate<JsonNode> allowed) {
        return value == null || value.isNull() || allowed.test(value);
    }

    /** One socket: its caller once authenticated, and its operations by id. */
    private final class Connection {

        private final ServerWebSocket socket;
        private final HttpConnection transport;
        private final Context context;
        private final Map<String, Object> metaData;
        private final Map<String, Operation> operations = new ConcurrentHashMap<>();
        /**
         * The operations the engine still works on, completed by the client or not: a {@code complete} frees an id at
         * once, as the protocol has it, but a place among {@code max-per-connection} only once the work has stopped.
         */
        private final Set<Operation> running = ConcurrentHashMap.newKeySet();
        /** When the subscriptions take their next event: while the socket takes more. */
        private final SocketDemand<Operation> demand;
        private volatile AccountScope caller;
        /** The account whose count of sockets this one is in, once admitted. */
        private String countedIn;
        private boolean initialised;
        /** Whether the client has sent anything since the last ping: a pong, or any other message. */
        private boolean heardSincePing = true;
        private long initTimer;
        private long keepAliveTimer = -1;
        /** The thread of the connection's event loop, where reading is held and resumed. */
        private Thread eventLoop;
        private boolean readingHeld;
        private long stallTimer = -1;
        private long graceTimer = -1;

        /**
         * Held while one message's frames are handed to the socket: a message goes out in frames, one write each, and
         * answers and events are sent from several threads (the engine's, the change feed's, the event loop), so
         * without it another message's frame could land between two of an answer's, which RFC 6455 forbids.
         */
        private final Object writing = new Object();

        Connection(ServerWebSocket socket, HttpConnection transport, Context context, Map<String, Object> metaData) {
            this.socket = socket;
            this.transport = transport;
            this.context = context;
            this.metaData = metaData;
            this.demand = new SocketDemand<>(socket, Operation::requestNext);
        }

        void start() {
            Vertx vertx = context.owner();
            eventLoop = Thread.currentThread();
            initTimer = vertx.setTimer(initTimeout.toMillis(), timer -> {
                if (caller == null) {
                    close(INIT_TIMEOUT, "Connection initialisation timeout");
                }
            });
            if (transport instanceof ConnectionBase connection) {
                connection.channel().pipeline().addFirst(BYTES_BEFORE_ACK, new BytesBeforeAck());
            }
            socket.textMessageHandler(this::onMessage);
            socket.binaryMessageHandler(bytes -> close(BAD_REQUEST, "Messages are text"));
            socket.drainHandler(drained -> {
                readAgain();
                demand.drained();
            });
            socket.exceptionHandler(failure -> {
                Log.debugf("A GraphQL WebSocket failed: %s", failure.getMessage());
                if (socket.isClosed()) {
                    return;
                }
                if (failure instanceof CorruptedWebSocketFrameException corrupted) {
                    // Netty's frame decoder: a frame over maxWebSocketFrameSize (1009), an unmasked one (1002).
                    close((short) corrupted.closeStatus().code(), corrupted.closeStatus().reasonText());
                } else if (failure instanceof IllegalStateException) {
                    // Vert.x drops a message over its maxWebSocketMessageSize (256 KiB) and says so here.
                    close(MESSAGE_TOO_BIG, "Message too big");
                } else {
                    // A socket that failed otherwise cannot be trusted either.
                    close(SERVER_ERROR, "Internal error");
                }
            });
            socket.closeHandler(closed -> {
                open.remove(this);
                if (countedIn != null) {
                    sockets.release(countedIn);
                    countedIn = null;
                }
                vertx.cancelTimer(initTimer);
                vertx.cancelTimer(keepAliveTimer);
                vertx.cancelTimer(stallTimer);
                vertx.cancelTimer(graceTimer);
                operations.values().forEach(Operation::cancel);
                operations.clear();
                running.clear();
            });
        }

        void close(short code, String reason) {
            socket.close(code, closeReason(reason));
        }

        /**
         * Reads nothing more while the socket's write queue is full, so a client that sends without reading cannot
         * make answers pile up (the operations already running may still add theirs); closes it once answers have
         * waited unread for {@code write-timeout}.
         */
        private void holdReadingWhileFull() {
            if (readingHeld || socket.isClosed() || !socket.writeQueueFull()) {
                return;
            }
            readingHeld = true;
            socket.pause();
            stallTimer = context.owner().setTimer(writeTimeout.toMillis(), timer -> {
                close(POLICY_VIOLATION, "Messages waited unread for " + writeTimeout.toSeconds() + " s");
                graceTimer = context.owner().setTimer(CLOSE_GRACE_MILLIS, grace -> drop());
            });
        }

        /**
         * Closes the connection at once. Vert.x's own close first waits for everything queued to be written, which a
         * client that does not read never lets happen; its channel is closed directly instead.
         */
        private void drop() {
            // The writes it fails are the dropped client's loss, not a fault of ours.
            transport.exceptionHandler(failure -> Log.debugf("A stalled GraphQL WebSocket was dropped: %s",
                    failure.getMessage()));
            ClientConnections.drop(transport);
        }

        /**
         * Counts the bytes a socket sends until its {@code connection_init} is acknowledged, as they arrive, before
         * Netty gathers them into frames; past {@link #MAX_BYTES_BEFORE_ACK} the socket is closed (1009) and what it
         * sends after is dropped unread.
         */
        private final class BytesBeforeAck extends ChannelInboundHandlerAdapter {

            private long received;

            @Override
            public void channelRead(ChannelHandlerContext handler, Object message) {
                if (received > MAX_BYTES_BEFORE_ACK) {
                    ReferenceCountUtil.release(message);
                    return;
                }
                if (message instanceof ByteBuf bytes) {
                    received += bytes.readableBytes();
                    if (received > MAX_BYTES_BEFORE_ACK) {
                        ReferenceCountUtil.release(message);
                        // The client's answer to the close frame would be dropped too: the connection goes once the
                        // frame is out.
                        socket.close(MESSAGE_TOO_BIG, "More than " + MAX_BYTES_BEFORE_ACK + " bytes before"
                                + " connection_ack").onComplete(written -> drop());
                        return;
                    }
                }
                handler.fireChannelRead(message);
            }
        }

        private void readAgain() {
            if (readingHeld && !socket.isClosed()) {
                readingHeld = false;
                // Nothing was read while held: the client gets a whole interval to be heard again.
                heardSincePing = true;
                context.owner().cancelTimer(stallTimer);
                socket.resume();
            }
        }

        private void onMessage(String text) {
            if (socket.isClosed()) {
                // Read before the close, delivered after it: the connection is over, nothing more runs for it.
                return;
            }
            heardSincePing = true;
            JsonNode message;
            try {
                // Walked before it is decoded, as a POST's body is: its nesting, names and values bounded.
                RequestValues.checkMessage(text);
                message = JSON.readTree(text);
            } catch (InvalidInputException refused) {
                close(BAD_REQUEST, "Invalid message received: " + refused.getMessage());
                return;
            } catch (IOException e) {
                close(BAD_REQUEST, "Invalid message received: not JSON");
                return;
            }
            JsonNode type = message.get("type");
            switch (type != null && type.isTextual() ? type.asText() : "") {
                case "connection_init" -> initialise(message.get("payload"));
                case "ping" -> send(JsonNodeFactory.instance.objectNode().put("type", "pong"));
                case "pong" -> {
                    // An answer to a ping, or a one-way heartbeat: nothing to do.
                }
                case "subscribe" -> subscribe(message);
                case "complete" -> complete(message.get("id"));
                default -> close(BAD_REQUEST, "Invalid message received: unknown type");
            }
        }

        private void complete(JsonNode id) {
            if (id == null || !id.isTextual()) {
                close(BAD_REQUEST, "Invalid message received: a complete needs an id");
                return;
            }
            Operation operation = operations.remove(id.asText());
            if (operation != null) {
                operation.cancel();
            }
        }

        private void initialise(JsonNode payload) {
            if (initialised) {
                close(TOO_MANY_INITS, "Too many initialisation requests");
                return;
            }
            if (!absentOr(payload, JsonNode::isObject)) {
                close(BAD_REQUEST, "Invalid message received: a connection_init payload is an object");
                return;
            }
            initialised = true;
            try {
                Map<String, Object> headers = payload != null && !payload.isNull()
                        ? JSON.convertValue(payload, JSON.getTypeFactory().constructMapType(Map.class, String.class,
                                Object.class))
                        : Map.of();
                caller = callers.authenticateGraphQLConnection(headers);
            } catch (AuthenticationException e) {
                calls.refused(ApiCalls.GRAPHQL, GraphQLRequestCheck.INVALID_REQUEST, GraphQLRequestCheck.UNAUTHORIZED);
                close(FORBIDDEN, "Forbidden");
                return;
            }
            context.owner().cancelTimer(initTimer);
            if (!sockets.admit(caller.accountId())) {
                calls.refused(ApiCalls.GRAPHQL, GraphQLRequestCheck.INVALID_REQUEST,
                        LimitExceededException.class.getSimpleName());
                close(TRY_AGAIN_LATER, "The account holds " + sockets.maxPerAccount() + " WebSockets here, the most"
                        + " it may: close one first");
                return;
            }
            countedIn = caller.accountId();
            if (transport instanceof ConnectionBase connection
                    && connection.channel().pipeline().get(BYTES_BEFORE_ACK) != null) {
                connection.channel().pipeline().remove(BYTES_BEFORE_ACK);
            }
            send(JsonNodeFactory.instance.objectNode().put("type", "connection_ack"));
            keepAliveTimer = context.owner().setPeriodic(pingMillis, timer -> {
                // A socket with answers waiting is not idle: a ping would only add to them, and nothing is read from
                // it meanwhile (its write timeout closes it if it stays so).
                if (readingHeld) {
                    return;
                }
                if (!heardSincePing) {
                    // Gone without a word, or never answering: either way it would hold its place for good, since the
                    // pings themselves keep the idle timeout from closing it.
                    // 1001, which clients reconnect on: a client that was only slow (a laptop waking) comes back.
                    close(GOING_AWAY, "No pong to the last ping within " + pingMillis / 1000 + " s");
                    return;
                }
                heardSincePing = false;
                send(PING);
            });
        }

        private void subscribe(JsonNode message) {
            if (caller == null) {
                close(UNAUTHORIZED, "Unauthorized");
                return;
            }
            JsonNode id = message.get("id");
            JsonNode payload = message.get("payload");
            String malformed = malformedSubscribe(id, payload);
            if (malformed != null) {
                // The protocol's answer to a message of a format it does not specify, as graphql-ws's server gives it.
                close(BAD_REQUEST, "Invalid message received: " + malformed);
                return;
            }
            String operationId = id.asText();
            if (operations.containsKey(operationId)) {
                close(SUBSCRIBER_EXISTS, "Subscriber for " + operationId + " already exists");
                return;
            }
            GraphQLRequestCheck.Refusal refusal = check.refusalOf(payload.get("query").asText());
            if (refusal != null) {
                calls.refused(ApiCalls.GRAPHQL, GraphQLRequestCheck.INVALID_REQUEST, refusal.code());
                sendError(operationId, refusal.code(), refusal.message());
                return;
            }
            try {
                checkValues(payload);
            } catch (InvalidInputException refused) {
                calls.refused(ApiCalls.GRAPHQL, GraphQLRequestCheck.INVALID_REQUEST, refused.errorCode());
                sendError(operationId, refused.errorCode(), refused.getMessage());
                return;
            }
            if (running.size() >= maxPerConnection) {
                sendError(operationId, LimitExceededException.class.getSimpleName(), "A connection may hold "
                        + maxPerConnection + " operations at once; complete one first.");
                return;
            }
            Operation operation = new Operation(this, operationId, answers.open());
            operations.put(operationId, operation);
            running.add(operation);
            AccountScope scope = caller;
            // A context of its own, as an HTTP request has: the caller rides on it to the resolvers.
            Context operationContext = VertxContext.createNewDuplicatedContext(context);
            ObjectNode request = JsonNodeFactory.instance.objectNode();
            // Only the members the protocol defines, and none that is null: the engine reads each as what it must be.
            for (String member : List.of("query", "operationName", "variables", "extensions")) {
                JsonNode value = payload.get(member);
                if (value != null && !value.isNull()) {
                    request.set(member, value);
                }
            }
            operationContext.runOnContext(run -> {
                RequestIds.assign();
                callers.actAsGraphQLCaller(scope);
                try {
                    AnswerBudget.starting(operation.hold, () -> getExecutionService().executeAsync(
                            inputToJsonObject(request.toString()), metaData, operation));
                } catch (RuntimeException e) {
                    // Thrown before the engine took the operation: it must not keep its place among the 16.
                    operation.fail(e);
                }
            });
        }

        void send(JsonNode message) {
            send(message.toString());
        }

        void send(String message) {
            if (socket.isClosed()) {
                return;
            }
            synchronized (writing) {
                socket.writeTextMessage(message);
            }
            holdReadingIfFull();
        }

        /**
         * Sends an answer, written as UTF-8 ({@link GraphQLAnswers}), as one text message in frames of at most
         * {@value #ANSWER_FRAME} bytes (as a client of the default frame size takes them), each cut between two
         * characters; then runs {@code written} (when not null) once the last is written out, or cannot be.
         */
        void sendAnswer(Buffer message, Runnable written) {
            if (socket.isClosed()) {
                if (written != null) {
                    written.run();
                }
                return;
            }
            synchronized (writing) {
                int from = 0;
                do {
                    int to = frameEnd(message, from);
                    boolean last = to == message.length();
                    Buffer bytes = message.slice(from, to);
                    WebSocketFrame frame = from == 0
                            ? WebSocketFrame.textFrame(bytes.toString(StandardCharsets.UTF_8), last)
                            : WebSocketFrame.continuationFrame(bytes, last);
                    if (last && written != null) {
                        socket.writeFrame(frame, done -> written.run());
                    } else {
                        socket.writeFrame(frame);
                    }
                    from = to;
                } while (from < message.length());
            }
            holdReadingIfFull();
        }

        /** Where the frame that starts at {@code from} ends: at most a frame on, never inside a character. */
        private static int frameEnd(Buffer message, int from) {
            int end = Math.min(from + ANSWER_FRAME, message.length());
            // A byte 10xxxxxx continues a character: the frame ends before the byte that starts it.
            while (end < message.length() && end > from && (message.getByte(end) & 0xC0) == 0x80) {
                end--;
            }
            return end;
        }

        private void holdReadingIfFull() {
            if (Thread.currentThread() == eventLoop) {
                holdReadingWhileFull();
            } else {
                // Subscriptions' events are written from the feed's thread, answers from the worker thread that read
                // the store: the event loop looks once their frames are queued, where the socket cannot close meanwhile
                // (asked elsewhere, a closed socket's queue throws).
                context.runOnContext(full -> holdReadingWhileFull());
            }
        }

        void sendError(String id, String code, String message) {
            ArrayNode errors = JsonNodeFactory.instance.arrayNode();
            ObjectNode error = errors.addObject().put("message", message);
            error.putObject("extensions").put(ErrorCodeInstrumentation.CODE, code);
            sendError(id, errors);
        }

        void sendError(String id, JsonNode errors) {
            ObjectNode message = JsonNodeFactory.instance.objectNode().put("id", id).put("type", "error");
            message.set("payload", errors);
            send(message);
        }

        void finished(Operation operation) {
            operations.remove(operation.id, operation);
            demand.forget(operation);
            running.remove(operation);
        }
    }

    /** One {@code subscribe}: a single answer (a query or mutation) or a stream of events (a subscription). */
    private static final class Operation implements ExecutionResponseWriter, Subscriber<ExecutionResult> {

        private final Connection connection;
        private final String id;
        private final String quotedId;
        private final AtomicBoolean cancelled = new AtomicBoolean();
        /** What a single answer holds of the replica's budget, until it is written out. */
        private final AnswerBudget.Hold hold;
        private volatile Subscription events;

        Operation(Connection connection, String id, AnswerBudget.Hold hold) {
            this.connection = connection;
            this.id = id;
            this.hold = hold;
            this.quotedId = JsonNodeFactory.instance.textNode(id).toString();
        }

        @Override
        @SuppressWarnings("unchecked")
        public void write(ExecutionResponse response) {
            ExecutionResult result = response.getExecutionResult();
            if (result.getErrors().isEmpty() && result.getData() instanceof Publisher<?> stream) {
                // A stream reserved nothing: each event is bounded and written as it comes.
                hold.release();
                ((Publisher<ExecutionResult>) stream).subscribe(this);
                return;
            }
            connection.finished(this);
            if (cancelled.get()) {
                hold.release();
                return;
            }
            try {
                if (!result.isDataPresent() || result.getData() == null) {
                    hold.release();
                    JsonNode errors = readTree(GraphQLAnswers.errorsOf(result));
                    unlessCompleted(() -> connection.sendError(id, errors));
                    return;
                }
                Buffer answer = ANSWERS.message(id, "next", response);
                hold.settle(answer.length());
                if (!unlessCompleted(() -> {
                    connection.sendAnswer(answer, hold::release);
                    connection.send(complete());
                })) {
                    hold.release();
                }
            } catch (IOException | RuntimeException e) {
                hold.release();
                fail(e);
            }
        }

        /**
         * Runs {@code send} unless the client has completed this operation, under the lock its {@code complete} takes
         * ({@link #cancel}): as the protocol asks, an answer goes out whole before the client's {@code complete} is
         * read, or not at all, however long the answer took to write.
         */
        private boolean unlessCompleted(Runnable send) {
            synchronized (connection.writing) {
                if (cancelled.get()) {
                    return false;
                }
                send.run();
                return true;
            }
        }

        @Override
        public void fail(Throwable failure) {
            hold.release();
            connection.finished(this);
            Log.error("A GraphQL operation over WebSocket failed with an unexpected fault", failure);
            connection.sendError(id, ApiCalls.INTERNAL_FAILURE, InternalFailure.MESSAGE);
        }

        @Override
        public void onSubscribe(Subscription subscription) {
            events = subscription;
            if (cancelled.get()) {
                subscription.cancel();
                connection.running.remove(this);
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onNext(ExecutionResult event) {
            if (!event.getErrors().isEmpty()) {
                // The stream failed (the subscriber fell behind, the feed lost the store): its last word, an error.
                cancel();
                connection.finished(this);
                connection.sendError(id, readTree(GraphQLAnswers.errorsOf(event)));
                return;
            }
            try {
                Buffer message = ANSWERS.message(id, "next", new ExecutionResponse(event));
                if (!unlessCompleted(() -> connection.sendAnswer(message, null))) {
                    return;
                }
            } catch (IOException | RuntimeException e) {
                cancel();
                onError(e);
                return;
            }
            connection.demand.askWhenWritable(this);
        }

        void requestNext() {
            if (!cancelled.get()) {
                events.request(1);
            }
        }

        @Override
        public void onError(Throwable failure) {
            connection.finished(this);
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause()
                    : failure;
            if (cause instanceof ApiException refused) {
                connection.sendError(id, refused.errorCode(), refused.getMessage());
            } else if (cause instanceof StoreUnavailableException unavailable) {
                connection.sendError(id, ServiceUnavailable.CODE, unavailable.getMessage());
            } else {
                Log.error("A GraphQL subscription failed with an unexpected fault", cause);
                connection.sendError(id, ApiCalls.INTERNAL_FAILURE, InternalFailure.MESSAGE);
            }
        }

        @Override
        public void onComplete() {
            connection.finished(this);
            connection.send(complete());
        }

        /**
         * Stops the operation: a stream at once; a single answer still being worked on keeps its place until the
         * engine is done with it ({@link Connection#finished}).
         */
        void cancel() {
            boolean first;
            synchronized (connection.writing) {
                first = cancelled.compareAndSet(false, true);
            }
            if (first && events != null) {
                events.cancel();
                connection.running.remove(this);
            }
        }

        /** The protocol's {@code complete} message about this operation. */
        private String complete() {
            return "{\"id\":" + quotedId + ",\"type\":\"complete\"}";
        }

        private static JsonNode readTree(String json) {
            try {
                return JSON.readTree(json);
            } catch (IOException e) {
                throw new IllegalStateException("The engine wrote JSON that does not parse", e);
            }
        }
    }
}
