package dev.deletionjobs.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.deletionjobs.job.DataDeletionJob;
import dev.deletionjobs.job.JobFilter;
import dev.deletionjobs.job.JobStatus;
import dev.deletionjobs.pagination.JobPage;
import dev.deletionjobs.testing.SeededJobs;

/**
 * What a connection makes only when a query selects it, once however many aliases do: totalCount makes one call (one
 * store count, or one failure for all of them), the edges sign one cursor for each job, and pageInfo's ends take their
 * edge's cursor or sign their own job's.
 */
class DataDeletionJobConnectionTest {

    /** Cursors signed so far by {@link #page}'s issuer. */
    private final AtomicInteger signed = new AtomicInteger();

    @Test
    void aPageReadThroughItsNodesSignsNoCursor() {
        DataDeletionJobConnection connection = connection(page(3));
        assertEquals(List.of("job-0", "job-1", "job-2"),
                connection.getNodes().stream().map(DataDeletionJobNode::jobName).toList());
        assertEquals(0, signed.get());
    }

    @Test
    void theEdgesAreSignedOnceHoweverOftenTheyAreSelected() {
        DataDeletionJobConnection connection = connection(page(3));
        List<DataDeletionJobConnection.DataDeletionJobEdge> edges = connection.getEdges();
        assertEquals(List.of("cursor-job-0", "cursor-job-1", "cursor-job-2"),
                edges.stream().map(DataDeletionJobConnection.DataDeletionJobEdge::cursor).toList());
        assertEquals(connection.getNodes(), edges.stream().map(DataDeletionJobConnection.DataDeletionJobEdge::node)
                .toList());
        assertSame(edges, connection.getEdges());
        assertEquals(3, signed.get());
    }

    @Test
    void thePageInfoCursorsAreThoseOfTheEndEdgesEachSignedOnceWithoutThem() {
        DataDeletionJobConnection connection = connection(page(3));
        for (int alias = 0; alias < 3; alias++) {
            assertEquals("cursor-job-0", connection.getPageInfo().getStartCursor());
            assertEquals("cursor-job-2", connection.getPageInfo().getEndCursor());
        }
        assertEquals(2, signed.get());

        DataDeletionJobConnection empty = connection(page(0));
        assertNull(empty.getPageInfo().getStartCursor());
        assertNull(empty.getPageInfo().getEndCursor());
        assertEquals(List.of(), empty.getEdges());
        assertEquals(2, signed.get());
    }

    @Test
    void thePageInfoCursorsTakeTheEdgesOnceTheyAreSigned() {
        DataDeletionJobConnection connection = connection(page(3));
        List<DataDeletionJobConnection.DataDeletionJobEdge> edges = connection.getEdges();
        assertEquals(edges.get(0).cursor(), connection.getPageInfo().getStartCursor());
        assertEquals(edges.get(2).cursor(), connection.getPageInfo().getEndCursor());
        assertEquals(3, signed.get());
    }

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

    private DataDeletionJobConnection connection() {
        return connection(page(0));
    }

    private static DataDeletionJobConnection connection(JobPage page) {
        return new DataDeletionJobConnection(page, SeededJobs.SCOPE, new JobFilter(null, Set.of()));
    }

    /** A page of {@code size} jobs whose cursors are "cursor-" and the job's name, each one counted in signed. */
    private JobPage page(int size) {
        List<DataDeletionJob> jobs = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            String name = "job-" + i;
            jobs.add(new DataDeletionJob(SeededJobs.SCOPE.dataDeletionJobArn(name), SeededJobs.SCOPE, name,
                    "arn:aws:personalize:us-east-1:000000000000:dataset-group/group", "s3://bucket/" + name + ".csv",
                    "arn:aws:iam::000000000000:role/reader", null, JobStatus.PENDING, null, null,
                    Instant.parse("2026-12-03T09:00:00Z").minusSeconds(i), Instant.parse("2026-12-03T09:00:00Z")));
        }
        return new JobPage(jobs, JobPage.known(false), JobPage.known(false), position -> {
            signed.incrementAndGet();
            return "cursor-" + position.arn().substring(position.arn().lastIndexOf('/') + 1);
        });
    }
}
