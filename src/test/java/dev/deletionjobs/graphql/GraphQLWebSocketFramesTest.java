package dev.deletionjobs.graphql;

import static dev.deletionjobs.testing.AwsJsonCalls.newDatasetGroupArn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.deletionjobs.job.DataDeletionJob;
import dev.deletionjobs.job.DataDeletionJobStore;
import dev.deletionjobs.job.JobStatus;
import dev.deletionjobs.job.Tag;
import dev.deletionjobs.testing.RawGraphQLSocket;
import dev.deletionjobs.testing.SeededJobs;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;

/**
 * A long answer goes out in frames of 64 KiB, and events and answers are sent from several threads at once: each
 * message still arrives whole, its frames never mixed with another message's (RFC 6455, 5.4), or the client fails the
 * connection.
 */
@QuarkusTest
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class GraphQLWebSocketFramesTest {

    /** With the subscription, within the 16 operations a socket may run at once. */
    private static final int PAGES = 12;

    @TestHTTPResource("/graphql")
    URL graphql;

    @Inject
    Vertx vertx;

    @Inject
    DataDeletionJobStore store;

    @Test
    void answersInFramesAndEventsBetweenThemArriveWhole() throws Exception {
        String pageGroup = newDatasetGroupArn();
        SeededJobs.seedWithTags(store, pageGroup, 10, SeededJobs::longestAsciiTag);
        String eventGroup = newDatasetGroupArn();
        WebSocketClientOptions client = new WebSocketClientOptions().setMaxMessageSize(4 << 20)
                .setMaxFrameSize(256 << 10);
        try (RawGraphQLSocket socket = RawGraphQLSocket.initialised(vertx, client, graphql.getPort(),
                new JsonObject())) {
            socket.subscribe("changes", "subscription { dataDeletionJobChanged(datasetGroupArn: \"" + eventGroup
                    + "\") { arn } }");
            // Jobs created from another thread while the pages are answered: their events go out between them. Fewer
            // than the 256 events a subscriber may have waiting, as the pages may fill the socket for a while.
            AtomicBoolean creating = new AtomicBoolean(true);
            Thread creator = new Thread(() -> {
                for (int created = 0; created < 200 && creating.get(); created++) {
                    store.insert(job(eventGroup, List.of()));
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            creator.start();
            try {
                // The subscription is live and its events flowing before the pages are asked for.
                JsonObject first = socket.next();
                assertEquals("changes", first.getString("id"), first::encode);
                assertEquals("next", first.getString("type"), first::encode);
                for (int i = 0; i < PAGES; i++) {
                    socket.subscribe("page-" + i, "{ dataDeletionJobs(datasetGroupArn: \"" + pageGroup
                            + "\", first: 10) { nodes { arn tags { tagKey tagValue } } } }");
                }
                int pages = 0;
                int events = 0;
                while (pages < PAGES) {
                    JsonObject message = socket.next();
                    String id = message.getString("id", "");
                    assertTrue(!"error".equals(message.getString("type")), message::encode);
                    if (id.startsWith("page-") && "next".equals(message.getString("type"))) {
                        assertEquals(10, message.getJsonObject("payload").getJsonObject("data")
                                .getJsonObject("dataDeletionJobs").getJsonArray("nodes").size(), id);
                        pages++;
                    } else if (id.equals("changes")) {
                        assertEquals("next", message.getString("type"), message::encode);
                        events++;
                    }
                }
                assertTrue(events > 0, "no event came between the pages");
            } finally {
                creating.set(false);
                creator.join();
            }
        }
    }

    private static DataDeletionJob job(String group, List<Tag> tags) {
        String name = "frames-" + UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new DataDeletionJob(SeededJobs.SCOPE.dataDeletionJobArn(name), SeededJobs.SCOPE, name, group,
                "s3://bucket/users.csv", "arn:aws:iam::000000000000:role/R", tags, JobStatus.PENDING, null, null, now,
                now);
    }
}
