package dev.deletionjobs.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.deletionjobs.job.DataDeletionJob;
import dev.deletionjobs.job.JobStatus;
import dev.deletionjobs.job.Tag;
import dev.deletionjobs.service.DataDeletionJobChanges;
import dev.deletionjobs.testing.RawGraphQLSocket;
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

    @ConfigProperty(name = "personalize.graphql.subscriptions.buffer-size")
    int bufferSize;

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

    @Test
    void aMessageOverTheSizeLimitClosesTheSocketUnread() throws Exception {
        try (RawGraphQLSocket socket = initialised()) {
            socket.subscribe("big", "{ dataDeletionJobCounts { total } }" + " ".repeat(300_000));
            assertEquals(1009, socket.closeCode());
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
    void operationsTheServiceRefusesAreErrorsWithTheirCodeAndTheSocketStaysOpen() throws Exception {
        try (RawGraphQLSocket socket = initialised()) {
            socket.subscribe("long", "subscription { dataDeletionJobChanged { arn " + " ".repeat(20_000) + "} }");
            assertError(socket.next(), "long", GraphQLRequestCheck.TOO_LARGE);

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
