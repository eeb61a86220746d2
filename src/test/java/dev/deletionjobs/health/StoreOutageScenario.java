package dev.deletionjobs.health;

import static dev.deletionjobs.testing.AwsJsonCalls.awsJson;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Map;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import dev.deletionjobs.testing.Management;
import dev.deletionjobs.testing.TcpProxy;

/**
 * Readiness follows the store within seconds; liveness never does, so an outage does not restart every pod. Each
 * store's test class runs this against its store behind a {@link StoreBehindProxy}; the annotations stay on those
 * classes, since Quarkus would start a superclass's test resource too.
 */
abstract class StoreOutageScenario {

    private static final Logger LOG = Logger.getLogger(StoreOutageScenario.class);

    @StoreBehindProxy.Proxy
    TcpProxy proxy;

    @Test
    void readinessTracksTheStoreWhileLivenessStaysUp() throws Exception {
        awaitReadiness("UP", Duration.ofSeconds(15));
        given().get(Management.url("/q/health/live")).then().statusCode(200).body("status", equalTo("UP"));
        given().get(Management.url("/q/health/started")).then().statusCode(200).body("status", equalTo("UP"));

        proxy.cut();
        try {
            long down = awaitReadiness("DOWN", Duration.ofSeconds(10));
            LOG.infof("Readiness DOWN %d ms after the store went away", down);
            given().get(Management.url("/q/health/live")).then().statusCode(200).body("status", equalTo("UP"));
            // Calls meanwhile are refused as retryable, in each interface's vocabulary.
            awsJson("AmazonPersonalize.ListDataDeletionJobs").body("{}").post("/").then()
                    .statusCode(503)
                    .header("x-amzn-ErrorType", "ServiceUnavailable")
                    .body("__type", equalTo("ServiceUnavailable"));
            given().contentType("application/json").body(Map.of("query", "{ dataDeletionJobs { totalCount } }"))
                    .post("/graphql").then().statusCode(200)
                    .body("errors[0].extensions.code", equalTo("ServiceUnavailable"))
                    .body("errors[0].message", equalTo("The service is temporarily unable to reach its store; retry"
                            + " the request."));
        } finally {
            proxy.restore();
        }
        awaitReadiness("UP", Duration.ofSeconds(30));
        given().get(Management.url("/q/health/live")).then().statusCode(200).body("status", equalTo("UP"));
    }

    /** Polls readiness until it reports {@code status}; returns how long that took. */
    private long awaitReadiness(String status, Duration within) throws InterruptedException {
        long start = System.currentTimeMillis();
        long deadline = start + within.toMillis();
        String seen = null;
        while (System.currentTimeMillis() < deadline) {
            seen = given().get(Management.url("/q/health/ready")).then().extract().path("status");
            if (status.equals(seen)) {
                return System.currentTimeMillis() - start;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("readiness stayed " + seen + ", not " + status + ", for " + within);
    }
}
