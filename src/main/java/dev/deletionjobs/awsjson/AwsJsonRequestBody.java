package dev.deletionjobs.awsjson;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import dev.deletionjobs.http.BodyLimit;
import dev.deletionjobs.metrics.ApiCalls;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * An awsJson request's body, before the endpoint runs:
 * <ul>
 * <li>refused in the AWS error shape when its {@code Content-Length} is over the limit, before it is read (the HTTP
 * layer enforces {@code quarkus.http.limits.max-body-size} too, but answers with an empty 413 that no SDK can
 * explain); a body that turns out larger as it arrives (chunked) is refused with the same 413 when it crosses the
 * limit ({@link AwsRequestFailures});</li>
 * <li>read whole on the event loop. The endpoint runs on a worker thread, and without this it read the body there,
 * from a stream the event loop fills: for the body of a few bytes every AWS call has, the worker waited on a monitor
 * for the event loop to hand it over, about 15 % of the CPU of a list of 100 jobs, in thread wake-ups.</li>
 * </ul>
 */
@Singleton
public class AwsJsonRequestBody {

    private final AwsJsonCodec codec;
    private final ApiCalls calls;
    private final BodyLimit limit;

    AwsJsonRequestBody(AwsJsonCodec codec, ApiCalls calls, BodyLimit limit) {
        this.codec = codec;
        this.calls = calls;
        this.limit = limit;
    }

    void install(@Observes Router router) {
        router.post("/").order(Integer.MIN_VALUE + 1).handler(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && limit.exceeded(length)) {
                calls.refused(ApiCalls.AWSJSON, AwsJsonResource.UNKNOWN_OPERATION, "SerializationException");
                AwsRequestFailures.send(context.request(), codec, 413,
                        new Shapes.Error("SerializationException", limit.message()));
                return;
            }
            context.next();
        });
        router.post("/").order(Integer.MIN_VALUE + 2).handler(BodyHandler.create(false)
                .setBodyLimit(limit.bytes())
                .setPreallocateBodyBuffer(true));
    }
}
