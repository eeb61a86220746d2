package dev.deletionjobs.service;

import static dev.deletionjobs.testing.AwsJsonCalls.ACCOUNT;
import static dev.deletionjobs.testing.AwsJsonCalls.call;
import static dev.deletionjobs.testing.GraphQLCalls.graphql;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * An account with as many calls to the store in progress as it may have is refused by both interfaces, each in its
 * own words, before its store is asked; once a call ends, the next one runs. The test holds the account's one call
 * itself, so nothing here depends on timing.
 */
@QuarkusTest
@TestProfile(StoreCallsPerAccountTest.OneCallAtATime.class)
class StoreCallsPerAccountTest {

    public static class OneCallAtATime implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("personalize.store.max-calls-per-account", "1");
        }
    }

    private static final String REFUSAL = "The account has 1 call to the store in progress on this replica";

    @Inject
    AccountStoreCalls calls;

    @Test
    void anAccountPastItsCallsIsRefusedInEachInterfacesOwnWords() {
        calls.run(ACCOUNT, () -> {
            call("ListDataDeletionJobs", Map.of()).then()
                    .statusCode(400)
                    .header("x-amzn-ErrorType", "LimitExceededException")
                    .body("__type", equalTo("LimitExceededException"))
                    .body("message", containsString(REFUSAL));
            JsonPath answer = graphql("{ dataDeletionJobs(first: 1) { totalCount } }").then().statusCode(200)
                    .extract().jsonPath();
            assertEquals("LimitExceededException", answer.getString("errors[0].extensions.code"), answer.prettify());
            assertEquals(true, answer.getString("errors[0].message").startsWith(REFUSAL), answer.prettify());
            return null;
        });
        call("ListDataDeletionJobs", Map.of()).then().statusCode(200);
        graphql("{ dataDeletionJobs(first: 1) { totalCount } }").then().statusCode(200)
                .body("errors", org.hamcrest.Matchers.nullValue());
    }
}
