package dev.deletionjobs.graphql;

import static dev.deletionjobs.graphql.GraphQLOrderingTest.ASC;
import static dev.deletionjobs.graphql.GraphQLOrderingTest.arns;
import static dev.deletionjobs.testing.AwsJsonCalls.newDatasetGroupArn;
import static dev.deletionjobs.testing.GraphQLCalls.answered;
import static dev.deletionjobs.testing.GraphQLCalls.assertRefused;
import static dev.deletionjobs.testing.GraphQLCalls.variables;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.deletionjobs.job.DataDeletionJob;
import dev.deletionjobs.job.DataDeletionJobStore;
import dev.deletionjobs.job.JobStatus;
import dev.deletionjobs.testing.SeededJobs;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** createdAfter and createdBefore: an exclusive window of creation times, with the other filters and with paging. */
@QuarkusTest
class GraphQLTimeWindowTest {

    static final String JOBS = """
            query Jobs($group: String, $status: [DataDeletionJobStatus!], $createdAfter: DateTime, $createdBefore: DateTime,
                       $orderBy: DataDeletionJobOrder, $first: Int, $after: String) {
              dataDeletionJobs(datasetGroupArn: $group, status: $status, createdAfter: $createdAfter,
                               createdBefore: $createdBefore, orderBy: $orderBy, first: $first, after: $after) {
                totalCount
                edges { node { arn status creationDateTime } }
                pageInfo { hasNextPage hasPreviousPage endCursor }
              }
            }""";

    @Inject
    DataDeletionJobStore store;

    @Test
    void aWindowHoldsTheJobsStrictlyBetweenItsBoundsOnEveryPage() {
        String group = newDatasetGroupArn();
        List<DataDeletionJob> newestFirst = SeededJobs.seed(store, group, 20, 1);
        // Bounds at jobs' own creation times: those jobs are outside, being neither after nor before themselves.
        Instant after = newestFirst.get(15).creationDateTime();
        Instant before = newestFirst.get(4).creationDateTime();
        List<String> inside = arns(newestFirst.subList(5, 15));

        Map<String, Object> window = variables("group", group, "createdAfter", after.toString(),
                "createdBefore", before.toString());
        assertEquals(inside, pages(window, 4));
        List<String> oldestFirst = new ArrayList<>(inside);
        Collections.reverse(oldestFirst);
        Map<String, Object> ascending = new HashMap<>(window);
        ascending.put("orderBy", ASC);
        assertEquals(oldestFirst, pages(ascending, 3));
        assertEquals(10, jobs(window).getInt("data.dataDeletionJobs.totalCount"));

        // One side open: everything after, or everything before.
        assertEquals(arns(newestFirst.subList(0, 15)),
                pages(variables("group", group, "createdAfter", after.toString()), 100));
        assertEquals(arns(newestFirst.subList(5, 20)),
                pages(variables("group", group, "createdBefore", before.toString()), 100));
    }

    @Test
    void aWindowCombinesWithADatasetGroupAndStatuses() {
        String group = newDatasetGroupArn();
        List<DataDeletionJob> newestFirst = SeededJobs.seed(store, group, 24, 2,
                JobStatus.PENDING, JobStatus.IN_PROGRESS, JobStatus.COMPLETED, JobStatus.FAILED);
        SeededJobs.seed(store, newDatasetGroupArn(), 6, 2, JobStatus.FAILED);
        Instant after = newestFirst.get(20).creationDateTime();
        Instant before = newestFirst.get(3).creationDateTime();
        List<String> expected = newestFirst.stream()
                .filter(job -> job.creationDateTime().isAfter(after) && job.creationDateTime().isBefore(before))
                .filter(job -> job.status() == JobStatus.FAILED || job.status() == JobStatus.COMPLETED)
                .map(DataDeletionJob::arn).toList();
        // Two jobs a millisecond: each bound leaves out both jobs of its millisecond.
        assertEquals(8, expected.size());

        Map<String, Object> filters = variables("group", group, "status", List.of("FAILED", "COMPLETED"),
                "createdAfter", after.toString(), "createdBefore", before.toString());
        assertEquals(expected, pages(filters, 3));
        JsonPath page = jobs(filters);
        assertEquals(expected.size(), page.getInt("data.dataDeletionJobs.totalCount"));
        for (String status : page.<String> getList("data.dataDeletionJobs.edges.node.status")) {
            assertTrue(status.equals("FAILED") || status.equals("COMPLETED"), status);
        }
    }

    @Test
    void aBoundFinerThanAMillisecondSelectsWhatItSays() {
        String group = newDatasetGroupArn();
        List<DataDeletionJob> newestFirst = SeededJobs.seed(store, group, 6, 1);
        Instant oldestInside = newestFirst.get(4).creationDateTime();
        Instant newestInside = newestFirst.get(1).creationDateTime();
        // Half a millisecond around each: both jobs are strictly inside.
        Map<String, Object> window = variables("group", group,
                "createdAfter", oldestInside.minusNanos(500_000).toString(),
                "createdBefore", newestInside.plusNanos(500_000).toString());
        assertEquals(arns(newestFirst.subList(1, 5)), pages(window, 10));
        // Half a millisecond inside each: both are outside.
        Map<String, Object> narrower = variables("group", group,
                "createdAfter", oldestInside.plusNanos(500_000).toString(),
                "createdBefore", newestInside.minusNanos(500_000).toString());
        assertEquals(arns(newestFirst.subList(2, 4)), pages(narrower, 10));
    }

    @Test
    void theWidestWindowHoldsEveryJob() {
        String group = newDatasetGroupArn();
        List<DataDeletionJob> jobs = SeededJobs.seed(store, group, 3, 1);
        JsonPath page = jobs(variables("group", group, "createdAfter", "0001-01-01T00:00:00Z",
                "createdBefore", "9999-12-31T23:59:59.999Z"));
        assertEquals(arns(jobs), page.getList("data.dataDeletionJobs.edges.node.arn"));
        assertEquals(3, page.getInt("data.dataDeletionJobs.totalCount"));
    }

    @Test
    void aWindowWithNoRoomIsAnEmptyPage() {
        String group = newDatasetGroupArn();
        List<DataDeletionJob> jobs = SeededJobs.seed(store, group, 3, 1);
        Instant middle = jobs.get(1).creationDateTime();
        for (Instant before : List.of(middle, middle.minusSeconds(60), middle.plusMillis(1))) {
            JsonPath page = jobs(variables("group", group, "createdAfter", middle.toString(),
                    "createdBefore", before.toString()));
            assertEquals(List.of(), page.getList("data.dataDeletionJobs.edges"), "before " + before);
            assertEquals(0, page.getInt("data.dataDeletionJobs.totalCount"));
            assertFalse(page.getBoolean("data.dataDeletionJobs.pageInfo.hasNextPage"));
            assertNull(page.get("data.dataDeletionJobs.pageInfo.endCursor"));
        }
    }

    @Test
    void aCursorIsBoundToItsWindow() {
        String group = newDatasetGroupArn();
        List<DataDeletionJob> jobs = SeededJobs.seed(store, group, 6, 1);
        String after = jobs.get(5).creationDateTime().toString();
        String cursor = jobs(variables("group", group, "createdAfter", after, "first", 2))
                .getString("data.dataDeletionJobs.pageInfo.endCursor");
        String mismatch = "The token is not valid: it was issued for a different account, region, filter or order.";
        for (Map<String, Object> other : List.of(variables("group", group, "first", 2, "after", cursor),
                variables("group", group, "createdBefore", after, "first", 2, "after", cursor),
                variables("group", group, "createdAfter", jobs.get(4).creationDateTime().toString(), "first", 2,
                        "after", cursor))) {
            assertRefused(JOBS, other, "InvalidNextTokenException", mismatch);
        }
        assertEquals(2, jobs(variables("group", group, "createdAfter", after, "first", 2, "after", cursor))
                .getList("data.dataDeletionJobs.edges").size());
    }

    @Test
    void aBoundThatIsNoInstantOrOutOfRangeIsAnInvalidInput() {
        assertInvalidInput(variables("createdAfter", "yesterday"), "createdAfter");
        assertInvalidInput(variables("createdBefore", "2026-13-01T00:00:00Z"), "createdBefore");
        assertInvalidInput(variables("createdAfter", 1714675200), "createdAfter");
        assertInvalidInput(variables("createdBefore", "+10000-01-01T00:00:00Z"),
                "Value '+10000-01-01T00:00:00Z' at 'createdBefore' failed to satisfy constraint: Member must be"
                        + " between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z");
        assertInvalidInput(variables("createdAfter", "-0001-01-01T00:00:00Z", "group", "not-an-arn"),
                "2 validation errors detected");
    }

    private static List<String> pages(Map<String, Object> filters, int size) {
        List<String> seen = new ArrayList<>();
        String after = null;
        while (true) {
            Map<String, Object> variables = new HashMap<>(filters);
            variables.put("first", size);
            if (after != null) {
                variables.put("after", after);
            }
            JsonPath page = jobs(variables);
            seen.addAll(page.getList("data.dataDeletionJobs.edges.node.arn"));
            assertEquals(after != null, page.getBoolean("data.dataDeletionJobs.pageInfo.hasPreviousPage"));
            if (!page.getBoolean("data.dataDeletionJobs.pageInfo.hasNextPage")) {
                return seen;
            }
            after = page.getString("data.dataDeletionJobs.pageInfo.endCursor");
        }
    }

    private static void assertInvalidInput(Map<String, Object> variables, String named) {
        assertRefused(JOBS, variables, "InvalidInputException", named);
    }

    private static JsonPath jobs(Map<String, Object> variables) {
        return answered(JOBS, variables);
    }

}
