package dev.deletionjobs.graphql;

import static dev.deletionjobs.testing.AwsJsonCalls.newDatasetGroupArn;
import static dev.deletionjobs.testing.GraphQLCalls.answered;
import static dev.deletionjobs.testing.GraphQLCalls.graphql;
import static dev.deletionjobs.testing.GraphQLCalls.variables;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.deletionjobs.job.DataDeletionJob;
import dev.deletionjobs.job.DataDeletionJobStore;
import dev.deletionjobs.job.JobStatus;
import dev.deletionjobs.testing.SeededJobs;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/** The Relay connection: forward and backward paging with exact pageInfo, totalCount, the status filter. */
@QuarkusTest
class GraphQLPaginationTest {

    static final String JOBS = """
            query Jobs($group: String, $status: [DataDeletionJobStatus!], $first: Int, $after: String, $last: Int, $before: String) {
              dataDeletionJobs(datasetGroupArn: $group, status: $status, first: $first, after: $after,
                               last: $last, before: $before) {
                edges { cursor node { arn status } }
                nodes { arn }
                pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
              }
            }""";

    @Inject
    DataDeletionJobStore store;

    @Test
    void forwardPagesCoverEveryJobOnceWithExactPageInfo() {
        String group = newDatasetGroupArn();
        List<String> expected = arns(SeededJobs.seed(store, group, 23, 4));

        List<String> seen = new ArrayList<>();
        String after = null;
        int page = 0;
        while (true) {
            JsonPath result = jobs(variables("group", group, "first", 5, "after", after));
            List<String> arns = result.getList("data.dataDeletionJobs.edges.node.arn");
            seen.addAll(arns);
            boolean last = seen.size() == expected.size();
            assertEquals(!last, result.getBoolean("data.dataDeletionJobs.pageInfo.hasNextPage"), "page " + page);
            assertEquals(page > 0, result.getBoolean("data.dataDeletionJobs.pageInfo.hasPreviousPage"), "page " + page);
            assertCursorsMatchEdges(result);
            assertEquals(arns, result.getList("data.dataDeletionJobs.nodes.arn"));
            if (last) {
                break;
            }
            after = result.getString("data.dataDeletionJobs.pageInfo.endCursor");
            page++;
        }
        assertEquals(expected, seen);
        assertEquals(4, page);
    }

    @Test
    void backwardPagesCoverEveryJobOnceStillNewestFirst() {
        String group = newDatasetGroupArn();
        List<String> expected = arns(SeededJobs.seed(store, group, 17, 3));

        List<String> seen = new ArrayList<>();
        String before = null;
        int page = 0;
        while (true) {
            JsonPath result = jobs(variables("group", group, "last", 5, "before", before));
            List<String> arns = result.getList("data.dataDeletionJobs.edges.node.arn");
            seen.addAll(0, arns);
            boolean first = seen.size() == expected.size();
            assertEquals(!first, result.getBoolean("data.dataDeletionJobs.pageInfo.hasPreviousPage"), "page " + page);
            assertEquals(page > 0, result.getBoolean("data.dataDeletionJobs.pageInfo.hasNextPage"), "page " + page);
            assertCursorsMatchEdges(result);
            if (first) {
                break;
            }
            before = result.getString("data.dataDeletionJobs.pageInfo.startCursor");
            page++;
        }
        assertEquals(expected, seen);
        // The oldest page holds the remainder: 17 = 5 + 5 + 5 + 2, the 2 newest last.
        assertEquals(3, page);
    }

    @Test
    void pagingBackFromAMiddlePageReturnsThePreviousOne() {
        String group = newDatasetGroupArn();
        List<String> expected = arns(SeededJobs.seed(store, group, 12, 1));

        JsonPath first = jobs(variables("group", group, "first", 4));
        JsonPath second = jobs(variables("group", group, "first", 4,
                "after", first.getString("data.dataDeletionJobs.pageInfo.endCursor")));
        assertEquals(expected.subList(4, 8), second.getList("data.dataDeletionJobs.edges.node.arn"));
        assertTrue(second.getBoolean("data.dataDeletionJobs.pageInfo.hasNextPage"));
        assertTrue(second.getBoolean("data.dataDeletionJobs.pageInfo.hasPreviousPage"));

        JsonPath back = jobs(variables("group", group, "last", 4,
                "before", second.getString("data.dataDeletionJobs.pageInfo.startCursor")));
        assertEquals(expected.subList(0, 4), back.getList("data.dataDeletionJobs.edges.node.arn"));
        assertFalse(back.getBoolean("data.dataDeletionJobs.pageInfo.hasPreviousPage"));
        assertTrue(back.getBoolean("data.dataDeletionJobs.pageInfo.hasNextPage"));

        JsonPath lastTwo = jobs(variables("group", group, "last", 2));
        assertEquals(expected.subList(10, 12), lastTwo.getList("data.dataDeletionJobs.edges.node.arn"));
        assertFalse(lastTwo.getBoolean("data.dataDeletionJobs.pageInfo.hasNextPage"));
        assertTrue(lastTwo.getBoolean("data.dataDeletionJobs.pageInfo.hasPreviousPage"));
    }

    @Test
    void anEmptyPageHasNullCursorsAndTellsWhatLiesAround() {
        String group = newDatasetGroupArn();
        JsonPath empty = jobs(variables("group", group, "first", 10));
        assertEquals(List.of(), empty.getList("data.dataDeletionJobs.edges"));
        assertNull(empty.get("data.dataDeletionJobs.pageInfo.startCursor"));
        assertNull(empty.get("data.dataDeletionJobs.pageInfo.endCursor"));
        assertFalse(empty.getBoolean("data.dataDeletionJobs.pageInfo.hasNextPage"));
        assertFalse(empty.getBoolean("data.dataDeletionJobs.pageInfo.hasPreviousPage"));

        SeededJobs.seed(store, group, 3, 1);
        JsonPath none = jobs(variables("group", group, "first", 0));
        assertEquals(List.of(), none.getList("data.dataDeletionJobs.edges"));
        assertTrue(none.getBoolean("data.dataDeletionJobs.pageInfo.hasNextPage"));
        assertNull(none.get("data.dataDeletionJobs.pageInfo.endCursor"));

        JsonPath all = jobs(variables("group", group, "first", 3));
        JsonPath beyond = jobs(variables("group", group, "first", 3,
                "after", all.getString("data.dataDeletionJobs.pageInfo.endCursor")));
        assertEquals(List.of(), beyond.getList("data.dataDeletionJobs.edges"));
        assertFalse(beyond.getBoolean("data.dataDeletionJobs.pageInfo.hasNextPage"));
        assertTrue(beyond.getBoolean("data.dataDeletionJobs.pageInfo.hasPreviousPage"));
    }

    @Test
    void withoutFirstOrLastAPageHoldsTheDefault() {
        String group = newDatasetGroupArn();
        SeededJobs.seed(store, group, RelayArguments.DEFAULT_PAGE_SIZE + 1, 10);
        JsonPath page = jobs(variables("group", group));
        assertEquals(RelayArguments.DEFAULT_PAGE_SIZE, page.getList("data.dataDeletionJobs.edges").size());
        assertTrue(page.getBoolean("data.dataDeletionJobs.pageInfo.hasNextPage"));
    }

    @Test
    void theStatusFilterNarrowsEdgesAndTotalCount() {
        String group = newDatasetGroupArn();
        List<DataDeletionJob> seeded = SeededJobs.seed(store, group, 12, 1,
                JobStatus.PENDING, JobStatus.IN_PROGRESS, JobStatus.COMPLETED, JobStatus.FAILED);
        List<String> finished = seeded.stream()
                .filter(job -> job.status() == JobStatus.COMPLETED || job.status() == JobStatus.FAILED)
                .map(DataDeletionJob::arn).toList();

        String query = """
                query($group: String, $status: [DataDeletionJobStatus!], $first: Int, $after: String) {
                  dataDeletionJobs(datasetGroupArn: $group, status: $status, first: $first, after: $after) {
                    totalCount edges { node { arn status } } pageInfo { endCursor hasNextPage }
                  }
                }""";
        JsonPath first = graphql(query, variables("group", group, "status", List.of("COMPLETED", "FAILED"),
                "first", 4)).then().statusCode(200).extract().jsonPath();
        assertEquals(6, first.getInt("data.dataDeletionJobs.totalCount"));
        assertEquals(finished.subList(0, 4), first.getList("data.dataDeletionJobs.edges.node.arn"));
        JsonPath second = graphql(query, variables("group", group, "status", List.of("FAILED", "COMPLETED"),
                "first", 4, "after", first.getString("data.dataDeletionJobs.pageInfo.endCursor")))
                .then().statusCode(200).extract().jsonPath();
        assertEquals(finished.subList(4, 6), second.getList("data.dataDeletionJobs.edges.node.arn"));
        assertFalse(second.getBoolean("data.dataDeletionJobs.pageInfo.hasNextPage"));

        JsonPath all = graphql(query, variables("group", group)).then().extract().jsonPath();
        assertEquals(12, all.getInt("data.dataDeletionJobs.totalCount"));
    }

    @Test
    void totalCountIsTheSameOnEveryPage() {
        String group = newDatasetGroupArn();
        SeededJobs.seed(store, group, 7, 1);
        String query = """
                query($group: String, $after: String) {
                  dataDeletionJobs(datasetGroupArn: $group, first: 3, after: $after) {
                    totalCount pageInfo { endCursor }
                  }
                }""";
        JsonPath first = graphql(query, variables("group", group)).then().extract().jsonPath();
        JsonPath second = graphql(query, variables("group", group,
                "after", first.getString("data.dataDeletionJobs.pageInfo.endCursor"))).then().extract().jsonPath();
        assertEquals(7, first.getInt("data.dataDeletionJobs.totalCount"));
        assertEquals(7, second.getInt("data.dataDeletionJobs.totalCount"));
    }

    @Test
    void queriesMayAlsoBeSentWithGet() {
        String group = newDatasetGroupArn();
        List<String> expected = arns(SeededJobs.seed(store, group, 2, 1));
        String query = "{ dataDeletionJobs(datasetGroupArn: \"" + group + "\") { nodes { arn } } }";
        List<String> arns = RestAssured.given().queryParam("query", query).get("/graphql")
                .then().statusCode(200).extract().jsonPath().getList("data.dataDeletionJobs.nodes.arn");
        assertEquals(expected, arns);
    }

    private static JsonPath jobs(Map<String, Object> variables) {
        return answered(JOBS, variables);
    }

    private static void assertCursorsMatchEdges(JsonPath result) {
        List<String> cursors = result.getList("data.dataDeletionJobs.edges.cursor");
        if (cursors.isEmpty()) {
            return;
        }
        assertEquals(cursors.get(0), result.getString("data.dataDeletionJobs.pageInfo.startCursor"));
        assertEquals(cursors.get(cursors.size() - 1), result.getString("data.dataDeletionJobs.pageInfo.endCursor"));
        assertEquals(cursors.size(), Collections.frequency(cursors, null) + cursors.stream().distinct().count());
    }

    private static List<String> arns(List<DataDeletionJob> jobs) {
        return jobs.stream().map(DataDeletionJob::arn).toList();
    }
}
