package dev.deletionjobs.graphql;

import java.io.IOException;

import jakarta.inject.Singleton;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;

import dev.deletionjobs.http.AnswerBudget;
import graphql.ErrorType;
import graphql.ExecutionResult;
import io.quarkus.arc.Arc;
import io.quarkus.jsonp.JsonProviderHolder;
import io.quarkus.logging.Log;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.smallrye.graphql.runtime.SmallRyeGraphQLAbstractHandler;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.graphql.execution.ExecutionResponse;
import io.smallrye.graphql.execution.ExecutionResponseWriter;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Executes a GraphQL request over HTTP that {@link GraphQLRequestCheck} accepted, by POST or GET alike, with SmallRye's
 * engine, request context and resolvers as Quarkus's own handler runs them (but for the worker threads of the fields
 * that ask the store: {@link BlockingFieldFetchers}), and writes an answer without
 * errors straight from the engine's result with a streaming JSON generator. Quarkus's handler first copies every
 * result into a JSON-P tree and prints that: for a page of 100 jobs, half of the event loop's time. An answer with
 * errors is still written by SmallRye (its error shape and extensions). The engine is handed the values the check
 * read, never the request's text to read again, so what was checked is what runs.
 */
@Singleton
public class GraphQLPostExecution extends SmallRyeGraphQLAbstractHandler {

    /** Each answer's buffer started at the size of the last answer. */
    private static final GraphQLAnswers ANSWERS = new GraphQLAnswers();

    /** Quarkus's provider, looked up once: {@code Json.createObjectBuilder()} looks one up on every call. */
    private static final JsonProvider JSON = JsonProviderHolder.jsonProvider();

    private static final String REQUEST = GraphQLPostExecution.class.getName() + ".request";
    private static final String CONTENT_TYPE = GraphQLPostExecution.class.getName() + ".contentType";

    private final AnswerBudget answers;

    GraphQLPostExecution(CurrentVertxRequest currentVertxRequest, AnswerBudget answers) {
        // On the event loop, as Quarkus's handler runs; the fields that ask the store move to worker threads
        // themselves (BlockingFieldFetchers), so SmallRye is told to call each field where it is called.
        super(identityAssociation(), currentVertxRequest, BlockingFieldFetchers.RUN_BLOCKING);
        this.answers = answers;
    }

    /** Runs {@code request} and answers {@code context} with the result, as {@code contentType}. */
    void execute(RoutingContext context, GraphQLHttpRequest request, String contentType) {
        context.put(REQUEST, request);
        context.put(CONTENT_TYPE, contentType);
        handle(context);
    }

    @Override
    protected void doHandle(RoutingContext context) {
        GraphQLHttpRequest request = context.get(REQUEST);
        context.response().headers().set(HttpHeaders.CONTENT_TYPE, context.<String> get(CONTENT_TYPE));
        // What the answer holds of the replica's budget is given back once it is written out, or cannot be: the engine
        // always ends with the writer, and a response whose connection is gone fails its end at once.
        AnswerBudget.Hold hold = answers.open();
        Writer writer = new Writer(context, hold);
        try {
            AnswerBudget.starting(hold, () -> getExecutionService().executeAsync(engineInput(request),
                    getMetaData(context), writer));
        } catch (RuntimeException e) {
            hold.release();
            throw e;
        }
    }

    /** The request as SmallRye's engine reads one: a JSON-P object of query, operation name, variables, extensions. */
    private static jakarta.json.JsonObject engineInput(GraphQLHttpRequest request) {
        JsonObjectBuilder input = JSON.createObjectBuilder().add(GraphQLHttpRequest.QUERY, request.query());
        if (request.operationName() != null) {
            input.add(GraphQLHttpRequest.OPERATION_NAME, request.operationName());
        }
        if (request.variables() != null) {
            input.add(GraphQLHttpRequest.VARIABLES, RequestValues.jsonP(request.variables()));
        }
        if (request.extensions() != null) {
            input.add(GraphQLHttpRequest.EXTENSIONS, RequestValues.jsonP(request.extensions()));
        }
        return input.build();
    }

    /** Quarkus's security identity, when the application has one. */
    static CurrentIdentityAssociation identityAssociation() {
        var associations = Arc.container().select(CurrentIdentityAssociation.class);
        return associations.isResolvable() ? associations.get() : null;
    }

    /**
     * Writes the engine's answer ({@link GraphQLAnswers}), holding its length of the budget once it is built, and gives
     * that back once it is sent.
     */
    private record Writer(RoutingContext context, AnswerBudget.Hold hold) implements ExecutionResponseWriter {

        @Override
        public void write(ExecutionResponse answer) {
            try {
                send(answer).onComplete(sent -> hold.release());
            } catch (RuntimeException e) {
                hold.release();
                throw e;
            }
        }

        /** Ends the response with the answer; the future completes once it is written out, or cannot be. */
        private Future<Void> send(ExecutionResponse answer) {
            HttpServerResponse response = context.response();
            if (response.ended() || response.closed()) {
                return Future.succeededFuture();
            }
            ExecutionResult result = answer.getExecutionResult();
            if (result.isDataPresent() && result.getErrors().stream()
                    .anyMatch(error -> error.getErrorType() == ErrorType.ExecutionAborted)) {
                // What Quarkus's handler answers to an execution aborted half-way: not a client's mistake.
                Log.errorf("GraphQL execution aborted: %s", result.getErrors());
                return response.setStatusCode(500).end();
            }
            Buffer body;
            try {
                body = ANSWERS.answer(answer);
            } catch (IOException | IllegalArgumentException e) {
                // A value this writer does not know: SmallRye's own writer knows every one.
                Log.debugf(e, "Writing the GraphQL answer with SmallRye's writer");
                body = Buffer.buffer(answer.getExecutionResultAsString());
            }
            hold.settle(body.length());
            return response.setStatusCode(200).end(body);
        }

        @Override
        public void fail(Throwable failure) {
            hold.release();
            context.fail(failure);
        }
    }
}
