package dev.deletionjobs.awsjson;

import static dev.deletionjobs.testing.AwsJsonCalls.call;
import static dev.deletionjobs.testing.AwsJsonCalls.createRequest;
import static dev.deletionjobs.testing.AwsJsonCalls.newDatasetGroupArn;
import static dev.deletionjobs.testing.AwsJsonCalls.newJobName;
import static org.hamcrest.Matchers.equalTo;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;

/** Every rule of the model the server enforces, each answered with an InvalidInputException that names it. */
@QuarkusTest
class AwsJsonValidationTest {

    private static final String PREFIX = "1 validation error detected: ";

    static Stream<Arguments> createViolations() {
        return Stream.of(
                create("missing jobName", r -> r.remove("jobName"),
                        "Value null at 'jobName' failed to satisfy constraint: Member must not be null"),
                create("empty jobName", r -> r.put("jobName", ""),
                        "Value '' at 'jobName' failed to satisfy constraint: Member must have length greater than or"
                                + " equal to 1; Value '' at 'jobName' failed to satisfy constraint: Member must satisfy"
                                + " regular expression pattern: ^[a-zA-Z0-9][a-zA-Z0-9\\-_]*"),
                create("jobName of 64 characters", r -> r.put("jobName", "a".repeat(64)),
                        "Value '" + "a".repeat(64) + "' at 'jobName' failed to satisfy constraint: Member must have"
                                + " length less than or equal to 63"),
                create("jobName starting with a dash", r -> r.put("jobName", "-job"),
                        "Value '-job' at 'jobName' failed to satisfy constraint: Member must satisfy regular"
                                + " expression pattern: ^[a-zA-Z0-9][a-zA-Z0-9\\-_]*"),
                create("jobName with a slash", r -> r.put("jobName", "a/b"),
                        "Value 'a/b' at 'jobName' failed to satisfy constraint: Member must satisfy regular"
                                + " expression pattern: ^[a-zA-Z0-9][a-zA-Z0-9\\-_]*"),
                create("missing datasetGroupArn", r -> r.remove("datasetGroupArn"),
                        "Value null at 'datasetGroupArn' failed to satisfy constraint: Member must not be null"),
                create("datasetGroupArn that is not an ARN", r -> r.put("datasetGroupArn", "dataset-group/x"),
                        "Value 'dataset-group/x' at 'datasetGroupArn' failed to satisfy constraint: Member must"
                                + " satisfy regular expression pattern: arn:([a-z\\d-]+):personalize:.*:.*:.+"),
                create("datasetGroupArn over 256", r -> r.put("datasetGroupArn",
                        "arn:aws:personalize:us-east-1:000000000000:dataset-group/" + "g".repeat(220)),
                        "Value 'arn:aws:personalize:us-east-1:000000000000:dataset-group/" + "g".repeat(43)
                                + "...' at 'datasetGroupArn' failed to satisfy constraint: Member must have length"
                                + " less than or equal to 256"),
                create("missing dataSource", r -> r.remove("dataSource"),
                        "Value null at 'dataSource' failed to satisfy constraint: Member must not be null"),
                create("missing dataLocation", r -> r.put("dataSource", Map.of()),
                        "Value null at 'dataSource.dataLocation' failed to satisfy constraint: Member must not be"
                                + " null"),
                create("ftp dataLocation", r -> r.put("dataSource", Map.of("dataLocation", "ftp://x/y.csv")),
                        "Value 'ftp://x/y.csv' at 'dataSource.dataLocation' failed to satisfy constraint: Member must"
                                + " satisfy regular expression pattern: (s3|http|https)://.+"),
                create("missing roleArn", r -> r.remove("roleArn"),
                        "Value null at 'roleArn' failed to satisfy constraint: Member must not be null"),
                create("roleArn of a user", r -> r.put("roleArn", "arn:aws:iam::000000000000:user/bob"),
                        "Value 'arn:aws:iam::000000000000:user/bob' at 'roleArn' failed to satisfy constraint:"
                                + " Member must satisfy regular expression pattern:"
                                + " arn:([a-z\\d-]+):iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+"),
                create("tag without key", r -> r.put("tags", List.of(Map.of("tagValue", "v"))),
                        "Value null at 'tags.1.member.tagKey' failed to satisfy constraint: Member must not be null"),
                create("tag without value", r -> r.put("tags", List.of(Map.of("tagKey", "k"))),
                        "Value null at 'tags.1.member.tagValue' failed to satisfy constraint: Member must not be"
                                + " null"),
                create("empty tag key", r -> r.put("tags", List.of(Map.of("tagKey", "", "tagValue", "v"))),
                        "Value '' at 'tags.1.member.tagKey' failed to satisfy constraint: Member must have length"
                                + " greater than or equal to 1"),
                create("tag key of 129", r -> r.put("tags", List.of(Map.of("tagKey", "k".repeat(129), "tagValue",
                        "v"))), "Value '" + "k".repeat(100) + "...' at 'tags.1.member.tagKey' failed to satisfy"
                                + " constraint: Member must have length less than or equal to 128"),
                create("tag value of 257", r -> r.put("tags", List.of(Map.of("tagKey", "k", "tagValue",
                        "v".repeat(257)))), "Value '" + "v".repeat(100) + "...' at 'tags.1.member.tagValue' failed"
                                + " to satisfy constraint: Member must have length less than or equal to 256"),
                create("tag key with a forbidden character", r -> r.put("tags", List.of(
                        Map.of("tagKey", "ok", "tagValue", "v"), Map.of("tagKey", "a*b", "tagValue", "v"))),
                        "Value 'a*b' at 'tags.2.member.tagKey' failed to satisfy constraint: Member must satisfy"
                                + " regular expression pattern: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$"),
                create("repeated tag key", r -> r.put("tags", List.of(
                        Map.of("tagKey", "k", "tagValue", "1"), Map.of("tagKey", "k", "tagValue", "2"))),
                        "Value 'k' at 'tags.2.member.tagKey' failed to satisfy constraint: Tag keys must be unique"
                                + " within a request"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("createViolations")
    void createRefuses(String rule, Consumer<Map<String, Object>> breakRule, String violations) {
        Map<String, Object> request = new HashMap<>(createRequest(newJobName(), newDatasetGroupArn()));
        breakRule.accept(request);
        assertInvalidInput("CreateDataDeletionJob", request, violations);
    }

    static Stream<Arguments> listViolations() {
        return Stream.of(
                Arguments.of("maxResults 0", Map.of("maxResults", 0),
                        "Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than"
                                + " or equal to 1"),
                Arguments.of("maxResults 101", Map.of("maxResults", 101),
                        "Value '101' at 'maxResults' failed to satisfy constraint: Member must have value less than"
                                + " or equal to 100"),
                Arguments.of("maxResults negative", Map.of("maxResults", -5),
                        "Value '-5' at 'maxResults' failed to satisfy constraint: Member must have value greater"
                                + " than or equal to 1"),
                Arguments.of("datasetGroupArn that is not an ARN", Map.of("datasetGroupArn", "group"),
                        "Value 'group' at 'datasetGroupArn' failed to satisfy constraint: Member must satisfy"
                                + " regular expression pattern: arn:([a-z\\d-]+):personalize:.*:.*:.+"),
                // Refused on its length alone: no pattern runs on an over-long value.
                Arguments.of("nextToken over 1500", Map.of("nextToken", "t".repeat(1501)),
                        "Value '" + "t".repeat(100) + "...' at 'nextToken' failed to satisfy constraint: Member must"
                                + " have length less than or equal to 1500"),
                Arguments.of("nextToken not ASCII", Map.of("nextToken", "tökén"),
                        "Value 'tökén' at 'nextToken' failed to satisfy constraint: Member must satisfy regular"
                                + " expression pattern: \\p{ASCII}{0,1500}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("listViolations")
    void listRefuses(String rule, Map<String, Object> request, String violations) {
        assertInvalidInput("ListDataDeletionJobs", request, violations);
    }

    static Stream<Arguments> describeViolations() {
        return Stream.of(
                Arguments.of("missing ARN", Map.of(),
                        "Value null at 'dataDeletionJobArn' failed to satisfy constraint: Member must not be null"),
                Arguments.of("not an ARN", Map.of("dataDeletionJobArn", "job-1"),
                        "Value 'job-1' at 'dataDeletionJobArn' failed to satisfy constraint: Member must satisfy"
                                + " regular expression pattern: arn:([a-z\\d-]+):personalize:.*:.*:.+"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("describeViolations")
    void describeRefuses(String rule, Map<String, Object> request, String violation) {
        assertInvalidInput("DescribeDataDeletionJob", request, violation);
    }

    @Test
    void everyViolationOfOneRequestIsReportedTogether() {
        call("CreateDataDeletionJob", Map.of("jobName", "-x", "roleArn", "role"))
                .then().statusCode(400)
                .body("message", equalTo("4 validation errors detected: "
                        + "Value '-x' at 'jobName' failed to satisfy constraint: Member must satisfy regular"
                        + " expression pattern: ^[a-zA-Z0-9][a-zA-Z0-9\\-_]*; "
                        + "Value null at 'datasetGroupArn' failed to satisfy constraint: Member must not be null; "
                        + "Value null at 'dataSource' failed to satisfy constraint: Member must not be null; "
                        + "Value 'role' at 'roleArn' failed to satisfy constraint: Member must satisfy regular"
                        + " expression pattern: arn:([a-z\\d-]+):iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+"));
    }

    /** {@code violations}: the expected violations, joined by "; " as the message joins them. */
    private static void assertInvalidInput(String operation, Map<String, Object> request, String violations) {
        int count = violations.split("; Value ").length;
        String heading = count == 1 ? PREFIX : count + " validation errors detected: ";
        call(operation, request)
                .then().statusCode(400)
                .header("x-amzn-ErrorType", "InvalidInputException")
                .body("__type", equalTo("InvalidInputException"))
                .body("message", equalTo(heading + violations));
    }

    private static Arguments create(String rule, Consumer<Map<String, Object>> breakRule, String violations) {
        return Arguments.of(rule, breakRule, violations);
    }
}
