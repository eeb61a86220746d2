package dev.deletionjobs.graphql;

import static dev.deletionjobs.testing.AwsJsonCalls.newDatasetGroupArn;
import static dev.deletionjobs.testing.AwsJsonCalls.newJobName;
import static dev.deletionjobs.testing.GraphQLCalls.graphql;
import static dev.deletionjobs.testing.GraphQLCalls.variables;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.deletionjobs.http.RequestIds;
import dev.deletionjobs.job.DataDeletionJobStore;
import dev.deletionjobs.job.JobFilter;
import dev.deletionjobs.job.ListOrder;
import dev.deletionjobs.job.ListPosition;
import dev.deletionjobs.metrics.ApiCalls;
import dev.deletionjobs.pagination.CursorCodec;
import dev.deletionjobs.testing.LogCapture;
import dev.deletionjobs.testing.SeededJobs;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Every GraphQL error speaks the AWS vocabulary in extensions.code and names what was wrong. */
@QuarkusTest
class GraphQLErrorsTest {

    private static final String PAGE = """
            query($group: String, $first: Int, $after: String, $last: Int, $before: String) {
              dataDeletionJobs(datasetGroupArn: $group, first: $first, after: $after, last: $last, before: $before) {
                edges { cursor }
              }
            }""";

    private static final String CREATE = """
            mutation($input: CreateDataDeletionJobInput!) {
              createDataDeletionJob(input: $input) { arn jobName status creationDateTime }
            }""";

    @Inject
    DataDeletionJobStore store;

    @ConfigProperty(name = "personalize.pagination.token-secret")
    String tokenSecret;

    static Stream<Arguments> relayArgumentErrors() {
        return Stream.of(
                Arguments.of(variables("first", 2, "last", 2),
                        "Value '2' at 'last' failed to satisfy constraint: Member must not be given together with"
                                + " first"),
                Arguments.of(variables("first", -1),
                        "Value '-1' at 'first' failed to satisfy constraint: Member must have value greater than or"
                                + " equal to 0"),
                Arguments.of(variables("last", -3),
                        "Value '-3' at 'last' failed to satisfy constraint: Member must have value greater than or"
                                + " equal to 0"),
                Arguments.of(variables("first", 101),
                        "Value '101' at 'first' failed to satisfy constraint: Member must have value less than or"
                                + " equal to 100"),
                Arguments.of(variables("last", 1000),
                        "Value '1000' at 'last' failed to satisfy constraint: Member must have value less than or"
                                + " equal to 100"),
                Arguments.of(variables("after", "a", "before", "b"),
                        "Value 'b' at 'before' failed to satisfy constraint: Member must not be given together with"
                                + " after"),
                Arguments.of(variables("first", 1, "before", "b"),
                        "Value 'b' at 'before' failed to satisfy constraint: Member must not be given with first:"
                                + " page backward with last"),
                Arguments.of(variables("last", 1, "after", "a"),
                        "Value 'a' at 'after' failed to satisfy constraint: Member must not be given with last:"
                                + " page forward with first"),
                Arguments.of(variables("group", "not-an-arn"),
                        "Value 'not-an-arn' at 'datasetGroupArn' failed to satisfy constraint: Member must satisfy"
                                + " regular expression pattern: arn:([a-z\\d-]+):personalize:.*:.*:.+"));
    }

    @ParameterizedTest
    @MethodSource("relayArgumentErrors")
    void relayArgumentErrorsAreInvalidInput(Map<String, Object> variables, String violation) {
        assertOneError(graphql(PAGE, variables).then(), "InvalidInputException",
                "1 validation error detected: " + violation);
    }

    @Test
    void anUnknownStatusIsInvalidInput() {
        // The statuses are an enum: the engine refuses a value outside it, in the same vocabulary.
        graphql("query($s: [DataDeletionJobStatus!]) { dataDeletionJobs(status: $s) { totalCount } }",
                variables("s", List.of("PENDING", "DONE"))).then().statusCode(200)
                .body("errors", hasSize(1))
                .body("errors[0].extensions.code", equalTo("InvalidInputException"))
                .body("errors[0].message", startsWith("Variable 's' has an invalid value"));
    }

    @Test
    void aLongRefusedVariableIsEchoedCut() {
        // Half a megabyte of status, or of DateTime: once echoed whole, in the message and again in its description.
        String value = "x".repeat(500_000);
        for (String query : List.of("query($s: [DataDeletionJobStatus!]) { dataDeletionJobs(status: $s) { totalCount } }",
                "query($s: DateTime) { dataDeletionJobs(createdAfter: $s) { totalCount } }")) {
            String answer = graphql(query, variables("s", query.contains("DateTime") ? value : List.of(value))).then()
                    .statusCode(200)
                    .body("errors", hasSize(1))
                    .body("errors[0].extensions.code", equalTo("InvalidInputException"))
                    .body("errors[0].message", Matchers.containsString("x".repeat(100) + "..."))
                    .extract().asString();
            assertTrue(answer.length() < 2_000, () -> answer.length() + " characters");
        }
    }

    @Test
    void aTamperedCursorIsAnInvalidNextToken() {
        String group = newDatasetGroupArn();
        SeededJobs.seed(store, group, 3, 1);
        String cursor = graphql(PAGE, variables("group", group, "first", 1)).then().extract()
                .path("data.dataDeletionJobs.edges[0].cursor");
        String tampered = cursor.substring(0, 10) + (cursor.charAt(10) == 'A' ? 'B' : 'A') + cursor.substring(11);
        assertOneError(graphql(PAGE, variables("group", group, "first", 1, "after", tampered)).then(),
                "InvalidNextTokenException", "The token is not valid.");
        assertOneError(graphql(PAGE, variables("group", group, "last", 1, "before", "garbage")).then(),
                "InvalidNextTokenException", "The token is not valid.");
    }

    @Test
    void aCursorIsBoundToItsFilter() {
        String group = newDatasetGroupArn();
        SeededJobs.seed(store, group, 3, 1);
        String cursor = graphql(PAGE, variables("group", group, "first", 1)).then().extract()
                .path("data.dataDeletionJobs.edges[0].cursor");
        String mismatch = "The token is not valid: it was issued for a different account, region, filter or order.";
        assertOneError(graphql(PAGE, variables("group", newDatasetGroupArn(), "first", 1, "after", cursor)).then(),
                "InvalidNextTokenException", mismatch);
        assertOneError(graphql("query($a: String) { dataDeletionJobs(status: [FAILED], first: 1, after: $a)"
                + " { totalCount } }", variables("a", cursor)).then(), "InvalidNextTokenException", mismatch);
    }

    @Test
    void anExpiredCursorIsAnInvalidNextToken() {
        String group = newDatasetGroupArn();
        CursorCodec yesterday = new CursorCodec(tokenSecret.getBytes(), Duration.ofHours(24),
                Clock.fixed(Instant.now().minus(Duration.ofHours(25)), ZoneOffset.UTC));
        String expired = yesterday.encode(SeededJobs.SCOPE, new JobFilter(group, Set.of()), ListOrder.NEWEST_FIRST,
                new ListPosition(Instant.now(), SeededJobs.SCOPE.dataDeletionJobArn("x")));
        assertOneError(graphql(PAGE, variables("group", group, "first", 1, "after", expired)).then(),
                "InvalidNextTokenException", "The token has expired; start the listing again without a token.");
    }

    @Test
    void theMutationCreatesAPendingJob() {
        String name = newJobName();
        graphql(CREATE, Map.of("input", input(name, newDatasetGroupArn()))).then()
                .statusCode(200)
                .body("errors", nullValue())
                .body("data.createDataDeletionJob.arn",
                        equalTo("arn:aws:personalize:us-east-1:000000000000:data-deletion-job/" + name))
                .body("data.createDataDeletionJob.status", equalTo("PENDING"))
                .body("data.createDataDeletionJob.creationDateTime",
                        Matchers.matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
    }

    @Test
    void theMutationAppliesTheAwsRules() {
        Map<String, Object> input = input("-bad-name", newDatasetGroupArn());
        input.put("dataSource", Map.of("dataLocation", "ftp://x"));
        assertOneError(graphql(CREATE, Map.of("input", input)).then(), "InvalidInputException",
                "2 validation errors detected: Value '-bad-name' at 'jobName' failed to satisfy constraint: Member"
                        + " must satisfy regular expression pattern: ^[a-zA-Z0-9][a-zA-Z0-9\\-_]*; Value 'ftp://x' at"
                        + " 'dataSource.dataLocation' failed to satisfy constraint: Member must satisfy regular"
                        + " expression pattern: (s3|http|https)://.+");

        Map<String, Object> tooManyTags = input(newJobName(), newDatasetGroupArn());
        List<Map<String, String>> tags = new ArrayList<>();
        for (int i = 0; i < 201; i++) {
            tags.add(Map.of("tagKey", "k" + i, "tagValue", "v"));
        }
        tooManyTags.put("tags", tags);
        assertOneError(graphql(CREATE, Map.of("input", tooManyTags)).then(), "TooManyTagsException",
                "A data deletion job can have at most 200 tags; the request has 201.");
    }

    @Test
    void aTagBombIsRefusedOnItsCount() {
        // 1,000 tags of one key were 1,000 violations in one message.
        Map<String, Object> bomb = input(newJobName(), newDatasetGroupArn());
        bomb.put("tags", Collections.nCopies(1_000, Map.of("tagKey", "k", "tagValue", "v")));
        assertOneError(graphql(CREATE, Map.of("input", bomb)).then(), "TooManyTagsException",
                "A data deletion job can have at most 200 tags; the request has 1000.");
        // 20,000 were megabytes of them; now a list that long is not even converted for the engine.
        bomb.put("tags", Collections.nCopies(20_000, Map.of("tagKey", "k", "tagValue", "v")));
        graphql(CREATE, Map.of("input", bomb)).then().statusCode(400)
                .body("errors", hasSize(1))
                .body("errors[0].extensions.code", equalTo("InvalidInputException"))
                .body("errors[0].message", equalTo("The request's variables.input.tags is a list of 20000 values;"
                        + " at most 1000 are read."));
    }

    @Test
    void aSecondJobOfTheSameNameAlreadyExists() {
        String name = newJobName();
        graphql(CREATE, Map.of("input", input(name, newDatasetGroupArn()))).then().body("errors", nullValue());
        assertOneError(graphql(CREATE, Map.of("input", input(name, newDatasetGroupArn()))).then(),
                "ResourceAlreadyExistsException", "The data deletion job arn:aws:personalize:us-east-1:000000000000"
                        + ":data-deletion-job/" + name + " already exists.");
    }

    @Test
    void aMissingJobIsNullAndAMalformedArnIsInvalid() {
        graphql("query($arn: ID!) { dataDeletionJob(arn: $arn) { arn } }",
                variables("arn", "arn:aws:personalize:us-east-1:000000000000:data-deletion-job/" + newJobName()))
                .then().statusCode(200).body("errors", nullValue()).body("data.dataDeletionJob", nullValue());
        assertOneError(graphql("query($arn: ID!) { dataDeletionJob(arn: $arn) { arn } }", variables("arn", "job"))
                .then(), "InvalidInputException",
                "1 validation error detected: Value 'job' at 'arn' failed to"
                        + " satisfy constraint: Member must satisfy regular expression pattern:"
                        + " arn:([a-z\\d-]+):personalize:.*:.*:.+");
    }

    @Test
    void schemaViolationsCarryTheSameCode() {
        graphql("{ dataDeletionJobs { nope } }").then().statusCode(200)
                .body("errors", hasSize(1))
                .body("errors[0].extensions.code", equalTo("InvalidInputException"))
                .body("errors[0].message", startsWith("Validation error (FieldUndefined@[dataDeletionJobs/nope])"));
        graphql("{ dataDeletionJobs(first: \"ten\") { totalCount } }").then().statusCode(200)
                .body("errors[0].extensions.code", equalTo("InvalidInputException"));
        Map<String, Object> incomplete = new HashMap<>(Map.of("jobName", newJobName()));
        graphql(CREATE, Map.of("input", incomplete)).then().statusCode(200)
                .body("errors", hasSize(1))
                .body("errors[0].extensions.code", equalTo("InvalidInputException"))
                .body("errors[0].message", equalTo("Variable 'input' has an invalid value: Field 'datasetGroupArn' has"
                        + " coerced Null value for NonNull type 'String!'"));
        // A variable of the wrong type: one error, not a second one for the field left null because of it.
        graphql("query($f: Int) { dataDeletionJobs(first: $f) { totalCount } }", variables("f", "ten")).then()
                .statusCode(200)
                .body("errors", hasSize(1))
                .body("errors[0].extensions.code", equalTo("InvalidInputException"))
                .body("errors[0].message", equalTo("Variable 'f' has an invalid value: Expected a whole number for"
                        + " an 'Int' but it was a string"));
    }

    @Test
    void intLiteralsOutside32BitsAreRefusedNotWrapped() {
        for (String literal : List.of("4294967298", "2147483648", "99999999999999999999999", "-2147483649")) {
            String message = assertCountedRefusal("{ dataDeletionJobs(first: " + literal + ") { nodes { id } } }",
                    Map.of());
            assertTrue(message.startsWith("Validation error (WrongType@[dataDeletionJobs]) : argument 'first' with"
                    + " value " + literal + " is not a valid 'Int'"), message);
            assertTrue(message.endsWith("(a 32-bit 'Int') but it was '" + literal + "'"), message);
        }
        // The smallest Int is an Int: refused by the service's rule for a page, not as a number.
        assertOneError(graphql("{ dataDeletionJobs(last: -2147483648) { nodes { id } } }").then(),
                "InvalidInputException", "1 validation error detected: Value '-2147483648' at 'last' failed to"
                        + " satisfy constraint: Member must have value greater than or equal to 0");
    }

    @Test
    void valuesOfTheWrongKindAreNamedInJsonAndGraphQLTermsNotJavas() {
        String byGroup = "query($g: String) { dataDeletionJobs(first: 1, datasetGroupArn: $g) { totalCount } }";
        String after = "query($a: DateTime) { dataDeletionJobs(first: 1, createdAfter: $a) { totalCount } }";
        String order = "query($o: DataDeletionJobOrder) { dataDeletionJobs(first: 1, orderBy: $o) { totalCount } }";
        Map<String, String> refusals = new LinkedHashMap<>();
        refusals.put(assertCountedRefusal(byGroup, Map.of("g", 5)), "but it was a number");
        refusals.put(assertCountedRefusal(byGroup, Map.of("g", List.of(1))), "but it was a list");
        refusals.put(assertCountedRefusal(byGroup, Map.of("g", Map.of("a", 1))), "but it was an object");
        refusals.put(assertCountedRefusal(after, Map.of("a", 5)), "Expected DateTime but it was a number");
        refusals.put(assertCountedRefusal(order, Map.of("o", List.of(1))), "Expected an object but it was a list");
        // An ID is a string or an integer: the engine took anything and printed it in Java ('{x=1}').
        String node = "query($id: ID!) { node(id: $id) { id } }";
        refusals.put(assertCountedRefusal(node, Map.of("id", Map.of("x", 1))),
                "Variable 'id' has an invalid value: Expected a string or an integer for an 'ID' but it was an object");
        refusals.put(assertCountedRefusal(node, Map.of("id", List.of(1, 2))), "for an 'ID' but it was a list");
        refusals.put(assertCountedRefusal(node, Map.of("id", true)), "for an 'ID' but it was a boolean");
        refusals.put(assertCountedRefusal(node, Map.of("id", 1.5)), "for an 'ID' but it was '1.5'");
        refusals.put(refusalOf("{ dataDeletionJobs(first: 1, createdAfter: \"yesterday\") { totalCount } }"),
                "with value \"yesterday\" is not a valid 'DateTime'");
        refusals.put(refusalOf("{ dataDeletionJobs(first: 1, createdAfter: 5) { totalCount } }"),
                "with value 5 is not a valid 'DateTime' - Expected an integer or a string but it was an integer");
        refusals.put(refusalOf("{ dataDeletionJobs(first: 1, orderBy: {field: X}) { totalCount } }"),
                "argument 'orderBy' is missing required fields '[direction]'");
        refusals.forEach((message, expected) -> {
            assertTrue(message.contains(expected), message);
            assertFalse(message.matches("(?s).*(BigDecimal|ArrayList|HashMap|'Map'|Value\\{|SRGQL).*"), message);
        });
    }

    /** The message of the one error {@code query} is refused with, as invalid input. */
    private static String refusalOf(String query) {
        return graphql(query).then().statusCode(200)
                .body("errors", hasSize(1))
                .body("errors[0].extensions.code", equalTo("InvalidInputException"))
                .extract().path("errors[0].message");
    }

    @Test
    void intVariablesThatAreNotWhole32BitNumbersAreRefusedWhenCoerced() {
        String query = "query($f: Int) { dataDeletionJobs(first: $f) { totalCount } }";
        for (Object value : List.of(1.5, 2147483648L, new BigDecimal("1e300"),
                new BigInteger("123456789012345678901234567890"), "5")) {
            String message = assertCountedRefusal(query, Map.of("f", value));
            assertTrue(message.startsWith("Variable 'f' has an invalid value: Expected a"), message);
        }
        // Past what a double holds, a number is refused as the request is read (GraphQLHostileInputTest).
        graphql(query, Map.of("f", new BigDecimal("1e400"))).then().statusCode(400)
                .body("errors[0].extensions.code", equalTo("InvalidInputException"))
                .body("errors[0].message", equalTo("The request's variables.f is a number too large to read."));
        graphql(query, Map.of("f", 5)).then().statusCode(200)
                .body("errors", nullValue());
    }

    @Test
    void requestsThatAreNotGraphQLAreInvalidInput() {
        for (String body : new String[] { "not json", "[]", "{}", "{\"query\": 5}" }) {
            given().contentType(ContentType.JSON).body(body).post("/graphql").then()
                    .statusCode(400)
                    .body("errors", hasSize(1))
                    .body("errors[0].extensions.code", equalTo("InvalidInputException"))
                    .body("errors[0].message", equalTo("The request body must be a JSON object with a query string."));
        }
        graphql("{ dataDeletionJobs(").then().statusCode(200)
                .body("errors", hasSize(1))
                .body("errors[0].extensions.code", equalTo("InvalidInputException"))
                .body("errors[0].message", startsWith("The document does not parse: Invalid syntax"));
    }

    @Test
    void anAbsurdDocumentIsRefusedBeforeItRuns() {
        // More tokens than the parser takes, in fewer characters than the length limit (GraphQLHostileInputTest).
        String huge = "{ __typename " + "@a".repeat(7600) + " }";
        graphql(huge).then().statusCode(200)
                .body("errors", hasSize(1))
                .body("errors[0].extensions.code", equalTo("InvalidInputException"))
                .body("errors[0].message", startsWith("The document does not parse:"));
        String deep = "{ __schema { types { " + "ofType { ".repeat(600) + "name" + " }".repeat(600) + " } } }";
        graphql(deep).then().statusCode(200)
                .body("errors[0].extensions.code", equalTo("InvalidInputException"));
    }

    /**
     * Sends {@code query}, asserts it is refused as {@code InvalidInputException} with no data and counted as a refusal
     * in the metrics' log line, and returns its message.
     */
    private static String assertCountedRefusal(String query, Map<String, ?> variables) {
        try (LogCapture log = LogCapture.of(ApiCalls.class.getName())) {
            ValidatableResponse response = graphql(query, variables).then().statusCode(200)
                    .body("$", not(Matchers.hasKey("data")))
                    .body("errors", hasSize(1))
                    .body("errors[0].extensions.code", equalTo("InvalidInputException"));
            String id = response.extract().header(RequestIds.HEADER);
            List<String> lines = log.lines().stream().filter(line -> line.contains(id)).toList();
            assertTrue(lines.size() == 1 && lines.get(0).contains("invalid-request")
                    && lines.get(0).contains("InvalidInputException"), lines::toString);
            String body = response.extract().asString();
            assertFalse(body.contains("System error") || body.contains("java.") || body.contains("\tat "), body);
            return response.extract().path("errors[0].message");
        }
    }

    private static void assertOneError(ValidatableResponse response, String code, String message) {
        String body = response.statusCode(200)
                .body("errors", hasSize(1))
                .body("errors[0].extensions.code", equalTo(code))
                .body("errors[0].message", equalTo(message))
                .body("errors[0].extensions", not(Matchers.hasKey("exception")))
                .extract().asString();
        assertFalse(body.contains("dev.deletionjobs") || body.contains("java.") || body.contains("\tat "), body);
    }

    private static Map<String, Object> input(String name, String group) {
        Map<String, Object> input = new HashMap<>();
        input.put("jobName", name);
        input.put("datasetGroupArn", group);
        input.put("dataSource", Map.of("dataLocation", "s3://bucket/" + name + ".csv"));
        input.put("roleArn", "arn:aws:iam::000000000000:role/PersonalizeDeletion");
        return input;
    }
}
