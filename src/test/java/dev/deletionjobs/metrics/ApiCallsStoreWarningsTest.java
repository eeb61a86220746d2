package dev.deletionjobs.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.deletionjobs.job.StoreUnavailableException;
import dev.deletionjobs.testing.LogCapture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** A store that does not answer is warned of once an interval, however many calls fail meanwhile. */
class ApiCallsStoreWarningsTest {

    private final AtomicLong now = new AtomicLong(5_000_000_000L);
    private final ApiCalls calls = new ApiCalls(new SimpleMeterRegistry(), now::get);
    private final StoreUnavailableException timedOut = new StoreUnavailableException("Timed out after 3000 ms");

    @Test
    void theFirstFailureIsWarnedOfTheOthersOfTheIntervalCountedInTheNext() {
        long interval = ApiCalls.STORE_WARNING_INTERVAL.toNanos();
        try (LogCapture log = LogCapture.of(ApiCalls.class.getName())) {
            calls.storeUnavailable("Request r1", timedOut);
            for (int i = 2; i <= 500; i++) {
                now.addAndGet(interval / 1000);
                calls.storeUnavailable("Request r" + i, timedOut);
            }
            assertEquals(List.of("Request r1 failed: the store did not answer in time (Timed out after 3000 ms)"),
                    messages(log));

            now.addAndGet(interval);
            calls.storeUnavailable("The GraphQL field node of request r501", timedOut);
            assertEquals("The GraphQL field node of request r501 failed: the store did not answer in time (Timed out"
                    + " after 3000 ms); 499 more calls failed so since the last of these warnings", messages(log).get(1));

            // An outage over: the next one is warned of at once, with nothing carried over.
            now.addAndGet(3 * interval);
            calls.storeUnavailable("Request r502", timedOut);
            assertEquals(List.of("Request r502 failed: the store did not answer in time (Timed out after 3000 ms)"),
                    messages(log).subList(2, messages(log).size()));
        }
    }

    /** The lines at WARN, as written (the DEBUG ones are below the category's level, and not captured). */
    private static List<String> messages(LogCapture log) {
        // Formatted where they were logged, so no parameters follow them.
        return log.lines().stream().map(line -> line.substring(0, line.length() - " null".length())).toList();
    }
}
