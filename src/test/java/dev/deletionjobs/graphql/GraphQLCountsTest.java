package dev.deletionjobs.graphql;

import static dev.deletionjobs.testing.AwsJsonCalls.newDatasetGroupArn;
import static dev.deletionjobs.testing.GraphQLCalls.answered;
import static dev.deletionjobs.testing.GraphQLCalls.assertRefused;
import static dev.deletionjobs.testing.GraphQLCalls.variables;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.deletionjobs.job.DataDeletionJob;
import dev.deletionjobs.job.DataDeletionJobStore;
import dev.deletionjobs.job.JobStatus;
import dev.deletionjobs.testing.LogCapture;
import dev.deletionjobs.testing.SeededJobs;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** dataDeletionJobCounts: a dashboard header's counts, every status listed, with and without filters. */
@QuarkusTest
class GraphQLCountsTest {

    static final String COUNTS = """
            query Counts($group: String, $createdAfter: DateTime, $createdBefore: DateTime) {
              dataDeletionJobCounts(datasetGroupArn: $group, createdAfter: $createdAfter,
                                    createdBefore: $createdBefore) {
                total
                byStatus { status count }
              }
            }""";

    @Inject
    DataDeletionJobStore store;

    @Test
    void aDatasetGroupsJobsAreCountedInEachStatusInTheEnumsOrder() {
        String group = newDatasetGroupArn();
        SeededJobs.seed(store, group, 10, 1, JobStatus.FAILED, JobStatus.PENDING, JobStatus.COMPLETED,
                JobStatus.IN_PROGRESS);
        SeededJobs.seed(store, newDatasetGroupArn(), 5, 1, JobStatus.FAILED);
        JsonPath counts = counts(variables("group", group));
        assertEquals(10, counts.getInt("data.dataDeletionJobCounts.total"));
        assertEquals(List.of(count("PENDING", 3), count("IN_PROGRESS", 2), count("COMPLETED", 2), count("FAILED", 3)),
                counts.getList("data.dataDeletionJobCounts.byStatus"));
    }

    @Test
    void aStatusWithoutJobsIsListedAtZero() {
        String group = newDatasetGroupArn();
        SeededJobs.seed(store, group, 4, 2, JobStatus.COMPLETED);
        assertEquals(List.of(count("PENDING", 0), count("IN_PROGRESS", 0), count("COMPLETED", 4), count("FAILED", 0)),
                counts(variables("group", group)).getList("data.dataDeletionJobCounts.byStatus"));

        JsonPath none = counts(variables("group", newDatasetGroupArn()));
        assertEquals(0, none.getInt("data.dataDeletionJobCounts.total"));
        assertEquals(List.of(count("PENDING", 0), count("IN_PROGRESS", 0), count("COMPLETED", 0), count("FAILED", 0)),
                none.getList("data.dataDeletionJobCounts.byStatus"));
    }

    @Test
    void aWindowNarrowsTheCounts() {
        String group = newDatasetGroupArn();
        List<DataDeletionJob> newestFirst = SeededJobs.seed(store, group, 12, 1, JobStatus.PENDING,
                JobStatus.FAILED);
        Instant after = newestFirst.get(9).creationDateTime();
        Instant before = newestFirst.get(2).creationDateTime();
        // Jobs 3 to 8: PENDING at odd places of the cycle, FAILED at even ones, three each.
        JsonPath window = counts(variables("group", group, "createdAfter", after.toString(),
                "createdBefore", before.toString()));
        assertEquals(6, window.getInt("data.dataDeletionJobCounts.total"));
        assertEquals(List.of(count("PENDING", 3), count("IN_PROGRESS", 0), count("COMPLETED", 0), count("FAILED", 3)),
                window.getList("data.dataDeletionJobCounts.byStatus"));
        // Before job 2: jobs 3 to 11.
        assertEquals(9, counts(variables("group", group, "createdBefore", before.toString()))
                .getInt("data.dataDeletionJobCounts.total"));
        assertEquals(0, counts(variables("group", group, "createdAfter", before.toString(),
                "createdBefore", after.toString())).getInt("data.dataDeletionJobCounts.total"));
    }

    @Test
    void withoutFiltersTheCallersWholeAccountIsCounted() {
        String group = newDatasetGroupArn();
        SeededJobs.seed(store, group, 3, 1, JobStatus.FAILED);
        // The counts and the connection's counts of the same account, in one request.
        JsonPath both = answered("""
                {
                  dataDeletionJobCounts { total byStatus { status count } }
                  all: dataDeletionJobs(first: 0) { totalCount }
                  failed: dataDeletionJobs(status: [FAILED], first: 0) { totalCount }
                }""", Map.of());
        int total = both.getInt("data.dataDeletionJobCounts.total");
        assertTrue(total >= 3);
        assertEquals(both.getInt("data.all.totalCount"), total);
        List<Map<String, Object>> byStatus = both.getList("data.dataDeletionJobCounts.byStatus");
        assertEquals(total, byStatus.stream().mapToInt(count -> (Integer) count.get("count")).sum());
        assertEquals(count("FAILED", both.getInt("data.failed.totalCount")), byStatus.get(3));
    }

    @Test
    void badArgumentsAreInvalidInputs() {
        try (LogCapture logs = LogCapture.of("")) {
            assertInvalidInput(variables("group", "not-an-arn"),
                    "1 validation error detected: Value 'not-an-arn' at 'datasetGroupArn' failed to satisfy"
                            + " constraint: Member must satisfy regular expression pattern");
            assertInvalidInput(variables("createdAfter", "-0001-01-01T00:00:00Z",
                    "createdBefore", "+10000-01-01T00:00:00Z"), "2 validation errors detected");
            assertInvalidInput(variables("createdAfter", "last week"), "createdAfter");
            assertEquals(List.of(), logs.errors(), "a client's mistake logs no error");
        }
    }

    private static Map<String, Object> count(String status, int count) {
        return Map.of("status", status, "count", count);
    }

    private static JsonPath counts(Map<String, Object> variables) {
        return answered(COUNTS, variables);
    }

    private static void assertInvalidInput(Map<String, Object> variables, String message) {
        assertRefused(COUNTS, variables, "InvalidInputException", message);
    }
}
