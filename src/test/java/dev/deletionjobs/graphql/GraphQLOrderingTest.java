package dev.deletionjobs.graphql;

import static dev.deletionjobs.testing.AwsJsonCalls.newDatasetGroupArn;
import static dev.deletionjobs.testing.GraphQLCalls.answered;
import static dev.deletionjobs.testing.GraphQLCalls.assertRefused;
import static dev.deletionjobs.testing.GraphQLCalls.variables;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.deletionjobs.job.DataDeletionJob;
import dev.deletionjobs.job.DataDeletionJobStore;
import dev.deletionjobs.job.JobStatus;
import dev.deletionjobs.testing.LogCapture;
import dev.deletionjobs.testing.SeededJobs;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** orderBy: oldest first is the exact reverse of newest first, paged both ways, and cursors keep to their order. */
@QuarkusTest
class GraphQLOrderingTest {

    static final String JOBS = """
            query Jobs($group: String, $orderBy: DataDeletionJobOrder, $first: Int, $after: String, $last: Int,
                       $before: String) {
              dataDeletionJobs(datasetGroupArn: $group, orderBy: $orderBy, first: $first, after: $after,
                               last: $last, before: $before) {
                edges { cursor node { arn } }
                pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
              }
            }""";

    static final Map<String, String> ASC = Map.of("field", "CREATION_DATE_TIME", "direction", "ASC");
    static final Map<String, String> DESC = Map.of("field", "CREATION_DATE_TIME", "direction", "DESC");

    @Inject
    DataDeletionJobStore store;

    @Test
    void ascendingForwardPagesAreTheReverseOfDescendingWithExactPageInfo() {
        String group = newDatasetGroupArn();
        // Three jobs a millisecond: ties on creation time are broken by the ARN, ascending too.
        List<String> newestFirst = arns(SeededJobs.seed(store, group, 23, 3));
        assertEquals(newestFirst, forwardPages(group, DESC, 5, 23));
        assertEquals(newestFirst, forwardPages(group, null, 5, 23), "without orderBy, newest first");
        assertEquals(reversed(newestFirst), forwardPages(group, ASC, 5, 23));
    }

    @Test
    void tiesOfNamesInEitherCaseWithDashesAndUnderscoresAreOrderedBytewiseOnEveryStore() {
        String group = newDatasetGroupArn();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Instant created = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<String> oldestFirst = new ArrayList<>();
        // Every kind of character a job name holds, in one millisecond: a collation by locale (which weighs case and
        // punctuation apart from the bytes) would order these unlike MongoDB, and every token would move with it.
        for (String name : List.of("a", "A", "z", "Z", "0", "9", "a-", "a_", "aa", "aA", "a0", "a-a", "a_a", "A_",
                "Z-")) {
            String jobName = name + suffix;
            DataDeletionJob job = new DataDeletionJob(SeededJobs.SCOPE.dataDeletionJobArn(jobName), SeededJobs.SCOPE,
                    jobName, group, "s3://bucket/" + jobName + ".csv", "arn:aws:iam::000000000000:role/R", List.of(),
                    JobStatus.PENDING, null, null, created, created);
            assertTrue(store.insert(job));
            oldestFirst.add(job.arn());
        }
        Collections.sort(oldestFirst);
        int total = oldestFirst.size();
        assertEquals(oldestFirst, forwardPages(group, ASC, 4, total));
        assertEquals(oldestFirst, backwardPages(group, ASC, 4, total));
        assertEquals(reversed(oldestFirst), forwardPages(group, DESC, 4, total));
        assertEquals(reversed(oldestFirst), backwardPages(group, DESC, 4, total));
    }

    @Test
    void ascendingBackwardPagesAreTheReverseOfDescendingWithExactPageInfo() {
        String group = newDatasetGroupArn();
        List<String> newestFirst = arns(SeededJobs.seed(store, group, 17, 2));
        assertEquals(newestFirst, backwardPages(group, DESC, 4, 17));
        assertEquals(reversed(newestFirst), backwardPages(group, ASC, 4, 17));
    }

    @Test
    void pagingBackFromAMiddleAscendingPageReturnsThePreviousOne() {
        String group = newDatasetGroupArn();
        List<String> oldestFirst = reversed(arns(SeededJobs.seed(store, group, 12, 1)));

        JsonPath first = jobs(variables("group", group, "orderBy", ASC, "first", 4));
        assertEquals(oldestFirst.subList(0, 4), edgeArns(first));
        JsonPath second = jobs(variables("group", group, "orderBy", ASC, "first", 4, "after", endCursor(first)));
        assertEquals(oldestFirst.subList(4, 8), edgeArns(second));
        assertTrue(pageInfo(second, "hasNextPage"));
        assertTrue(pageInfo(second, "hasPreviousPage"));

        JsonPath back = jobs(variables("group", group, "orderBy", ASC, "last", 4,
                "before", second.getString("data.dataDeletionJobs.pageInfo.startCursor")));
        assertEquals(oldestFirst.subList(0, 4), edgeArns(back));
        assertFalse(pageInfo(back, "hasPreviousPage"));
        assertTrue(pageInfo(back, "hasNextPage"));

        JsonPath newestTwo = jobs(variables("group", group, "orderBy", ASC, "last", 2));
        assertEquals(oldestFirst.subList(10, 12), edgeArns(newestTwo));
        assertFalse(pageInfo(newestTwo, "hasNextPage"));
        assertTrue(pageInfo(newestTwo, "hasPreviousPage"));
    }

    @Test
    void aCursorOfOneOrderIsRefusedInTheOther() {
        String group = newDatasetGroupArn();
        SeededJobs.seed(store, group, 6, 1);
        String descending = endCursor(jobs(variables("group", group, "first", 2)));
        String ascending = endCursor(jobs(variables("group", group, "orderBy", ASC, "first", 2)));
        String mismatch = "The token is not valid: it was issued for a different account, region, filter or order.";
        try (LogCapture logs = LogCapture.of("")) {
            assertRefused(JOBS, variables("group", group, "orderBy", ASC, "first", 2, "after", descending),
                    "InvalidNextTokenException", mismatch);
            assertRefused(JOBS, variables("group", group, "orderBy", ASC, "last", 2, "before", descending),
                    "InvalidNextTokenException", mismatch);
            assertRefused(JOBS, variables("group", group, "first", 2, "after", ascending), "InvalidNextTokenException",
                    mismatch);
            assertRefused(JOBS, variables("group", group, "orderBy", DESC, "last", 2, "before", ascending),
                    "InvalidNextTokenException", mismatch);
            assertEquals(List.of(), logs.errors(), "a client's mistake logs no error");
        }
        // A cursor of the default order is the same whether orderBy says DESC or nothing.
        assertEquals(2, edgeArns(jobs(variables("group", group, "orderBy", DESC, "first", 2, "after", descending)))
                .size());
    }

    @Test
    void anOrderWrittenInTheDocumentOrNullOrdersAsItSays() {
        String group = newDatasetGroupArn();
        List<String> newestFirst = arns(SeededJobs.seed(store, group, 6, 2));
        assertEquals(reversed(newestFirst), writtenOrder(group, "{direction: ASC, field: CREATION_DATE_TIME}"));
        assertEquals(newestFirst, writtenOrder(group, "{field: CREATION_DATE_TIME, direction: DESC}"));
        assertEquals(newestFirst, writtenOrder(group, "null"), "orderBy: null is newest first");
    }

    /** The group's jobs in the order {@code orderBy}, written into the document, gives them. */
    private static List<String> writtenOrder(String group, String orderBy) {
        String query = "query($group: String) { dataDeletionJobs(datasetGroupArn: $group, first: 10, orderBy: "
                + orderBy + ") { edges { node { arn } } } }";
        return edgeArns(answered(query, variables("group", group)));
    }

    @Test
    void aBadOrderIsAnInvalidInput() {
        assertInvalidInput(variables("orderBy", Map.of("field", "CREATION_DATE_TIME")), "direction");
        assertInvalidInput(variables("orderBy", Map.of("field", "JOB_NAME", "direction", "ASC")), "JOB_NAME");
        assertInvalidInput(variables("orderBy", Map.of("field", "CREATION_DATE_TIME", "direction", "UP")), "UP");
        assertInvalidInput(variables("orderBy", "ASC"), "orderBy");
    }

    /** Every page forward from the start; each page's pageInfo must say exactly whether jobs lie on each side. */
    private static List<String> forwardPages(String group, Map<String, String> orderBy, int size, int total) {
        List<String> seen = new ArrayList<>();
        String after = null;
        for (int page = 0; page <= total / size; page++) {
            JsonPath result = jobs(variables("group", group, "orderBy", orderBy, "first", size, "after", after));
            seen.addAll(edgeArns(result));
            assertEquals(seen.size() < total, pageInfo(result, "hasNextPage"), "page " + page);
            assertEquals(page > 0, pageInfo(result, "hasPreviousPage"), "page " + page);
            if (seen.size() == total) {
                return seen;
            }
            after = endCursor(result);
        }
        throw new AssertionError("more pages than " + total + " jobs fill: " + seen);
    }

    /** Every page backward from the end, put together in the connection's order. */
    private static List<String> backwardPages(String group, Map<String, String> orderBy, int size, int total) {
        List<String> seen = new ArrayList<>();
        String before = null;
        for (int page = 0; page <= total / size; page++) {
            JsonPath result = jobs(variables("group", group, "orderBy", orderBy, "last", size, "before", before));
            seen.addAll(0, edgeArns(result));
            assertEquals(seen.size() < total, pageInfo(result, "hasPreviousPage"), "page " + page);
            assertEquals(page > 0, pageInfo(result, "hasNextPage"), "page " + page);
            if (seen.size() == total) {
                return seen;
            }
            before = result.getString("data.dataDeletionJobs.pageInfo.startCursor");
        }
        throw new AssertionError("more pages than " + total + " jobs fill: " + seen);
    }

    private static void assertInvalidInput(Map<String, Object> variables, String named) {
        assertRefused(JOBS, variables, "InvalidInputException", named);
    }

    static JsonPath jobs(Map<String, Object> variables) {
        return answered(JOBS, variables);
    }

    static List<String> edgeArns(JsonPath result) {
        return result.getList("data.dataDeletionJobs.edges.node.arn");
    }

    static String endCursor(JsonPath result) {
        return result.getString("data.dataDeletionJobs.pageInfo.endCursor");
    }

    private static boolean pageInfo(JsonPath result, String field) {
        return result.getBoolean("data.dataDeletionJobs.pageInfo." + field);
    }

    static List<String> arns(List<DataDeletionJob> jobs) {
        return jobs.stream().map(DataDeletionJob::arn).toList();
    }

    private static List<String> reversed(List<String> list) {
        List<String> copy = new ArrayList<>(list);
        Collections.reverse(copy);
        return copy;
    }
}
