package dev.deletionjobs.graphql;

import static dev.deletionjobs.testing.AwsJsonCalls.newDatasetGroupArn;
import static dev.deletionjobs.testing.AwsJsonCalls.newJobName;
import static dev.deletionjobs.testing.HostileValues.ARN_BOMB;
import static dev.deletionjobs.testing.HostileValues.ARN_BOMB_WITHIN_LENGTH;
import static dev.deletionjobs.testing.HostileValues.UNSTORABLE;
import static dev.deletionjobs.testing.HostileValues.escapedJson;
import static dev.deletionjobs.testing.HostileValues.unstorable;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * Hostile values in GraphQL arguments: text no store holds and values that made the model's patterns backtrack get
 * the AWS interface's answer, as a GraphQL error whose extensions.code is the AWS error name, at once and the same on
 * both stores. (Hostile documents are GraphQLHostileInputTest's.) Timeouts only detect hangs.
 */
@QuarkusTest
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GraphQLHostileValuesTest {

    private static final String JOB = "query($arn: ID!) { dataDeletionJob(arn: $arn) { arn } }";
    private static final String JOBS = "query($group: String, $status: [DataDeletionJobStatus!], $after: String, $before: String,"
            + " $last: Int) { dataDeletionJobs(datasetGroupArn: $group, status: $status, after: $after,"
            + " before: $before, last: $last) { totalCount nodes { arn } } }";
    private static final String CREATE = "mutation($input: CreateDataDeletionJobInput!) {"
            + " createDataDeletionJob(input: $input) { arn } }";

    /** Every string argument that reaches the service's rules, and how to put a value into a valid request. */
    static Stream<Arguments> members() {
        return Stream.of(
                member("arn", JOB, "arn:aws:personalize:us-east-1:000000000000:data-deletion-job/j",
                        (v, value) -> v.put("arn", value)),
                member("datasetGroupArn", JOBS, "arn:aws:personalize:us-east-1:000000000000:dataset-group/g",
                        (v, value) -> v.put("group", value)),
                member("jobName", CREATE, "job", (v, value) -> input(v).put("jobName", value)),
                member("datasetGroupArn", CREATE, "arn:aws:personalize:us-east-1:000000000000:dataset-group/g",
                        (v, value) -> input(v).put("datasetGroupArn", value)),
                member("dataSource.dataLocation", CREATE, "s3://bucket/users.csv",
                        (v, value) -> input(v).put("dataSource", Map.of("dataLocation", value))),
                member("roleArn", CREATE, "arn:aws:iam::000000000000:role/R",
                        (v, value) -> input(v).put("roleArn", value)),
                member("tags.1.member.tagKey", CREATE, "team",
                        (v, value) -> input(v).put("tags", List.of(Map.of("tagKey", value, "tagValue", "x")))),
                member("tags.1.member.tagValue", CREATE, "deletions",
                        (v, value) -> input(v).put("tags", List.of(Map.of("tagKey", "team", "tagValue", value)))));
    }

    static Stream<Arguments> unstorableInEveryArgument() {
        return members().flatMap(member -> unstorable().map(character -> Arguments.of(member.get()[0],
                member.get()[1], member.get()[2], member.get()[3], character)));
    }

    @ParameterizedTest(name = "{0} in {1} with U+{4}")
    @MethodSource("unstorableInEveryArgument")
    void textNoStoreCanHoldIsInvalidInputNamingTheArgument(String member, String document, String valid,
            BiConsumer<Map<String, Object>, String> put, String character) {
        for (String value : List.of(valid + character, valid.substring(0, 2) + character + valid.substring(2))) {
            Map<String, Object> variables = new HashMap<>();
            put.accept(variables, value);
            assertOneError(post(document, variables), "InvalidInputException", "at '" + member + "' " + UNSTORABLE);
        }
    }

    @Test
    void aStatusOrCursorNoStoreCanHoldIsRefusedInTheAwsVocabulary() {
        for (String character : unstorable().toList()) {
            // A value outside the enum, refused by the engine, echoed without the character it was refused for.
            ValidatableResponse outsideTheEnum = post(JOBS, Map.of("status", List.of("PENDING" + character)));
            assertOneError(outsideTheEnum, "InvalidInputException", "Variable 'status' has an invalid value");
            outsideTheEnum.body("errors[0].message", not(containsString(character))).body("errors[0].message",
                    containsString(String.format("PENDING\\u%04X", (int) character.charAt(0))));
            assertOneError(post(JOBS, Map.of("after", "cursor" + character)), "InvalidNextTokenException",
                    "The token is not valid");
            assertOneError(post(JOBS, Map.of("before", character + "cursor", "last", 1)),
                    "InvalidNextTokenException", "The token is not valid");
        }
        assertOneError(post(JOBS, Map.of("after", "c".repeat(200_000))), "InvalidNextTokenException",
                "The token is not valid");
    }

    @Test
    void theIssuesNulListingIsAClientErrorOnEveryStore() {
        String group = newDatasetGroupArn();
        Map<String, Object> variables = new HashMap<>();
        input(variables).putAll(Map.of("jobName", newJobName(), "datasetGroupArn", group));
        post(CREATE, variables).statusCode(200).body("errors", nullValue());
        assertOneError(post(JOBS, Map.of("group", group + "\u0000")), "InvalidInputException",
                "Value '" + group + "\\u0000' at 'datasetGroupArn' " + UNSTORABLE);
        post(JOBS, Map.of("group", group)).statusCode(200).body("errors", nullValue())
                .body("data.dataDeletionJobs.totalCount", equalTo(1));
    }

    static Stream<Arguments> regexBombs() {
        return Stream.of(
                Arguments.of("arn", JOB, (BiConsumer<Map<String, Object>, String>) (v, b) -> v.put("arn", b)),
                Arguments.of("datasetGroupArn", JOBS,
                        (BiConsumer<Map<String, Object>, String>) (v, b) -> v.put("group", b)),
                Arguments.of("datasetGroupArn", CREATE,
                        (BiConsumer<Map<String, Object>, String>) (v, b) -> input(v).put("datasetGroupArn", b)));
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("regexBombs")
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void aRegexBombIsRefusedAtOnce(String member, String document, BiConsumer<Map<String, Object>, String> put) {
        for (String bomb : List.of(ARN_BOMB, ARN_BOMB_WITHIN_LENGTH)) {
            Map<String, Object> variables = new HashMap<>();
            put.accept(variables, bomb);
            assertOneError(post(document, variables), "InvalidInputException",
                    "at '" + member + "' failed to satisfy constraint: Member must");
        }
    }

    @Test
    void ordinaryQueriesAreAnsweredWhileHostileOnesArrive() throws Exception {
        ExecutorService hostile = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String bomb = i % 2 == 0 ? ARN_BOMB : ARN_BOMB_WITHIN_LENGTH;
                answers.add(hostile.submit(() -> post(JOB, Map.of("arn", bomb)).statusCode(200).extract()
                        .path("errors[0].extensions.code")));
            }
            String group = newDatasetGroupArn();
            Map<String, Object> variables = new HashMap<>();
            input(variables).putAll(Map.of("jobName", newJobName(), "datasetGroupArn", group));
            String arn = post(CREATE, variables).statusCode(200).body("errors", nullValue()).extract()
                    .path("data.createDataDeletionJob.arn");
            post(JOB, Map.of("arn", arn)).statusCode(200).body("data.dataDeletionJob.arn", equalTo(arn));
            for (Future<String> answer : answers) {
                assertEquals("InvalidInputException", answer.get(20, TimeUnit.SECONDS));
            }
        } finally {
            hostile.shutdownNow();
        }
    }

    private static Arguments member(String member, String document, String valid,
            BiConsumer<Map<String, Object>, String> put) {
        return Arguments.of(member, document, valid, put);
    }

    /** The create input of {@code variables}, valid until a test changes a member of it. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> input(Map<String, Object> variables) {
        return (Map<String, Object>) variables.computeIfAbsent("input", key -> new HashMap<>(Map.of(
                "jobName", newJobName(),
                "datasetGroupArn", newDatasetGroupArn(),
                "dataSource", Map.of("dataLocation", "s3://bucket/users.csv"),
                "roleArn", "arn:aws:iam::000000000000:role/R")));
    }

    /** The request as a map with variables, serialised with every non-ASCII character escaped. */
    private static ValidatableResponse post(String document, Map<String, ?> variables) {
        return given().contentType(ContentType.JSON).body(escapedJson(Map.of("query", document, "variables",
                variables))).post("/graphql").then();
    }

    private static void assertOneError(ValidatableResponse response, String code, String message) {
        String body = response.statusCode(200)
                .body("errors", hasSize(1))
                .body("errors[0].extensions.code", equalTo(code))
                .body("errors[0].message", containsString(message))
                .body("errors[0].extensions", not(Matchers.hasKey("exception")))
                .extract().asString();
        assertFalse(body.contains("dev.deletionjobs") || body.contains("java.") || body.contains("\tat "), body);
    }
}
