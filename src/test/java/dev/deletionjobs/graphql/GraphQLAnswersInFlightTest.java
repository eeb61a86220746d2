package dev.deletionjobs.graphql;

import static dev.deletionjobs.testing.AwsJsonCalls.newDatasetGroupArn;
import static dev.deletionjobs.testing.GraphQLCalls.answered;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.deletionjobs.http.AnswerBudget;
import dev.deletionjobs.job.DataDeletionJobStore;
import dev.deletionjobs.job.Tag;
import dev.deletionjobs.testing.AnswersHeld;
import dev.deletionjobs.testing.RawGraphQLSocket;
import dev.deletionjobs.testing.SeededJobs;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;

/**
 * Answers take their longest length in bytes from the replica's budget ({@code max-answer-length-in-flight},
 * 72,000,000 bytes) from their start until they are built, then their length until they are sent: an answer's text is
 * in the heap twice meanwhile, and two of the longest at once ran a 256 MB heap out. A page of 100 jobs with their 200
 * tags may be some 31 million bytes: two fit at once, a third is refused at once, over HTTP and WebSocket alike, and a
 * small query still fits beside them. An answer its client does not read holds its length until the connection is
 * gone; every answer gives it back.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class GraphQLAnswersInFlightTest {

    static final String LIMIT_EXCEEDED = "LimitExceededException";
    static final String PAGE = "query($group: String) { dataDeletionJobs(datasetGroupArn: $group, first: 100)"
            + " { nodes { arn tags { tagKey tagValue } } } }";
    static final String SMALL = "query($group: String) { dataDeletionJobs(datasetGroupArn: $group, first: 1)"
            + " { nodes { arn } } }";
    /** A letter beyond the BMP: one code point, two chars, four bytes of UTF-8. */
    private static final String WIDE_LETTER = "\uD840\uDC00";

    @TestHTTPResource("/graphql")
    URL graphql;

    @Inject
    Vertx vertx;

    @Inject
    DataDeletionJobStore store;

    @Inject
    AnswerBudget budget;

    /** 100 jobs, each with 200 tags at their longest in ASCII: a page is some 8 MB. */
    private String asciiGroup;
    /** 100 jobs, each with 200 tags at their longest in letters of four bytes: a page is some 31 MB, its longest. */
    private String widestGroup;

    @BeforeAll
    void seedJobsWithTheLongestTags() {
        asciiGroup = newDatasetGroupArn();
        SeededJobs.seedWithTags(store, asciiGroup, 100, SeededJobs::longestAsciiTag);
        widestGroup = newDatasetGroupArn();
        SeededJobs.seedWithTags(store, widestGroup, 100, GraphQLAnswersInFlightTest::widestTag);
    }

    /** Tag {@code t} of a job, at its longest in letters of four bytes. */
    static Tag widestTag(int t) {
        return new Tag(String.format("%03d", t) + WIDE_LETTER.repeat(125), WIDE_LETTER.repeat(256));
    }

    @Test
    void answersItsClientsDoNotReadHoldTheirPlacesUntilTheConnectionsAreGone() throws Exception {
        int length = pageLength(widestGroup);
        assertTrue(length > 30_000_000, "a page of the widest tags: " + length);
        // Each answer waits in the service's buffers, unsent, and holds its length: never more than its bound, or it
        // would have kept its longest.
        try (Socket first = stalledRequest(graphql, widestGroup);
                Socket second = stalledRequest(graphql, widestGroup)) {
            awaitHeld(2L * length);

            JsonPath refused = graphql(PAGE, variables("group", asciiGroup)).then().statusCode(200).extract()
                    .jsonPath();
            assertNull(refused.get("data"), refused::prettify);
            assertEquals(LIMIT_EXCEEDED, refused.getString("errors[0].extensions.code"), refused::prettify);
            assertEquals("The service is working on as many answers as it holds at once (72000000 bytes at their"
                    + " longest); this one may be 31327835. Retry shortly, or ask for smaller pages or fewer fields.",
                    refused.getString("errors[0].message"));

            JsonPath small = answered(SMALL, variables("group", asciiGroup));
            assertEquals(1, small.getList("data.dataDeletionJobs.nodes").size());

            try (RawGraphQLSocket socket = RawGraphQLSocket.initialised(vertx, graphql.getPort(), new JsonObject())) {
                socket.send(subscribe("refused", asciiGroup));
                JsonObject error = socket.next();
                assertEquals("error", error.getString("type"), error::encode);
                assertEquals(LIMIT_EXCEEDED, error.getJsonArray("payload").getJsonObject(0)
                        .getJsonObject("extensions").getString("code"), error::encode);
            }
        }
        // The connections are gone: their places are free again.
        awaitHeld(0);
    }

    @Test
    void anAnswerNotReadHoldsItsLengthNotItsLongest() throws Exception {
        int length = pageLength(asciiGroup);
        assertTrue(length > 8_000_000 && length < 9_000_000, "a page of the longest ASCII tags: " + length);
        try (Socket first = stalledRequest(graphql, asciiGroup); Socket second = stalledRequest(graphql, asciiGroup)) {
            // Their longest, some 31 million bytes each, let them run; once built they hold their 8 MB.
            awaitHeld(2L * length);
            // Beside two answers at their longest a third would not fit; beside their lengths it does.
            assertPageAnswered(widestGroup);
            // The page gives its place back once written out; the unread ones keep theirs.
            awaitHeld(2L * length);
        }
        awaitHeld(0);
    }

    @Test
    void anAnswerNotReadOverWebSocketHoldsItsLengthNotItsLongest() throws Exception {
        int length = pageLength(asciiGroup);
        try (RawGraphQLSocket first = stalledSubscription(asciiGroup);
                RawGraphQLSocket second = stalledSubscription(asciiGroup)) {
            // Each message is the page's answer in its envelope (id, type, payload).
            awaitHeld(2L * length, 2L * length + 200);
            assertPageAnswered(widestGroup);
        }
        awaitHeld(0);
    }

    @Test
    void everyAnswerGivesItsPlaceBack() throws Exception {
        // The third would be refused if the two before it had kept their places.
        for (int i = 0; i < 3; i++) {
            JsonPath answer = assertPageAnswered(widestGroup);
            assertEquals(WIDE_LETTER.repeat(256), answer.getString("data.dataDeletionJobs.nodes[99].tags[199]"
                    + ".tagValue"));
        }
        WebSocketClientOptions largeMessages = new WebSocketClientOptions().setMaxMessageSize(64 << 20)
                .setMaxFrameSize(256 * 1024);
        try (RawGraphQLSocket socket = RawGraphQLSocket.open(vertx, largeMessages, graphql.getPort(),
                "graphql-transport-ws")) {
            socket.send(new JsonObject().put("type", "connection_init").put("payload", new JsonObject()));
            assertEquals("connection_ack", socket.next().getString("type"));
            for (int i = 0; i < 3; i++) {
                socket.send(subscribe("page-" + i, widestGroup));
                JsonObject next = socket.next();
                assertEquals("next", next.getString("type"), () -> next.encode().substring(0, 500));
                assertEquals(100, next.getJsonObject("payload").getJsonObject("data")
                        .getJsonObject("dataDeletionJobs").getJsonArray("nodes").size());
                assertEquals("complete", socket.next().getString("type"));
            }
        }
        awaitHeld(0);
    }

    /** The length in bytes of the answer of {@link #PAGE} for {@code datasetGroupArn}, read whole. */
    private static int pageLength(String datasetGroupArn) {
        return graphql(PAGE, variables("group", datasetGroupArn)).then().statusCode(200).extract().asByteArray().length;
    }

    private static JsonPath assertPageAnswered(String datasetGroupArn) {
        JsonPath page = answered(PAGE, variables("group", datasetGroupArn));
        assertEquals(100, page.getList("data.dataDeletionJobs.nodes").size());
        assertEquals(200, page.getList("data.dataDeletionJobs.nodes[99].tags").size());
        return page;
    }

    /** Asks for {@link #PAGE} of {@code datasetGroupArn} on a connection whose small window lets no answer through. */
    static Socket stalledRequest(URL graphql, String datasetGroupArn) throws IOException {
        Socket stalled = new Socket();
        stalled.setReceiveBufferSize(4096);
        stalled.connect(new InetSocketAddress(graphql.getHost(), graphql.getPort()));
        byte[] body = new ObjectMapper().writeValueAsBytes(Map.of("query", PAGE,
                "variables", Map.of("group", datasetGroupArn)));
        OutputStream out = stalled.getOutputStream();
        out.write(("POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        return stalled;
    }

    /** Subscribes to {@link #PAGE} of {@code datasetGroupArn} on a WebSocket that reads nothing more. */
    private RawGraphQLSocket stalledSubscription(String datasetGroupArn) throws Exception {
        RawGraphQLSocket socket = RawGraphQLSocket.open(vertx, new WebSocketClientOptions()
                .setMaxMessageSize(64 << 20).setReceiveBufferSize(4096), graphql.getPort(), "graphql-transport-ws");
        socket.send(new JsonObject().put("type", "connection_init").put("payload", new JsonObject()));
        assertEquals("connection_ack", socket.next().getString("type"));
        socket.stopReading();
        socket.send(subscribe("unread", datasetGroupArn));
        return socket;
    }

    /** Waits until the replica's answers hold {@code bytes} of its budget. */
    private void awaitHeld(long bytes) throws InterruptedException {
        AnswersHeld.awaitHeld(budget, bytes, bytes);
    }

    private void awaitHeld(long from, long to) throws InterruptedException {
        AnswersHeld.awaitHeld(budget, from, to);
    }

    private static JsonObject subscribe(String id, String datasetGroupArn) {
        return new JsonObject().put("id", id).put("type", "subscribe").put("payload", new JsonObject()
                .put("query", PAGE).put("variables", new JsonObject().put("group", datasetGroupArn)));
    }
}
