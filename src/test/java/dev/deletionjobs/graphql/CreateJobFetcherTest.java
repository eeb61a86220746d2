package dev.deletionjobs.graphql;

import static dev.deletionjobs.testing.AwsJsonCalls.newDatasetGroupArn;
import static dev.deletionjobs.testing.AwsJsonCalls.newJobName;
import static dev.deletionjobs.testing.GraphQLCalls.answered;
import static dev.deletionjobs.testing.GraphQLCalls.assertRefused;
import static dev.deletionjobs.testing.GraphQLCalls.variables;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * {@code createDataDeletionJob}'s input is made by {@link CreateJobFetcher} from what the engine coerced: every member
 * reaches the job as written, in the document or in variables, and {@code tags} absent, null, a list or a single tag
 * written for the list (which GraphQL reads as a list of one), each written in the document and sent as a variable; a
 * null tag is refused as a client's mistake.
 */
@QuarkusTest
class CreateJobFetcherTest {

    private static final String ROLE = "arn:aws:iam::000000000000:role/CreateJobFetcherTest";

    /** The mutation with its whole input in the variable {@code input}. */
    private static final String CREATE_FROM_VARIABLE = "mutation($input: CreateDataDeletionJobInput!) {"
            + " createDataDeletionJob(input: $input) { arn } }";

    private static final String JOB = """
            query($arn: ID!) {
              dataDeletionJob(arn: $arn) {
                jobName datasetGroupArn roleArn status dataSource { dataLocation } tags { tagKey tagValue }
              }
            }""";

    @Test
    void everyMemberWrittenInTheDocumentReachesTheJob() {
        String name = newJobName();
        String group = newDatasetGroupArn();
        String arn = created("""
                mutation {
                  createDataDeletionJob(input: {jobName: "%s", datasetGroupArn: "%s", roleArn: "%s",
                      dataSource: {dataLocation: "s3://deletions/%s.csv"},
                      tags: [{tagKey: "team", tagValue: "growth"}, {tagKey: "empty", tagValue: ""}]}) { arn }
                }""".formatted(name, group, ROLE, name), Map.of());

        JsonPath job = job(arn);
        assertEquals(name, job.getString("jobName"));
        assertEquals(group, job.getString("datasetGroupArn"));
        assertEquals(ROLE, job.getString("roleArn"));
        assertEquals("PENDING", job.getString("status"));
        assertEquals("s3://deletions/" + name + ".csv", job.getString("dataSource.dataLocation"));
        assertEquals(List.of(Map.of("tagKey", "team", "tagValue", "growth"), Map.of("tagKey", "empty", "tagValue", "")),
                job.getList("tags"));
    }

    @Test
    void tagsWrittenInTheDocumentAsASingleTagNullOrNotAtAll() {
        assertEquals(List.of(Map.of("tagKey", "only", "tagValue", "tag")),
                job(createdWithTagsWritten("tags: {tagKey: \"only\", tagValue: \"tag\"}")).getList("tags"));
        assertEquals(List.of(), job(createdWithTagsWritten("tags: null")).getList("tags"));
        assertEquals(List.of(), job(createdWithTagsWritten("")).getList("tags"));
    }

    @Test
    void tagsGivenAsAVariableInsideTheWrittenInput() {
        String name = newJobName();
        String arn = created("""
                mutation($tags: [TagInput!]) {
                  createDataDeletionJob(input: {jobName: "%s", datasetGroupArn: "%s", roleArn: "%s",
                      dataSource: {dataLocation: "s3://deletions/%s.csv"}, tags: $tags}) { arn }
                }""".formatted(name, newDatasetGroupArn(), ROLE, name),
                variables("tags", List.of(Map.of("tagKey", "k", "tagValue", "v"))));
        assertEquals(List.of(Map.of("tagKey", "k", "tagValue", "v")), job(arn).getList("tags"));
    }

    @Test
    void aNullTagThatTheEngineLetsThroughIsRefusedAsInvalidInput() {
        // A variable with a default may stand for a non-null item, and sent as null it reaches the fetcher as null.
        String name = newJobName();
        Map<String, Object> nullTag = new HashMap<>();
        nullTag.put("tag", null);
        assertRefused("""
                mutation($tag: TagInput = {tagKey: "a", tagValue: "b"}) {
                  createDataDeletionJob(input: {jobName: "%s", datasetGroupArn: "%s", roleArn: "%s",
                      dataSource: {dataLocation: "s3://deletions/%s.csv"}, tags: [$tag]}) { arn }
                }""".formatted(name, newDatasetGroupArn(), ROLE, name), nullTag, "InvalidInputException",
                "tags.1.member");
    }

    @Test
    void tagsGivenInVariablesAsAListASingleTagNullOrNotAtAll() {
        List<Map<String, String>> two = List.of(Map.of("tagKey", "a", "tagValue", "1"),
                Map.of("tagKey", "b", "tagValue", "2"));
        assertEquals(two, job(createdWithTags(two)).getList("tags"));
        Map<String, String> one = Map.of("tagKey", "only", "tagValue", "tag");
        assertEquals(List.of(one), job(createdWithTags(one)).getList("tags"), "a single tag for the list");
        assertEquals(List.of(), job(createdWithTags(null)).getList("tags"), "tags: null");

        String name = newJobName();
        Map<String, Object> input = input(name);
        String arn = created(CREATE_FROM_VARIABLE, variables("input", input));
        JsonPath job = job(arn);
        assertEquals(List.of(), job.getList("tags"), "no tags");
        assertEquals(name, job.getString("jobName"));
        assertEquals(ROLE, job.getString("roleArn"));
        assertEquals("s3://deletions/" + name + ".csv", job.getString("dataSource.dataLocation"));
    }

    private static String createdWithTags(Object tags) {
        Map<String, Object> input = input(newJobName());
        input.put("tags", tags);
        return created(CREATE_FROM_VARIABLE, variables("input", input));
    }

    /** A job created with {@code tags} (a member written in GraphQL's syntax, or nothing) in the document. */
    private static String createdWithTagsWritten(String tags) {
        String name = newJobName();
        return created("""
                mutation {
                  createDataDeletionJob(input: {jobName: "%s", datasetGroupArn: "%s", roleArn: "%s",
                      dataSource: {dataLocation: "s3://deletions/%s.csv"} %s}) { arn }
                }""".formatted(name, newDatasetGroupArn(), ROLE, name, tags), Map.of());
    }

    /** Sends the mutation and answers the new job's ARN, the answer free of errors. */
    private static String created(String mutation, Map<String, ?> variables) {
        return answered(mutation, variables).getString("data.createDataDeletionJob.arn");
    }

    private static Map<String, Object> input(String name) {
        Map<String, Object> input = new HashMap<>();
        input.put("jobName", name);
        input.put("datasetGroupArn", newDatasetGroupArn());
        input.put("roleArn", ROLE);
        input.put("dataSource", Map.of("dataLocation", "s3://deletions/" + name + ".csv"));
        return input;
    }

    private static JsonPath job(String arn) {
        return answered(JOB, variables("arn", arn)).setRootPath("data.dataDeletionJob");
    }
}
