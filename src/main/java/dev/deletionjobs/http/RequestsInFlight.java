package dev.deletionjobs.http;

import java.time.Duration;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import dev.deletionjobs.config.PersonalizeConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * Lets the requests in flight finish when the replica stops, for up to {@code personalize.http.stop-timeout}: without
 * it, a request that arrived on a kept-alive connection just before SIGTERM was cut off, and an SDK retried a create
 * that may have been stored. While it waits, every answer says {@code Connection: close}, so clients take their next
 * request to another replica.
 * <p>
 * The requests are those Vert.x counts as begun and not yet answered ({@code http.server.active.requests}): a
 * handler's own count would miss the answers whose end a later handler claims. Quarkus's own wait
 * ({@code quarkus.shutdown.timeout}) counts a WebSocket upgrade as a request that never ends, so with one dashboard
 * connected since the start, every stop waited its whole timeout and logged an ERROR; the sockets are closed as the
 * replica begins to stop instead ({@code GraphQLWebSocket}).
 */
@Singleton
public class RequestsInFlight {

    static final String ACTIVE_REQUESTS = "http.server.active.requests";
    private static final long POLL_MILLIS = 20;

    private final MeterRegistry registry;
    private final Duration stopTimeout;
    private volatile boolean stopping;

    RequestsInFlight(MeterRegistry registry, PersonalizeConfig config) {
        this.registry = registry;
        this.stopTimeout = config.http().stopTimeout();
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            // Decided as the answer goes out: a request that arrived before the stop is sent elsewhere after it too.
            context.addHeadersEndHandler(headers -> {
                if (stopping) {
                    context.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
                }
            });
            context.next();
        });
    }

    /**
     * As the replica begins to stop (after the Deployment's preStop pause, before Quarkus closes the HTTP server):
     * waits for the requests in flight. Last of the observers, after the worker has stopped claiming and the sockets
     * have been told to close.
     */
    void onStopping(@Observes @Priority(Integer.MAX_VALUE) ShutdownDelayInitiatedEvent event) {
        stopping = true;
        long deadline = System.nanoTime() + stopTimeout.toNanos();
        while (inFlight() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (inFlight() > 0) {
            Log.warnf("Stopping with %d requests still in flight after %s", inFlight(), stopTimeout);
        }
    }

    /** How many requests Vert.x is answering now, on every port it serves. */
    long inFlight() {
        double active = 0;
        for (Gauge gauge : registry.find(ACTIVE_REQUESTS).gauges()) {
            active += gauge.value();
        }
        return Math.round(active);
    }
}
