package dev.deletionjobs.awsjson;

import java.util.Locale;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import dev.deletionjobs.http.BodyDeadline;
import dev.deletionjobs.http.BodyLimit;
import dev.deletionjobs.http.HostHeaders;
import dev.deletionjobs.security.AuthenticationException;
import dev.deletionjobs.security.Callers;
import dev.deletionjobs.security.SignedRequests;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.PlatformHandler;

/**
 * An awsJson request's body, read whole on the event loop before the endpoint runs, up to
 * {@code quarkus.http.limits.max-body-size}. The endpoint runs on a worker thread, and without this it read the body
 * there, from a stream the event loop fills: for the body of a few bytes every AWS call has, the worker waited on a
 * monitor for the event loop to hand it over, about 15 % of the CPU of a list of 100 jobs, in thread wake-ups.
 * <p>
 * A body over the limit is refused before it is read when its {@code Content-Length} says so, and as soon as it
 * crosses the limit when it comes in chunks: {@link AwsRequestFailures} answers both in the AWS error shape (the HTTP
 * layer enforces the limit too, but answers with an empty 413 that no SDK can explain). A body not in within
 * {@code personalize.http.body-timeout} is refused too ({@link BodyDeadline}), and a form's content type before any
 * of it is read: the body reader would decode it as a form and hand the endpoint nothing. So is a caller whose head
 * shows it cannot authenticate ({@link Callers#checkAwsHead}): without a key, no body is read.
 */
@Singleton
public class AwsJsonRequestBody {

    private static final byte[] NO_BODY = new byte[0];

    private final BodyLimit limit;
    private final BodyDeadline deadline;
    private final AwsRequestFailures failures;
    private final Callers callers;

    AwsJsonRequestBody(BodyLimit limit, BodyDeadline deadline, AwsRequestFailures failures, Callers callers) {
        this.limit = limit;
        this.deadline = deadline;
        this.failures = failures;
        this.callers = callers;
    }

    void install(@Observes Router router) {
        // One route, the body handler's: a route of its own before it would let the request's bytes flow before the
        // body handler listens. Platform handlers are the ones Vert.x runs before a body handler on its route.
        router.post("/").order(Integer.MIN_VALUE + 1)
                .handler((PlatformHandler) this::refuseUnreadable)
                .handler(deadline.arm(context -> failures.refuse(context, 408, new Shapes.Error(
                        "RequestTimeoutException", "The request body did not arrive within " + deadline.seconds()
                                + " seconds."))))
                // No buffer sized from the Content-Length before a byte arrives: a declared megabyte that never
                // comes must not cost one.
                .handler(BodyHandler.create(false).setBodyLimit(limit.bytes()).setPreallocateBodyBuffer(false))
                .handler(deadline.disarm());
    }

    private void refuseUnreadable(RoutingContext context) {
        String hosts = HostHeaders.refusal(context.request());
        if (hosts != null) {
            failures.refuse(context, 400, new Shapes.Error("SerializationException", hosts));
            return;
        }
        String type = context.request().getHeader(HttpHeaders.CONTENT_TYPE);
        String lower = type == null ? "" : type.trim().toLowerCase(Locale.ROOT);
        if (lower.startsWith("multipart/") || lower.startsWith("application/x-www-form-urlencoded")) {
            failures.refuse(context, 400, new Shapes.Error("SerializationException", "The body of an awsJson"
                    + " request is JSON, sent as application/x-amz-json-1.1, not a form (" + type + ")."));
            return;
        }
        try {
            // A caller without a key is refused on its head: it cannot make the replica hold a megabyte of body.
            // What is left of the body is dropped as it comes.
            callers.checkAwsHead(SignedRequests.of(context.request(), NO_BODY));
        } catch (AuthenticationException e) {
            failures.refuseUnread(context, e.httpStatus(), new Shapes.Error(e.errorCode(), e.getMessage()),
                    AwsJsonResource.operationName(context.request().getHeader(AwsJsonResource.TARGET_HEADER)));
            return;
        }
        context.next();
    }
}
