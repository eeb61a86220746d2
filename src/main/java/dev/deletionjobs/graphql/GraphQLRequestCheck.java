package dev.deletionjobs.graphql;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

import dev.deletionjobs.config.PersonalizeConfig;
import dev.deletionjobs.error.InvalidInputException;
import dev.deletionjobs.http.BodyDeadline;
import dev.deletionjobs.http.BodyLimit;
import dev.deletionjobs.http.ClosedConnections;
import dev.deletionjobs.metrics.ApiCalls;
import dev.deletionjobs.security.AuthenticationException;
import dev.deletionjobs.security.Callers;
import dev.deletionjobs.security.SignedRequests;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Answers requests that are not GraphQL at all (a body that is no JSON object, no query string, a document that does
 * not parse) before they reach the GraphQL engine, whose own answers to them carry no {@code extensions.code}. Such a
 * request is the client's mistake: {@code InvalidInputException}, 400 for an unusable HTTP request, 200 with
 * errors for a document that does not parse, as for any other invalid document. A document longer than
 * {@code personalize.graphql.max-document-length} is refused unread ({@code DocumentTooLargeException}, 200). A
 * {@code POST} it accepts is executed by {@link GraphQLPostExecution}; anything else goes on to Quarkus's handler.
 */
@Singleton
public class GraphQLRequestCheck {

    private static final String PATH = "/graphql";
    private static final String INVALID_INPUT = InvalidInputException.class.getSimpleName();
    static final String UNAUTHORIZED = "UnauthorizedException";
    static final String TOO_LARGE = "DocumentTooLargeException";
    static final String REQUEST_TIMEOUT = "RequestTimeoutException";

    /** The operation under which requests refused before any field ran are counted. */
    static final String INVALID_REQUEST = "invalid-request";

    private final BodyLimit bodyLimit;
    private final BodyDeadline bodyDeadline;
    private final int maxDocumentLength;
    private final ApiCalls calls;
    private final Callers callers;
    private final GraphQLPostExecution execution;
    private final Instance<GraphQLWebSocket> webSocket;
    private final boolean subscriptions;
    private final ParsedDocuments<Subscriptions> parsed = new ParsedDocuments<>(ParsedDocuments.DEFAULT_CHARACTERS);

    GraphQLRequestCheck(ApiCalls calls, Callers callers, PersonalizeConfig config, BodyLimit bodyLimit,
            BodyDeadline bodyDeadline, GraphQLPostExecution execution, Instance<GraphQLWebSocket> webSocket) {
        this.bodyDeadline = bodyDeadline;
        this.calls = calls;
        this.webSocket = webSocket;
        this.subscriptions = config.graphql().subscriptions().enabled();
        this.callers = callers;
        this.execution = execution;
        this.maxDocumentLength = config.graphql().maxDocumentLength();
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
        router.post(PATH).order(-100)
                .handler(bodyDeadline.arm(context -> {
                    respond(context, 408, REQUEST_TIMEOUT, "The request body did not arrive within "
                            + bodyDeadline.seconds() + " seconds.");
                    context.request().connection().close();
                }))
                .handler(BodyHandler.create(false).setBodyLimit(bodyLimit.bytes()))
                .handler(bodyDeadline.disarm())
                .handler(this::checkPost)
                .failureHandler(context -> {
                    if (context.response().ended()) {
                        // Answered already (its body too slow, say), then its connection closed: counted once.
                        return;
                    }
                    if (context.failure() != null && ClosedConnections.isClosedByClient(context.failure())) {
                        calls.refused(ApiCalls.GRAPHQL, INVALID_REQUEST, ClosedConnections.OUTCOME);
                        return;
                    }
                    if (context.response().headWritten()) {
                        // Failed half-way through its answer: nothing more can be said on this connection.
                        context.request().connection().close();
                        return;
                    }
                    int status = context.statusCode() == 413 ? 413 : 400;
                    reject(context, status, status == 413 ? bodyLimit.message() : "The request could not be read.");
                });
        router.get(PATH).order(-100).handler(context -> {
            if (GraphQLWebSocket.isUpgrade(context)) {
                // A WebSocket authenticates in its connection_init message, which browsers can send (not headers).
                if (subscriptions) {
                    webSocket.get().handle(context);
                } else {
                    reject(context, 400, "GraphQL over WebSocket is turned off here"
                            + " (personalize.graphql.subscriptions.enabled=false).");
                }
                return;
            }
            if (!authenticated(context, new byte[0])) {
                return;
            }
            String query = context.request().getParam("query");
            if (query == null || query.isBlank()) {
                reject(context, 400, "A GET request carries its document in the query parameter.");
            } else if (parses(query, context.request().getParam("operationName"), context)) {
                context.next();
            }
        });
    }

    private void checkPost(RoutingContext context) {
        if (!authenticated(context, context.body().buffer() == null ? new byte[0] : context.body().buffer().getBytes())) {
            return;
        }
        JsonObject request;
        try {
            Object json = context.body().asJsonObject();
            request = (JsonObject) json;
        } catch (DecodeException | ClassCastException e) {
            reject(context, 400, "The request body must be a JSON object with a query string.");
            return;
        }
        Object query = request == null ? null : request.getValue("query");
        if (!(query instanceof String text) || text.isBlank()) {
            reject(context, 400, "The request body must be a JSON object with a query string.");
            return;
        }
        Object operationName = request.getValue("operationName");
        if (parses(text, operationName instanceof String name ? name : null, context)) {
            if (GraphQLPostExecution.contentTypeFor(context) != null) {
                execution.handle(context);
            } else {
                context.next();
            }
        }
    }

    /** Whether {@code document} may run over HTTP, answering the request when it may not. */
    private boolean parses(String document, String operationName, RoutingContext context) {
        Refusal refusal = refusalOf(document);
        if (refusal == null && parsed.get(document).selected(operationName)) {
            refusal = new Refusal(INVALID_INPUT, "A subscription is served over WebSocket (graphql-transport-ws) at "
                    + PATH + ", not over HTTP.");
        }
        if (refusal != null) {
            respond(context, 200, refusal.code(), refusal.message());
        }
        return refusal == null;
    }

    /** Why {@code document} is refused before the engine sees it (too long, or it does not parse); null if it is not. */
    Refusal refusalOf(String document) {
        if (document.length() > maxDocumentLength) {
            return new Refusal(TOO_LARGE, "The document is " + document.length() + " characters long; at most "
                    + maxDocumentLength + " are allowed.");
        }
        if (parsed.get(document) != null) {
            return null;
        }
        try {
            parsed.put(document, Subscriptions.in(Parser.parse(document)));
        } catch (InvalidSyntaxException e) {
            return new Refusal(INVALID_INPUT, "The document does not parse: " + e.getMessage());
        }
        return null;
    }

    /** A document refused unread: its {@code extensions.code} and message. */
    record Refusal(String code, String message) {
    }

    /** The subscription operations of a document: by name, and whether its only operation is one. */
    record Subscriptions(Set<String> named, boolean onlyOperation) {

        static Subscriptions in(Document document) {
            List<OperationDefinition> operations = document.getDefinitionsOfType(OperationDefinition.class);
            Set<String> named = new HashSet<>();
            for (OperationDefinition operation : operations) {
                if (operation.getOperation() == OperationDefinition.Operation.SUBSCRIPTION && operation.getName() != null) {
                    named.add(operation.getName());
                }
            }
            return new Subscriptions(named, operations.size() == 1
                    && operations.get(0).getOperation() == OperationDefinition.Operation.SUBSCRIPTION);
        }

        /** Whether a request for {@code operationName} (null: the document's only one) runs a subscription. */
        boolean selected(String operationName) {
            return operationName == null ? onlyOperation : named.contains(operationName);
        }
    }

    /** Establishes the caller, as AWS AppSync does (an API key or a SigV4 signature); answers 401 when it cannot. */
    private boolean authenticated(RoutingContext context, byte[] body) {
        try {
            callers.authenticateGraphQL(SignedRequests.of(context.request(), body));
            return true;
        } catch (AuthenticationException e) {
            respond(context, 401, UNAUTHORIZED, "Unauthorized: send a valid x-api-key header or a SigV4 signature."
                    + " " + e.getMessage());
            return false;
        }
    }

    private void reject(RoutingContext context, int status, String message) {
        respond(context, status, INVALID_INPUT, message);
    }

    private void respond(RoutingContext context, int status, String code, String message) {
        calls.refused(ApiCalls.GRAPHQL, INVALID_REQUEST, code);
        JsonObject error = new JsonObject()
                .put("message", message)
                .put("extensions", new JsonObject().put(ErrorCodeInstrumentation.CODE, code));
        context.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(new JsonObject().put("errors", new JsonArray().add(error)).encode());
    }
}
