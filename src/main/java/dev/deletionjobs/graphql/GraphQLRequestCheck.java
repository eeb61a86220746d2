package dev.deletionjobs.graphql;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

import dev.deletionjobs.config.PersonalizeConfig;
import dev.deletionjobs.error.InvalidInputException;
import dev.deletionjobs.http.BodyDeadline;
import dev.deletionjobs.http.BodyLimit;
import dev.deletionjobs.http.ClientConnections;
import dev.deletionjobs.http.ClosedConnections;
import dev.deletionjobs.http.FailedRequests;
import dev.deletionjobs.http.HostHeaders;
import dev.deletionjobs.metrics.ApiCalls;
import dev.deletionjobs.security.AuthenticationException;
import dev.deletionjobs.security.Callers;
import dev.deletionjobs.security.SignedRequests;
import graphql.language.OperationDefinition;
import io.quarkus.logging.Log;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Serves {@code /graphql} over HTTP, as GraphQL over HTTP has it, up to the engine: the method (GET and POST; OPTIONS
 * names them; a mutation only by POST), the media types (a JSON body in UTF-8; an answer in
 * {@code application/graphql-response+json} or {@code application/json}), the caller, the request (a POST's JSON
 * body, or a GET's query parameters decoded once) and its document, which must parse, fit
 * {@code personalize.graphql.max-document-length} and select, as the engine will, an operation HTTP may run (no
 * subscription). A request refused here is answered in GraphQL's words, an error with {@code extensions.code}, and
 * counted; one accepted is executed by {@link GraphQLPostExecution}, whatever its method. Quarkus's own handler sees
 * none: it decodes a GET's parameters twice, and answers media types it does not take without a code, or not at all.
 */
@Singleton
public class GraphQLRequestCheck {

    private static final String PATH = "/graphql";
    private static final byte[] NO_BODY = new byte[0];
    private static final String SCHEMA_PATH = PATH + "/schema.graphql";
    /** {@code /graphql} in another case, with matrix parameters or a trailing slash: not the endpoint. */
    private static final String LOOKALIKE_PATHS = "(?i)/graphql(;[^/]*)?/?";
    private static final String INVALID_INPUT = InvalidInputException.class.getSimpleName();
    private static final String ALLOWED_METHODS = "GET, POST";
    /** The routing context's key of the media type a request is answered in, as its Accept header chose it. */
    private static final String ANSWER_TYPE = GraphQLRequestCheck.class.getName() + ".answerType";
    /** The routing context's key set once the request is read: a failure after it is a fault of ours. */
    private static final String READ = GraphQLRequestCheck.class.getName() + ".read";
    static final String UNAUTHORIZED = "UnauthorizedException";
    static final String REQUEST_TIMEOUT = "RequestTimeoutException";

    /** The operation under which requests refused before any field ran are counted. */
    static final String INVALID_REQUEST = "invalid-request";

    private final BodyLimit bodyLimit;
    private final BodyDeadline bodyDeadline;
    private final BrowserOrigins origins;
    private final ApiCalls calls;
    private final Callers callers;
    private final GraphQLPostExecution execution;
    private final Instance<GraphQLWebSocket> webSocket;
    private final boolean subscriptions;
    private final DocumentOperations documents;

    GraphQLRequestCheck(ApiCalls calls, Callers callers, PersonalizeConfig config, BodyLimit bodyLimit,
            BodyDeadline bodyDeadline, GraphQLPostExecution execution, Instance<GraphQLWebSocket> webSocket,
            BrowserOrigins origins) {
        this.bodyDeadline = bodyDeadline;
        this.origins = origins;
        this.calls = calls;
        this.webSocket = webSocket;
        this.subscriptions = config.graphql().subscriptions().enabled();
        this.callers = callers;
        this.execution = execution;
        this.documents = new DocumentOperations(config.graphql().maxDocumentLength(),
                ParsedDocuments.DEFAULT_CHARACTERS);
        this.bodyLimit = bodyLimit;
    }

    void install(@Observes Router router) {
        // A Host the router cannot read fails the request before any handler runs: a GraphQL error, not Quarkus's
        // default answer (an ERROR in the log and a stack trace in the body).
        router.route(PATH).order(Integer.MIN_VALUE).failureHandler(context -> {
            if (context.request().authority() != null || context.response().headWritten()) {
                context.next();
                return;
            }
            reject(context, 400, "The request needs a Host header with a valid host name and optional port.");
        });
        // Near misses of the path would otherwise meet the AWS interface's 404, in its vocabulary.
        router.routeWithRegex(LOOKALIKE_PATHS).order(-103).handler(context -> {
            String path = context.normalizedPath();
            if (path.equals(PATH) || path.equals(PATH + "/")) {
                context.next();
            } else {
                reject(context, 404, "GraphQL is served at " + PATH + " (in lower case, without parameters).");
            }
        });
        // Quarkus's handler of the schema answers only GET: OPTIONS was left unanswered until the idle timeout, other
        // methods got a bare 405.
        router.route(SCHEMA_PATH).order(-103).handler(context -> {
            HttpMethod method = context.request().method();
            if (method == HttpMethod.GET) {
                context.next();
            } else if (method == HttpMethod.OPTIONS) {
                context.response().setStatusCode(204).putHeader(HttpHeaders.ALLOW, "GET").end();
            } else {
                respond(context, 405, INVALID_INPUT, "The schema is served by GET, not by " + method.name() + ".",
                        "GET");
            }
        });
        // Method and media types first, before a body is read (a form would be decoded as one) or a caller checked.
        router.route(PATH).order(-102).handler(this::checkMethodAndMediaTypes);
        router.post(PATH).order(-100)
                .handler(bodyDeadline.arm(context -> {
                    respond(context, 408, REQUEST_TIMEOUT, "The request body did not arrive within "
                            + bodyDeadline.seconds() + " seconds.");
                    ClientConnections.close(context.request().connection());
                }))
                .handler(BodyHandler.create(false).setBodyLimit(bodyLimit.bytes()))
                .handler(bodyDeadline.disarm())
                .handler(this::checkPost)
                .failureHandler(this::failed);
        router.get(PATH).order(-100).handler(context -> {
            if (GraphQLWebSocket.isUpgrade(context)) {
                String origin = origins.refusal(context.request());
                if (origin != null) {
                    respond(context, 403, INVALID_INPUT, origin);
                    return;
                }
                if (!GraphQLWebSocket.speaksVersion13(context.request())) {
                    context.response().putHeader(GraphQLWebSocket.SEC_WEBSOCKET_VERSION,
                            GraphQLWebSocket.WEBSOCKET_VERSION).putHeader(HttpHeaders.UPGRADE, HttpHeaders.WEBSOCKET);
                    respond(context, 426, INVALID_INPUT, "This service speaks WebSocket version 13 (RFC 6455): send"
                            + " Sec-WebSocket-Version: 13.");
                    return;
                }
                String handshake = GraphQLWebSocket.handshakeRefusal(context.request());
                if (handshake != null) {
                    reject(context, 400, handshake);
                    return;
                }
                // A WebSocket authenticates in its connection_init message, which browsers can send (not headers).
                if (subscriptions) {
                    webSocket.get().handle(context);
                } else {
                    reject(context, 400, "GraphQL over WebSocket is turned off here"
                            + " (personalize.graphql.subscriptions.enabled=false).");
                }
                return;
            }
            checkGet(context);
        }).failureHandler(this::failed);
    }

    private void checkMethodAndMediaTypes(RoutingContext context) {
        // An answer is the caller's own, chosen by a key in a header no cache keys on: no cache may keep it.
        context.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        HttpMethod method = context.request().method();
        if (method == HttpMethod.OPTIONS) {
            context.response().setStatusCode(204).putHeader(HttpHeaders.ALLOW, ALLOWED_METHODS).end();
            return;
        }
        // Refused here, a request with a body has not had it read: it is dropped as it comes, not read for ever.
        boolean withBody = method != HttpMethod.GET && method != HttpMethod.HEAD;
        String hosts = HostHeaders.refusal(context.request());
        if (hosts != null) {
            refusingUnread(context, withBody);
            reject(context, 400, hosts);
            return;
        }
        if (method != HttpMethod.GET && method != HttpMethod.POST) {
            refusingUnread(context, withBody);
            respond(context, 405, INVALID_INPUT, "GraphQL is served by GET (queries) and POST, not by " + method.name()
                    + ".", ALLOWED_METHODS);
            return;
        }
        if (method == HttpMethod.GET && GraphQLWebSocket.isUpgrade(context)) {
            context.next();
            return;
        }
        String answerType = GraphQLMediaTypes.answerFor(context.request().getHeader(HttpHeaders.ACCEPT));
        if (answerType == null) {
            refusingUnread(context, withBody);
            reject(context, 406, "Answers are " + GraphQLMediaTypes.GRAPHQL_RESPONSE + " or " + GraphQLMediaTypes.JSON
                    + "; the Accept header allows neither.");
            return;
        }
        // Read once: the request is answered in it once it has run.
        context.put(ANSWER_TYPE, answerType);
        if (method == HttpMethod.POST
                && !GraphQLMediaTypes.readable(context.request().getHeader(HttpHeaders.CONTENT_TYPE))) {
            refusingUnread(context, withBody);
            reject(context, 415, "A GraphQL request's body is JSON in UTF-8, sent as application/json.");
            return;
        }
        if (method == HttpMethod.POST) {
            try {
                // A caller without a key is refused on its head: it cannot make the replica hold a megabyte of body;
                // what is left of the body is dropped as it comes.
                callers.checkGraphQLHead(SignedRequests.of(context.request(), NO_BODY));
            } catch (AuthenticationException e) {
                refusingUnread(context, true);
                unauthorized(context, e);
                return;
            }
        }
        context.next();
    }

    private void checkPost(RoutingContext context) {
        context.put(READ, Boolean.TRUE);
        if (!authenticated(context, context.body().buffer() == null ? NO_BODY : context.body().buffer().getBytes())) {
            return;
        }
        GraphQLHttpRequest request;
        try {
            if (context.body().buffer() != null) {
                // Counted before anything is built: a list of a million values is refused at the cost of reading it.
                RequestValues.checkBody(context.body().buffer());
            }
            Object json = context.body().asJsonObject();
            request = GraphQLHttpRequest.ofBody((JsonObject) json);
        } catch (DecodeException | ClassCastException e) {
            reject(context, 400, "The request body must be a JSON object with a query string.");
            return;
        } catch (InvalidInputException e) {
            reject(context, 400, e.getMessage());
            return;
        }
        serve(context, request, false);
    }

    private void checkGet(RoutingContext context) {
        context.put(READ, Boolean.TRUE);
        if (!authenticated(context, NO_BODY)) {
            return;
        }
        GraphQLHttpRequest request;
        try {
            request = GraphQLHttpRequest.ofParameters(context.queryParams());
        } catch (InvalidInputException e) {
            reject(context, 400, e.getMessage());
            return;
        }
        serve(context, request, true);
    }

    /** Executes {@code request} when its document selects an operation HTTP may run; answers it otherwise. */
    private void serve(RoutingContext context, GraphQLHttpRequest request, boolean byGet) {
        DocumentOperations.Read read = documents.read(request.query());
        if (read.refusal() != null) {
            respond(context, 200, read.refusal().code(), read.refusal().message());
            return;
        }
        String unknown = read.operations().unknown(request.operationName());
        if (unknown != null) {
            reject(context, 200, unknown);
            return;
        }
        OperationDefinition.Operation kind = read.operations().kind(request.operationName());
        if (kind == OperationDefinition.Operation.SUBSCRIPTION) {
            reject(context, 200, "A subscription is served over WebSocket (graphql-transport-ws) at " + PATH
                    + ", not over HTTP.");
        } else if (kind == OperationDefinition.Operation.MUTATION && byGet) {
            respond(context, 405, INVALID_INPUT, "A mutation is sent by POST; GET runs queries only.", "POST");
        } else {
            execution.execute(context, request, context.get(ANSWER_TYPE));
        }
    }

    /** A request that failed on its way: its body unreadable or too large, its connection closed, the engine failed. */
    private void failed(RoutingContext context) {
        if (FailedRequests.settled(context,
                failure -> calls.refused(ApiCalls.GRAPHQL, INVALID_REQUEST, ClosedConnections.OUTCOME))) {
            return;
        }
        int status = context.statusCode();
        if (status == 413) {
            reject(context, 413, bodyLimit.message());
        } else if (status >= 400 && status < 500 || context.get(READ) == null) {
            // The body handler's own refusal, or the body's framing broken (a chunk's size that is no number).
            reject(context, 400, "The request could not be read.");
        } else {
            // A handler of ours threw, or the engine failed: not the client's mistake, and not to be hidden as one.
            Log.error("A GraphQL request failed with an unexpected fault", context.failure());
            respond(context, 500, InternalFailure.CODE, InternalFailure.MESSAGE);
        }
    }

    /** Why {@code document} is refused before the engine sees it (too long, or it does not parse); null if it is not. */
    Refusal refusalOf(String document) {
        return documents.read(document).refusal();
    }

    /** A document refused unread: its {@code extensions.code} and message. */
    record Refusal(String code, String message) {
    }

    /** Establishes the caller, as AWS AppSync does (an API key or a SigV4 signature); answers 401 when it cannot. */
    private boolean authenticated(RoutingContext context, byte[] body) {
        try {
            callers.authenticateGraphQL(SignedRequests.of(context.request(), body));
            return true;
        } catch (AuthenticationException e) {
            unauthorized(context, e);
            return false;
        }
    }

    /**
     * Before a refusal of a request whose body is not read: what is left of it is dropped as it comes, then the
     * connection closed ({@link BodyDeadline#discardRestThenClose}).
     */
    private void refusingUnread(RoutingContext context, boolean withBody) {
        if (withBody) {
            context.response().putHeader(HttpHeaders.CONNECTION, "close");
            bodyDeadline.discardRestThenClose(context, bodyLimit.bytes());
        }
    }

    private void unauthorized(RoutingContext context, AuthenticationException e) {
        respond(context, 401, UNAUTHORIZED, "Unauthorized: send a valid x-api-key header or a SigV4 signature. "
                + e.getMessage());
    }

    private void reject(RoutingContext context, int status, String message) {
        respond(context, status, INVALID_INPUT, message);
    }

    private void respond(RoutingContext context, int status, String code, String message) {
        respond(context, status, code, message, null);
    }

    /** Answers one error with {@code code}, counted; {@code allow} is the methods a 405 names. */
    private void respond(RoutingContext context, int status, String code, String message, String allow) {
        calls.refused(ApiCalls.GRAPHQL, INVALID_REQUEST, code);
        JsonObject error = new JsonObject()
                .put("message", message)
                .put("extensions", new JsonObject().put(ErrorCodeInstrumentation.CODE, code));
        HttpServerResponse response = context.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        if (allow != null) {
            response.putHeader(HttpHeaders.ALLOW, allow);
        }
        response.end(new JsonObject().put("errors", new JsonArray().add(error)).encode());
    }
}
