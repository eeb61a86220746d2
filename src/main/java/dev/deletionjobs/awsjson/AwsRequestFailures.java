package dev.deletionjobs.awsjson;

import java.util.UUID;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import dev.deletionjobs.http.BodyDeadline;
import dev.deletionjobs.http.BodyLimit;
import dev.deletionjobs.http.ClientConnections;
import dev.deletionjobs.http.FailedRequests;
import dev.deletionjobs.http.RequestIds;
import dev.deletionjobs.metrics.ApiCalls;
import io.quarkus.logging.Log;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers in the AWS error shape a request to the awsJson endpoint that the router refuses before the endpoint runs
 * (a malformed or missing {@code Host}, a body over the limit: {@link AwsJsonRequestBody}), and counts a client that
 * hangs up while its body is read as the endpoint counts it: Quarkus's default handler would log either as an ERROR
 * with a stack trace and answer a JSON shape no SDK knows.
 */
@Singleton
public class AwsRequestFailures {

    private static final String NO_HOST = "The request needs a Host header with a valid host name and optional port.";

    private final AwsJsonCodec codec;
    private final ApiCalls calls;
    private final BodyLimit limit;
    private final BodyDeadline deadline;

    AwsRequestFailures(AwsJsonCodec codec, ApiCalls calls, BodyLimit limit, BodyDeadline deadline) {
        this.codec = codec;
        this.calls = calls;
        this.limit = limit;
        this.deadline = deadline;
    }

    void install(@Observes Router router) {
        router.post("/").order(Integer.MIN_VALUE).failureHandler(context -> {
            if (FailedRequests.settled(context, failure -> AwsErrorMapper.clientClosed(calls, failure))) {
                return;
            }
            int status = context.statusCode();
            Shapes.Error error;
            boolean noClientStatus = status < 400 || status >= 500;
            if (noClientStatus && context.failure() != null && !BodyDeadline.bodyIn(context)) {
                if (BodyDeadline.bodyStarted(context)) {
                    // Failed while its body was read: a chunked framing the decoder refused, say. The client's to fix.
                    status = 400;
                    error = new Shapes.Error("SerializationException", "The request body could not be read: its"
                            + " framing is malformed.");
                } else {
                    // A handler that reads the head threw: not the client's mistake, and not to be hidden as one.
                    Log.error("An awsJson request failed before its body was read", context.failure());
                    status = 500;
                    error = new Shapes.Error(AwsErrorMapper.INTERNAL_FAILURE,
                            "The server encountered an internal error.");
                }
            } else if (noClientStatus) {
                context.next();
                return;
            } else if (context.request().authority() == null) {
                error = new Shapes.Error("SerializationException", NO_HOST);
            } else {
                // A body over the limit by its Content-Length or as it arrived gets the limit's own words.
                error = AwsErrorMapper.httpErrorShape(status, limit);
            }
            Log.debugf("Request refused before the endpoint ran: %d %s", status, context.failure());
            refuse(context, status, error);
        });
        // The router fails two kinds of request before any route matches them: one without a Host, and one whose target
        // is no path (the asterisk form, `POST *`). On any other path or method (GraphQL's path answers first, in its
        // own words) they met Quarkus's default answers: an ERROR and a body no SDK reads, or a bare 404.
        router.route().order(Integer.MAX_VALUE - 1).failureHandler(context -> {
            if (context.response().headWritten()) {
                context.next();
            } else if (context.statusCode() == 400 && context.request().authority() == null) {
                Log.debugf("Request refused before any route matched: %s", context.failure());
                refuse(context, 400, new Shapes.Error("SerializationException", NO_HOST));
            } else if (context.statusCode() == 404 && !context.request().path().startsWith("/")) {
                refuse(context, 404, AwsErrorMapper.httpErrorShape(404, limit));
            } else {
                context.next();
            }
        });
    }

    /** Answers {@code error}, counted as a refusal before any operation ran, and closes the connection. */
    void refuse(RoutingContext context, int status, Shapes.Error error) {
        calls.refused(ApiCalls.AWSJSON, AwsJsonResource.UNKNOWN_OPERATION, error.type());
        ClientConnections.closeAfter(context.request().connection(), () -> send(context.request(), status, error));
    }

    /**
     * Answers {@code error} to a caller refused on its request's head, counted under the {@code operation} it named,
     * before its body is read; what is left of the body is dropped as it comes, then the connection closed
     * ({@link BodyDeadline#discardRestThenClose}).
     */
    void refuseUnread(RoutingContext context, int status, Shapes.Error error, String operation) {
        calls.refused(ApiCalls.AWSJSON, operation, error.type());
        deadline.discardRestThenClose(context, limit.bytes());
        send(context.request(), status, error);
    }

    /**
     * Writes {@code error} as awsJson does, for handlers that answer before the resource runs, saying the connection
     * closes after it: what is left of such a request (a body of gigabytes, say) is not worth reading.
     */
    private Future<Void> send(HttpServerRequest request, int status, Shapes.Error error) {
        HttpServerResponse response = request.response();
        if (RequestIds.of(response) == null) {
            // Refused before RequestIds ran: the SDKs still read an id from every response.
            response.putHeader(RequestIds.HEADER, UUID.randomUUID().toString());
        }
        return response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, AwsJsonCodec.CONTENT_TYPE)
                .putHeader(AwsErrorMapper.ERROR_TYPE_HEADER, error.type())
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(codec.write(error));
    }
}
