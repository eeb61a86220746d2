package dev.deletionjobs.graphql;

import static dev.deletionjobs.testing.AwsJsonCalls.awsJson;
import static dev.deletionjobs.testing.AwsJsonCalls.createRequest;
import static dev.deletionjobs.testing.AwsJsonCalls.newDatasetGroupArn;
import static dev.deletionjobs.testing.AwsJsonCalls.newJobName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.deletionjobs.testing.GraphQLSubscriber;
import dev.deletionjobs.testing.ObjectServer;
import dev.deletionjobs.testing.SecondReplica;
import dev.deletionjobs.testing.StoreForPackagedApp;
import io.quarkus.test.common.http.TestHTTPResource;

/**
 * Two replicas of the packaged application on one store: a dashboard subscribed on the one under test (its worker
 * off) sees the job that the other replica created and its worker ran, each change as the store reported it. Run
 * on each store by a subclass that names it (a test resource is inherited, so this class names none).
 */
@Timeout(240)
abstract class SubscriptionAcrossReplicasScenario {

    @TestHTTPResource("/graphql")
    URL graphql;

    @Test
    void aDashboardOnOneReplicaSeesTheJobAnotherReplicasWorkerRan() throws Exception {
        String group = newDatasetGroupArn();
        try (ObjectServer source = new ObjectServer().put("/users.csv", "USER_ID\nuser-1\nuser-2\nuser-3\nuser-2\n");
                SecondReplica other = SecondReplica.start(StoreForPackagedApp.settings(), Map.of(
                        "personalize.worker.enabled", "true",
                        "personalize.worker.allow-private-sources", "true"));
                GraphQLSubscriber dashboard = GraphQLSubscriber.subscribe(graphql, Map.of(), """
                        subscription { dataDeletionJobChanged(datasetGroupArn: "%s") { arn status numDeleted } }"""
                        .formatted(group),
                        GraphQLSubscriber.subscriptionsAt(
                                "http://localhost:" + StoreForPackagedApp.managementPort() + "/q/metrics"))) {
            Map<String, Object> create = new HashMap<>(createRequest(newJobName(), group));
            create.put("dataSource", Map.of("dataLocation", source.url("/users.csv")));
            String arn = awsJson("AmazonPersonalize.CreateDataDeletionJob").baseUri(other.url())
                    .body(new ObjectMapper().writeValueAsString(create))
                    .post("/").then().statusCode(200).extract().path("dataDeletionJobArn");

            List<String> statuses = new ArrayList<>();
            JsonObject job;
            do {
                job = dashboard.next().getJsonObject("dataDeletionJobChanged");
                assertEquals(arn, job.getString("arn"));
                statuses.add(job.getString("status"));
            } while (!"COMPLETED".equals(job.getString("status")) && !"FAILED".equals(job.getString("status")));

            assertEquals("PENDING", statuses.get(0), () -> "created first: " + statuses);
            assertEquals("COMPLETED", job.getString("status"), () -> "the other replica's worker ran it: " + statuses);
            assertEquals(3, job.getInt("numDeleted"));
            // PostgreSQL reports every change; the embedded MongoDB-wire server may fold a short IN_PROGRESS into the
            // next change (docs/stores.md, change feeds).
            assertTrue(List.of(List.of("PENDING", "IN_PROGRESS", "COMPLETED"), List.of("PENDING", "COMPLETED"))
                    .contains(statuses), () -> String.valueOf(statuses));
            if ("postgresql".equals(StoreForPackagedApp.settings().get("personalize.store.kind"))) {
                assertEquals(List.of("PENDING", "IN_PROGRESS", "COMPLETED"), statuses);
            }
        }
    }
}
