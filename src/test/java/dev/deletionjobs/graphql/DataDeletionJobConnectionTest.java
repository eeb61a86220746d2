package dev.deletionjobs.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.deletionjobs.job.JobFilter;
import dev.deletionjobs.testing.SeededJobs;

/** Aliased totalCount fields on one connection make one store count, as the cost rules charge it. */
class DataDeletionJobConnectionTest {

    @Test
    void aConnectionAsksTheStoreForItsCountOnceHoweverOftenItIsSelected() {
        DataDeletionJobConnection connection = new DataDeletionJobConnection(List.of(), null, SeededJobs.SCOPE,
                new JobFilter(null, Set.of()));
        AtomicInteger counts = new AtomicInteger();
        for (int alias = 0; alias < 3; alias++) {
            assertEquals(7, connection.count(() -> {
                counts.incrementAndGet();
                return 7;
            }));
        }
        assertEquals(1, counts.get());
    }
}
