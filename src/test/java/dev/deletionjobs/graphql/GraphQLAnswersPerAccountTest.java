package dev.deletionjobs.graphql;

import static dev.deletionjobs.graphql.GraphQLAnswersInFlightTest.LIMIT_EXCEEDED;
import static dev.deletionjobs.graphql.GraphQLAnswersInFlightTest.PAGE;
import static dev.deletionjobs.graphql.GraphQLAnswersInFlightTest.SMALL;
import static dev.deletionjobs.graphql.GraphQLAnswersInFlightTest.stalledRequest;
import static dev.deletionjobs.testing.AnswersHeld.awaitHeld;
import static dev.deletionjobs.testing.AwsJsonCalls.newDatasetGroupArn;
import static dev.deletionjobs.testing.GraphQLCalls.answered;
import static dev.deletionjobs.testing.GraphQLCalls.graphql;
import static dev.deletionjobs.testing.GraphQLCalls.variables;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.net.URL;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import dev.deletionjobs.http.AnswerBudget;
import dev.deletionjobs.job.DataDeletionJobStore;
import dev.deletionjobs.testing.SeededJobs;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * With the default share ({@code max-answer-length-in-flight-per-account}, 36,000,000 bytes of the replica's
 * 72,000,000), an account whose client leaves a page of the widest tags unread holds that page's length of its share:
 * its next such page is refused although the replica has room for it, and its small queries still run.
 */
@QuarkusTest
@TestProfile(GraphQLAnswersPerAccountTest.DefaultShare.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GraphQLAnswersPerAccountTest {

    /** The share as deployed; the other tests run as one account that may hold the whole budget. */
    public static class DefaultShare implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("personalize.http.max-answer-length-in-flight-per-account", "36000000");
        }
    }

    @TestHTTPResource("/graphql")
    URL graphql;

    @Inject
    DataDeletionJobStore store;

    @Inject
    AnswerBudget budget;

    private String widestGroup;

    @BeforeAll
    void seedJobsWithTheWidestTags() {
        widestGroup = newDatasetGroupArn();
        SeededJobs.seedWithTags(store, widestGroup, 100, GraphQLAnswersInFlightTest::widestTag);
    }

    @Test
    void anAccountsUnreadAnswerHoldsItsShareNotTheReplicas() throws Exception {
        try (Socket unread = stalledRequest(graphql, widestGroup)) {
            // Built and unsent, the page holds its length: some 31 of the account's 36 million bytes.
            awaitHeld(budget, 30_000_000, 36_000_000);
            long held = budget.inFlight();

            JsonPath refused = graphql(PAGE, variables("group", widestGroup)).then().statusCode(200).extract()
                    .jsonPath();
            assertNull(refused.get("data"), refused::prettify);
            assertEquals(LIMIT_EXCEEDED, refused.getString("errors[0].extensions.code"), refused::prettify);
            String message = refused.getString("errors[0].message");
            assertTrue(message.startsWith("This account's answers in progress hold as much as one account may at once"
                    + " (36000000 bytes at their longest); this one may be "), message);
            long longest = Long.parseLong(message.replaceAll(".*this one may be (\\d+)\\..*", "$1"));
            assertTrue(held + longest <= budget.capacity(), "the replica had room for it: " + held + " + " + longest);

            JsonPath small = answered(SMALL, variables("group", widestGroup));
            assertEquals(1, small.getList("data.dataDeletionJobs.nodes").size());
        }
        // The connection is gone: the account's share is free again.
        awaitHeld(budget, 0, 0);
    }
}
