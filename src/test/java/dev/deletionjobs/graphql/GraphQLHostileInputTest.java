package dev.deletionjobs.graphql;

import static dev.deletionjobs.testing.AwsJsonCalls.newDatasetGroupArn;
import static dev.deletionjobs.testing.GraphQLCalls.graphql;
import static dev.deletionjobs.testing.GraphQLCalls.variables;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.deletionjobs.http.RequestIds;
import dev.deletionjobs.job.DataDeletionJobStore;
import dev.deletionjobs.job.JobStatus;
import dev.deletionjobs.metrics.ApiCalls;
import dev.deletionjobs.testing.LogCapture;
import dev.deletionjobs.testing.RawHttp;
import dev.deletionjobs.testing.SeededJobs;
import graphql.introspection.IntrospectionQuery;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Documents built to exhaust the service are refused, each with a code of its own and no data, before any field
 * (and so the store) is touched; ordinary requests, and a real dashboard's, keep being answered.
 */
@QuarkusTest
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GraphQLHostileInputTest {

    private static final String PAGE_OF_EVERYTHING = "dataDeletionJobs(first: 100) { totalCount edges { node {"
            + " arn jobName status failureReason numDeleted datasetGroupArn roleArn creationDateTime"
            + " lastUpdatedDateTime dataSource { dataLocation } tags { tagKey tagValue } } } }";

    /** The issue's: 400 aliased pages (of 100, the default) of every field, short enough to be read. */
    private static final String FOUR_HUNDRED_PAGES = IntStream.range(0, 400)
            .mapToObj(i -> "p" + i + ":dataDeletionJobs{...Page}")
            .collect(Collectors.joining(" ", "{ ", " }\n"))
            + "fragment Page on DataDeletionJobConnection { totalCount edges { node { arn jobName status"
            + " failureReason numDeleted datasetGroupArn roleArn creationDateTime lastUpdatedDateTime"
            + " dataSource { dataLocation } tags { tagKey tagValue } } } }";

    @Inject
    DataDeletionJobStore store;

    @Test
    void aRefusedPostsBodyIsDroppedAndItsConnectionClosedNotReadForEver() throws Exception {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String head = RawHttp.readHead(socket.getInputStream());
            assertTrue(head.startsWith("HTTP/1.1 415"), head);
            // The body keeps coming after the refusal: it was read and dropped while the connection stayed open, for
            // as long as it came. Now the connection closes at the body's deadline (3 s in tests).
            byte[] chunk = ("400\r\n" + "a".repeat(1024) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            boolean closed = false;
            while (!closed && System.nanoTime() < giveUp) {
                try {
                    out.write(chunk);
                    out.flush();
                    Thread.sleep(100);
                } catch (SocketException e) {
                    closed = true;
                }
            }
            assertTrue(closed, "the connection was still open after 20 s of body");
        }
    }

    @Test
    void aDocumentTooLongIsRefusedUnread() {
        String padded = "{ __typename }\n#" + "x".repeat(20_000);
        assertRefusedUntouched(padded, "DocumentTooLargeException",
                "The document is " + padded.length() + " characters long; at most 16384 are allowed.");
    }

    @Test
    void aMalformedHostIsAGraphQLErrorNotAnErrorInTheLog() throws IOException {
        try (LogCapture logs = LogCapture.of("")) {
            for (String host : List.of("a b", "exa%mple.com", "example.com/evil", "[::1", "localhost:99999999")) {
                for (String refused : RawHttp.typenameByPostAndGet("Host: " + host + "\r\n")) {
                    assertTrue(refused.startsWith("HTTP/1.1 400 "), host + ": " + refused);
                    assertTrue(refused.endsWith("{\"errors\":[{\"message\":\"The request needs a Host header with a"
                            + " valid host name and optional port.\",\"extensions\":{\"code\":"
                            + "\"InvalidInputException\"}}]}"), refused);
                }
            }
            assertEquals(List.of(), logs.errors());
        }
    }

    @Test
    void aSecondHostIsAGraphQLError() throws IOException {
        for (String refused : RawHttp.typenameByPostAndGet("Host: localhost\r\nHost: internal.example\r\n")) {
            assertTrue(refused.startsWith("HTTP/1.1 400 "), refused);
            assertTrue(refused.endsWith("{\"errors\":[{\"message\":\"The request has 2 Host headers; HTTP allows"
                    + " one.\",\"extensions\":{\"code\":\"InvalidInputException\"}}]}"), refused);
        }
    }

    @Test
    void aBodyOverTheLimitIsAGraphQLErrorNamingTheLimit() {
        // Past quarkus.http.limits.max-body-size (1 MiB here): refused as it arrives, never parsed.
        String body = "{\"query\":\"{ __typename }\",\"variables\":{\"padding\":\"" + "x".repeat(1_100_000) + "\"}}";
        try (LogCapture logs = LogCapture.of("")) {
            given().contentType("application/json").body(body).post("/graphql").then()
                    .statusCode(413)
                    .contentType(startsWith("application/json"))
                    .body("data", nullValue())
                    .body("errors", hasSize(1))
                    .body("errors[0].extensions.code", equalTo("InvalidInputException"))
                    .body("errors[0].message", equalTo(
                            "The request body is larger than the 1048576 bytes this service accepts."));
            assertEquals(List.of(), logs.errors());
        }
    }

    @Test
    void aBodyThatNeverArrivesIsRefusedAtTheDeadline() throws IOException {
        try (LogCapture logs = LogCapture.of("")) {
            String answer = RawHttp.exchange("POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type:"
                    + " application/json\r\nContent-Length: 1048576\r\n\r\n{");
            assertTrue(answer.startsWith("HTTP/1.1 408 "), answer);
            assertTrue(answer.endsWith("{\"errors\":[{\"message\":\"The request body did not arrive within 3"
                    + " seconds.\",\"extensions\":{\"code\":\"RequestTimeoutException\"}}]}"), answer);
            assertEquals(List.of(), logs.errors());
        }
    }

    @Test
    void aMalformedChunkedBodyIsRefusedWithoutAnErrorInTheLog() throws IOException {
        try (LogCapture logs = LogCapture.of("")) {
            for (String size : List.of("zz", "ffffffffffffffffff")) {
                String answer = RawHttp.exchange("POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type:"
                        + " application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + size + "\r\n{}\r\n0\r\n\r\n");
                assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 400 "), answer);
                assertTrue(answer.isEmpty() || answer.contains("InvalidInputException"), answer);
            }
            assertEquals(List.of(), logs.errors());
        }
    }

    @Test
    void aListLongerThanAnyOperationTakesIsRefusedBeforeTheEngineReadsIt() {
        String query = "query($statuses: [DataDeletionJobStatus!]) { dataDeletionJobs(first: 1, status: $statuses)"
                + " { pageInfo { hasNextPage } } }";
        graphql(query, variables("statuses", Collections.nCopies(1_000, "FAILED"))).then().statusCode(200)
                .body("errors", nullValue());
        assertRequestRefused(graphql(query, variables("statuses", Collections.nCopies(100_000, "FAILED"))),
                "The request's variables.statuses is a list of 100000 values; at most 1000 are read.");
        // Wherever it is, declared or not: the engine would convert it all the same.
        assertRequestRefused(graphql("{ __typename }",
                variables("unused", Map.of("deep", List.of(Collections.nCopies(1_001, 1))))),
                "The request's variables.unused.deep.0 is a list of 1001 values; at most 1000 are read.");
        String listInTheUrl = IntStream.range(0, 1_001).mapToObj(i -> "1").collect(Collectors.joining(",", "[", "]"));
        assertRequestRefused(given().queryParam("query", "{ __typename }")
                .queryParam("variables", "{\"v\":" + listInTheUrl + "}").get("/graphql"),
                "The request's variables.v is a list of 1001 values; at most 1000 are read.");
    }

    @Test
    void aBodyOfMoreValuesThanAnyRequestNeedsIsRefusedBeforeItIsDecoded() {
        // 20,000 lists of one value, each within the bound, in a member nobody reads: once decoded whole, and a
        // megabyte of such values held 24 MB until the request was answered.
        String values = String.join(",", Collections.nCopies(20_000, "[1]"));
        assertRequestRefused(given().contentType(ContentType.JSON)
                .body("{\"query\":\"{ __typename }\",\"junk\":[" + values + "]}").post("/graphql"),
                "The request's junk is a list of 20000 values; at most 1000 are read.");
        assertRequestRefused(given().contentType(ContentType.JSON)
                .body("{\"query\":\"{ __typename }\",\"variables\":{\"v\":[" + String.join(",",
                        Collections.nCopies(1_000, "[" + String.join(",", Collections.nCopies(10, "1")) + "]"))
                        + "]}}")
                .post("/graphql"),
                "The request body holds 11004 JSON values; at most 10000 are read.");
        // What the count cannot read is not decoded either: Vert.x's decoder reads comments.
        for (String body : new String[] { "{\"query\":\"{ __typename }\",/**/\"junk\":[" + values + "]}",
                "{\"query\":\"{ __typename }\"} {}", "[{\"query\":\"{ __typename }\"}]" }) {
            assertRequestRefused(given().contentType(ContentType.JSON).body(body).post("/graphql"),
                    "The request body must be a JSON object with a query string.");
        }
        // Of two lists too long, the one that starts first is named, as the decoded tree's walk names it.
        String ones = String.join(",", Collections.nCopies(1_000, "1"));
        assertRequestRefused(given().contentType(ContentType.JSON).body("{\"query\":\"{ __typename }\","
                + "\"variables\":{\"outer\":[[" + ones + ",1]," + ones + "]}}").post("/graphql"),
                "The request's variables.outer is a list of 1001 values; at most 1000 are read.");
    }

    /**
     * Refused before it is decoded: 997 objects deep under names of 1,040 characters, a megabyte of request held 517
     * MB of paths while its variables were checked, and a 256 MB heap ran out (the replica exits then).
     */
    @Test
    void aBodyNestedTooDeepOrWithOverlongOrRepeatedNamesIsRefusedBeforeItIsDecoded() {
        String name = "k".repeat(1_040);
        String deep = ("{\"" + name + "\":").repeat(997) + "1" + "}".repeat(997);
        try (LogCapture logs = LogCapture.of("")) {
            assertRequestRefused(given().contentType(ContentType.JSON)
                    .body("{\"query\":\"{ __typename }\",\"variables\":{\"v\":" + deep + "}}").post("/graphql"),
                    "The request holds a member name of 1040 characters; at most 256 are read.");
            String shortNames = ("{\"k\":").repeat(997) + "1" + "}".repeat(997);
            assertRequestRefused(given().contentType(ContentType.JSON)
                    .body("{\"query\":\"{ __typename }\",\"variables\":{\"v\":" + shortNames + "}}")
                    .post("/graphql"), "The request nests JSON more than 32 levels deep.");
            // The engine read the last of two, a proxy in front of it may have read the first.
            assertRequestRefused(given().contentType(ContentType.JSON)
                    .body("{\"query\":\"{ __typename }\",\"query\":\"{ dataDeletionJobs { totalCount } }\"}")
                    .post("/graphql"), "The request names its member query twice.");
            assertEquals(List.of(), logs.errors());
        }
        // As deep as a request may be: a variable nobody declared, 30 levels down.
        String deepest = ("{\"k\":").repeat(29) + "1" + "}".repeat(29);
        given().contentType(ContentType.JSON)
                .body("{\"query\":\"{ __typename }\",\"variables\":{\"v\":" + deepest + "}}").post("/graphql")
                .then().statusCode(200).body("errors", nullValue());
    }

    @Test
    void aNumberTooLargeToReadIsRefusedAsOne() {
        assertRequestRefused(given().contentType(ContentType.JSON)
                .body("{\"query\": \"query($n: Int) { dataDeletionJobs(first: $n) { totalCount } }\","
                        + " \"variables\": {\"n\": 1e400}}")
                .post("/graphql"), "The request's variables.n is a number too large to read.");
    }

    /** Refused as a request the engine never read: HTTP 400, one error with its code, no data. */
    private static void assertRequestRefused(Response response, String message) {
        response.then().statusCode(400)
                .body("$", not(hasKey("data")))
                .body("errors", hasSize(1))
                .body("errors[0].extensions.code", equalTo("InvalidInputException"))
                .body("errors[0].message", equalTo(message));
    }

    @Test
    void aDocumentTooDeepIsRefused() {
        String deep = "{ __schema { types { " + "ofType { ".repeat(14) + "name" + " }".repeat(14) + " } } }";
        assertRefusedUntouched(deep, "QueryTooDeepException",
                "The query nests 17 fields deep; at most 15 are allowed.");
    }

    @Test
    void tooManyRootFieldsAreRefused() {
        String counts = IntStream.range(0, 21).mapToObj(i -> "c" + i + ": dataDeletionJobs(first: 1) { totalCount }")
                .collect(Collectors.joining(" ", "{ ", " }"));
        assertRefusedUntouched(counts, "TooManyRootFieldsException",
                "The operation asks for 21 fields at its root (aliases included); at most 20 are allowed.");
        // The issue's: 300 aliased connections, each repeating totalCount 300 times through a fragment.
        String repeated = IntStream.range(0, 300).mapToObj(i -> "c" + i + ": dataDeletionJobs { ...Counts }")
                .collect(Collectors.joining(" ", "{ ", " }\n"))
                + "fragment Counts on DataDeletionJobConnection { " + "totalCount ".repeat(300) + "}";
        assertRefusedUntouched(repeated, "TooManyRootFieldsException",
                "The operation asks for 300 fields at its root (aliases included); at most 20 are allowed.");
    }

    @Test
    void aQueryTooCostlyIsRefused() {
        String pages = IntStream.range(0, 8).mapToObj(i -> "p" + i + ": " + PAGE_OF_EVERYTHING)
                .collect(Collectors.joining(" ", "{ ", " }"));
        Response response = assertRefused(pages, "QueryTooComplexException");
        assertTrue(response.path("errors[0].message").toString().startsWith("The query may cost "),
                response::asString);
        // Tags repeated through aliases under one page cost as much as the pages would.
        String tags = IntStream.range(0, 9).mapToObj(i -> "t" + i + ": tags { tagKey tagValue }")
                .collect(Collectors.joining(" ", "{ dataDeletionJobs { nodes { ", " } } }"));
        assertRefused(tags, "QueryTooComplexException");
        assertRefusedUntouched(QueryCostTest.FRAGMENT_BOMB, "QueryTooComplexException", "The query may cost more than"
                + " 500000 points; at most 500000 are allowed. Ask for smaller pages (first or last), fewer fields or"
                + " fewer aliases.");
        assertRefused(FOUR_HUNDRED_PAGES, "TooManyRootFieldsException");
        // Written out without the fragment, the same document is too long to be read at all.
        String written = IntStream.range(0, 400).mapToObj(i -> "p" + i + ": " + PAGE_OF_EVERYTHING)
                .collect(Collectors.joining(" ", "{ ", " }"));
        assertRefused(written, "DocumentTooLargeException");
    }

    @Test
    void anAnswerLongerThanTheLimitIsRefusedBeforeItIsBuilt() {
        // Within the points: 23 aliases of a page's tag values, once answered with some 120 MB from 400 characters.
        String aliases = IntStream.range(0, 23).mapToObj(i -> "v" + i + ": tagValue")
                .collect(Collectors.joining(" ", "{ dataDeletionJobs(first: 100) { nodes { tags { ", " } } } }"));
        assertRefusedUntouched(aliases, "QueryTooComplexException", "The answer may be 475041335 bytes long; at most"
                + " 36000000 are allowed. Ask for smaller pages (first or last), fewer fields or fewer aliases.");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void fragmentsThatDoubleAreRefusedBeforeTheyMultiply() {
        for (int fragments : new int[] { 26, 40 }) {
            // 2^25 and 2^39 fields spelled out, in 2 and 3 KB: once, measuring them ran out of heap.
            assertRefusedUntouched(QueryCostTest.doublingFragments(fragments), "QueryTooComplexException",
                    "The query writes '__typename' more than 100 times in one selection (fragments spelled out); at"
                            + " most 100 are allowed.");
        }
    }

    @Test
    void aFieldWrittenThousandsOfTimesIsRefused() {
        assertRefusedUntouched("{ dataDeletionJobs(first: 100) { nodes { " + "id ".repeat(5000) + "} } }",
                "QueryTooComplexException", "The query writes 'id' more than 100 times in one selection (fragments"
                        + " spelled out); at most 100 are allowed.");
        // A long alias written as often is echoed as every other value is: its first 100 characters.
        String alias = "a".repeat(120);
        assertRefusedUntouched("{ dataDeletionJobs(first: 100) { nodes { " + (alias + ": id ").repeat(101) + "} } }",
                "QueryTooComplexException", "The query writes '" + "a".repeat(100) + "...' more than 100 times in one"
                        + " selection (fragments spelled out); at most 100 are allowed.");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aLongChainOfFragmentsRunsAndACycleIsOneRefusal() {
        graphql(FragmentCyclesTest.chain(450, false)).then().statusCode(200)
                .body("errors", nullValue())
                .body("data.__typename", equalTo("Query"));
        // Three fragments in a cycle: one error, where the engine's rule reported each fragment of it.
        assertRefusedUntouched("{ ...A } fragment A on Query { ...B } fragment B on Query { ...C }"
                + " fragment C on Query { __typename ...A }", "InvalidInputException",
                "Validation error (FragmentCycle@[A]) : Fragment cycles not allowed");
    }

    @Test
    void introspectionInBadFaithIsRefusedWithACode() {
        String types = IntStream.range(0, 20).mapToObj(i -> "t" + i + ": __type(name: \"Query\") { name }")
                .collect(Collectors.joining(" ", "{ ", " }"));
        for (String query : List.of("{ a: __schema { types { name } } b: __schema { types { name } } }", types)) {
            Response response = assertRefused(query, "QueryTooComplexException");
            assertTrue(response.path("errors[0].message").toString()
                    .startsWith("This request is not asking for introspection in good faith"), response::asString);
        }
        try (LogCapture log = LogCapture.of(ApiCalls.class.getName())) {
            String id = assertRefused(types, "QueryTooComplexException").header(RequestIds.HEADER);
            assertEquals(1, log.lines().stream().filter(line -> line.contains(id)
                    && line.contains("invalid-request") && line.contains("QueryTooComplexException")).count(),
                    log.lines()::toString);
        }
    }

    @Test
    void theDashboardQueriesOfTheDocsRun() {
        String group = newDatasetGroupArn();
        SeededJobs.seed(store, group, 4, 1, JobStatus.PENDING, JobStatus.FAILED);
        String recent = "query RecentFailures($group: String, $after: String) {"
                + " dataDeletionJobs(datasetGroupArn: $group, status: [FAILED], first: 20, after: $after) { totalCount"
                + " edges { cursor node { id arn jobName status failureReason creationDateTime } }"
                + " pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }";
        graphql(recent, variables("group", group)).then().statusCode(200)
                .body("errors", nullValue())
                .body("data.dataDeletionJobs.totalCount", equalTo(2));
        String id = graphql("query($g: String) { dataDeletionJobs(datasetGroupArn: $g, first: 1) { nodes { id } } }",
                variables("g", group)).then().statusCode(200).extract().path("data.dataDeletionJobs.nodes[0].id");
        String watched = "query Watched($id: ID!, $group: String, $open: [DataDeletionJobStatus!]) {"
                + " job: node(id: $id) { id ... on DataDeletionJob { status lastUpdatedDateTime } }"
                + " open: dataDeletionJobs(datasetGroupArn: $group, status: $open, first: 10) { totalCount nodes { id"
                + " jobName status } }"
                + " failed: dataDeletionJobs(datasetGroupArn: $group, status: [FAILED], first: 0) { totalCount } }";
        graphql(watched, variables("id", id, "group", group, "open", List.of("PENDING", "IN_PROGRESS"))).then()
                .statusCode(200)
                .body("errors", nullValue())
                .body("data.job.id", equalTo(id))
                .body("data.open.totalCount", equalTo(2))
                .body("data.failed.totalCount", equalTo(2));
        String header = "query Header($group: String, $since: DateTime) {"
                + " dataDeletionJobCounts(datasetGroupArn: $group, createdAfter: $since) { total byStatus { status"
                + " count } } }";
        graphql(header, variables("group", group, "since", "2000-01-01T00:00:00Z")).then().statusCode(200)
                .body("errors", nullValue())
                .body("data.dataDeletionJobCounts.total", equalTo(4));
        String oldest = "query OldestWaiting($group: String, $after: String) {"
                + " dataDeletionJobs(datasetGroupArn: $group, status: [PENDING], first: 20, after: $after,"
                + " orderBy: {field: CREATION_DATE_TIME, direction: ASC}) { nodes { jobName creationDateTime }"
                + " pageInfo { hasNextPage endCursor } } }";
        graphql(oldest, variables("group", group)).then().statusCode(200)
                .body("errors", nullValue())
                .body("data.dataDeletionJobs.nodes", hasSize(2));
        graphql("query($first: Int) { dataDeletionJobs(first: $first) { nodes { jobName status } pageInfo {"
                + " endCursor hasNextPage } } }", variables("first", 10)).then().statusCode(200)
                .body("errors", nullValue());
    }

    @Test
    void aRealDashboardQueryRuns() {
        String group = newDatasetGroupArn();
        SeededJobs.seed(store, group, 6, 1, JobStatus.PENDING, JobStatus.FAILED, JobStatus.COMPLETED);
        Response response = graphql(QueryCostTest.DASHBOARD, variables("group", group));
        response.then().statusCode(200)
                .body("errors", nullValue())
                .body("data.page.totalCount", equalTo(6))
                .body("data.page.edges", hasSize(6))
                .body("data.page.edges[0].node.dataSource.dataLocation", startsWith("s3://bucket/"))
                .body("data.page.pageInfo.hasNextPage", equalTo(false))
                .body("data.pending.totalCount", equalTo(2))
                .body("data.running.totalCount", equalTo(0))
                .body("data.failed.totalCount", equalTo(2));
        // GraphiQL's introspection query, as its UI sends it on load.
        graphql(IntrospectionQuery.INTROSPECTION_QUERY).then().statusCode(200)
                .body("errors", nullValue())
                .body("data.__schema.queryType.name", equalTo("Query"));
    }

    @Test
    void aliasedCountsOfOneConnectionAgree() {
        String group = newDatasetGroupArn();
        SeededJobs.seed(store, group, 3, 1);
        graphql("query($g: String) { c: dataDeletionJobs(datasetGroupArn: $g, first: 1) { a: totalCount"
                + " b: totalCount ...Count } } fragment Count on DataDeletionJobConnection { totalCount }",
                variables("g", group)).then().statusCode(200)
                .body("errors", nullValue())
                .body("data.c.a", equalTo(3))
                .body("data.c.b", equalTo(3))
                .body("data.c.totalCount", equalTo(3));
    }

    @Test
    void ordinaryRequestsAreServedWhileHostileOnesArrive() throws Exception {
        String group = newDatasetGroupArn();
        SeededJobs.seed(store, group, 2, 1);
        ExecutorService attackers = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> refusals = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                refusals.add(attackers.submit(() -> graphql(FOUR_HUNDRED_PAGES).then().statusCode(200).extract()
                        .path("errors[0].extensions.code")));
            }
            for (int i = 0; i < 10; i++) {
                graphql("query($g: String) { dataDeletionJobs(datasetGroupArn: $g) { totalCount nodes { arn } } }",
                        variables("g", group)).then().statusCode(200)
                        .body("errors", nullValue())
                        .body("data.dataDeletionJobs.totalCount", equalTo(2));
            }
            for (Future<String> refusal : refusals) {
                assertEquals("TooManyRootFieldsException", refusal.get(60, TimeUnit.SECONDS));
            }
        } finally {
            attackers.shutdownNow();
        }
    }

    /** Refused with {@code code} and {@code message}, no data, and not one field resolved for it. */
    private static void assertRefusedUntouched(String query, String code, String message) {
        try (LogCapture log = LogCapture.of(ApiCalls.class.getName())) {
            Response response = assertRefused(query, code);
            assertEquals(message, response.path("errors[0].message"));
            String id = response.header(RequestIds.HEADER);
            List<String> lines = log.lines().stream().filter(line -> line.contains(id)).toList();
            assertEquals(1, lines.size(), lines::toString);
            assertTrue(lines.get(0).contains("invalid-request") && lines.get(0).contains(code), lines::toString);
        }
        // And the next ordinary request is answered.
        graphql("{ dataDeletionJobs(first: 1) { pageInfo { startCursor } } }").then().statusCode(200)
                .body("errors", nullValue());
    }

    private static Response assertRefused(String query, String code) {
        Response response = graphql(query, Map.of());
        response.then().statusCode(200)
                .body("$", not(hasKey("data")))
                .body("errors", hasSize(1))
                .body("errors[0].extensions.code", equalTo(code));
        String body = response.asString();
        assertFalse(body.contains("dev.deletionjobs") || body.contains("java.") || body.contains("\tat "), body);
        return response;
    }
}
