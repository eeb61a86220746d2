package dev.deletionjobs.http;

import java.time.Duration;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.ConfigProvider;

import dev.deletionjobs.config.PersonalizeConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * Lets the API's requests in flight finish when the replica stops, for up to {@code personalize.http.stop-timeout}:
 * without it, a request that arrived on a kept-alive connection just before SIGTERM was cut off, and an SDK retried a
 * create that may have been stored. While it waits, every answer says {@code Connection: close}, so clients take their
 * next request to another replica.
 * <p>
 * The requests are those Vert.x counts as begun and not yet answered on the API's port
 * ({@code http.server.active.requests}, Quarkus's HTTP server metrics): a route's own count, ended by the routing
 * context's end handler, missed answers whose end RESTEasy claims after it (tests left 86 of them "in flight"). Quarkus's
 * own wait ({@code quarkus.shutdown.timeout}) counts a WebSocket upgrade as a request until the replica stops, so with
 * one dashboard connected since the start, every stop waited its whole timeout and logged an ERROR.
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
        if (stopTimeout.isZero()) {
            return;
        }
        if (inFlight() < 0) {
            Log.warn("Cannot tell the requests in flight (quarkus.micrometer.binder.http-server.enabled=false):"
                    + " stopping without waiting for them");
            return;
        }
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

    /**
     * How many requests Vert.x is answering now on the API's port (the management port's left out), or -1 when it
     * counts none: Quarkus's HTTP server metrics are off.
     */
    long inFlight() {
        String management = ConfigProvider.getConfig().getOptionalValue(LaunchMode.current() == LaunchMode.TEST
                ? "quarkus.management.test-port"
                : "quarkus.management.port", String.class).orElse("");
        double active = 0;
        boolean counted = false;
        for (Gauge gauge : registry.find(ACTIVE_REQUESTS).gauges()) {
            if (!management.equals(gauge.getId().getTag("server.port"))) {
                active += gauge.value();
                counted = true;
            }
        }
        return counted ? Math.round(active) : -1;
    }
}
