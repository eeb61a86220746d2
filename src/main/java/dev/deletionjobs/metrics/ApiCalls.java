package dev.deletionjobs.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.deletionjobs.error.ApiException;
import dev.deletionjobs.http.ClosedConnections;
import dev.deletionjobs.http.RequestIds;
import dev.deletionjobs.job.StoreFailures;
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
    /** The outcome of a call the store could not answer in time: AWS's retryable error, by either interface. */
    public static final String SERVICE_UNAVAILABLE = "ServiceUnavailable";
    /** The outcome of a call that failed by a fault of ours. */
    public static final String INTERNAL_FAILURE = "InternalFailure";

    /** Buckets for a service that answers in milliseconds, so p50 and p99 can be computed in Prometheus. */
    private static final Duration[] LATENCY_BUCKETS = {
            Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5) };

    /** At most one WARN this often for calls the store did not answer in time. */
    static final Duration STORE_WARNING_INTERVAL = Duration.ofSeconds(10);

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;
    private final AtomicLong nextStoreWarning;
    private final AtomicLong storeFailuresUnwarned = new AtomicLong();

    @Inject
    public ApiCalls(MeterRegistry registry) {
        this(registry, System::nanoTime);
    }

    /** Calls measured by {@code nanoTime}'s clock, which tests move by hand. */
    ApiCalls(MeterRegistry registry, LongSupplier nanoTime) {
        this.registry = registry;
        this.nanoTime = nanoTime;
        this.nextStoreWarning = new AtomicLong(nanoTime.getAsLong());
    }

    /**
     * Logs that the store did not answer {@code call} in time: at WARN once every {@link #STORE_WARNING_INTERVAL} at
     * most, with how many more failed so since the last WARN, and the others at DEBUG. In an outage every request
     * fails so, and a WARN each would bury the log at the rate requests arrive (a caller filling the store's pool could
     * cause one); each is counted under {@link #SERVICE_UNAVAILABLE} all the same.
     */
    public void storeUnavailable(String call, Throwable failure) {
        long now = nanoTime.getAsLong();
        long next = nextStoreWarning.get();
        if (now - next >= 0 && nextStoreWarning.compareAndSet(next, now + STORE_WARNING_INTERVAL.toNanos())) {
            long since = storeFailuresUnwarned.getAndSet(0);
            Log.warnf("%s failed: the store did not answer in time (%s)%s", call, failure.getMessage(), since == 0 ? ""
                    : "; " + since + " more calls failed so since the last of these warnings");
        } else {
            storeFailuresUnwarned.incrementAndGet();
            Log.debugf("%s failed: the store did not answer in time (%s)", call, failure.getMessage());
        }
    }

    /**
     * Runs one call of {@code operation}, then counts, times and logs it under the outcome it ended with: success, the
     * AWS name of the error it threw, or what {@link #outcomeOf} makes of any other failure, which leaves unchanged.
     */
    public <T> T measure(String api, String operation, Supplier<T> call) {
        long start = System.nanoTime();
        String outcome = SUCCESS;
        try {
            return call.get();
        } catch (RuntimeException | Error e) {
            // An Error (out of memory, say) is a fault of ours too, never counted a success.
            outcome = outcomeOf(e);
            throw e;
        } finally {
            record(api, operation, outcome, start);
        }
    }

    /**
     * Counts, times and logs a request refused before any operation ran, timed from the request's arrival (see
     * {@link RequestIds#startNanos()}).
     */
    public void refused(String api, String operation, String outcome) {
        record(api, operation, outcome, RequestIds.startNanos());
    }

    /** The outcome a failure is counted under: its AWS error name, a client that hung up, or a fault of ours. */
    public static String outcomeOf(Throwable failure) {
        if (failure instanceof ApiException e) {
            return e.errorCode();
        }
        // A store's connection reset reads like a client's hang-up: the store's is recognised first.
        if (StoreFailures.isUnavailable(failure)) {
            return SERVICE_UNAVAILABLE;
        }
        return ClosedConnections.isClosedByClient(failure) ? ClosedConnections.OUTCOME : INTERNAL_FAILURE;
    }

    private void record(String api, String operation, String outcome, long startNanos) {
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
        if (Log.isInfoEnabled()) {
            Log.info(line(RequestIds.current(), api, operation, outcome, nanos));
        }
    }

    /**
     * The call's INFO line: what {@code "requestId=%s interface=%s operation=%s outcome=%s latencyMs=%.2f"} formats,
     * written without {@link java.util.Formatter}, which parsed the pattern and printed the latency through a decimal
     * expansion of the double for every call (a fifth of the line's cost in production).
     */
    static String line(String requestId, String api, String operation, String outcome, long nanos) {
        // Hundredths of a millisecond, rounded half up as %.2f rounds the quotient (the same for any latency under
        // 11 days, where the quotient's decimal digits survive the double). A clock never runs back; none below 0.
        long hundredths = (Math.max(0, nanos) + 5_000) / 10_000;
        long fraction = hundredths % 100;
        return new StringBuilder(128).append("requestId=").append(requestId).append(" interface=").append(api)
                .append(" operation=").append(operation).append(" outcome=").append(outcome).append(" latencyMs=")
                .append(hundredths / 100).append('.').append(fraction < 10 ? "0" : "").append(fraction).toString();
    }
}
