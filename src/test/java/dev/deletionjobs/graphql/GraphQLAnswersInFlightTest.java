package dev.deletionjobs.graphql;

import static dev.deletionjobs.testing.AwsJsonCalls.newDatasetGroupArn;
import static dev.deletionjobs.testing.GraphQLCalls.graphql;
import static dev.deletionjobs.testing.GraphQLCalls.variables;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.deletionjobs.job.DataDeletionJob;
import dev.deletionjobs.job.DataDeletionJobStore;
import dev.deletionjobs.job.JobStatus;
import dev.deletionjobs.job.Tag;
import dev.deletionjobs.testing.RawGraphQLSocket;
import dev.deletionjobs.testing.SeededJobs;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;

/**
 * Answers take their longest length from the replica's budget ({@code max-answer-length-in-flight}, 32,000,000
 * characters) from their start until they are sent: two of the longest at once ran a 256 MB heap out. Three pages of
 * 100 jobs, each with 200 tags at their longest, may be some 25 million characters: one fits, a second at the same
 * time is refused at once, over HTTP and WebSocket alike, and a small query still fits beside it. An answer its
 * client does not read holds its length (no longer its longest) until the connection is gone; every answer gives it
 * back.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class GraphQLAnswersInFlightTest {

    private static final String LIMIT_EXCEEDED = "LimitExceededException";
    private static final String PAGE = "dataDeletionJobs(datasetGroupArn: $group, first: 100) { nodes { arn"
            + " tags { tagKey tagValue } } }";
    private static final String THREE_PAGES = "query($group: String) { a: " + PAGE + " b: " + PAGE + " c: " + PAGE
            + " }";
    private static final String SMALL = "query($group: String) { dataDeletionJobs(datasetGroupArn: $group, first: 1)"
            + " { nodes { arn } } }";

    @TestHTTPResource("/graphql")
    URL graphql;

    @Inject
    Vertx vertx;

    @Inject
    DataDeletionJobStore store;

    @Inject
    AnswerBudget budget;

    /** 100 jobs, each with 200 tags at their longest. */
    private String group;
    /** 100 jobs, each with 200 tags of 100 and 101 characters: three pages are some 14 MB. */
    private String shorterTagsGroup;

    @BeforeAll
    void seedJobsWithTheLongestTags() {
        group = newDatasetGroupArn();
        seed(group, t -> new Tag(String.format("%03d", t) + "k".repeat(125), "v".repeat(256)));
        shorterTagsGroup = newDatasetGroupArn();
        seed(shorterTagsGroup, t -> new Tag(String.format("%03d", t) + "k".repeat(97), "v".repeat(101)));
    }

    private void seed(String datasetGroupArn, IntFunction<Tag> tag) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (int j = 0; j < 100; j++) {
            List<Tag> tags = new ArrayList<>();
            for (int t = 0; t < 200; t++) {
                tags.add(tag.apply(t));
            }
            String name = "long-tags-" + UUID.randomUUID();
            Instant created = now.minusMillis(j);
            store.insert(new DataDeletionJob(SeededJobs.SCOPE.dataDeletionJobArn(name), SeededJobs.SCOPE, name,
                    datasetGroupArn, "s3://bucket/users.csv", "arn:aws:iam::000000000000:role/R", tags,
                    JobStatus.PENDING, null, null, created, created));
        }
    }

    @Test
    void anAnswerItsClientDoesNotReadHoldsItsPlaceUntilTheConnectionIsGone() throws Exception {
        // The answer, some 23 MB, waits in the service's buffers, unsent.
        try (Socket stalled = stalledRequest(group)) {
            JsonPath refused = awaitRefusal();
            assertNull(refused.get("data"), refused::prettify);
            assertTrue(refused.getString("errors[0].message").startsWith("The service is working on as many answers"
                    + " as it holds at once (32000000 characters at their longest)"), refused::prettify);

            JsonPath small = graphql(SMALL, variables("group", group)).then().statusCode(200).extract().jsonPath();
            assertNull(small.get("errors"), small::prettify);
            assertEquals(1, small.getList("data.dataDeletionJobs.nodes").size());

            try (RawGraphQLSocket socket = RawGraphQLSocket.initialised(vertx, graphql.getPort(), new JsonObject())) {
                socket.send(subscribe("refused", THREE_PAGES));
                JsonObject error = socket.next();
                assertEquals("error", error.getString("type"), error::encode);
                assertEquals(LIMIT_EXCEEDED, error.getJsonArray("payload").getJsonObject(0)
                        .getJsonObject("extensions").getString("code"), error::encode);
            }
        }
        // The connection is gone: its place is free again.
        awaitThreePages();
    }

    @Test
    void anAnswerNotReadHoldsItsLengthNotItsLongest() throws Exception {
        int length = graphql(THREE_PAGES, variables("group", shorterTagsGroup)).then().statusCode(200).extract()
                .asByteArray().length;
        assertTrue(length > 12_000_000 && length < 16_000_000, "three pages of shorter tags: " + length);
        try (Socket stalled = stalledRequest(shorterTagsGroup)) {
            // Its longest, some 25 million characters, let it run; once built it holds its 14 MB.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (budget.inFlight() != length) {
                assertTrue(System.nanoTime() < deadline, "the unread answer holds " + budget.inFlight());
                Thread.sleep(50);
            }
            // A page of the longest tags may be 8.5 million characters: beside the unread answer's longest it would
            // not fit, beside its length it does.
            JsonPath page = graphql("query($group: String) { " + PAGE + " }", variables("group", group)).then()
                    .statusCode(200).extract().jsonPath();
            assertNull(page.get("errors"), () -> page.getString("errors"));
            assertEquals(100, page.getList("data.dataDeletionJobs.nodes").size());
            assertEquals(length, budget.inFlight(), "the page gave its place back; the unread answer keeps its own");
        }
        awaitThreePages();
    }

    @Test
    void anAnswerNotReadOverWebSocketHoldsItsLengthNotItsLongest() throws Exception {
        WebSocketClientOptions smallWindow = new WebSocketClientOptions().setMaxMessageSize(64 << 20)
                .setReceiveBufferSize(4096);
        try (RawGraphQLSocket socket = RawGraphQLSocket.open(vertx, smallWindow, graphql.getPort(),
                "graphql-transport-ws")) {
            socket.send(new JsonObject().put("type", "connection_init").put("payload", new JsonObject()));
            assertEquals("connection_ack", socket.next().getString("type"));
            socket.stopReading();
            socket.send(new JsonObject().put("id", "unread").put("type", "subscribe").put("payload", new JsonObject()
                    .put("query", THREE_PAGES).put("variables", new JsonObject().put("group", shorterTagsGroup))));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (budget.inFlight() < 12_000_000 || budget.inFlight() > 16_000_000) {
                assertTrue(System.nanoTime() < deadline, "the unread answer holds " + budget.inFlight());
                Thread.sleep(50);
            }
            JsonPath page = graphql("query($group: String) { " + PAGE + " }", variables("group", group)).then()
                    .statusCode(200).extract().jsonPath();
            assertNull(page.get("errors"), () -> page.getString("errors"));
        }
        awaitThreePages();
    }

    @Test
    void everyAnswerGivesItsPlaceBack() throws Exception {
        // Each would be refused if one before it had kept its place.
        for (int i = 0; i < 2; i++) {
            JsonPath answer = graphql(THREE_PAGES, variables("group", group)).then().statusCode(200).extract()
                    .jsonPath();
            assertNull(answer.get("errors"));
            assertEquals(200, answer.getList("data.c.nodes[99].tags").size());
        }
        WebSocketClientOptions largeMessages = new WebSocketClientOptions().setMaxMessageSize(64 << 20)
                .setMaxFrameSize(256 * 1024);
        try (RawGraphQLSocket socket = RawGraphQLSocket.open(vertx, largeMessages, graphql.getPort(),
                "graphql-transport-ws")) {
            socket.send(new JsonObject().put("type", "connection_init").put("payload", new JsonObject()));
            assertEquals("connection_ack", socket.next().getString("type"));
            for (int i = 0; i < 2; i++) {
                socket.send(subscribe("pages-" + i, THREE_PAGES));
                JsonObject next = socket.next();
                assertEquals("next", next.getString("type"), () -> next.encode().substring(0, 500));
                assertEquals(100, next.getJsonObject("payload").getJsonObject("data").getJsonObject("c")
                        .getJsonArray("nodes").size());
                assertEquals("complete", socket.next().getString("type"));
            }
        }
        awaitThreePages();
    }

    /** Asks for three pages of {@code datasetGroupArn} on a connection whose small window lets no answer through. */
    private Socket stalledRequest(String datasetGroupArn) throws IOException {
        Socket stalled = new Socket();
        stalled.setReceiveBufferSize(4096);
        stalled.connect(new InetSocketAddress(graphql.getHost(), graphql.getPort()));
        byte[] body = new ObjectMapper().writeValueAsBytes(Map.of("query", THREE_PAGES,
                "variables", Map.of("group", datasetGroupArn)));
        OutputStream out = stalled.getOutputStream();
        out.write(("POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        return stalled;
    }

    /** Asks for three pages until the service refuses them because another answer holds the budget. */
    private JsonPath awaitRefusal() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            JsonPath answer = graphql(THREE_PAGES, variables("group", group)).then().statusCode(200).extract()
                    .jsonPath();
            if (LIMIT_EXCEEDED.equals(answer.getString("errors[0].extensions.code"))) {
                return answer;
            }
            assertTrue(System.nanoTime() < deadline, "the stalled answer never held the budget");
            Thread.sleep(100);
        }
    }

    /** Asks for three pages until they are answered: the budget held by an answer gone is given back. */
    private void awaitThreePages() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            JsonPath answer = graphql(THREE_PAGES, variables("group", group)).then().statusCode(200).extract()
                    .jsonPath();
            if (answer.get("errors") == null) {
                assertEquals(100, answer.getList("data.a.nodes").size());
                return;
            }
            assertEquals(LIMIT_EXCEEDED, answer.getString("errors[0].extensions.code"), answer::prettify);
            assertTrue(System.nanoTime() < deadline, "the budget was never given back");
            Thread.sleep(100);
        }
    }

    private JsonObject subscribe(String id, String query) {
        return new JsonObject().put("id", id).put("type", "subscribe").put("payload", new JsonObject()
                .put("query", query).put("variables", new JsonObject().put("group", group)));
    }

}
