package dev.deletionjobs.graphql;

import static dev.deletionjobs.testing.AwsJsonCalls.newDatasetGroupArn;
import static dev.deletionjobs.testing.GraphQLCalls.dateTime;
import static dev.deletionjobs.testing.GraphQLCalls.graphql;
import static dev.deletionjobs.testing.GraphQLCalls.variables;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.deletionjobs.job.AccountScope;
import dev.deletionjobs.job.DataDeletionJob;
import dev.deletionjobs.job.JobStatus;
import dev.deletionjobs.job.Tag;
import dev.deletionjobs.service.DataDeletionJobChanges;
import dev.deletionjobs.testing.GraphQLSubscriber;
import dev.deletionjobs.testing.SecondWriter;
import dev.deletionjobs.testing.SeededJobs;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * dataDeletionJobChanged, with a real graphql-transport-ws client: jobs created or changing status are delivered as
 * the store reports them, whoever wrote them (here a second writer with a client of its own, as another replica),
 * narrowed to the subscriber's account, region, dataset group and statuses.
 */
@QuarkusTest
@Timeout(120)
class GraphQLSubscriptionTest {

    static final String CHANGED = """
            subscription Changed($group: String, $status: [DataDeletionJobStatus!]) {
              dataDeletionJobChanged(datasetGroupArn: $group, status: $status) {
                id arn jobName datasetGroupArn dataSource { dataLocation } roleArn status numDeleted failureReason
                creationDateTime lastUpdatedDateTime tags { tagKey tagValue }
              }
            }""";

    private static final Duration QUIET = Duration.ofSeconds(2);

    @TestHTTPResource("/graphql")
    URL graphqlUrl;

    @Inject
    DataDeletionJobChanges changes;

    @Test
    void aJobCreatedThroughTheApiIsDeliveredAsTheQueryWouldReturnIt() throws Exception {
        String group = newDatasetGroupArn();
        try (GraphQLSubscriber subscriber = subscribe(group, null)) {
            String created = graphql("""
                    mutation Create($group: String!) {
                      createDataDeletionJob(input: {jobName: "%s", datasetGroupArn: $group,
                          dataSource: {dataLocation: "s3://bucket/users.csv"},
                          roleArn: "arn:aws:iam::000000000000:role/Deleter",
                          tags: [{tagKey: "team", tagValue: "growth"}]}) { arn }
                    }""".formatted("live-" + UUID.randomUUID()), variables("group", group))
                    .jsonPath().getString("data.createDataDeletionJob.arn");

            JsonObject job = subscriber.next().getJsonObject("dataDeletionJobChanged");
            assertEquals(created, job.getString("arn"));
            assertEquals(GlobalIds.of(created), job.getString("id"));
            assertEquals("PENDING", job.getString("status"));
            assertEquals(group, job.getString("datasetGroupArn"));
            assertEquals("s3://bucket/users.csv", job.getJsonObject("dataSource").getString("dataLocation"));
            assertEquals("growth", job.getJsonArray("tags").getJsonObject(0).getString("tagValue"));
            // The same job a query reads, member for member.
            Map<String, Object> read = graphql("""
                    query Read($arn: ID!) {
                      dataDeletionJob(arn: $arn) {
                        id arn jobName datasetGroupArn dataSource { dataLocation } roleArn status numDeleted
                        failureReason creationDateTime lastUpdatedDateTime tags { tagKey tagValue }
                      }
                    }""", variables("arn", created)).jsonPath().getMap("data.dataDeletionJob");
            assertEquals(read.get("creationDateTime"), job.getString("creationDateTime"));
            assertEquals(read.get("jobName"), job.getString("jobName"));
        }
    }

    @Test
    void everyChangeOfStatusBySecondWriterIsDeliveredAndALeaseRenewalIsNot() throws Exception {
        String group = newDatasetGroupArn();
        DataDeletionJob job = job(SeededJobs.SCOPE, group);
        try (GraphQLSubscriber subscriber = subscribe(group, null); SecondWriter writer = SecondWriter.ofRunningApplication()) {
            writer.insert(job);
            assertEquals("PENDING", subscriber.next().getJsonObject("dataDeletionJobChanged").getString("status"));

            // Stamped when made, as the worker stamps a change: the MongoDB feed tells a change from a lease renewal by it.
            Instant claimed = stampAfter(job.creationDateTime());
            writer.changeStatus(job.arn(), JobStatus.IN_PROGRESS, null, null, claimed);
            JsonObject running = subscriber.next().getJsonObject("dataDeletionJobChanged");
            assertEquals("IN_PROGRESS", running.getString("status"));
            assertEquals(dateTime(claimed), running.getString("lastUpdatedDateTime"));

            writer.renewLease(job.arn(), claimed.plusSeconds(60));
            Instant failed = stampAfter(claimed);
            writer.changeStatus(job.arn(), JobStatus.FAILED, null, "The file is empty.", failed);
            JsonObject ended = subscriber.next().getJsonObject("dataDeletionJobChanged");
            assertEquals("FAILED", ended.getString("status"), "the lease renewal before it is no event");
            assertEquals("The file is empty.", ended.getString("failureReason"));
            assertEquals(dateTime(failed), ended.getString("lastUpdatedDateTime"));
            assertEquals(job.jobName(), ended.getString("jobName"));
            subscriber.assertNoEventWithin(QUIET);
        }
    }

    @Test
    void onlyTheCallersAccountGroupAndStatusesAreDelivered() throws Exception {
        String group = newDatasetGroupArn();
        try (GraphQLSubscriber subscriber = subscribe(group, List.of("COMPLETED"));
                SecondWriter writer = SecondWriter.ofRunningApplication()) {
            AccountScope otherAccount = new AccountScope("111111111111", SeededJobs.SCOPE.region());
            AccountScope otherRegion = new AccountScope(SeededJobs.SCOPE.accountId(), "eu-west-1");
            for (DataDeletionJob foreign : List.of(job(otherAccount, group), job(otherRegion, group),
                    job(SeededJobs.SCOPE, newDatasetGroupArn()))) {
                writer.insert(foreign);
                writer.changeStatus(foreign.arn(), JobStatus.COMPLETED, 3, null, Instant.now().truncatedTo(ChronoUnit.MILLIS));
            }
            DataDeletionJob own = job(SeededJobs.SCOPE, group);
            writer.insert(own);
            writer.changeStatus(own.arn(), JobStatus.COMPLETED, 12, null, Instant.now().truncatedTo(ChronoUnit.MILLIS));

            JsonObject completed = subscriber.next().getJsonObject("dataDeletionJobChanged");
            assertEquals(own.arn(), completed.getString("arn"), "neither the PENDING job nor another scope's");
            assertEquals(12, completed.getInt("numDeleted"));
            assertTrue(completed.isNull("failureReason"));
            subscriber.assertNoEventWithin(QUIET);
        }
    }

    @Test
    void aSubscriberThatMayHaveMissedChangesIsEndedWithServiceUnavailable() throws Exception {
        String group = newDatasetGroupArn();
        try (GraphQLSubscriber subscriber = subscribe(group, null)) {
            // What the feed reports when it loses the store, and then when it follows it again.
            changes.interrupted(new IllegalStateException("connection reset"));
            changes.following();
            assertEquals("ServiceUnavailable", subscriber.failureCode());
        }
        try (GraphQLSubscriber again = subscribe(group, null); SecondWriter writer = SecondWriter.ofRunningApplication()) {
            DataDeletionJob job = job(SeededJobs.SCOPE, group);
            writer.insert(job);
            assertEquals(job.arn(), again.next().getJsonObject("dataDeletionJobChanged").getString("arn"));
        }
    }

    @Test
    void aSubscriptionOverHttpIsRefusedAndAQueryBesideItIsServed() {
        int before = changes.subscriberCount();
        String both = """
                subscription Live { dataDeletionJobChanged { arn } }
                query Header { dataDeletionJobCounts { total } }""";
        for (Map<String, Object> body : List.<Map<String, Object>> of(Map.of("query", CHANGED),
                Map.of("query", both, "operationName", "Live"))) {
            given().contentType(ContentType.JSON).body(body).post("/graphql").then().statusCode(200)
                    .body("data", nullValue())
                    .body("errors[0].extensions.code", equalTo("InvalidInputException"))
                    .body("errors[0].message", containsString("WebSocket"));
        }
        given().queryParam("query", CHANGED).get("/graphql").then().statusCode(200)
                .body("errors[0].extensions.code", equalTo("InvalidInputException"));
        given().contentType(ContentType.JSON).body(Map.of("query", both, "operationName", "Header"))
                .post("/graphql").then().statusCode(200).body("errors", nullValue())
                .body("data.dataDeletionJobCounts.total", notNullValue());
        assertEquals(before, changes.subscriberCount(), "no subscriber was left behind");
    }

    private GraphQLSubscriber subscribe(String group, List<String> statuses) throws InterruptedException {
        Map<String, Object> variables = statuses == null ? Map.of("group", group)
                : Map.of("group", group, "status", statuses);
        return GraphQLSubscriber.subscribe(graphqlUrl, Map.of(), CHANGED, variables, changes::subscriberCount);
    }

    /** Now, to the millisecond, and after {@code previous}. */
    private static Instant stampAfter(Instant previous) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return now.isAfter(previous) ? now : previous.plusMillis(1);
    }

    private static DataDeletionJob job(AccountScope scope, String group) {
        String name = "live-" + UUID.randomUUID();
        Instant created = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new DataDeletionJob(scope.dataDeletionJobArn(name), scope, name, group, "s3://bucket/" + name + ".csv",
                "arn:aws:iam::" + scope.accountId() + ":role/Deleter", List.of(new Tag("team", "growth")),
                JobStatus.PENDING, null, null, created, created);
    }
}
