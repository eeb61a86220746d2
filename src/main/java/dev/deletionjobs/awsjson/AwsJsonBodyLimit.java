package dev.deletionjobs.awsjson;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import dev.deletionjobs.http.BodyLimit;
import dev.deletionjobs.metrics.ApiCalls;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * Refuses an oversized awsJson request in the AWS error shape before its body is read. The HTTP layer enforces
 * {@code quarkus.http.limits.max-body-size} too, but answers with an empty 413 that no SDK can explain.
 */
@Singleton
public class AwsJsonBodyLimit {

    private final AwsJsonCodec codec;
    private final ApiCalls calls;
    private final BodyLimit limit;

    AwsJsonBodyLimit(AwsJsonCodec codec, ApiCalls calls, BodyLimit limit) {
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
    }
}
