package dev.deletionjobs.graphql;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Singleton;
import jakarta.json.JsonArray;

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
import dev.deletionjobs.error.LimitExceededException;
import dev.deletionjobs.http.RequestIds;
import dev.deletionjobs.job.AccountScope;
import dev.deletionjobs.job.StoreUnavailableException;
import dev.deletionjobs.metrics.ApiCalls;
import dev.deletionjobs.security.AuthenticationException;
import dev.deletionjobs.security.Callers;
import graphql.ExecutionResult;
import io.quarkus.logging.Log;
import io.quarkus.smallrye.graphql.runtime.SmallRyeGraphQLAbstractHandler;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.graphql.execution.ExecutionResponse;
import io.smallrye.graphql.execution.ExecutionResponseWriter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;

/**
 * GraphQL over WebSocket, with the {@code graphql-transport-ws} protocol (the {@code graphql-ws} library's): what
 * dashboards subscribe with. A connection has {@code personalize.graphql.subscriptions.init-timeout} to authenticate
 * in its {@code connection_init} payload ({@link Callers#authenticateGraphQLConnection}); each {@code subscribe} then
 * runs with SmallRye's engine as a POST would (the same document limits, resolvers and errors), for that caller.
 * <p>
 * Each subscription asks for its next event only once the socket can take more, so a slow reader's events wait in
 * the subscription's bounded buffer ({@code buffer-size}), never in the socket's, and overflowing it ends the
 * subscription with {@code LimitExceededException}. Protocol violations close the socket with the protocol's codes.
 */
@Singleton
public class GraphQLWebSocket extends SmallRyeGraphQLAbstractHandler {

    static final String PROTOCOL = "graphql-transport-ws";
    /** WebSocket's own close codes (RFC 6455). */
    private static final short MESSAGE_TOO_BIG = 1009;
    private static final short SERVER_ERROR = 1011;
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
    /** A ping this often keeps an idle socket open through proxies that close silent ones (often after 60 s). */
    private static final long KEEP_ALIVE_MILLIS = 30_000;
    private static final String PING = "{\"type\":\"ping\"}";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Callers callers;
    private final ApiCalls calls;
    private final GraphQLRequestCheck check;
    private final Duration initTimeout;
    private final int maxPerConnection;

    GraphQLWebSocket(CurrentVertxRequest currentVertxRequest, Callers callers, ApiCalls calls,
            GraphQLRequestCheck check, PersonalizeConfig config) {
        super(GraphQLPostExecution.identityAssociation(), currentVertxRequest, false);
        this.callers = callers;
        this.calls = calls;
        this.check = check;
        this.initTimeout = config.graphql().subscriptions().initTimeout();
        this.maxPerConnection = config.graphql().subscriptions().maxPerConnection();
    }

    /** Whether {@code context} asks to become a WebSocket. */
    static boolean isUpgrade(RoutingContext context) {
        return context.request().headers().contains(HttpHeaders.UPGRADE, HttpHeaders.WEBSOCKET, true);
    }

    @Override
    protected void doHandle(RoutingContext context) {
        Map<String, Object> metaData = getMetaData(context);
        Context connectionContext = Vertx.currentContext();
        context.request().toWebSocket().onSuccess(socket -> {
            if (!PROTOCOL.equals(socket.subProtocol())) {
                socket.close(SUBPROTOCOL_NOT_ACCEPTABLE, "Subprotocol not acceptable: use " + PROTOCOL);
                return;
            }
            new Connection(socket, connectionContext, metaData).start();
        }).onFailure(failure -> Log.debugf("A GraphQL WebSocket handshake failed: %s", failure.getMessage()));
    }

    /** One socket: its caller once authenticated, and its operations by id. */
    private final class Connection {

        private final ServerWebSocket socket;
        private final Context context;
        private final Map<String, Object> metaData;
        private final Map<String, Operation> operations = new ConcurrentHashMap<>();
        /** Subscriptions waiting for the socket to drain before they take their next event. */
        private final Set<Operation> waiting = ConcurrentHashMap.newKeySet();
        private volatile AccountScope caller;
        private boolean initialised;
        private long initTimer;
        private long keepAliveTimer = -1;

        Connection(ServerWebSocket socket, Context context, Map<String, Object> metaData) {
            this.socket = socket;
            this.context = context;
            this.metaData = metaData;
        }

        void start() {
            Vertx vertx = context.owner();
            initTimer = vertx.setTimer(initTimeout.toMillis(), timer -> {
                if (caller == null) {
                    socket.close(INIT_TIMEOUT, "Connection initialisation timeout");
                }
            });
            socket.textMessageHandler(this::onMessage);
            socket.binaryMessageHandler(bytes -> socket.close(BAD_REQUEST, "Messages are text"));
            socket.drainHandler(drained -> {
                for (Operation operation : waiting) {
                    waiting.remove(operation);
                    operation.requestNext();
                }
            });
            socket.exceptionHandler(failure -> {
                Log.debugf("A GraphQL WebSocket failed: %s", failure.getMessage());
                // Vert.x drops a message over its maxWebSocketMessageSize (256 KiB) and says so here; a socket that
                // failed otherwise cannot be trusted either.
                if (!socket.isClosed()) {
                    socket.close(failure instanceof IllegalStateException ? MESSAGE_TOO_BIG : SERVER_ERROR,
                            failure instanceof IllegalStateException ? "Message too big" : "Internal error");
                }
            });
            socket.closeHandler(closed -> {
                vertx.cancelTimer(initTimer);
                vertx.cancelTimer(keepAliveTimer);
                operations.values().forEach(Operation::cancel);
                operations.clear();
            });
        }

        private void onMessage(String text) {
            JsonNode message;
            try {
                message = JSON.readTree(text);
            } catch (IOException e) {
                socket.close(BAD_REQUEST, "Invalid message received: not JSON");
                return;
            }
            switch (message.path("type").asText("")) {
                case "connection_init" -> initialise(message.get("payload"));
                case "ping" -> send(JsonNodeFactory.instance.objectNode().put("type", "pong"));
                case "pong" -> {
                    // An answer to a ping, or a one-way heartbeat: nothing to do.
                }
                case "subscribe" -> subscribe(message);
                case "complete" -> {
                    Operation operation = operations.remove(message.path("id").asText(""));
                    if (operation != null) {
                        operation.cancel();
                    }
                }
                default -> socket.close(BAD_REQUEST, "Invalid message received: unknown type");
            }
        }

        private void initialise(JsonNode payload) {
            if (initialised) {
                socket.close(TOO_MANY_INITS, "Too many initialisation requests");
                return;
            }
            initialised = true;
            try {
                Map<String, Object> headers = payload != null && payload.isObject()
                        ? JSON.convertValue(payload, JSON.getTypeFactory().constructMapType(Map.class, String.class,
                                Object.class))
                        : Map.of();
                caller = callers.authenticateGraphQLConnection(headers);
            } catch (AuthenticationException e) {
                calls.refused(ApiCalls.GRAPHQL, GraphQLRequestCheck.INVALID_REQUEST, GraphQLRequestCheck.UNAUTHORIZED);
                socket.close(FORBIDDEN, "Forbidden");
                return;
            }
            context.owner().cancelTimer(initTimer);
            send(JsonNodeFactory.instance.objectNode().put("type", "connection_ack"));
            keepAliveTimer = context.owner().setPeriodic(KEEP_ALIVE_MILLIS, timer -> send(PING));
        }

        private void subscribe(JsonNode message) {
            if (caller == null) {
                socket.close(UNAUTHORIZED, "Unauthorized");
                return;
            }
            JsonNode id = message.get("id");
            JsonNode payload = message.get("payload");
            if (id == null || !id.isTextual() || id.asText().isEmpty() || id.asText().length() > MAX_ID_LENGTH
                    || payload == null || !payload.isObject() || !payload.path("query").isTextual()) {
                socket.close(BAD_REQUEST, "Invalid message received: a subscribe needs an id (1 to " + MAX_ID_LENGTH
                        + " characters) and a payload with a query");
                return;
            }
            String operationId = id.asText();
            if (operations.containsKey(operationId)) {
                socket.close(SUBSCRIBER_EXISTS, "Subscriber for " + operationId + " already exists");
                return;
            }
            GraphQLRequestCheck.Refusal refusal = check.refusalOf(payload.get("query").asText());
            if (refusal != null) {
                calls.refused(ApiCalls.GRAPHQL, GraphQLRequestCheck.INVALID_REQUEST, refusal.code());
                sendError(operationId, refusal.code(), refusal.message());
                return;
            }
            if (operations.size() >= maxPerConnection) {
                sendError(operationId, LimitExceededException.class.getSimpleName(), "A connection may hold "
                        + maxPerConnection + " operations at once; complete one first.");
                return;
            }
            Operation operation = new Operation(this, operationId);
            operations.put(operationId, operation);
            AccountScope scope = caller;
            // A context of its own, as an HTTP request has: the caller rides on it to the resolvers.
            Context operationContext = VertxContext.createNewDuplicatedContext(context);
            operationContext.runOnContext(run -> {
                RequestIds.assign();
                callers.actAsGraphQLCaller(scope);
                getExecutionService().executeAsync(inputToJsonObject(payload.toString()), metaData, operation);
            });
        }

        void send(JsonNode message) {
            send(message.toString());
        }

        void send(String message) {
            if (!socket.isClosed()) {
                socket.writeTextMessage(message);
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
            waiting.remove(operation);
        }

        /** Whether the socket takes more now; if not, {@code operation} is resumed when it drains. */
        boolean canTakeMore(Operation operation) {
            if (!socket.writeQueueFull()) {
                return true;
            }
            waiting.add(operation);
            // It may have drained in between, before the operation was there to be resumed.
            return !socket.writeQueueFull() && waiting.remove(operation);
        }
    }

    /** One {@code subscribe}: a single answer (a query or mutation) or a stream of events (a subscription). */
    private static final class Operation implements ExecutionResponseWriter, Subscriber<ExecutionResult> {

        private final Connection connection;
        private final String id;
        private final String quotedId;
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private volatile Subscription events;

        Operation(Connection connection, String id) {
            this.connection = connection;
            this.id = id;
            this.quotedId = JsonNodeFactory.instance.textNode(id).toString();
        }

        @Override
        @SuppressWarnings("unchecked")
        public void write(ExecutionResponse response) {
            ExecutionResult result = response.getExecutionResult();
            if (result.getErrors().isEmpty() && result.getData() instanceof Publisher<?> stream) {
                ((Publisher<ExecutionResult>) stream).subscribe(this);
                return;
            }
            connection.finished(this);
            if (cancelled.get()) {
                return;
            }
            if (!result.isDataPresent() || result.getData() == null) {
                JsonArray errors = response.getExecutionResultAsJsonObject().getJsonArray("errors");
                connection.sendError(id, readTree(errors.toString()));
                return;
            }
            connection.send(message("next", response.getExecutionResultAsString()));
            connection.send(message("complete", null));
        }

        @Override
        public void fail(Throwable failure) {
            connection.finished(this);
            Log.error("A GraphQL operation over WebSocket failed with an unexpected fault", failure);
            connection.sendError(id, ApiCalls.INTERNAL_FAILURE, InternalFailure.MESSAGE);
        }

        @Override
        public void onSubscribe(Subscription subscription) {
            events = subscription;
            if (cancelled.get()) {
                subscription.cancel();
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onNext(ExecutionResult event) {
            ExecutionResponse response = new ExecutionResponse(event);
            if (!event.getErrors().isEmpty()) {
                // The stream failed (the subscriber fell behind, the feed lost the store): its last word, an error.
                cancel();
                connection.finished(this);
                connection.sendError(id, readTree(response.getExecutionResultAsJsonObject().getJsonArray("errors")
                        .toString()));
                return;
            }
            connection.send(message("next", response.getExecutionResultAsString()));
            if (connection.canTakeMore(this)) {
                requestNext();
            }
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
            connection.send(message("complete", null));
        }

        void cancel() {
            if (cancelled.compareAndSet(false, true) && events != null) {
                events.cancel();
            }
        }

        /** A message about this operation, with the engine's JSON as its payload (none when null). */
        private String message(String type, String payload) {
            return "{\"id\":" + quotedId + ",\"type\":\"" + type + "\""
                    + (payload == null ? "" : ",\"payload\":" + payload) + "}";
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
