package dev.deletionjobs.awsjson;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import dev.deletionjobs.http.BodyLimit;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * An awsJson request's body, read whole on the event loop before the endpoint runs, up to
 * {@code quarkus.http.limits.max-body-size}. The endpoint runs on a worker thread, and without this it read the body
 * there, from a stream the event loop fills: for the body of a few bytes every AWS call has, the worker waited on a
 * monitor for the event loop to hand it over, about 15 % of the CPU of a list of 100 jobs, in thread wake-ups.
 * <p>
 * A body over the limit is refused before it is read when its {@code Content-Length} says so, and as soon as it
 * crosses the limit when it comes in chunks: {@link AwsRequestFailures} answers both in the AWS error shape (the HTTP
 * layer enforces the limit too, but answers with an empty 413 that no SDK can explain).
 */
@Singleton
public class AwsJsonRequestBody {

    private final BodyLimit limit;

    AwsJsonRequestBody(BodyLimit limit) {
        this.limit = limit;
    }

    void install(@Observes Router router) {
        router.post("/").order(Integer.MIN_VALUE + 1).handler(BodyHandler.create(false)
                .setBodyLimit(limit.bytes())
                .setPreallocateBodyBuffer(true));
    }
}
