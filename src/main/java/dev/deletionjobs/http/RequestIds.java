package dev.deletionjobs.http;

import java.util.UUID;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;

/**
 * Gives every HTTP response a fresh request id in {@code x-amzn-RequestId}, before any handler runs, so that
 * successes and errors alike carry it (both AWS SDKs read it from there) and a log line can name it.
 */
@Singleton
public class RequestIds {

    public static final String HEADER = "x-amzn-RequestId";

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            context.response().putHeader(HEADER, UUID.randomUUID().toString());
            context.next();
        });
    }

    /** The id that was given to the response being written. */
    public static String of(HttpServerResponse response) {
        return response.headers().get(HEADER);
    }
}
