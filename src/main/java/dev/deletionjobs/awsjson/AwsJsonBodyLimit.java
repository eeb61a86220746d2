package dev.deletionjobs.awsjson;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.deletionjobs.metrics.ApiCalls;
import io.quarkus.runtime.configuration.MemorySize;
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
    private final long maxBodySize;

    AwsJsonBodyLimit(AwsJsonCodec codec, ApiCalls calls,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize limit) {
        this.codec = codec;
        this.calls = calls;
        this.maxBodySize = limit.asLongValue();
    }

    void install(@Observes Router router) {
        router.post("/").order(Integer.MIN_VALUE + 1).handler(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && exceeds(length)) {
                calls.record(ApiCalls.AWSJSON, AwsJsonResource.UNKNOWN_OPERATION, "SerializationException",
                        System.nanoTime());
                String message = "The request body is larger than the " + maxBodySize + " bytes this service accepts.";
                AwsRequestFailures.send(context.request(), codec, 413,
                        new Shapes.Error("SerializationException", message));
                return;
            }
            context.next();
        });
    }

    private boolean exceeds(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim()) > maxBodySize;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
