package dev.deletionjobs.graphql;

import static dev.deletionjobs.testing.AwsJsonCalls.newDatasetGroupArn;
import static dev.deletionjobs.testing.GraphQLCalls.graphql;
import static dev.deletionjobs.testing.GraphQLCalls.variables;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.deletionjobs.job.DataDeletionJobStore;
import dev.deletionjobs.metrics.ApiCalls;
import dev.deletionjobs.testing.LogCapture;
import dev.deletionjobs.testing.SeededJobs;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The connection's fields are resolved by {@link ConnectionFetchers}: the page on a worker thread, and the sides of
 * pageInfo that the page already knows on the spot, as part of the page's call (no call of their own to measure or
 * log); a side that costs the store a query goes to a worker thread, measured and logged as a call.
 */
@QuarkusTest
class ConnectionFetchersTest {

    private static final String PAGE = """
            query($group: String, $after: String) {
              dataDeletionJobs(datasetGroupArn: $group, first: 2, after: $after) {
                pageInfo { hasNextPage hasPreviousPage endCursor }
              }
            }""";

    /** A call's latency, formatted ({@code latencyMs=1.25}) or as the log record's last parameter. */
    private static final Pattern LATENCY = Pattern.compile("latencyMs=([0-9.]+) |, ([0-9.E-]+)]$");

    @Inject
    DataDeletionJobStore store;

    @Test
    void theSidesAPageKnowsArePartOfThePagesCallTheOthersCallsOnAWorker() {
        String group = newDatasetGroupArn();
        SeededJobs.seed(store, group, 5, 1);

        List<String> first;
        JsonPath page;
        try (LogCapture log = LogCapture.of(ApiCalls.class.getName())) {
            page = graphql(PAGE, variables("group", group)).then().statusCode(200).extract().jsonPath();
            first = threadsOf(log, "dataDeletionJobs", "pageInfo");
        }
        assertTrue(page.getBoolean("data.dataDeletionJobs.pageInfo.hasNextPage"));
        assertFalse(page.getBoolean("data.dataDeletionJobs.pageInfo.hasPreviousPage"));
        // A first page knows both of its sides: fetched one more than asked, and there is nothing before it.
        assertEquals(1, first.size(), first.toString());
        assertTrue(first.get(0).startsWith("dataDeletionJobs executor-thread"), first.toString());

        List<String> second;
        try (LogCapture log = LogCapture.of(ApiCalls.class.getName())) {
            page = graphql(PAGE, variables("group", group, "after",
                    page.getString("data.dataDeletionJobs.pageInfo.endCursor"))).then().statusCode(200).extract()
                    .jsonPath();
            second = threadsOf(log, "dataDeletionJobs", "pageInfo");
        }
        assertTrue(page.getBoolean("data.dataDeletionJobs.pageInfo.hasNextPage"));
        assertTrue(page.getBoolean("data.dataDeletionJobs.pageInfo.hasPreviousPage"));
        // Whether jobs precede a page fetched after a cursor is a question to the store, asked on a worker thread;
        // whether jobs follow it, the page knows.
        assertEquals(2, second.size(), second.toString());
        assertTrue(second.get(0).startsWith("dataDeletionJobs executor-thread"), second.toString());
        assertTrue(second.get(1).startsWith("pageInfo executor-thread"), second.toString());
    }

    @Test
    void aliasesOfACountOrAProbeAreAnsweredByOneCall() {
        String group = newDatasetGroupArn();
        SeededJobs.seed(store, group, 5, 1);
        String first = graphql(PAGE, variables("group", group)).then().statusCode(200).extract()
                .path("data.dataDeletionJobs.pageInfo.endCursor");

        List<String> calls;
        JsonPath page;
        try (LogCapture log = LogCapture.of(ApiCalls.class.getName())) {
            page = graphql("""
                    query($group: String, $after: String) {
                      dataDeletionJobs(datasetGroupArn: $group, first: 2, after: $after) {
                        a: totalCount b: totalCount c: totalCount
                        pageInfo { p: hasPreviousPage q: hasPreviousPage r: hasPreviousPage }
                      }
                    }""", variables("group", group, "after", first)).then().statusCode(200).extract().jsonPath();
            calls = threadsOf(log, "totalCount", "pageInfo");
        }
        assertEquals(5, page.getInt("data.dataDeletionJobs.c"));
        assertTrue(page.getBoolean("data.dataDeletionJobs.pageInfo.r"));
        // Each is logged (and measured) where it was resolved: once.
        assertEquals(2, calls.size(), calls.toString());
    }

    @Test
    void oneRequestsConnectionsAreFetchedOneAfterAnother() {
        String group = newDatasetGroupArn();
        SeededJobs.seed(store, group, 5, 1);
        StringBuilder document = new StringBuilder("query($group: String) {");
        for (int i = 0; i < 8; i++) {
            document.append(" p").append(i).append(": dataDeletionJobs(datasetGroupArn: $group, first: ").append(i + 1)
                    .append(") { edges { node { jobName } } }");
        }
        List<double[]> calls = new ArrayList<>();
        try (LogCapture log = LogCapture.of(ApiCalls.class.getName())) {
            JsonPath answer = graphql(document.append(" }").toString(), variables("group", group)).then()
                    .statusCode(200).extract().jsonPath();
            assertEquals(5, answer.getList("data.p7.edges").size());
            synchronized (log) {
                for (int i = 0; i < log.lines().size(); i++) {
                    String line = log.lines().get(i);
                    if (line.contains("operation=dataDeletionJobs ") || line.contains(", dataDeletionJobs, ")) {
                        // Logged as each call ends, with its latency: [start, end] in ms.
                        Matcher latencyMs = LATENCY.matcher(line);
                        assertTrue(latencyMs.find(), line);
                        double latency = Double.parseDouble(latencyMs.group(1) != null ? latencyMs.group(1)
                                : latencyMs.group(2));
                        Instant end = log.instants().get(i);
                        double endMillis = end.getEpochSecond() * 1e3 + end.getNano() / 1e6;
                        calls.add(new double[] { endMillis - latency, endMillis });
                    }
                }
            }
        }
        assertEquals(8, calls.size());
        calls.sort(Comparator.comparingDouble(call -> call[0]));
        for (int i = 1; i < calls.size(); i++) {
            // Fetched all at once, they overlapped by whole calls (each holding a store connection); a tenth of a
            // millisecond is left for the clocks' disagreement on when a call ended.
            assertTrue(calls.get(i)[0] >= calls.get(i - 1)[1] - 0.1, "call " + i + " began before call " + (i - 1)
                    + " ended: " + calls.stream().map(Arrays::toString).toList());
        }
    }

    /** "operation thread" for each logged call of these operations, in the order they were logged. */
    static List<String> threadsOf(LogCapture log, String... operations) {
        List<String> calls = new ArrayList<>();
        synchronized (log) {
            for (int i = 0; i < log.lines().size(); i++) {
                for (String operation : operations) {
                    String line = log.lines().get(i);
                    // The line as formatted, or its format with the parameters beside it.
                    if (line.contains("operation=" + operation + " ") || line.contains(", " + operation + ", ")) {
                        calls.add(operation + " " + log.threads().get(i));
                    }
                }
            }
        }
        return calls;
    }
}
