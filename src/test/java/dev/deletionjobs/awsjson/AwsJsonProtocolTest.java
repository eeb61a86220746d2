package dev.deletionjobs.awsjson;

import static dev.deletionjobs.testing.AwsJsonCalls.SERVED_CONTENT_TYPE;
import static dev.deletionjobs.testing.AwsJsonCalls.awsJson;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import dev.deletionjobs.testing.RawHttp;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/** Protocol-level faults: each a 4xx in the awsJson error shape, never an empty body or an HTML page. */
@QuarkusTest
class AwsJsonProtocolTest {

    private static final String LIST = "AmazonPersonalize.ListDataDeletionJobs";

    @Test
    void missingTargetIsAnUnknownOperation() {
        assertError(awsJson(null).body("{}").post("/").then(), 400,
                "UnknownOperationException", "The request names no operation: send an X-Amz-Target header.");
    }

    @Test
    void unknownTargetIsAnUnknownOperation() {
        for (String target : new String[] { "AmazonPersonalize.DeleteEverything", "ListDataDeletionJobs",
                "amazonpersonalize.listdatadeletionjobs", "AmazonPersonalize." }) {
            assertError(awsJson(target).body("{}").post("/").then(), 400, "UnknownOperationException",
                    "Unknown operation " + target + ".");
        }
    }

    @Test
    void anOversizedUnknownTargetIsEchoedCut() {
        String target = "AmazonPersonalize." + "X".repeat(5_000);
        assertError(awsJson(target).body("{}").post("/").then(), 400, "UnknownOperationException",
                "Unknown operation " + target.substring(0, 100) + "....");
    }

    @Test
    void twoTargetsAreRefusedNotPickedFrom() {
        assertError(awsJson(LIST).header("X-Amz-Target", "AmazonPersonalize.CreateDataDeletionJob").body("{}")
                .post("/").then(), 400, "UnknownOperationException",
                "The request names more than one operation: send one X-Amz-Target header.");
    }

    @Test
    void emptyBodyIsAnEmptyObject() {
        awsJson(LIST).post("/").then().statusCode(200).body("dataDeletionJobs", notNullValue());
    }

    @Test
    void bodyThatIsNotJsonIsASerializationError() {
        assertError(awsJson(LIST).body("maxResults=5").post("/").then(), 400, "SerializationException",
                "The request body is not valid JSON.");
        assertError(awsJson(LIST).body("{\"maxResults\": 5").post("/").then(), 400, "SerializationException",
                "The request body is not valid JSON.");
        assertError(awsJson(LIST).body("{} {}").post("/").then(), 400, "SerializationException",
                "The request body is not valid JSON.");
    }

    @Test
    void bodyThatIsNotAnObjectIsASerializationError() {
        for (String body : new String[] { "[]", "null", "42", "\"text\"" }) {
            assertError(awsJson(LIST).body(body).post("/").then(), 400, "SerializationException",
                    "The request body must be a JSON object.");
        }
    }

    @Test
    void memberOfTheWrongJsonTypeIsASerializationError() {
        String[][] cases = {
                { "{\"maxResults\": \"5\"}", "maxResults" },
                { "{\"maxResults\": 5.5}", "maxResults" },
                { "{\"maxResults\": true}", "maxResults" },
                { "{\"datasetGroupArn\": 7}", "datasetGroupArn" },
                { "{\"datasetGroupArn\": {\"a\": 1}}", "datasetGroupArn" },
                { "{\"nextToken\": [\"a\"]}", "nextToken" },
        };
        for (String[] c : cases) {
            assertError(awsJson(LIST).body(c[0]).post("/").then(), 400, "SerializationException",
                    "The value at '" + c[1] + "' has the wrong JSON type for that member.");
        }
        assertError(awsJson(LIST).body("{\"maxResults\": 99999999999}").post("/").then(), 400,
                "SerializationException", "The value at 'maxResults' is out of range for that member.");
        assertError(awsJson("AmazonPersonalize.CreateDataDeletionJob")
                .body("{\"tags\": [{\"tagKey\": 1, \"tagValue\": \"v\"}]}").post("/").then(), 400,
                "SerializationException", "The value at 'tags.1.member.tagKey' has the wrong JSON type for that member.");
        assertError(awsJson("AmazonPersonalize.CreateDataDeletionJob")
                .body("{\"dataSource\": \"s3://b/k\"}").post("/").then(), 400,
                "SerializationException", "The value at 'dataSource' has the wrong JSON type for that member.");
    }

    @Test
    void absurdlyNestedBodyIsRefused() {
        String body = "{\"a\":".repeat(2000) + "1" + "}".repeat(2000);
        assertError(awsJson(LIST).body(body).post("/").then(), 400, "SerializationException",
                "The request body is nested too deeply.");
    }

    @Test
    void oversizedBodyIsRefusedInTheSameShape() throws IOException {
        // The refusal comes before the body is read and closes the connection, so a client still sending the rest
        // may see its write fail: the first 64 KiB of the declared 1.1 MB are sent, and the answer read.
        String head = "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-amz-json-1.1\r\n"
                + "X-Amz-Target: " + LIST + "\r\nContent-Length: 1100013\r\n\r\n";
        String answer = RawHttp.exchange(head + "{\"jobName\":\"" + "a".repeat(65_536));
        assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
        String headers = answer.substring(0, answer.indexOf("\r\n\r\n")).toLowerCase(Locale.ROOT);
        assertTrue(headers.contains("\r\nx-amzn-errortype: serializationexception"), headers);
        assertTrue(headers.contains("\r\nx-amzn-requestid: "), headers);
        assertTrue(headers.contains("\r\ncontent-type: application/x-amz-json-1.1"), headers);
        JsonPath body = JsonPath.from(answer.substring(answer.indexOf("\r\n\r\n") + 4));
        assertEquals("SerializationException", body.getString("__type"));
        assertEquals("The request body is larger than the 1048576 bytes this service accepts.", body.getString("message"));
    }

    @Test
    void otherMethodsAndPathsAnswerInTheSameShape() {
        assertError(awsJson(null).get("/").then(), 405, "UnknownOperationException",
                "Operations are invoked with POST / and an X-Amz-Target header.");
        assertError(awsJson(LIST).body("{}").post("/v1/jobs").then(), 404, "UnknownOperationException",
                "Operations are invoked with POST / and an X-Amz-Target header.");
        // OPTIONS too: RESTEasy's own answer was a 200 without a body, allowing a HEAD that is a 405.
        assertError(awsJson(LIST).options("/").then(), 405, "UnknownOperationException",
                "Operations are invoked with POST / and an X-Amz-Target header.");
    }

    @Test
    void aTargetThatIsNoPathAnswersInTheSameShape() throws IOException {
        // The asterisk form (OPTIONS * asks the server, not a resource), and a target that is no path at all.
        for (String target : new String[] { "POST *", "OPTIONS *", "GET *", "POST jobs" }) {
            String answer = RawHttp.exchange(target + " HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: " + LIST
                    + "\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
            assertTrue(answer.startsWith("HTTP/1.1 404 "), target + ": " + answer);
            assertTrue(answer.contains("x-amzn-ErrorType: UnknownOperationException"), answer);
            assertTrue(answer.contains("x-amzn-RequestId: "), answer);
            assertTrue(answer.endsWith("{\"__type\":\"UnknownOperationException\",\"message\":\"Operations are"
                    + " invoked with POST / and an X-Amz-Target header.\"}"), target + ": " + answer);
        }
    }

    private static void assertError(ValidatableResponse response, int status, String type,
            String message) {
        response.statusCode(status)
                .header(SERVED_CONTENT_TYPE, "application/x-amz-json-1.1")
                .header("x-amzn-ErrorType", type)
                .header("x-amzn-RequestId", notNullValue())
                .body("__type", equalTo(type))
                .body("message", equalTo(message));
    }
}
