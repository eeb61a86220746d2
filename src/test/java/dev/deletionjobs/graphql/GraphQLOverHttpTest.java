package dev.deletionjobs.graphql;

import static dev.deletionjobs.testing.AwsJsonCalls.ROLE_ARN;
import static dev.deletionjobs.testing.AwsJsonCalls.newDatasetGroupArn;
import static dev.deletionjobs.testing.AwsJsonCalls.newJobName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.deletionjobs.http.RequestIds;
import dev.deletionjobs.service.DataDeletionJobChanges;
import dev.deletionjobs.testing.LogCapture;
import dev.deletionjobs.testing.RawGraphQLSocket;
import dev.deletionjobs.testing.RawHttp;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * GraphQL over HTTP as the service serves it: GET and POST through one path (a GET's parameters decoded once), the
 * operation the engine will run is the one checked, media types and methods the service does not serve refused in
 * GraphQL's words. Every refusal is coded, counted, JSON, and leaves no ERROR in the log.
 */
@QuarkusTest
@Timeout(120)
class GraphQLOverHttpTest {

    private static final String CHANGED = "subscription { dataDeletionJobChanged { id } }";
    private static final String INVALID_INPUT = "InvalidInputException";
    private static final String BEYOND_UNICODE = "{ dataDeletionJobs(datasetGroupArn: \"\\u{FFFFFFFFFFFF}\") { totalCount } }";

    @TestHTTPResource("/graphql")
    URL graphql;

    @Inject
    Vertx vertx;

    @Inject
    DataDeletionJobChanges changes;

    @Test
    void aSubscriptionIsRefusedOverHttpHoweverItIsSelected() {
        int before = changes.subscriberCount();
        String both = "subscription Live { dataDeletionJobChanged { id } }\nquery Header { dataDeletionJobCounts { total } }";
        List<Supplier<Response>> requests = List.of(
                () -> post(body("query", CHANGED, "operationName", "")),
                // An empty name is the document's first operation, as graphql-java reads it.
                () -> post(body("query", both, "operationName", "")),
                () -> get("query", CHANGED, "operationName", ""),
                () -> get("query", both, "operationName", ""),
                () -> get("query", both, "operationName", "Live"));
        for (Supplier<Response> request : requests) {
            JsonPath refused = assertRefused(200, INVALID_INPUT, request);
            assertTrue(refused.getString("errors[0].message").startsWith("A subscription is served over WebSocket"),
                    refused::prettify);
        }
        assertEquals(before, changes.subscriberCount(), "no subscriber was left behind");
    }

    @Test
    void theOperationTheEngineRunsIsTheOneChecked() {
        String queryFirst = "query Header { dataDeletionJobCounts { total } }\nsubscription Live { dataDeletionJobChanged { id } }";
        post(body("query", queryFirst, "operationName", "")).then().statusCode(200)
                .body("errors", nullValue())
                .body("data.dataDeletionJobCounts.total", notNullValue());
        // Several operations and no name, or a name none has: refused in graphql-java's words, nothing run.
        assertEquals("Must provide operation name if query contains multiple operations.",
                assertRefused(200, INVALID_INPUT, () -> post(body("query", queryFirst))).getString("errors[0].message"));
        assertEquals("Unknown operation named 'Nope'.", assertRefused(200, INVALID_INPUT,
                () -> get("query", queryFirst, "operationName", "Nope")).getString("errors[0].message"));
        // A name is echoed as any value is: cut to 100 characters, control characters shown, not sent back whole.
        String longName = "Nope\u0000" + "x".repeat(100_000);
        assertEquals("Unknown operation named 'Nope\\u0000" + "x".repeat(95) + "...'.", assertRefused(200,
                INVALID_INPUT, () -> post(body("query", queryFirst, "operationName", longName)))
                .getString("errors[0].message"));
        // One decoding reads a comment and then a query; decoded again, a subscription. Decoded once, it is the query
        // both the check and the engine read.
        String commentTrick = "query=%23%250A%20subscription%20%7B%20dataDeletionJobChanged%20%7B%20id%20%7D%20%7D%20%23"
                + "%0A%7B%20__typename%20%7D";
        given().urlEncodingEnabled(false).get("/graphql?" + commentTrick).then().statusCode(200)
                .body("errors", nullValue())
                .body("data.__typename", equalTo("Query"));
    }

    @Test
    void getParametersAreDecodedOnceAndMalformedOnesRefused() throws IOException {
        for (String[] parameters : List.of(new String[] { "variables", "{" }, new String[] { "variables", "[1]" },
                new String[] { "variables", "\"text\"" }, new String[] { "extensions", "x" },
                new String[] { "extensions", "[]" })) {
            JsonPath refused = assertRefused(400, INVALID_INPUT,
                    () -> get("query", "{ __typename }", parameters[0], parameters[1]));
            assertEquals("The request's " + parameters[0] + " must be a JSON object.",
                    refused.getString("errors[0].message"));
        }
        assertRefused(400, INVALID_INPUT, () -> given().urlEncodingEnabled(false)
                .get("/graphql?query=%7B__typename%7D&query=%7B__typename%7D"));
        assertRefused(400, INVALID_INPUT, () -> get("operationName", "Q"));
        try (LogCapture logs = LogCapture.of("")) {
            for (String malformed : List.of("query=%zz", "query=100%", "query=%7B__typename%7D&variables=%E0%80")) {
                String answer = RawHttp.exchange("GET /graphql?" + malformed + " HTTP/1.1\r\nHost: localhost\r\n"
                        + "Connection: close\r\n\r\n");
                assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
                assertTrue(answer.endsWith("\r\n\r\n") || answer.contains(INVALID_INPUT), answer);
            }
            assertEquals(List.of(), logs.errors());
        }
        // The same in a body: operationName a string, variables and extensions objects, each or null.
        for (Map<String, Object> body : List.of(body("query", "{ __typename }", "variables", List.of(1)),
                body("query", "{ __typename }", "variables", "text"), body("query", "{ __typename }", "operationName", 5),
                body("query", "{ __typename }", "extensions", 5))) {
            assertRefused(400, INVALID_INPUT, () -> post(body));
        }
        post(body("query", "{ __typename }", "variables", null, "operationName", null, "extensions", null)).then()
                .statusCode(200).body("data.__typename", equalTo("Query"));

        // A '%' and a '+' in the document, an operation name and variables: GET answers what POST answers.
        String percent = "{ dataDeletionJobs(datasetGroupArn: \"100%\") { totalCount } }";
        assertSameAnswer(body("query", percent));
        String offset = "{ dataDeletionJobs(createdAfter: \"2024-05-01T00:00:00+02:00\", first: 0) { totalCount } }";
        assertSameAnswer(body("query", offset));
        Response withOffset = get("query", offset);
        withOffset.then().statusCode(200).body("errors", nullValue());
        String named = "query Q { __typename }\nquery R { dataDeletionJobCounts { total } }";
        get("query", named, "operationName", "Q").then().statusCode(200)
                .body("errors", nullValue())
                .body("data.__typename", equalTo("Query"));
        // The example of docs/graphql.md, as it is written there.
        given().urlEncodingEnabled(false).get("/graphql?query=query%20Q(%24first%3A%20Int)%20%7B%20dataDeletionJobs("
                + "first%3A%20%24first)%20%7B%20totalCount%20%7D%20%7D&operationName=Q&variables=%7B%22first%22%3A1%7D")
                .then().statusCode(200)
                .body("errors", nullValue())
                .body("data.dataDeletionJobs.totalCount", notNullValue());
        String group = newDatasetGroupArn();
        String page = "query($group: String, $first: Int) { dataDeletionJobs(datasetGroupArn: $group, first: $first)"
                + " { totalCount } }";
        get("query", page, "variables", new JsonObject().put("group", group).put("first", 1).encode(),
                "extensions", "{}").then().statusCode(200)
                .body("errors", nullValue())
                .body("data.dataDeletionJobs.totalCount", equalTo(0));
        assertSameAnswer(body("query", page, "variables", Map.of("group", "100% +1")));
    }

    @Test
    void aMutationOverGetIsRefusedAndCreatesNothing() {
        String group = newDatasetGroupArn();
        Map<String, Object> input = Map.of("jobName", newJobName(), "datasetGroupArn", group,
                "dataSource", Map.of("dataLocation", "s3://bucket/users.csv"), "roleArn", ROLE_ARN);
        String create = "mutation Create($input: CreateDataDeletionJobInput!) { createDataDeletionJob(input: $input) { arn } }";
        Response refused = given().urlEncodingEnabled(false)
                .get("/graphql?" + query("query", create, "variables", new JsonObject().put("input", input).encode()));
        assertRefusedAs(405, INVALID_INPUT, refused);
        assertEquals("POST", refused.header("Allow"));
        assertEquals("A mutation is sent by POST; GET runs queries only.", refused.path("errors[0].message"));
        // A query beside a mutation may still be chosen by GET.
        get("query", create + "\nquery Count($g: String) { dataDeletionJobs(datasetGroupArn: $g) { totalCount } }",
                "operationName", "Count", "variables", new JsonObject().put("g", group).encode())
                .then().statusCode(200)
                .body("errors", nullValue())
                .body("data.dataDeletionJobs.totalCount", equalTo(0));
    }

    @Test
    void aCharsetInAcceptIsAnsweredInUtf8() throws IOException {
        try (LogCapture logs = LogCapture.of("")) {
            for (String answer : RawHttp.typenameByPostAndGet(
                    "Host: localhost\r\nAccept: application/json; charset=foo\r\n")) {
                assertTrue(answer.startsWith("HTTP/1.1 200 "), answer);
                assertTrue(answer.toLowerCase().contains("content-type: application/json; charset=utf-8"), answer);
                assertTrue(answer.contains("{\"data\":{\"__typename\":\"Query\"}"), answer);
            }
            assertEquals(List.of(), logs.errors());
        }
    }

    @Test
    void aDocumentTheParserCannotReadIsInvalidInputByEveryTransport() throws Exception {
        for (Supplier<Response> request : List.<Supplier<Response>> of(() -> post(body("query", BEYOND_UNICODE)),
                () -> get("query", BEYOND_UNICODE))) {
            JsonPath refused = assertRefused(200, INVALID_INPUT, request);
            assertTrue(refused.getString("errors[0].message").startsWith("The document does not parse: "),
                    refused::prettify);
        }
        try (LogCapture logs = LogCapture.of("");
                RawGraphQLSocket socket = RawGraphQLSocket.initialised(vertx, graphql.getPort(), new JsonObject())) {
            socket.subscribe("bad", BEYOND_UNICODE);
            JsonObject error = socket.next();
            assertEquals("error", error.getString("type"), error::encode);
            assertEquals(INVALID_INPUT,
                    error.getJsonArray("payload").getJsonObject(0).getJsonObject("extensions").getString("code"));
            // The socket stays open and serves the next operation.
            socket.subscribe("good", "{ __typename }");
            assertEquals("next", socket.next().getString("type"));
            assertEquals(List.of(), logs.errors());
        }
    }

    @Test
    void mediaTypesOutsideGraphQLOverHttpAreRefusedWithACode() throws IOException {
        String json = "{\"query\":\"{ __typename }\"}";
        for (String type : List.of("application/graphql", "text/plain", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/json; charset=iso-8859-1", "application/xml")) {
            String mediaType = type.split(";")[0];
            assertRefused(415, INVALID_INPUT, () -> given()
                    .config(RestAssured.config().encoderConfig(EncoderConfig.encoderConfig()
                            .encodeContentTypeAs(mediaType, ContentType.TEXT)))
                    .contentType(type).body(json).post("/graphql"));
        }
        // An empty parameter list or range, as a hand-written header may have it, is read, not a fault of ours.
        assertTrue(RawHttp.exchange("POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: ;\r\n"
                + "Content-Length: " + json.length() + "\r\nConnection: close\r\n\r\n" + json)
                .startsWith("HTTP/1.1 415"));
        for (String accept : List.of("text/html", "application/xml", "application/json;q=0", "text/*", ";", ",")) {
            assertRefused(406, INVALID_INPUT, () -> given().contentType(ContentType.JSON).accept(accept).body(json)
                    .post("/graphql"));
            assertRefused(406, INVALID_INPUT, () -> given().accept(accept).queryParam("query", "{ __typename }")
                    .get("/graphql"));
        }
        // A body without a type is not read: a browser posts one (a Blob of no type) from any page, unasked.
        String mutation = "{\"query\":\"mutation { __typename }\"}";
        assertTrue(RawHttp.exchange("POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Length: "
                + mutation.length() + "\r\nConnection: close\r\n\r\n" + mutation).startsWith("HTTP/1.1 415"));
        String plainJson = "application/json; charset=utf-8";
        String graphQLResponse = "application/graphql-response+json; charset=utf-8";
        Map<String, String> answered = new LinkedHashMap<>();
        // A type refused by name is refused whatever a wildcard says.
        answered.put("application/graphql-response+json;q=0, */*", plainJson);
        answered.put("application/json;q=0, */*", graphQLResponse);
        answered.put("application/json, application/*;q=0.5", plainJson);
        answered.put("text/html, application/json;q=0.5", plainJson);
        answered.put("application/json; charset=utf-8", plainJson);
        answered.put("application/graphql-response+json, application/json;q=0.9", graphQLResponse);
        answered.put("*/*", graphQLResponse);
        for (Map.Entry<String, String> accept : answered.entrySet()) {
            Response response = given().contentType("application/json; charset=UTF-8").accept(accept.getKey())
                    .body(json).post("/graphql");
            response.then().statusCode(200).body("data.__typename", equalTo("Query"));
            assertEquals(accept.getValue(), response.contentType(), accept.getKey());
        }
    }

    @Test
    void noCacheKeepsAnAnswer() {
        // Chosen by the caller's key, in a header shared caches do not key on: one caller's jobs must not be served
        // to another from a cache.
        for (Response response : List.of(given().queryParam("query", "{ __typename }").get("/graphql"),
                post(body("query", "{ __typename }")), post(body("query", "{ nope }")),
                given().contentType(ContentType.TEXT).body("x").post("/graphql"))) {
            assertEquals("no-store", response.header("Cache-Control"), response::asString);
        }
    }

    @Test
    void otherMethodsAndPathsAreRefusedInGraphQLsWords() throws IOException {
        for (String method : List.of("PUT", "DELETE", "PATCH")) {
            Response refused = assertRefusedResponse(405, INVALID_INPUT, () -> given().contentType(ContentType.JSON)
                    .body("{\"query\":\"{ __typename }\"}").request(method, "/graphql"));
            assertEquals("GET, POST", refused.header("Allow"));
        }
        try (LogCapture logs = LogCapture.of("")) {
            Response head = given().head("/graphql");
            head.then().statusCode(405);
            assertEquals("GET, POST", head.header("Allow"));
            given().options("/graphql").then().statusCode(204).header("Allow", "GET, POST");
            assertEquals(List.of(), logs.errors());
        }
        for (String path : List.of("/graphql;x", "/GRAPHQL", "/GraphQL;jsessionid=1")) {
            assertRefused(404, INVALID_INPUT, () -> given().urlEncodingEnabled(false).contentType(ContentType.JSON)
                    .body("{\"query\":\"{ __typename }\"}").post(path));
            assertRefused(404, INVALID_INPUT, () -> given().urlEncodingEnabled(false).get(path + "?query=%7B__typename%7D"));
        }
        // A trailing slash is the same endpoint, as for any route; the schema is still served beside it.
        given().contentType(ContentType.JSON).body("{\"query\":\"{ __typename }\"}").post("/graphql/").then()
                .statusCode(200).body("data.__typename", equalTo("Query"));
        given().get("/graphql/schema.graphql").then().statusCode(200);
        // Quarkus's handler of the schema left OPTIONS unanswered until the idle timeout (75 s).
        assertEquals("GET", RawHttp.exchange("OPTIONS /graphql/schema.graphql HTTP/1.1\r\nHost: localhost\r\n"
                + "Connection: close\r\n\r\n").lines().filter(line -> line.toLowerCase(Locale.ROOT).startsWith("allow: "))
                .findFirst()
                .orElse("no Allow header").substring("allow: ".length()));
        assertRefused(405, INVALID_INPUT, () -> given().delete("/graphql/schema.graphql"));
    }

    /** The answer GET gives is the one POST gives. */
    @SuppressWarnings("unchecked")
    private static void assertSameAnswer(Map<String, Object> body) {
        JsonPath posted = post(body).then().statusCode(200).extract().jsonPath();
        List<String> parameters = new ArrayList<>();
        body.forEach((name, value) -> {
            parameters.add(name);
            parameters.add(value instanceof String text ? text : new JsonObject((Map<String, Object>) value).encode());
        });
        JsonPath got = get(parameters.toArray(String[]::new)).then().statusCode(200).extract().jsonPath();
        assertEquals((Object) posted.get("data"), got.get("data"), got::prettify);
        assertEquals(posted.getList("errors.message"), got.getList("errors.message"), got::prettify);
        assertEquals(posted.getList("errors.extensions.code"), got.getList("errors.extensions.code"), got::prettify);
    }

    private static JsonPath assertRefused(int status, String code, Supplier<Response> request) {
        return assertRefusedResponse(status, code, request).jsonPath();
    }

    /** Refused with {@code status} and one error coded {@code code}: JSON, no data, counted, no ERROR logged. */
    private static Response assertRefusedResponse(int status, String code, Supplier<Response> request) {
        try (LogCapture logs = LogCapture.of("")) {
            Response response = request.get();
            assertRefusedAs(status, code, response);
            String id = response.header(RequestIds.HEADER);
            assertTrue(logs.lines().stream().anyMatch(line -> line.contains(id) && line.contains("invalid-request")
                    && line.contains(code)), () -> "not counted: " + logs.lines());
            assertEquals(List.of(), logs.errors());
            return response;
        }
    }

    private static void assertRefusedAs(int status, String code, Response response) {
        response.then().statusCode(status)
                .contentType(startsWith("application/json"))
                .body("$", not(hasKey("data")))
                .body("errors", hasSize(1))
                .body("errors[0].extensions.code", equalTo(code));
        String text = response.asString();
        assertFalse(text.contains("dev.deletionjobs") || text.contains("java.") || text.contains("\tat "), text);
    }

    private static Response post(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/graphql");
    }

    /** A GET with these parameters (names and values), each encoded once, as a browser encodes a form. */
    private static Response get(String... namesAndValues) {
        return given().urlEncodingEnabled(false).get("/graphql?" + query(namesAndValues));
    }

    private static String query(String... namesAndValues) {
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            pairs.add(namesAndValues[i] + "=" + URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
        }
        return String.join("&", pairs);
    }

    /** A request body; null values are kept, as a client that sends {@code "variables": null} keeps them. */
    private static Map<String, Object> body(Object... namesAndValues) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            body.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return body;
    }
}
