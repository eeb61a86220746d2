package dev.deletionjobs.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

import dev.deletionjobs.http.RequestIds;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;

/**
 * Measures and logs every API call the same way for both interfaces: a counter by interface, operation and
 * outcome, a latency histogram by interface and operation, and one INFO line with the request id. Tag values come
 * from closed sets (the interface, the operation names of the service, the AWS error names), never from requests.
 */
@Singleton
public class ApiCalls {

    public static final String AWSJSON = "awsjson";
    public static final String GRAPHQL = "graphql";
    public static final String SUCCESS = "success";

    /** Buckets for a service that answers in milliseconds, so p50 and p99 can be computed in Prometheus. */
    private static final Duration[] LATENCY_BUCKETS = {
            Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5) };

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public ApiCalls(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Records a call that started at {@code startNanos} ({@link System#nanoTime()}) and ended with {@code outcome}. */
    public void record(String api, String operation, String outcome, long startNanos) {
        long nanos = System.nanoTime() - startNanos;
        counters.computeIfAbsent(api + ' ' + operation + ' ' + outcome, key -> Counter
                .builder("personalize.api.requests")
                .description("API calls by interface, operation and outcome (success or the AWS error name)")
                .tags("interface", api, "operation", operation, "outcome", outcome)
                .register(registry)).increment();
        timers.computeIfAbsent(api + ' ' + operation, key -> Timer
                .builder("personalize.api.request.duration")
                .description("API call latency by interface and operation")
                .tags("interface", api, "operation", operation)
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry)).record(Duration.ofNanos(nanos));
        Log.infof("requestId=%s interface=%s operation=%s outcome=%s latencyMs=%.2f",
                RequestIds.current(), api, operation, outcome, nanos / 1e6);
    }
}
