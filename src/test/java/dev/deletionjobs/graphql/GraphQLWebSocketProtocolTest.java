package dev.deletionjobs.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.deletionjobs.job.DataDeletionJob;
import dev.deletionjobs.job.DataDeletionJobStore;
import dev.deletionjobs.job.JobStatus;
import dev.deletionjobs.job.Tag;
import dev.deletionjobs.service.DataDeletionJobChanges;
import dev.deletionjobs.testing.LogCapture;
import dev.deletionjobs.testing.RawGraphQLSocket;
import dev.deletionjobs.testing.RawHttp;
import dev.deletionjobs.testing.SeededJobs;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * graphql-transport-ws as the service holds a client to it: the protocol's close codes for a client that breaks it,
 * errors in the service's vocabulary for operations it refuses, and queries answered over the socket too.
 */
@QuarkusTest
@Timeout(120)
class GraphQLWebSocketProtocolTest {

    private static final String CHANGED = "subscription { dataDeletionJobChanged { arn status } }";

    @TestHTTPResource("/graphql")
    URL graphql;

    @Inject
    Vertx vertx;

    @Inject
    DataDeletionJobChanges changes;

    @Inject
    DataDeletionJobStore store;

    @ConfigProperty(name = "personalize.graphql.subscriptions.buffer-size")
    int bufferSize;

    @ConfigProperty(name = "personalize.graphql.subscriptions.max-per-account")
    int maxPerAccount;

    @Test
    void aPageOfAnotherSiteMayNotOpenAWebSocket() throws Exception {
        // A browser applies no same-origin rule to WebSockets: where nobody authenticates (as here, and in a local
        // run), any page a user opened could subscribe and run mutations.
        String refused = RawHttp.webSocketUpgrade("https://evil.example");
        assertTrue(refused.startsWith("HTTP/1.1 403 "), refused);
        JsonObject error = new JsonObject(refused.substring(refused.indexOf("\r\n\r\n") + 4)).getJsonArray("errors")
                .getJsonObject(0);
        assertEquals("InvalidInputException", error.getJsonObject("extensions").getString("code"));
        assertEquals("A WebSocket from a page of https://evil.example is not accepted here: list the dashboard's"
                + " origin in quarkus.http.cors.origins (QUARKUS_HTTP_CORS_ORIGINS).", error.getString("message"));
        // The service's own pages (its port, whatever the scheme a proxy ended), and clients that are no browser.
        for (String origin : new String[] { "http://localhost:" + graphql.getPort(),
                "https://LOCALHOST:" + graphql.getPort(), null }) {
            String answer = RawHttp.webSocketUpgrade(origin);
            assertTrue(answer.startsWith("HTTP/1.1 101 "), origin + ": " + answer);
        }
        for (String origin : new String[] { "http://localhost", "null", "http://localhost:" + graphql.getPort()
                + ".evil.example", "not a url" }) {
            assertTrue(RawHttp.webSocketUpgrade(origin).startsWith("HTTP/1.1 403 "), origin);
        }
    }

    @Test
    void aSubscribeBeforeConnectionInitIsUnauthorized() throws Exception {
        try (RawGraphQLSocket socket = open()) {
            socket.subscribe("1", CHANGED);
            assertEquals(4401, socket.closeCode());
        }
    }

    @Test
    void aSecondConnectionInitIsOneTooMany() throws Exception {
        try (RawGraphQLSocket socket = initialised()) {
            socket.send(new JsonObject().put("type", "connection_init"));
            assertEquals(4429, socket.closeCode());
        }
    }

    @Test
    void aMessageThatIsNoProtocolMessageClosesTheSocketAsABadRequest() throws Exception {
        for (String message : List.of("not json", "{\"type\":\"start\",\"id\":\"1\"}", "[]",
                "{\"type\":\"subscribe\",\"id\":\"1\"}", "{\"type\":\"subscribe\",\"payload\":{\"query\":\"{a}\"}}",
                "{\"type\":\"subscribe\",\"id\":\"" + "x".repeat(65) + "\",\"payload\":{\"query\":\"{a}\"}}")) {
            try (RawGraphQLSocket socket = initialised()) {
                socket.send(message);
                assertEquals(4400, socket.closeCode(), message);
            }
        }
    }

    /** Refused as GraphQL's own, counted, where Vert.x answered in plain text or with no body at all. */
    @Test
    void anUpgradeThatIsNoHandshakeIsAGraphQLError() throws IOException {
        String key = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
        Map<String, String> refusals = Map.of(
                "Connection: keep-alive\r\n" + key + "Sec-WebSocket-Version: 13\r\n",
                "400 .*A WebSocket is opened with Connection: Upgrade\\..*",
                "Connection: keep-alive, Upgrade\r\nSec-WebSocket-Version: 13\r\n",
                "400 .*A WebSocket is opened with a Sec-WebSocket-Key\\..*",
                "Connection: Upgrade\r\n" + key + "Sec-WebSocket-Version: 8\r\n",
                "426 .*(?i)sec-websocket-version: 13.*This service speaks WebSocket version 13.*");
        for (Map.Entry<String, String> refusal : refusals.entrySet()) {
            String answer = RawHttp.webSocketHandshake(refusal.getKey());
            assertTrue(answer.matches("(?s)HTTP/1\\.1 " + refusal.getValue()), answer);
            assertTrue(answer.contains("\"extensions\":{\"code\":\"InvalidInputException\"}"), answer);
        }
    }

    /**
     * Walked before it is decoded, as a POST's body is: nested deeper than any operation's input with long member
     * names, one message of 254 KB held 125 MB of paths while its variables were checked.
     */
    @Test
    void aMessageNestedTooDeepOrWithOverlongOrRepeatedNamesClosesTheSocketUndecoded() throws Exception {
        String name = "k".repeat(250);
        String deep = ("{\"" + name + "\":").repeat(40) + "1" + "}".repeat(40);
        Map<String, String> refusals = Map.of(
                "{\"id\":\"d\",\"type\":\"subscribe\",\"payload\":{\"query\":\"{ __typename }\",\"variables\":" + deep
                        + "}}",
                "Invalid message received: The request nests JSON more than 32 levels deep.",
                "{\"id\":\"n\",\"type\":\"subscribe\",\"payload\":{\"query\":\"{ __typename }\",\"variables\":{\""
                        + "v".repeat(257) + "\":1}}}",
                "Invalid message received: The request holds a member name of 257 characters; at most 256 are read.",
                "{\"id\":\"r\",\"type\":\"subscribe\",\"id\":\"s\",\"payload\":{\"query\":\"{ __typename }\"}}",
                "Invalid message received: The request names its member id twice.");
        for (Map.Entry<String, String> refusal : refusals.entrySet()) {
            try (RawGraphQLSocket socket = initialised()) {
                socket.send(refusal.getKey());
                assertEquals(4400, socket.closeCode(), refusal.getValue());
                assertEquals(refusal.getValue(), socket.closeReason());
            }
        }
    }

    @Test
    void aSubscribeWhosePayloadMembersHaveTheWrongTypeClosesTheSocketAsABadRequestWithoutAnError() throws Exception {
        List<String> payloads = List.of("{\"query\":\"{ __typename }\",\"variables\":\"abc\"}",
                "{\"query\":\"{ __typename }\",\"variables\":[1]}",
                "{\"query\":\"{ __typename }\",\"operationName\":5}",
                "{\"query\":\"{ __typename }\",\"operationName\":{}}",
                "{\"query\":\"{ __typename }\",\"extensions\":\"abc\"}",
                "{\"query\":\"{ __typename }\",\"extensions\":[1]}",
                "{\"query\":5}", "{\"query\":{\"a\":1}}", "{\"query\":[\"{ __typename }\"]}", "\"{ __typename }\"");
        try (LogCapture log = LogCapture.of("")) {
            for (String payload : payloads) {
                try (RawGraphQLSocket socket = initialised()) {
                    socket.send("{\"id\":\"p\",\"type\":\"subscribe\",\"payload\":" + payload + "}");
                    assertEquals(4400, socket.closeCode(), payload);
                    assertTrue(socket.closeReason().startsWith("Invalid message received"), socket.closeReason());
                }
            }
            for (String message : List.of("{\"id\":5,\"type\":\"subscribe\",\"payload\":{\"query\":\"{ __typename }\"}}",
                    "{\"id\":[\"p\"],\"type\":\"subscribe\",\"payload\":{\"query\":\"{ __typename }\"}}",
                    "{\"id\":5,\"type\":\"complete\"}", "{\"type\":\"complete\"}", "{\"type\":[\"ping\"]}",
                    "{\"type\":\"connection_init\",\"payload\":\"abc\"}")) {
                try (RawGraphQLSocket socket = message.contains("connection_init") ? open() : initialised()) {
                    socket.send(message);
                    assertEquals(4400, socket.closeCode(), message);
                }
            }
            assertEquals(List.of(), log.errors());
        }
    }

    @Test
    void payloadMembersTheProtocolAllowsToBeNullAreAnswered() throws Exception {
        try (RawGraphQLSocket socket = initialised()) {
            socket.send("{\"id\":\"n\",\"type\":\"subscribe\",\"payload\":{\"query\":\"query Q { __typename }\","
                    + "\"operationName\":null,\"variables\":null,\"extensions\":null}}");
            assertEquals("Query", socket.next().getJsonObject("payload").getJsonObject("data").getString("__typename"));
            assertEquals("complete", socket.next().getString("type"));

            socket.send("{\"id\":\"o\",\"type\":\"subscribe\",\"payload\":{\"query\":\"query A { a: __typename }"
                    + " query B { b: __typename }\",\"operationName\":\"B\",\"variables\":{},\"extensions\":{}}}");
            assertEquals("Query", socket.next().getJsonObject("payload").getJsonObject("data").getString("b"));
            assertEquals("complete", socket.next().getString("type"));
        }
    }

    @Test
    void aMessageOverTheSizeLimitClosesTheSocketUnread() throws Exception {
        try (RawGraphQLSocket socket = initialised()) {
            socket.subscribe("big", "{ dataDeletionJobCounts { total } }" + " ".repeat(300_000));
            assertEquals(1009, socket.closeCode());
        }
    }

    @Test
    void aMessageSentAsOneFrameIsReadUpToTheMessageSizeLimit() throws Exception {
        // A browser sends each message as one frame: 70 KB is over Vert.x's default frame size, under the message's.
        String message = "{\"id\":\"one-frame\",\"type\":\"subscribe\",\"payload\":{\"query\":\"{ __typename }\"}"
                + " ".repeat(70_000) + "}";
        try (LogCapture log = LogCapture.of("")) {
            try (RawGraphQLSocket socket = initialised()) {
                socket.sendAsOneFrame(message);
                JsonObject next = socket.next();
                assertEquals("next", next.getString("type"), next::encode);
                assertEquals("complete", socket.next().getString("type"));
            }
            try (RawGraphQLSocket socket = initialised()) {
                socket.sendAsOneFrame(message + " ".repeat(200_000));
                assertEquals(1009, socket.closeCode());
            }
            assertEquals(List.of(), log.errors());
        }
    }

    @Test
    void aSocketSendsAtMost16KiBBeforeItsInitIsAcknowledged() throws Exception {
        // Unauthenticated, a socket sending one large frame held up to 256 KiB of heap for the init timeout.
        try (LogCapture log = LogCapture.of("")) {
            try (RawGraphQLSocket socket = open()) {
                socket.sendAsOneFrame("{\"type\":\"connection_init\",\"payload\":{\"x-api-key\":\""
                        + "k".repeat(GraphQLWebSocket.MAX_BYTES_BEFORE_ACK) + "\"}}");
                assertEquals(1009, socket.closeCode());
            }
            // Once acknowledged, a message of 70 KB is read (aMessageSentAsOneFrameIsReadUpToTheMessageSizeLimit).
            assertEquals(List.of(), log.errors());
        }
    }

    @Test
    void aClientFrameThatIsNotMaskedIsAProtocolError() throws Exception {
        try (LogCapture log = LogCapture.of(""); Socket raw = new Socket("localhost", graphql.getPort())) {
            raw.setSoTimeout(20_000);
            OutputStream out = raw.getOutputStream();
            out.write(("GET /graphql HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = raw.getInputStream();
            String head = RawHttp.readHead(in);
            assertTrue(head.startsWith("HTTP/1.1 101"), head);
            byte[] text = "{\"type\":\"connection_init\"}".getBytes(StandardCharsets.UTF_8);
            out.write(new byte[] { (byte) 0x81, (byte) text.length });
            out.write(text);
            out.flush();
            int opcode = in.read() & 0x0F;
            int length = in.read() & 0x7F;
            assertEquals(0x8, opcode, "a close frame");
            assertTrue(length >= 2);
            assertEquals(1002, (in.read() << 8) | in.read());
            in.skipNBytes(length - 2);
            try {
                // The close handshake's answer (masked, with a zero key), then the service ends the connection.
                out.write(new byte[] { (byte) 0x88, (byte) 0x82, 0, 0, 0, 0, 0x03, (byte) 0xEA });
                out.flush();
            } catch (SocketException endedAlready) {
                // The service need not wait for it.
            }
            assertEquals(-1, in.read());
            assertEquals(List.of(), log.errors());
        }
    }

    @Test
    void aCloseReasonThatNamesALongIdFitsInACloseFrame() throws Exception {
        String id = "\uD83D\uDE00".repeat(32);
        try (RawGraphQLSocket socket = initialised()) {
            socket.subscribe(id, CHANGED);
            socket.subscribe(id, CHANGED);
            assertEquals(4409, socket.closeCode());
            String reason = socket.closeReason();
            assertTrue(reason.startsWith("Subscriber for \uD83D\uDE00"), reason);
            assertTrue(reason.getBytes(StandardCharsets.UTF_8).length <= 123, reason);
        }
    }

    @Test
    void anIdInUseIsRefused() throws Exception {
        try (RawGraphQLSocket socket = initialised()) {
            socket.subscribe("dashboard", CHANGED);
            socket.subscribe("dashboard", CHANGED);
            assertEquals(4409, socket.closeCode());
        }
    }

    @Test
    void aClientOfAnotherProtocolIsNotServed() throws Exception {
        try (RawGraphQLSocket socket = RawGraphQLSocket.open(vertx, graphql.getPort(), "graphql-ws")) {
            assertEquals(4406, socket.closeCode());
        } catch (java.util.concurrent.ExecutionException refusedAtTheHandshake) {
            // Equally right: the server offers no protocol the client speaks.
        }
    }

    @Test
    void aQueryIsAnsweredOnceAndCompleted() throws Exception {
        try (RawGraphQLSocket socket = initialised()) {
            socket.subscribe("q", "{ dataDeletionJobCounts { total } }");
            JsonObject next = socket.next();
            assertEquals("next", next.getString("type"));
            assertEquals("q", next.getString("id"));
            assertTrue(next.getJsonObject("payload").getJsonObject("data").getJsonObject("dataDeletionJobCounts")
                    .containsKey("total"));
            assertEquals(new JsonObject().put("id", "q").put("type", "complete"), socket.next());
        }
    }

    @Test
    void anAnswerLongerThanAFrameReachesAClientOfTheDefaultFrameSize() throws Exception {
        // Two jobs of some 60,000 characters of tags: an answer over the 64 KiB frame a client takes by default.
        String group = "arn:aws:personalize:us-east-1:000000000000:dataset-group/frames-" + UUID.randomUUID();
        store.insert(bigJob(group));
        store.insert(bigJob(group));
        try (RawGraphQLSocket socket = initialised()) {
            socket.subscribe("big", "{ dataDeletionJobs(datasetGroupArn: \"" + group + "\") { nodes { arn"
                    + " tags { tagKey tagValue } } } }");
            JsonObject next = socket.next();
            assertEquals("next", next.getString("type"), next::encode);
            assertTrue(next.encode().length() > 100_000, () -> "only " + next.encode().length());
            JsonArray nodes = next.getJsonObject("payload").getJsonObject("data").getJsonObject("dataDeletionJobs")
                    .getJsonArray("nodes");
            assertEquals(2, nodes.size());
            assertEquals(200, nodes.getJsonObject(1).getJsonArray("tags").size());
            assertEquals("complete", socket.next().getString("type"));
        }
    }

    @Test
    void operationsTheServiceRefusesAreErrorsWithTheirCodeAndTheSocketStaysOpen() throws Exception {
        try (RawGraphQLSocket socket = initialised()) {
            socket.subscribe("long", "subscription { dataDeletionJobChanged { arn " + " ".repeat(20_000) + "} }");
            assertError(socket.next(), "long", DocumentOperations.TOO_LARGE);

            socket.subscribe("broken", "subscription { dataDeletionJobChanged { arn ");
            assertError(socket.next(), "broken", "InvalidInputException");

            socket.subscribe("group", "subscription { dataDeletionJobChanged(datasetGroupArn: \"nope\") { arn } }");
            assertError(socket.next(), "group", "InvalidInputException");

            socket.subscribe("enum", "subscription { dataDeletionJobChanged(status: [DONE]) { arn } }");
            assertError(socket.next(), "enum", "InvalidInputException");

            socket.send(new JsonObject().put("type", "ping"));
            assertEquals("pong", socket.next().getString("type"), "the socket still answers");
        }
    }

    @Test
    void aSubscriptionWhoseEventsMayBeLongerThanAnAccountsShareIsRefused() throws Exception {
        int before = changes.subscriberCount();
        try (RawGraphQLSocket socket = initialised()) {
            // 100 aliases of a job's tags: 31 MB an event, written to each of an account's subscriptions at once and
            // held by those that do not read; within the points and one answer's length.
            String aliases = IntStream.range(0, 100).mapToObj(i -> "t" + i + ": tags { tagKey tagValue }")
                    .collect(Collectors.joining(" ", "subscription { dataDeletionJobChanged { ", " } }"));
            socket.subscribe("aliases", aliases);
            JsonObject refused = socket.next();
            assertError(refused, "aliases", "QueryTooComplexException");
            assertTrue(refused.encode().contains("Each event may be 31300920 bytes long"), refused::encode);
            assertTrue(refused.encode().contains("at most 360000 are allowed"), refused::encode);
            // A whole job, every tag at its longest, fits.
            socket.subscribe("whole", "subscription { dataDeletionJobChanged { id arn jobName status failureReason"
                    + " numDeleted datasetGroupArn roleArn creationDateTime lastUpdatedDateTime dataSource { dataLocation }"
                    + " tags { tagKey tagValue } } }");
            awaitSubscribers(before + 1);
        }
        awaitSubscribers(before);
    }

    @Test
    void aListLongerThanAnyOperationTakesIsRefusedAsOverHttp() throws Exception {
        try (RawGraphQLSocket socket = initialised()) {
            JsonArray statuses = new JsonArray(Collections.nCopies(1_001, "FAILED"));
            socket.send(new JsonObject().put("id", "long").put("type", "subscribe").put("payload", new JsonObject()
                    .put("query", "subscription($s: [DataDeletionJobStatus!]) { dataDeletionJobChanged(status: $s)"
                            + " { arn } }")
                    .put("variables", new JsonObject().put("s", statuses))));
            JsonObject refused = socket.next();
            assertError(refused, "long", "InvalidInputException");
            assertTrue(refused.encode().contains("variables.s is a list of 1001 values"), refused::encode);

            socket.send(new JsonObject().put("type", "ping"));
            assertEquals("pong", socket.next().getString("type"), "the socket still answers");
        }
    }

    @Test
    void aConnectionHoldsABoundedNumberOfOperations() throws Exception {
        int before = changes.subscriberCount();
        try (RawGraphQLSocket socket = initialised()) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                ids.add("s" + i);
                socket.subscribe("s" + i, CHANGED);
            }
            socket.subscribe("one-too-many", CHANGED);
            assertError(socket.next(), "one-too-many", "LimitExceededException");
            awaitSubscribers(before + 16);

            socket.send(new JsonObject().put("id", "s0").put("type", "complete"));
            awaitSubscribers(before + 15);
            socket.subscribe("s16", CHANGED);
            awaitSubscribers(before + 16);
        }
        awaitSubscribers(before);
    }

    @Test
    void aQueryCompletedByTheClientKeepsItsPlaceUntilItsWorkStops() throws Exception {
        try (RawGraphQLSocket socket = initialised()) {
            // Each complete freed the query's place at once, and its answer was never written: nothing held the
            // reading back, and one socket had the engine run as many queries at once as it sent.
            for (int i = 0; i < 500; i++) {
                socket.subscribe("q", "{ dataDeletionJobCounts { total } }");
                socket.send(new JsonObject().put("id", "q").put("type", "complete"));
            }
            socket.send(new JsonObject().put("type", "ping"));
            int refused = 0;
            JsonObject message;
            while (!(message = socket.next()).getString("type").equals("pong")) {
                // A query done before its complete was read answers as usual; only refusals are counted.
                if (message.getString("type").equals("error")) {
                    assertError(message, "q", "LimitExceededException");
                    refused++;
                } else {
                    assertEquals("q", message.getString("id"), message::encode);
                    assertTrue(Set.of("next", "complete").contains(message.getString("type")), message::encode);
                }
            }
            assertTrue(refused > 0, "no more than 16 at once");
            // Once they are done, their places are free again.
            JsonObject answer = null;
            for (int i = 0; i < 100 && (answer == null || !answer.getString("type").equals("next")); i++) {
                Thread.sleep(20);
                socket.subscribe("again-" + i, "{ dataDeletionJobCounts { total } }");
                answer = socket.next();
            }
            assertEquals("next", answer.getString("type"), answer::encode);
        }
    }

    @Test
    void anAccountHoldsABoundedNumberOfSubscriptionsOverAllItsConnections() throws Exception {
        int before = changes.subscriberCount();
        List<RawGraphQLSocket> sockets = new ArrayList<>();
        try {
            // The tests' one account, over as many connections as it takes (16 operations each).
            for (int held = before; held < maxPerAccount; held++) {
                if ((held - before) % 16 == 0) {
                    sockets.add(initialised());
                }
                sockets.get(sockets.size() - 1).subscribe("s" + held, CHANGED);
            }
            awaitSubscribers(maxPerAccount);
            RawGraphQLSocket another = initialised();
            sockets.add(another);
            another.subscribe("one-too-many", CHANGED);
            JsonObject refused = another.next();
            assertError(refused, "one-too-many", "LimitExceededException");
            assertTrue(refused.encode().contains("An account may hold " + maxPerAccount + " subscriptions"),
                    refused::encode);

            sockets.remove(0).close();
            awaitSubscribers(maxPerAccount - 16);
            another.subscribe("room-again", CHANGED);
            awaitSubscribers(maxPerAccount - 15);
        } finally {
            sockets.forEach(RawGraphQLSocket::close);
        }
        awaitSubscribers(before);
    }

    @Test
    void aSubscriberThatStopsReadingIsEndedOnceItsBufferIsFullAndTheFeedNeverWaits() throws Exception {
        String group = "arn:aws:personalize:us-east-1:000000000000:dataset-group/slow-" + UUID.randomUUID();
        int before = changes.subscriberCount();
        try (RawGraphQLSocket socket = initialised()) {
            socket.subscribe("slow", "subscription { dataDeletionJobChanged(datasetGroupArn: \"" + group
                    + "\") { arn tags { tagKey tagValue } } }");
            awaitSubscribers(before + 1);
            socket.stopReading();
            // Events of some 60 KB each: the socket's buffers fill after a few dozen, the subscription's after
            // buffer-size more. This thread stands for the feed's: it must never be made to wait.
            int events = bufferSize * 3;
            for (int i = 0; i < events; i++) {
                changes.changed(bigJob(group));
            }
            awaitSubscribers(before);

            socket.readAgain();
            int delivered = 0;
            JsonObject message;
            while ((message = socket.next()).getString("type").equals("next")) {
                delivered++;
            }
            assertError(message, "slow", "LimitExceededException");
            assertTrue(delivered < events, "ended before the last events, after " + delivered);
        }
    }

    private static DataDeletionJob bigJob(String group) {
        String name = "big-" + UUID.randomUUID();
        List<Tag> tags = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            tags.add(new Tag("key-" + i + "-" + "k".repeat(40), "v".repeat(250)));
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new DataDeletionJob(SeededJobs.SCOPE.dataDeletionJobArn(name), SeededJobs.SCOPE, name, group,
                "s3://bucket/users.csv", "arn:aws:iam::000000000000:role/Deleter", tags, JobStatus.PENDING, null,
                null, now, now);
    }

    private void awaitSubscribers(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (changes.subscriberCount() != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(expected, changes.subscriberCount());
    }

    private static void assertError(JsonObject message, String id, String code) {
        assertEquals("error", message.getString("type"), message::encode);
        assertEquals(id, message.getString("id"));
        JsonArray errors = message.getJsonArray("payload");
        assertEquals(code, errors.getJsonObject(0).getJsonObject("extensions").getString("code"), message::encode);
    }

    private RawGraphQLSocket open() throws Exception {
        return RawGraphQLSocket.open(vertx, graphql.getPort(), "graphql-transport-ws");
    }

    private RawGraphQLSocket initialised() throws Exception {
        return RawGraphQLSocket.initialised(vertx, graphql.getPort(), new JsonObject());
    }
}
