package dev.deletionjobs.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import dev.deletionjobs.testing.LogCapture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Every API call's INFO line reads as the documented pattern formats it, whatever the latency. */
class ApiCallsLineTest {

    private static final String PATTERN = "requestId=%s interface=%s operation=%s outcome=%s latencyMs=%.2f";

    @Test
    void theLineIsWhatThePatternFormats() {
        LongStream edges = LongStream.of(0, 1, 4_999, 5_000, 9_999, 10_000, 94_999, 95_000, 995_000, 999_999,
                1_000_000, 1_004_999, 1_005_000, 12_345_678, 99_995_000, 4_999_999_999L, 3_600_000_000_000L);
        SplittableRandom random = new SplittableRandom(15);
        LongStream randoms = random.longs(100_000, 0, 60_000_000_000L);
        LongStream.concat(edges, randoms).forEach(nanos -> assertEquals(
                String.format(Locale.ROOT, PATTERN, "r-1", "graphql", "nodes", "success", nanos / 1e6),
                ApiCalls.line("r-1", "graphql", "nodes", "success", nanos), () -> nanos + " ns"));
    }

    @Test
    void aCallWritesOneLineOutsideARequestToo() {
        ApiCalls calls = new ApiCalls(new SimpleMeterRegistry());
        try (LogCapture log = LogCapture.of(ApiCalls.class.getName())) {
            assertEquals("done", calls.measure(ApiCalls.AWSJSON, "ListDataDeletionJobs", () -> "done"));
            List<String> lines = log.lines();
            assertEquals(1, lines.size(), lines::toString);
            assertTrue(lines.get(0).matches("requestId=null interface=awsjson operation=ListDataDeletionJobs"
                    + " outcome=success latencyMs=[0-9]+\\.[0-9]{2} null"), lines.get(0));
        }
    }
}
