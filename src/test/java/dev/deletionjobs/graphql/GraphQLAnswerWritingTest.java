package dev.deletionjobs.graphql;

import static dev.deletionjobs.testing.AwsJsonCalls.newDatasetGroupArn;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.deletionjobs.job.AccountScope;
import dev.deletionjobs.job.DataDeletionJob;
import dev.deletionjobs.job.DataDeletionJobStore;
import dev.deletionjobs.job.JobStatus;
import dev.deletionjobs.job.Tag;
import dev.deletionjobs.testing.SeededJobs;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Answers are streamed ({@link GraphQLAnswers}), with errors or without; {@link GraphQLAnswersTest} holds the writer to
 * SmallRye's. Here, over HTTP, every field type the schema has is written the same whether the answer is whole or
 * partial (the same fields asked for beside a field that fails).
 */
@QuarkusTest
class GraphQLAnswerWritingTest {

    private static final String EVERY_FIELD = """
            query Page($group: String) {
              dataDeletionJobs(datasetGroupArn: $group, first: 3) {
                totalCount
                edges { cursor node { arn jobName datasetGroupArn dataSource { dataLocation } roleArn status
                                      numDeleted failureReason creationDateTime lastUpdatedDateTime
                                      tags { tagKey tagValue } } }
                pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
              }
            }""";

    /** The account and region the test profile serves unauthenticated callers in. */
    private static final AccountScope SCOPE = SeededJobs.SCOPE;

    /** A field beside the others that fails (a malformed ARN): a partial answer, with errors. */
    private static final String FAILING = "broken: dataDeletionJob(arn: \"job\") { arn }";

    @Inject
    DataDeletionJobStore store;

    @Test
    void aPartialAnswerWritesItsDataAsAWholeOneDoes() {
        String group = newDatasetGroupArn();
        SeededJobs.seed(store, group, 5, 2);

        Response streamed = post(EVERY_FIELD, group, "application/json");
        Response written = post(beside(EVERY_FIELD, FAILING), group, "application/json");

        assertEquals("application/json; charset=utf-8", streamed.contentType());
        assertEquals("InvalidInputException", written.jsonPath().getString("errors[0].extensions.code"));
        // Cursors carry the time they were issued, so the two answers' cursors differ; the rest must not.
        assertEquals(withoutCursors(written.jsonPath().getMap("data.dataDeletionJobs")),
                withoutCursors(streamed.jsonPath().getMap("data.dataDeletionJobs")));
        assertEquals(3, streamed.jsonPath().getList("data.dataDeletionJobs.edges").size());
        String next = "query($group: String, $after: String) { dataDeletionJobs(datasetGroupArn: $group, after: $after)"
                + " { nodes { arn } } }";
        Response rest = given().contentType(ContentType.JSON).accept("application/json")
                .body(Map.of("query", next, "variables", Map.of("group", group, "after",
                        streamed.jsonPath().getString("data.dataDeletionJobs.pageInfo.endCursor"))))
                .post("/graphql");
        assertEquals(2, rest.jsonPath().getList("data.dataDeletionJobs.nodes").size(), rest.asString());
        assertEquals(5, streamed.jsonPath().getInt("data.dataDeletionJobs.totalCount"));
        assertNotEquals(written.jsonPath().getString("extensions.requestId"),
                streamed.jsonPath().getString("extensions.requestId"));
        assertTrue(streamed.jsonPath().getString("extensions.requestId").length() > 0);
    }

    @Test
    void textNeedingEscapesIsWrittenTheSameInWholeAndPartialAnswers() {
        // A failure reason is the worker's text, not a client's: it may hold anything JSON must escape.
        String reason = "The source said \"no\" \\ twice\nthen\tstopped \u0001 \u00e9\u2603 \ud83d\ude00";
        String name = "escapes-" + UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        store.insert(new DataDeletionJob(SCOPE.dataDeletionJobArn(name), SCOPE, name, newDatasetGroupArn(),
                "s3://bucket/users.csv", "arn:aws:iam::000000000000:role/R",
                List.of(new Tag("\u00e9quipe", "caf\u00e9 \u00fcber")), JobStatus.FAILED, null, reason, now, now));

        String lookup = "query($arn: ID!) { dataDeletionJob(arn: $arn) { failureReason tags { tagKey tagValue } } }";
        Map<String, Object> variables = Map.of("arn", SCOPE.dataDeletionJobArn(name));
        Response streamed = given().contentType(ContentType.JSON).accept("application/json")
                .body(Map.of("query", lookup, "variables", variables)).post("/graphql");
        Response written = given().contentType(ContentType.JSON).accept("application/json")
                .body(Map.of("query", beside(lookup, FAILING), "variables", variables)).post("/graphql");
        assertEquals(reason, streamed.jsonPath().getString("data.dataDeletionJob.failureReason"), streamed.asString());
        assertEquals("caf\u00e9 \u00fcber", streamed.jsonPath().getString("data.dataDeletionJob.tags[0].tagValue"));
        assertEquals(written.jsonPath().getMap("data.dataDeletionJob"), streamed.jsonPath().getMap("data.dataDeletionJob"));
    }

    @Test
    void lettersBeyondTheBmpAreWrittenAsTheirFourBytes() {
        String letters = "\ud801\udc00".repeat(3) + " \ud83d\ude00";
        String name = "astral-" + UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        store.insert(new DataDeletionJob(SCOPE.dataDeletionJobArn(name), SCOPE, name, newDatasetGroupArn(),
                "s3://bucket/users.csv", "arn:aws:iam::000000000000:role/R", List.of(new Tag("k", letters)),
                JobStatus.FAILED, null, letters, now, now));

        String lookup = "query($arn: ID!) { dataDeletionJob(arn: $arn) { failureReason tags { tagValue } } }";
        Response streamed = given().contentType(ContentType.JSON).accept("application/json")
                .body(Map.of("query", lookup, "variables", Map.of("arn", SCOPE.dataDeletionJobArn(name))))
                .post("/graphql");
        String body = new String(streamed.asByteArray(), StandardCharsets.UTF_8);
        // Twelve bytes of escapes for each letter tripled an answer of such tags.
        assertFalse(body.contains("\\u"), body);
        assertTrue(body.contains("\"failureReason\":\"" + letters + "\""), body);
        assertEquals(letters, streamed.jsonPath().getString("data.dataDeletionJob.tags[0].tagValue"));
    }

    @Test
    void anAnswerLongerThanABufferChunkIsWrittenWhole() {
        // Five jobs with 200 tags of 384 characters: some 400 KB, over the 256 KB a buffer chunk holds.
        String group = newDatasetGroupArn();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (int j = 0; j < 5; j++) {
            List<Tag> tags = new ArrayList<>();
            for (int t = 0; t < 200; t++) {
                tags.add(new Tag(j + "-" + t + "-" + "k".repeat(120), "\u00e9".repeat(256)));
            }
            String name = "chunks-" + UUID.randomUUID();
            store.insert(new DataDeletionJob(SCOPE.dataDeletionJobArn(name), SCOPE, name, group,
                    "s3://bucket/users.csv", "arn:aws:iam::000000000000:role/R", tags, JobStatus.PENDING, null, null,
                    now.minusMillis(j), now.minusMillis(j)));
        }
        String page = "query Page($group: String) { dataDeletionJobs(datasetGroupArn: $group) { nodes { arn"
                + " tags { tagKey tagValue } } } }";
        Response streamed = post(page, group, "application/json");
        Response written = post(beside(page, FAILING), group, "application/json");

        assertTrue(streamed.asByteArray().length > 256 * 1024, () -> "only " + streamed.asByteArray().length);
        assertEquals(written.jsonPath().getMap("data.dataDeletionJobs"),
                streamed.jsonPath().getMap("data.dataDeletionJobs"));
        assertEquals(200, streamed.jsonPath().getList("data.dataDeletionJobs.nodes[4].tags").size());
    }

    @Test
    void answersWithErrorsKeepSmallRyesShape() {
        Response answer = post("query { dataDeletionJobs(first: -1) { totalCount } }", null, "application/json");
        assertEquals(List.of("InvalidInputException"), answer.jsonPath().getList("errors.extensions.code"));
        assertEquals(List.of("dataDeletionJobs"), answer.jsonPath().getList("errors[0].path"));
        assertEquals("DataFetchingException", answer.jsonPath().getString("errors[0].extensions.classification"));
    }

    /** {@code operation} with {@code field} added at its root. */
    private static String beside(String operation, String field) {
        int last = operation.lastIndexOf('}');
        return operation.substring(0, last) + " " + field + " }";
    }

    /** {@code value} with every cursor member (cursor, startCursor, endCursor) left out, at any depth. */
    private static Object withoutCursors(Object value) {
        if (value instanceof Map<?, ?> object) {
            Map<Object, Object> kept = new LinkedHashMap<>();
            object.forEach((name, member) -> {
                if (!String.valueOf(name).toLowerCase(Locale.ROOT).endsWith("cursor")) {
                    kept.put(name, withoutCursors(member));
                }
            });
            return kept;
        }
        if (value instanceof List<?> array) {
            return array.stream().map(GraphQLAnswerWritingTest::withoutCursors).toList();
        }
        return value;
    }

    private static Response post(String query, String group, String accept) {
        Map<String, Object> variables = group == null ? Map.of() : Map.of("group", group);
        return given().contentType(ContentType.JSON).accept(accept)
                .body(Map.of("query", query, "variables", variables)).post("/graphql")
                .then().statusCode(200).extract().response();
    }
}
