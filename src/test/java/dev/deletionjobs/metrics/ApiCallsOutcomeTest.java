package dev.deletionjobs.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.UncheckedIOException;
import java.net.SocketException;

import org.junit.jupiter.api.Test;

import dev.deletionjobs.error.InvalidInputException;
import dev.deletionjobs.job.StoreUnavailableException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The outcome a failed call is counted under, for both interfaces alike. */
class ApiCallsOutcomeTest {

    @Test
    void theServicesErrorsByTheirAwsName() {
        assertEquals("InvalidInputException", ApiCalls.outcomeOf(new InvalidInputException("bad")));
    }

    @Test
    void aClientThatHungUpIsNotOurFault() {
        assertEquals("ClientClosedRequest",
                ApiCalls.outcomeOf(new UncheckedIOException(new SocketException("Connection reset"))));
    }

    @Test
    void aStoreWhoseConnectionWasResetIsUnavailableNotAClientThatHungUp() {
        RuntimeException reset = new UncheckedIOException(new SocketException("Connection reset"));
        assertEquals("ServiceUnavailable", ApiCalls.outcomeOf(new StoreUnavailableException(reset)));
    }

    @Test
    void anythingElseIsAFaultOfOurs() {
        assertEquals("InternalFailure", ApiCalls.outcomeOf(new IllegalStateException("a bug")));
    }

    @Test
    void aCallThatRanOutOfMemoryIsCountedAFaultNotASuccess() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ApiCalls calls = new ApiCalls(registry);
        assertThrows(OutOfMemoryError.class, () -> calls.measure(ApiCalls.AWSJSON, "CreateDataDeletionJob", () -> {
            throw new OutOfMemoryError("Java heap space");
        }));
        assertEquals(1.0, registry.get("personalize.api.requests").tag("outcome", "InternalFailure").counter().count());
    }
}
