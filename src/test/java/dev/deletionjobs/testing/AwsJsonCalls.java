package dev.deletionjobs.testing;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.RestAssured;
import io.restassured.builder.ResponseBuilder;
import io.restassured.config.EncoderConfig;
import io.restassured.filter.Filter;
import io.restassured.http.ContentType;
import io.restassured.http.Header;
import io.restassured.http.Headers;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** awsJson 1.1 calls as an SDK sends them, with request bodies built as maps. */
public final class AwsJsonCalls {

    public static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    public static final String ACCOUNT = "000000000000";
    public static final String ROLE_ARN = "arn:aws:iam::000000000000:role/PersonalizeDeletion";

    private static final ObjectMapper JSON = new ObjectMapper();

    private AwsJsonCalls() {
    }

    /**
     * The Content-Type the server sent. REST Assured cannot be taught to parse {@code application/x-amz-json-1.1}
     * (its registered parsers are ignored for that type), so {@link #AS_JSON} hands responses to the matchers as
     * {@code application/json} and keeps the served value under this name for the assertions.
     */
    public static final String SERVED_CONTENT_TYPE = "x-test-served-content-type";

    private static final Filter AS_JSON = (request, response, context) -> {
        Response served = context.next(request, response);
        List<Header> headers = new ArrayList<>(served.getHeaders().asList());
        headers.add(new Header(SERVED_CONTENT_TYPE, served.getContentType()));
        return new ResponseBuilder().clone(served).setHeaders(new Headers(headers))
                .setContentType("application/json").build();
    };

    /** A request to the awsJson endpoint with {@code X-Amz-Target} set to exactly {@code target} (none if null). */
    public static RequestSpecification awsJson(String target) {
        RequestSpecification request = given()
                .config(RestAssured.config().encoderConfig(EncoderConfig.encoderConfig()
                        .encodeContentTypeAs(CONTENT_TYPE, ContentType.TEXT)
                        .defaultContentCharset(StandardCharsets.UTF_8)
                        .appendDefaultContentCharsetToContentTypeIfUndefined(false)))
                .contentType(CONTENT_TYPE)
                .filter(AS_JSON);
        return target == null ? request : request.header("X-Amz-Target", target);
    }

    public static Response call(String operation, Object body) {
        try {
            return awsJson("AmazonPersonalize." + operation).body(JSON.writeValueAsString(body)).post("/");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A dataset group ARN no other test uses, so listings filtered by it see only this test's jobs. */
    public static String newDatasetGroupArn() {
        return "arn:aws:personalize:us-east-1:" + ACCOUNT + ":dataset-group/dg-" + UUID.randomUUID();
    }

    public static String newJobName() {
        return "job-" + UUID.randomUUID();
    }

    public static Map<String, Object> createRequest(String jobName, String datasetGroupArn) {
        Map<String, Object> body = new HashMap<>();
        body.put("jobName", jobName);
        body.put("datasetGroupArn", datasetGroupArn);
        body.put("dataSource", Map.of("dataLocation", "s3://deletions/" + jobName + ".csv"));
        body.put("roleArn", ROLE_ARN);
        return body;
    }

    /** Creates a job and returns its ARN. */
    public static String createJob(String jobName, String datasetGroupArn) {
        return call("CreateDataDeletionJob", createRequest(jobName, datasetGroupArn))
                .then().statusCode(200)
                .extract().path("dataDeletionJobArn");
    }

    public static Map<String, Object> listRequest(String datasetGroupArn, Integer maxResults, String nextToken) {
        Map<String, Object> body = new HashMap<>();
        if (datasetGroupArn != null) {
            body.put("datasetGroupArn", datasetGroupArn);
        }
        if (maxResults != null) {
            body.put("maxResults", maxResults);
        }
        if (nextToken != null) {
            body.put("nextToken", nextToken);
        }
        return body;
    }

    /** Every job ARN of a listing, following nextToken to its end, in the order served. */
    public static List<String> listAll(String datasetGroupArn, Integer maxResults) {
        List<String> arns = new ArrayList<>();
        String token = null;
        do {
            Response response = call("ListDataDeletionJobs", listRequest(datasetGroupArn, maxResults, token));
            response.then().statusCode(200);
            List<String> page = response.path("dataDeletionJobs.dataDeletionJobArn");
            if (page.isEmpty()) {
                throw new AssertionError("an empty page was served");
            }
            if (maxResults != null && page.size() > maxResults) {
                throw new AssertionError("page of " + page.size() + " exceeds maxResults " + maxResults);
            }
            arns.addAll(page);
            token = response.path("nextToken");
        } while (token != null);
        return arns;
    }
}
