package dev.deletionjobs.awsjson;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.deletionjobs.error.ApiException;
import dev.deletionjobs.http.BodyLimit;
import dev.deletionjobs.http.ClosedConnections;
import dev.deletionjobs.http.RequestIds;
import dev.deletionjobs.job.StoreFailures;
import dev.deletionjobs.metrics.ApiCalls;
import io.quarkus.logging.Log;
import io.vertx.core.http.HttpServerResponse;

/**
 * Writes every failure in the awsJson error shape: the status, {@code {"__type": ..., "message": ...}} and the
 * {@code x-amzn-ErrorType} header with the same name (the Java SDK reads the header, botocore the body). A fault of
 * ours is a 500 {@code InternalFailure} with the request id to quote, logged with its stack trace here and never
 * sent to the client; a store that does not answer in time is a 503 {@code ServiceUnavailable}, which SDKs retry.
 */
public class AwsErrorMapper {

    static final String ERROR_TYPE_HEADER = "x-amzn-ErrorType";
    static final String INTERNAL_FAILURE = ApiCalls.INTERNAL_FAILURE;
    static final String SERVICE_UNAVAILABLE = ApiCalls.SERVICE_UNAVAILABLE;

    private final AwsJsonCodec codec;
    private final ApiCalls calls;
    private final BodyLimit limit;

    AwsErrorMapper(AwsJsonCodec codec, ApiCalls calls, BodyLimit limit) {
        this.codec = codec;
        this.calls = calls;
        this.limit = limit;
    }

    @ServerExceptionMapper
    public Response apiError(ApiException e) {
        return error(e.httpStatus(), e.errorCode(), e.getMessage());
    }

    /** Failures the HTTP layer raises before an operation runs: wrong method, unreadable or oversized body. */
    @ServerExceptionMapper
    public Response httpError(WebApplicationException e, HttpServerResponse response) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, response);
        }
        return httpError(status);
    }

    /**
     * The AWS error for an HTTP status that a layer below the operations chose (4xx only), counted under
     * UnknownOperation, since no operation ran to record the call.
     */
    Response httpError(int status) {
        Shapes.Error error = httpErrorShape(status, limit);
        calls.refused(ApiCalls.AWSJSON, AwsJsonResource.UNKNOWN_OPERATION, error.type());
        return error(status, error.type(), error.message());
    }

    /**
     * The AWS error for an HTTP status a layer below the operations chose, the same words whichever layer refused:
     * this mapper, or the router's failure handler ({@link AwsRequestFailures}).
     */
    static Shapes.Error httpErrorShape(int status, BodyLimit limit) {
        return switch (status) {
            case 404, 405 -> new Shapes.Error("UnknownOperationException",
                    "Operations are invoked with POST / and an X-Amz-Target header.");
            case 413 -> new Shapes.Error("SerializationException", limit.message());
            // Any well-formed media type is read as JSON (the CLI and SDKs send theirs); only one that does not parse
            // reaches this.
            case 415 -> new Shapes.Error("SerializationException", "The request's Content-Type could not be read:"
                    + " send " + AwsJsonCodec.CONTENT_TYPE + ".");
            default -> new Shapes.Error("SerializationException", "The request could not be read.");
        };
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, HttpServerResponse response) {
        // A store's connection reset reads like a client's: the store's is recognised first.
        if (!StoreFailures.isUnavailable(e) && ClosedConnections.isClosedByClient(e)) {
            // Nobody will read an answer, and nothing of ours failed: neither an ERROR nor an InternalFailure.
            clientClosed(calls, e);
            return error(400, "SerializationException", "The connection closed before the request was read.");
        }
        return internalFailure(e, RequestIds.of(response));
    }

    /** Counts a request whose client hung up before an operation ran: at DEBUG, as no fault of anyone's here. */
    static void clientClosed(ApiCalls calls, Throwable cause) {
        Log.debugf("Request %s ended: the client closed the connection (%s)", RequestIds.current(), cause);
        calls.refused(ApiCalls.AWSJSON, AwsJsonResource.UNKNOWN_OPERATION, ClosedConnections.OUTCOME);
    }

    Response internalFailure(Throwable e, String requestId) {
        if (StoreFailures.isUnavailable(e)) {
            // Retryable: the SDKs retry ServiceUnavailable with backoff.
            calls.storeUnavailable("Request " + requestId, e);
            return error(503, SERVICE_UNAVAILABLE, "The service is temporarily unable to reach its store; retry the"
                    + " request. Request id " + requestId + ".");
        }
        Log.errorf(e, "Request %s failed with an unexpected fault", requestId);
        return error(500, INTERNAL_FAILURE,
                "The server encountered an internal error; quote request id " + requestId + " when reporting it.");
    }

    private Response error(int status, String type, String message) {
        return Response.status(status)
                .header(ERROR_TYPE_HEADER, type)
                .entity(codec.write(new Shapes.Error(type, message)))
                .type(AwsJsonCodec.CONTENT_TYPE)
                .build();
    }
}
