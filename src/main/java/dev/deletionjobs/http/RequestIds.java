package dev.deletionjobs.http;

import java.util.UUID;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.MDC;

import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;

/**
 * Gives every HTTP request a fresh id, before any handler runs: it goes out in {@code x-amzn-RequestId} on every
 * response, successes and errors alike (both AWS SDKs read it from there), and into the logging context, where
 * every log line of the request (and the JSON log) can name it. It also notes when the request arrived, so a request
 * refused before any operation ran is timed like any other.
 */
@Singleton
public class RequestIds {

    public static final String HEADER = "x-amzn-RequestId";
    /** The key of the id in the logging context (MDC), which Quarkus keeps per request across threads. */
    public static final String MDC_KEY = "requestId";
    private static final String START = "requestStartNanos";

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            context.response().putHeader(HEADER, assign());
            context.next();
        });
    }

    /**
     * Gives the request (or GraphQL operation over WebSocket) about to be served on the current context an id of its
     * own, and notes when it started.
     */
    public static String assign() {
        String id = UUID.randomUUID().toString();
        MDC.put(MDC_KEY, id);
        // Each request has a context of its own (a duplicated one), which its handlers on other threads share.
        if (VertxContext.isOnDuplicatedContext()) {
            ContextLocals.put(START, System.nanoTime());
        }
        return id;
    }

    /** The id that was given to the response being written. */
    public static String of(HttpServerResponse response) {
        return response.headers().get(HEADER);
    }

    /** When the request being served arrived ({@link System#nanoTime()}); now, outside a request. */
    public static long startNanos() {
        long now = System.nanoTime();
        return VertxContext.isOnDuplicatedContext() ? ContextLocals.<Long> get(START, now) : now;
    }

    /** The id of the request being served, or null outside a request. */
    public static String current() {
        Object id = MDC.get(MDC_KEY);
        return id == null ? null : id.toString();
    }
}
