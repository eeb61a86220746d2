package dev.deletionjobs.graphql;

import static dev.deletionjobs.testing.GraphQLCalls.graphql;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** SmallRye's own limits, when an operator sets them, apply beside the service's, and speak its vocabulary. */
@QuarkusTest
@TestProfile(GraphQLSmallRyeLimitsTest.StrictSmallRye.class)
class GraphQLSmallRyeLimitsTest {

    public static class StrictSmallRye implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.smallrye-graphql.instrumentation-query-depth", "3",
                    "quarkus.smallrye-graphql.instrumentation-query-complexity", "5");
        }
    }

    @Test
    void smallRyesDepthLimitStillApplies() {
        graphql("{ dataDeletionJobs(first: 1) { edges { node { arn } } } }").then().statusCode(200)
                .body("$", not(hasKey("data")))
                .body("errors", hasSize(1))
                .body("errors[0].extensions.code", equalTo("QueryTooDeepException"))
                .body("errors[0].message", equalTo("maximum query depth exceeded 4 > 3"));
    }

    @Test
    void smallRyesComplexityLimitStillApplies() {
        // graphql-java's count: a point per field, 6 here.
        graphql("{ dataDeletionJobs(first: 1) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } } }")
                .then().statusCode(200)
                .body("$", not(hasKey("data")))
                .body("errors", hasSize(1))
                .body("errors[0].extensions.code", equalTo("QueryTooComplexException"));
        graphql("{ dataDeletionJobs(first: 1) { totalCount } }").then().statusCode(200)
                .body("errors", nullValue());
    }
}
