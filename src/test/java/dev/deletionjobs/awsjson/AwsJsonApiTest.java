package dev.deletionjobs.awsjson;

import static dev.deletionjobs.testing.AwsJsonCalls.ACCOUNT;
import static dev.deletionjobs.testing.AwsJsonCalls.ROLE_ARN;
import static dev.deletionjobs.testing.AwsJsonCalls.SERVED_CONTENT_TYPE;
import static dev.deletionjobs.testing.AwsJsonCalls.awsJson;
import static dev.deletionjobs.testing.AwsJsonCalls.call;
import static dev.deletionjobs.testing.AwsJsonCalls.createJob;
import static dev.deletionjobs.testing.AwsJsonCalls.createRequest;
import static dev.deletionjobs.testing.AwsJsonCalls.newDatasetGroupArn;
import static dev.deletionjobs.testing.AwsJsonCalls.newJobName;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.Response;

/** Create and describe over awsJson 1.1, end to end against the embedded store. */
@QuarkusTest
class AwsJsonApiTest {

    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @Test
    void createdJobIsDescribedWithEveryMember() {
        String group = newDatasetGroupArn();
        String name = newJobName();
        Map<String, Object> request = createRequest(name, group);
        request.put("tags", List.of(Map.of("tagKey", "team", "tagValue", "growth")));
        long before = System.currentTimeMillis();

        String arn = call("CreateDataDeletionJob", request)
                .then().statusCode(200)
                .header(SERVED_CONTENT_TYPE, "application/x-amz-json-1.1")
                .header("x-amzn-RequestId", matchesPattern(UUID_PATTERN))
                .extract().path("dataDeletionJobArn");
        assertEquals("arn:aws:personalize:us-east-1:" + ACCOUNT + ":data-deletion-job/" + name, arn);

        Response described = call("DescribeDataDeletionJob", Map.of("dataDeletionJobArn", arn));
        described.then().statusCode(200)
                .header("x-amzn-RequestId", matchesPattern(UUID_PATTERN))
                .body("dataDeletionJob.jobName", equalTo(name))
                .body("dataDeletionJob.dataDeletionJobArn", equalTo(arn))
                .body("dataDeletionJob.datasetGroupArn", equalTo(group))
                .body("dataDeletionJob.dataSource.dataLocation", equalTo("s3://deletions/" + name + ".csv"))
                .body("dataDeletionJob.roleArn", equalTo(ROLE_ARN))
                .body("dataDeletionJob.status", equalTo("PENDING"))
                .body("dataDeletionJob", not(hasKey("numDeleted")))
                .body("dataDeletionJob", not(hasKey("failureReason")));

        BigDecimal created = described.then().extract().jsonPath(
                JsonPathConfig.jsonPathConfig().numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL))
                .get("dataDeletionJob.creationDateTime");
        BigDecimal updated = described.then().extract().jsonPath(
                JsonPathConfig.jsonPathConfig().numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL))
                .get("dataDeletionJob.lastUpdatedDateTime");
        assertEquals(3, created.scale(), "epoch seconds with a millisecond fraction: " + created);
        long createdMillis = created.movePointRight(3).longValueExact();
        assertTrue(createdMillis >= before && createdMillis <= System.currentTimeMillis() + 1, created.toString());
        assertEquals(created, updated);
    }

    @Test
    void timestampsAreJsonNumbersNotStrings() {
        String arn = createJob(newJobName(), newDatasetGroupArn());
        String body = call("DescribeDataDeletionJob", Map.of("dataDeletionJobArn", arn)).asString();
        assertTrue(body.matches(".*\"creationDateTime\":\\d{10}\\.\\d{3}[,}].*"), body);
    }

    @Test
    void secondJobWithTheSameNameIsRefused() {
        String group = newDatasetGroupArn();
        String name = newJobName();
        createJob(name, group);

        call("CreateDataDeletionJob", createRequest(name, newDatasetGroupArn()))
                .then().statusCode(400)
                .header("x-amzn-ErrorType", "ResourceAlreadyExistsException")
                .header("x-amzn-RequestId", matchesPattern(UUID_PATTERN))
                .body("__type", equalTo("ResourceAlreadyExistsException"))
                .body("message", startsWith("The data deletion job arn:aws:personalize:us-east-1:"));
        // The first job is untouched.
        call("DescribeDataDeletionJob", Map.of("dataDeletionJobArn",
                "arn:aws:personalize:us-east-1:" + ACCOUNT + ":data-deletion-job/" + name))
                .then().statusCode(200).body("dataDeletionJob.datasetGroupArn", equalTo(group));
    }

    @Test
    void racingCreatesOfOneNameHaveExactlyOneWinner() throws Exception {
        String name = newJobName();
        String group = newDatasetGroupArn();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> attempts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                attempts.add(() -> call("CreateDataDeletionJob", createRequest(name, group)).statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> result : pool.invokeAll(attempts)) {
                statuses.add(result.get());
            }
            assertEquals(1, statuses.stream().filter(status -> status == 200).count(), statuses.toString());
            assertEquals(7, statuses.stream().filter(status -> status == 400).count(), statuses.toString());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void unknownArnIsNotFound() {
        call("DescribeDataDeletionJob", Map.of("dataDeletionJobArn",
                "arn:aws:personalize:us-east-1:" + ACCOUNT + ":data-deletion-job/" + newJobName()))
                .then().statusCode(400)
                .header("x-amzn-ErrorType", "ResourceNotFoundException")
                .body("__type", equalTo("ResourceNotFoundException"))
                .body("message", startsWith("Could not find the data deletion job arn:aws:personalize:"));
    }

    @Test
    void anotherAccountsOrRegionsArnIsNotFound() {
        String name = newJobName();
        createJob(name, newDatasetGroupArn());
        for (String foreign : List.of(
                "arn:aws:personalize:us-east-1:111111111111:data-deletion-job/" + name,
                "arn:aws:personalize:eu-west-1:" + ACCOUNT + ":data-deletion-job/" + name)) {
            call("DescribeDataDeletionJob", Map.of("dataDeletionJobArn", foreign))
                    .then().statusCode(400).body("__type", equalTo("ResourceNotFoundException"));
        }
    }

    @Test
    void moreThanTwoHundredTagsAreTooMany() {
        Map<String, Object> request = createRequest(newJobName(), newDatasetGroupArn());
        List<Map<String, String>> tags = new ArrayList<>();
        for (int i = 0; i < 201; i++) {
            tags.add(Map.of("tagKey", "key" + i, "tagValue", "v"));
        }
        request.put("tags", tags);
        call("CreateDataDeletionJob", request)
                .then().statusCode(400)
                .header("x-amzn-ErrorType", "TooManyTagsException")
                .body("__type", equalTo("TooManyTagsException"))
                .body("message", equalTo("A data deletion job can have at most 200 tags; the request has 201."));

        request.put("tags", tags.subList(0, 200));
        call("CreateDataDeletionJob", request).then().statusCode(200);
    }

    @Test
    void unknownMembersAreIgnoredForForwardCompatibility() {
        Map<String, Object> request = createRequest(newJobName(), newDatasetGroupArn());
        request.put("someFutureMember", Map.of("nested", true));
        call("CreateDataDeletionJob", request).then().statusCode(200);
    }

    @Test
    void requestIdIsFreshOnEveryResponse() {
        String first = awsJson("AmazonPersonalize.ListDataDeletionJobs").body("{}")
                .post("/").header("x-amzn-RequestId");
        String second = awsJson("AmazonPersonalize.ListDataDeletionJobs").body("{}")
                .post("/").header("x-amzn-RequestId");
        assertTrue(first.matches(UUID_PATTERN) && second.matches(UUID_PATTERN));
        assertTrue(!first.equals(second));
    }
}
