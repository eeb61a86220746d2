package dev.deletionjobs.graphql;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.deletionjobs.testing.RawHttp;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * A dashboard on another origin, listed in {@code quarkus.http.cors.origins} with CORS on: its pages may query over
 * HTTP and open GraphQL WebSockets, other sites' pages may do neither. Authentication is off here, as in a local
 * run: a page's upgrade is all an attacker would need.
 */
@QuarkusTest
@TestProfile(BrowserOriginsTest.DashboardOrigin.class)
@Timeout(120)
class BrowserOriginsTest {

    public static class DashboardOrigin implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.cors.enabled", "true", "quarkus.http.cors.origins",
                    DASHBOARD + ",/https://[a-z0-9-]+\\.preview\\.example\\.com/");
        }
    }

    private static final String DASHBOARD = "https://dash.example.com";
    private static final String FOREIGN = "https://evil.example";

    @Test
    void theDashboardsPagesMayQueryOverHttp() {
        given().header("Origin", DASHBOARD).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type,x-api-key").options("/graphql").then()
                .statusCode(200).header("Access-Control-Allow-Origin", DASHBOARD);
        Response preflight = given().header("Origin", DASHBOARD).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type,x-api-key").options("/graphql");
        assertTrue(preflight.header("Access-Control-Allow-Headers").contains("x-api-key"), preflight.headers()::toString);
        Response answer = given().header("Origin", DASHBOARD).contentType(ContentType.JSON)
                .body("{\"query\":\"{ __typename }\"}").post("/graphql");
        answer.then().statusCode(200);
        assertEquals(DASHBOARD, answer.header("Access-Control-Allow-Origin"));
        // Another site's page is refused before anything runs.
        given().header("Origin", FOREIGN).contentType(ContentType.JSON).body("{\"query\":\"{ __typename }\"}")
                .post("/graphql").then().statusCode(403);
    }

    @Test
    void onlyTheServicesOwnAndTheDashboardsPagesMayOpenAWebSocket() throws IOException {
        assertTrue(RawHttp.webSocketUpgrade(DASHBOARD).startsWith("HTTP/1.1 101 "));
        // An entry of the list that is a /regular expression/, read as Quarkus's CORS filter reads it.
        assertTrue(RawHttp.webSocketUpgrade("https://pr-42.preview.example.com").startsWith("HTTP/1.1 101 "));
        assertTrue(RawHttp.webSocketUpgrade("http://localhost:" + RestAssured.port).startsWith("HTTP/1.1 101 "));
        assertTrue(RawHttp.webSocketUpgrade(null).startsWith("HTTP/1.1 101 "), "a client that is no browser sends no"
                + " Origin");
        // With CORS on, Quarkus's filter refuses another site's page first, as it refuses its HTTP requests.
        String refused = RawHttp.webSocketUpgrade(FOREIGN);
        assertTrue(refused.startsWith("HTTP/1.1 403 "), refused);
    }
}
