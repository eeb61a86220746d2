package dev.deletionjobs.graphql;

import static dev.deletionjobs.testing.AwsJsonCalls.newDatasetGroupArn;
import static dev.deletionjobs.testing.GraphQLCalls.graphql;
import static dev.deletionjobs.testing.GraphQLCalls.variables;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.deletionjobs.job.DataDeletionJobStore;
import dev.deletionjobs.metrics.ApiCalls;
import dev.deletionjobs.testing.HeldInserts;
import dev.deletionjobs.testing.LogCapture;
import dev.deletionjobs.testing.PostgresTestProfile;
import dev.deletionjobs.testing.RawGraphQLSocket;
import dev.deletionjobs.testing.SeededJobs;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * A field that waits on the store holds up no other operation: each of the fields that ask the store runs on a worker
 * thread of its own request ({@link BlockingFieldFetchers}). Run on PostgreSQL, whose table lock can hold a create in
 * the store for as long as the test likes while reads go on; the two operations share a WebSocket, and so an event
 * loop, on which SmallRye's own hop queued every blocking field one after another.
 */
@QuarkusTest
@TestProfile(PostgresTestProfile.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class BlockingFieldFetchersTest {

    @TestHTTPResource("/graphql")
    URL graphql;

    @Inject
    Vertx vertx;

    @Inject
    DataDeletionJobStore store;

    @Inject
    DataSource dataSource;

    @Test
    void everyFieldThatReadsAnswersWhileACreateOnTheSameEventLoopWaitsOnTheStore() throws Exception {
        String group = newDatasetGroupArn();
        SeededJobs.seed(store, group, 3, 1);
        JsonPath first = graphql("""
                query($group: String) {
                  dataDeletionJobs(datasetGroupArn: $group, first: 1) { nodes { id arn } pageInfo { endCursor } }
                }""", variables("group", group)).then().statusCode(200).extract().jsonPath();
        String id = first.getString("data.dataDeletionJobs.nodes[0].id");
        String arn = first.getString("data.dataDeletionJobs.nodes[0].arn");
        String cursor = first.getString("data.dataDeletionJobs.pageInfo.endCursor");
        String jobName = "held-" + UUID.randomUUID();

        try (HeldInserts held = HeldInserts.holding(dataSource);
                RawGraphQLSocket socket = RawGraphQLSocket.initialised(vertx, graphql.getPort(), new JsonObject())) {
            socket.subscribe("create", """
                    mutation {
                      createDataDeletionJob(input: {jobName: "%s", datasetGroupArn: "%s",
                          dataSource: {dataLocation: "s3://bucket/users.csv"},
                          roleArn: "arn:aws:iam::000000000000:role/Deleter"}) { jobName status }
                    }""".formatted(jobName, group));
            held.awaitAnInsert();

            List<String> threads;
            JsonObject read;
            try (LogCapture log = LogCapture.of(ApiCalls.class.getName())) {
                socket.subscribe("read", """
                        query {
                          node(id: "%1$s") { id }
                          nodes(ids: ["%1$s"]) { id }
                          dataDeletionJob(arn: "%2$s") { arn }
                          dataDeletionJobCounts(datasetGroupArn: "%3$s") { total }
                          dataDeletionJobs(datasetGroupArn: "%3$s", first: 1, after: "%4$s") {
                            totalCount pageInfo { hasPreviousPage }
                          }
                        }""".formatted(id, arn, group, cursor));
                read = socket.next();
                threads = ConnectionFetchersTest.threadsOf(log, "node", "nodes", "dataDeletionJob",
                        "dataDeletionJobCounts", "dataDeletionJobs", "totalCount", "pageInfo");
            }
            assertEquals("read", read.getString("id"), "the create, still waiting, held up the read: " + read);
            JsonObject data = read.getJsonObject("payload").getJsonObject("data");
            assertEquals(id, data.getJsonObject("node").getString("id"), read.encode());
            assertEquals(id, data.getJsonArray("nodes").getJsonObject(0).getString("id"), read.encode());
            assertEquals(arn, data.getJsonObject("dataDeletionJob").getString("arn"), read.encode());
            assertEquals(3, data.getJsonObject("dataDeletionJobCounts").getInteger("total"), read.encode());
            JsonObject page = data.getJsonObject("dataDeletionJobs");
            assertEquals(3, page.getInteger("totalCount"), read.encode());
            assertTrue(page.getJsonObject("pageInfo").getBoolean("hasPreviousPage"), read.encode());
            assertEquals("complete", socket.next().getString("type"));
            // Each on a worker thread: SmallRye, told to call its fetchers where they are called, would have run any
            // field the service did not move on the event loop.
            assertEquals(7, threads.size(), threads.toString());
            assertTrue(threads.stream().allMatch(thread -> thread.contains(" executor-thread")), threads.toString());
            assertEquals(1L, held.waiting(), "the create no longer waits: the test proved nothing");

            held.release();
            JsonObject created = socket.next();
            assertEquals("create", created.getString("id"), created.encode());
            JsonObject job = created.getJsonObject("payload").getJsonObject("data")
                    .getJsonObject("createDataDeletionJob");
            assertEquals(jobName, job.getString("jobName"), created.encode());
            assertEquals("PENDING", job.getString("status"), created.encode());
        }
    }
}
