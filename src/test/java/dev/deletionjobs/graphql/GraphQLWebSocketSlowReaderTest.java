package dev.deletionjobs.graphql;

import static dev.deletionjobs.testing.AwsJsonCalls.newDatasetGroupArn;
import static dev.deletionjobs.testing.GraphQLCalls.graphql;
import static dev.deletionjobs.testing.GraphQLCalls.variables;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.deletionjobs.testing.RawGraphQLSocket;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * A client that keeps sending operations and never reads their answers: the service stops reading from it once its
 * answers back up, so what it holds for that client stays bounded however much the client sends, and closes it once
 * they have waited unread for {@code write-timeout}.
 */
@QuarkusTest
@Timeout(180)
class GraphQLWebSocketSlowReaderTest {

    /** Answered at once, with some 15 KB: each batch of them is done before the next, as the 16-operation limit allows. */
    private static final String INTROSPECTION = "{ __schema { types { name description fields { name description"
            + " args { name description } type { name kind } } } } }";
    private static final String CREATE = """
            mutation Create($name: String!, $group: String!) {
              createDataDeletionJob(input: {jobName: $name, datasetGroupArn: $group,
                  dataSource: {dataLocation: "s3://bucket/users.csv"},
                  roleArn: "arn:aws:iam::000000000000:role/Deleter"}) { arn }
            }""";
    private static final int MOST_BATCHES = 200;
    /** How long this client's writes must stay backed up to show the service has stopped reading. */
    private static final Duration BLOCKED = Duration.ofSeconds(2);
    /** The service's answers a client may have unread: the kernel's socket buffers and a few write queues' worth. */
    private static final long MOST_ANSWERED_BYTES = 24L << 20;

    @TestHTTPResource("/graphql")
    URL graphql;

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "personalize.graphql.subscriptions.write-timeout")
    Duration writeTimeout;

    @Test
    void aClientThatSendsWithoutReadingIsNoLongerReadAndIsClosedOnceItsAnswersWaitTooLong() throws Exception {
        String group = newDatasetGroupArn();
        // Padded to fill the socket's buffers with few messages; the document stays under its length limit.
        String introspection = INTROSPECTION + " ".repeat(12_000);
        try (RawGraphQLSocket socket = RawGraphQLSocket.initialised(vertx, graphql.getPort(), new JsonObject())) {
            socket.subscribe("size", introspection);
            int answerBytes = socket.next().encode().length();
            assertEquals("complete", socket.next().getString("type"));

            socket.stopReading();
            int batches = 0;
            long blockedSince = 0;
            while (batches < MOST_BATCHES) {
                if (!socket.writeQueueFull()) {
                    blockedSince = 0;
                    // 15 large answers, and a job created: the service's reading leaves a trace to count.
                    for (int i = 0; i < 15; i++) {
                        socket.subscribe(batches + "-" + i, introspection);
                    }
                    socket.send(new JsonObject().put("id", batches + "-job").put("type", "subscribe").put("payload",
                            new JsonObject().put("query", CREATE).put("variables", new JsonObject()
                                    .put("name", "slow-" + batches + "-" + UUID.randomUUID()).put("group", group))));
                    batches++;
                } else if (blockedSince == 0) {
                    blockedSince = System.nanoTime();
                } else if (System.nanoTime() - blockedSince > BLOCKED.toNanos()) {
                    break;
                }
                Thread.sleep(20);
            }
            int read = graphql("query($group: String) { dataDeletionJobs(datasetGroupArn: $group, first: 0) {"
                    + " totalCount } }", variables("group", group)).jsonPath().getInt("data.dataDeletionJobs.totalCount");
            assertTrue(batches < MOST_BATCHES, "the service read on: " + read + " of " + batches + " batches");
            long answered = (long) read * 15 * answerBytes;
            assertTrue(answered <= MOST_ANSWERED_BYTES, "the service answered " + answered + " bytes unread, in "
                    + read + " of " + batches + " batches");

            // Still nothing is read, so the answers wait: the service closes the socket, then drops the connection 5 s
            // later, since not even the close frame can be written. Reading again shows the drop (1006); had the
            // service not closed it by then, it would take the reading as a drain and answer on.
            Thread.sleep(writeTimeout.plusSeconds(15).toMillis());
            socket.readAgain();
            short code = socket.closeCode(Duration.ofSeconds(30));
            assertTrue(code == 1008 || code == 1006, "closed with " + code);
        }
    }
}
