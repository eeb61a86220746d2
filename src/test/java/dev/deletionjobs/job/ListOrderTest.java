package dev.deletionjobs.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Which way the stores walk their newest-first indexes, for each order and direction, and how counts read. */
class ListOrderTest {

    @Test
    void forwardNewestFirstAndBackwardOldestFirstWalkTowardsOlderJobs() {
        assertTrue(ListOrder.NEWEST_FIRST.walksTowardsOlder(ListDirection.FORWARD));
        assertFalse(ListOrder.NEWEST_FIRST.walksTowardsOlder(ListDirection.BACKWARD));
        assertFalse(ListOrder.OLDEST_FIRST.walksTowardsOlder(ListDirection.FORWARD));
        assertTrue(ListOrder.OLDEST_FIRST.walksTowardsOlder(ListDirection.BACKWARD));
    }

    @Test
    void aBackwardScanIsReversedIntoTheListingsOrder() {
        List<DataDeletionJob> scan = List.of(job("a"), job("b"), job("c"));
        assertEquals(scan, ListDirection.FORWARD.inListingOrder(scan));
        assertEquals(List.of(job("c"), job("b"), job("a")), ListDirection.BACKWARD.inListingOrder(scan));
    }

    @Test
    void countsListEveryStatusInTheEnumsOrderWithZeros() {
        StatusCounts counts = new StatusCounts(Map.of(JobStatus.FAILED, 2L, JobStatus.PENDING, 5L));
        assertEquals(List.of(JobStatus.values()), List.copyOf(counts.byStatus().keySet()));
        assertEquals(List.of(5L, 0L, 0L, 2L), List.copyOf(counts.byStatus().values()));
        assertEquals(7, counts.total());
        assertEquals(0, new StatusCounts(Map.of()).total());
    }

    private static DataDeletionJob job(String name) {
        AccountScope scope = new AccountScope("000000000000", "us-east-1");
        Instant created = Instant.parse("2026-05-02T10:00:00Z");
        return new DataDeletionJob(scope.dataDeletionJobArn(name), scope, name, "g", "s3://b/k", "r", List.of(),
                JobStatus.PENDING, null, null, created, created);
    }
}
