package dev.deletionjobs.graphql;

import static dev.deletionjobs.testing.AwsJsonCalls.call;
import static dev.deletionjobs.testing.AwsJsonCalls.createRequest;
import static dev.deletionjobs.testing.AwsJsonCalls.listRequest;
import static dev.deletionjobs.testing.AwsJsonCalls.newDatasetGroupArn;
import static dev.deletionjobs.testing.AwsJsonCalls.newJobName;
import static dev.deletionjobs.testing.GraphQLCalls.graphql;
import static dev.deletionjobs.testing.GraphQLCalls.variables;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.deletionjobs.testing.StoreReadings;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A job's tags (up to 200, about 300 KB) are read from the store only for an answer that shows them: never for an AWS
 * answer, and for a GraphQL answer only when its document selects {@code tags}, however it does (alias, fragment,
 * {@code @include}). Each request here is held to the reads it asked the store port for, and to its answer.
 */
@QuarkusTest
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TagsReadWhenShownTest {

    private static final String WHOLE = " WHOLE";
    private static final String WITHOUT_TAGS = " WITHOUT_TAGS";
    private static final List<Map<String, String>> TAGS = List.of(Map.of("tagKey", "team", "tagValue", "growth"),
            Map.of("tagKey", "ticket", "tagValue", "GDPR-7"));

    private String group;
    private String arn;

    @BeforeEach
    void createATaggedJob() {
        group = newDatasetGroupArn();
        Map<String, Object> request = createRequest(newJobName(), group);
        request.put("tags", TAGS);
        arn = call("CreateDataDeletionJob", request).then().statusCode(200).extract().path("dataDeletionJobArn");
    }

    @Test
    void awsAnswersNeverReadTags() {
        assertReads(List.of("findPage" + WITHOUT_TAGS), () -> call("ListDataDeletionJobs", listRequest(group, 10, null))
                .then().statusCode(200).body("dataDeletionJobs.dataDeletionJobArn", contains(arn)));
        assertReads(List.of("findByArn" + WITHOUT_TAGS),
                () -> call("DescribeDataDeletionJob", Map.of("dataDeletionJobArn", arn))
                        .then().statusCode(200).body("dataDeletionJob.dataDeletionJobArn", equalTo(arn)));
    }

    @Test
    void aConnectionReadsTagsOnlyWhenItsNodesShowThem() {
        assertConnection("nodes { arn }", WITHOUT_TAGS, "nodes[0].arn", equalTo(arn));
        assertConnection("edges { cursor node { arn } } pageInfo { hasNextPage }", WITHOUT_TAGS, "edges[0].node.arn",
                equalTo(arn));
        assertConnection("totalCount", WITHOUT_TAGS, "totalCount", equalTo(1));
        assertConnection("nodes { tags { tagKey } }", WHOLE, "nodes[0].tags.tagKey", contains("team", "ticket"));
        assertConnection("edges { node { labels: tags { tagValue } } }", WHOLE, "edges[0].node.labels.tagValue",
                contains("growth", "GDPR-7"));
        assertConnection("edges { node { ... on Node { ... on DataDeletionJob { tags { tagKey } } } } }", WHOLE,
                "edges[0].node.tags.tagKey", contains("team", "ticket"));
        assertConnection("nodes { arn tags @include(if: false) { tagKey } }", WITHOUT_TAGS, "nodes[0].tags",
                nullValue());
        assertConnection("nodes { arn tags @skip(if: false) { tagKey } }", WHOLE, "nodes[0].tags.tagKey",
                contains("team", "ticket"));
    }

    @Test
    void aFragmentSpreadOfTagsIsSeen() {
        String query = "query($group: String) { dataDeletionJobs(datasetGroupArn: $group) { nodes { ...Shown } } }"
                + " fragment Shown on DataDeletionJob { arn tags { tagValue } }";
        assertReads(List.of("findPage" + WHOLE), () -> graphql(query, variables("group", group)).then().statusCode(200)
                .body("errors", nullValue())
                .body("data.dataDeletionJobs.nodes[0].tags.tagValue", contains("growth", "GDPR-7")));
    }

    @Test
    void eachSpreadOfAFragmentIsDecidedByItsOwnDirectives() {
        String query = "query($group: String, $show: Boolean!) { dataDeletionJobs(datasetGroupArn: $group) {"
                + " nodes { arn ...Shown @skip(if: true) ...Shown @include(if: $show) } } }"
                + " fragment Shown on DataDeletionJob { tags { tagValue } }";
        assertReads(List.of("findPage" + WITHOUT_TAGS), () -> graphql(query, variables("group", group, "show", false))
                .then().statusCode(200).body("errors", nullValue())
                .body("data.dataDeletionJobs.nodes[0].arn", equalTo(arn))
                .body("data.dataDeletionJobs.nodes[0]", not(hasKey("tags"))));
        assertReads(List.of("findPage" + WHOLE), () -> graphql(query, variables("group", group, "show", true))
                .then().statusCode(200).body("errors", nullValue())
                .body("data.dataDeletionJobs.nodes[0].tags.tagValue", contains("growth", "GDPR-7")));
    }

    @Test
    void aConnectionMergedFromTwoFieldsReadsTagsWhenEitherShowsThem() {
        String query = "query($group: String) { a: dataDeletionJobs(datasetGroupArn: $group) { nodes { arn } }"
                + " a: dataDeletionJobs(datasetGroupArn: $group) { nodes { tags { tagKey } } } }";
        assertReads(List.of("findPage" + WHOLE), () -> graphql(query, variables("group", group)).then().statusCode(200)
                .body("errors", nullValue()).body("data.a.nodes[0].arn", equalTo(arn))
                .body("data.a.nodes[0].tags.tagKey", contains("team", "ticket")));
    }

    @Test
    void lookupsReadTagsOnlyWhenTheyShowThem() {
        String id = graphql("query($arn: ID!) { dataDeletionJob(arn: $arn) { id } }", variables("arn", arn))
                .then().statusCode(200).extract().path("data.dataDeletionJob.id");

        assertLookup("query($arn: ID!) { dataDeletionJob(arn: $arn) { arn status } }", variables("arn", arn),
                "findByArn" + WITHOUT_TAGS, "dataDeletionJob.arn", equalTo(arn));
        assertLookup("query($arn: ID!) { dataDeletionJob(arn: $arn) { tags { tagKey } } }", variables("arn", arn),
                "findByArn" + WHOLE, "dataDeletionJob.tags.tagKey", contains("team", "ticket"));
        assertLookup("query($id: ID!) { node(id: $id) { id } }", variables("id", id),
                "findByArns" + WITHOUT_TAGS, "node.id", equalTo(id));
        assertLookup("query($id: ID!) { node(id: $id) { ... on DataDeletionJob { tags { tagKey } } } }",
                variables("id", id), "findByArns" + WHOLE, "node.tags.tagKey", contains("team", "ticket"));
        assertLookup("query($ids: [ID!]!) { nodes(ids: $ids) { ... on DataDeletionJob { arn } } }",
                variables("ids", List.of(id)), "findByArns" + WITHOUT_TAGS, "nodes[0].arn", equalTo(arn));
        assertLookup("query($ids: [ID!]!) { nodes(ids: $ids) { ... on DataDeletionJob { tags { tagValue } } } }",
                variables("ids", List.of(id)), "findByArns" + WHOLE, "nodes[0].tags.tagValue",
                contains("growth", "GDPR-7"));
    }

    private void assertConnection(String selection, String reading, String path, Matcher<?> shown) {
        String query = "query($group: String) { dataDeletionJobs(datasetGroupArn: $group) { " + selection + " } }";
        assertReads(List.of("findPage" + reading), () -> graphql(query, variables("group", group)).then()
                .statusCode(200).body("errors", nullValue()).body("data.dataDeletionJobs." + path, shown));
    }

    private static void assertLookup(String query, Map<String, Object> variables, String read, String path,
            Matcher<?> shown) {
        assertReads(List.of(read), () -> graphql(query, variables).then().statusCode(200)
                .body("errors", nullValue()).body("data." + path, shown).body("data." + path, not(nullValue())));
    }

    private static void assertReads(List<String> expected, Runnable request) {
        assertEquals(expected, StoreReadings.during(request));
    }

}
