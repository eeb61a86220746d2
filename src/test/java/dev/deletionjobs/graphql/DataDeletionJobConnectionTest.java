package dev.deletionjobs.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.deletionjobs.job.JobFilter;
import dev.deletionjobs.testing.SeededJobs;

/** Aliased totalCount fields on one connection make one call: one store count, or one failure for all of them. */
class DataDeletionJobConnectionTest {

    @Test
    void aConnectionAsksTheStoreForItsCountOnceHoweverOftenItIsSelected() {
        DataDeletionJobConnection connection = connection();
        AtomicInteger counts = new AtomicInteger();
        for (int alias = 0; alias < 3; alias++) {
            assertEquals(7, connection.count(() -> {
                counts.incrementAndGet();
                return 7L;
            }));
        }
        assertEquals(1, counts.get());
    }

    @Test
    void aCountThatFailedFailsEveryAliasWithoutAskingAgain() {
        DataDeletionJobConnection connection = connection();
        AtomicInteger counts = new AtomicInteger();
        ServiceUnavailable unavailable = new ServiceUnavailable();
        for (int alias = 0; alias < 3; alias++) {
            assertSame(unavailable, assertThrows(ServiceUnavailable.class, () -> connection.count(() -> {
                counts.incrementAndGet();
                throw unavailable;
            })));
        }
        assertEquals(1, counts.get());
    }

    private static DataDeletionJobConnection connection() {
        return new DataDeletionJobConnection(List.of(), null, SeededJobs.SCOPE, new JobFilter(null, Set.of()));
    }
}
