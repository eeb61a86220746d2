package dev.deletionjobs.graphql;

import static dev.deletionjobs.testing.AwsJsonCalls.newDatasetGroupArn;
import static dev.deletionjobs.testing.GraphQLCalls.dateTime;
import static dev.deletionjobs.testing.GraphQLCalls.graphql;
import static dev.deletionjobs.testing.GraphQLCalls.variables;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.deletionjobs.job.AccountScope;
import dev.deletionjobs.job.DataDeletionJob;
import dev.deletionjobs.job.DataDeletionJobStore;
import dev.deletionjobs.job.JobStatus;
import dev.deletionjobs.testing.SeededJobs;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/**
 * Relay's global object identification (node, nodes, the Node interface) and the typed status enum, as a dashboard
 * uses them: refetch what a listing showed by its id, scoped to the caller's account and region like every read.
 */
@QuarkusTest
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GraphQLNodesTest {

    private static final String JOB_FIELDS = "fragment Job on DataDeletionJob { arn jobName status numDeleted"
            + " failureReason creationDateTime tags { tagKey } }";
    private static final String NODE = "query($id: ID!) { node(id: $id) { __typename id ...Job } }\n" + JOB_FIELDS;
    private static final String NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { __typename id"
            + " ... on DataDeletionJob { arn status } } }";
    private static final String LIST = "query($group: String, $status: [DataDeletionJobStatus!]) {"
            + " dataDeletionJobs(datasetGroupArn: $group, status: $status) { totalCount nodes { id arn status } } }";
    private static final String MALFORMED = "failed to satisfy constraint: Member must be the global id of a"
            + " DataDeletionJob, as this service issued it";

    @Inject
    DataDeletionJobStore store;

    @Test
    void aJobIsRefetchedByTheIdItsListingGave() {
        String group = newDatasetGroupArn();
        List<DataDeletionJob> jobs = SeededJobs.seed(store, group, 2, 1, JobStatus.COMPLETED, JobStatus.FAILED);
        JsonPath listed = graphql(LIST, variables("group", group)).then().statusCode(200)
                .body("errors", nullValue()).extract().jsonPath();
        DataDeletionJob failed = jobs.stream().filter(job -> job.status() == JobStatus.FAILED).findFirst()
                .orElseThrow();
        int index = listed.getList("data.dataDeletionJobs.nodes.arn").indexOf(failed.arn());
        String id = listed.getString("data.dataDeletionJobs.nodes[" + index + "].id");
        // The documented encoding, held here so that a change of it is a decision: clients are told it is opaque.
        assertEquals(Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("DataDeletionJob:" + failed.arn()).getBytes(StandardCharsets.UTF_8)), id);

        graphql(NODE, variables("id", id)).then().statusCode(200)
                .body("errors", nullValue())
                .body("data.node.__typename", equalTo("DataDeletionJob"))
                .body("data.node.id", equalTo(id))
                .body("data.node.arn", equalTo(failed.arn()))
                .body("data.node.jobName", equalTo(failed.jobName()))
                .body("data.node.status", equalTo("FAILED"))
                .body("data.node.failureReason", equalTo("The file is empty."))
                .body("data.node.creationDateTime", equalTo(dateTime(failed.creationDateTime())))
                .body("data.node.tags", hasSize(0));
        // The same job through dataDeletionJob carries the same id.
        graphql("query($arn: ID!) { dataDeletionJob(arn: $arn) { id status } }", variables("arn", failed.arn()))
                .then().body("data.dataDeletionJob.id", equalTo(id))
                .body("data.dataDeletionJob.status", equalTo("FAILED"));
    }

    @Test
    void nodesAnswersInTheOrderOfTheIdsWithNullWhereThereIsNoJob() {
        List<DataDeletionJob> jobs = SeededJobs.seed(store, newDatasetGroupArn(), 3, 1, JobStatus.PENDING,
                JobStatus.IN_PROGRESS, JobStatus.COMPLETED);
        String missing = idOf(SeededJobs.SCOPE.dataDeletionJobArn("missing-" + UUID.randomUUID()));
        List<String> ids = List.of(idOf(jobs.get(2).arn()), missing, idOf(jobs.get(0).arn()),
                idOf(jobs.get(2).arn()), idOf(jobs.get(1).arn()));
        List<Map<String, Object>> nodes = nodes(graphql(NODES, variables("ids", ids)).then());
        assertEquals(Arrays.asList(ids.get(0), null, ids.get(2), ids.get(3), ids.get(4)), field(nodes, "id"));
        assertEquals(Arrays.asList(jobs.get(2).arn(), null, jobs.get(0).arn(), jobs.get(2).arn(), jobs.get(1).arn()),
                field(nodes, "arn"));
        assertEquals(Arrays.asList(jobs.get(2).status().name(), null, jobs.get(0).status().name(),
                jobs.get(2).status().name(), jobs.get(1).status().name()), field(nodes, "status"));
        assertEquals(Arrays.asList("DataDeletionJob", null, "DataDeletionJob", "DataDeletionJob", "DataDeletionJob"),
                field(nodes, "__typename"));
        graphql(NODES, variables("ids", List.of())).then().statusCode(200)
                .body("errors", nullValue()).body("data.nodes", hasSize(0));
    }

    @Test
    void arnsWithTheCharactersOfAnArrayLiteralAreLookedUpExactlyAsSent() {
        DataDeletionJob job = SeededJobs.seed(store, newDatasetGroupArn(), 1, 1).get(0);
        // What quotes, escapes, separates or ends an element of an array literal (PostgreSQL binds the ARNs as one
        // array): each id is matched as its exact text, on every store, and none reaches the job beside it.
        List<String> ids = new ArrayList<>();
        for (String arn : List.of(job.arn() + "\\", job.arn() + "\"", job.arn() + "\",\"" + job.arn(),
                job.arn() + "}", job.arn().replace("job/", "job/{"), job.arn() + " ",
                SeededJobs.SCOPE.dataDeletionJobArn("NULL"),
                job.arn())) {
            ids.add(idOf(arn));
        }
        List<Map<String, Object>> nodes = nodes(graphql(NODES, variables("ids", ids)).then());
        List<Object> expected = new ArrayList<>(Collections.nCopies(ids.size() - 1, null));
        expected.add(job.arn());
        assertEquals(expected, field(nodes, "arn"));
    }

    @Test
    void aHundredIdsAreReadAndMoreAreRefused() {
        List<String> hundred = new ArrayList<>();
        List<DataDeletionJob> jobs = SeededJobs.seed(store, newDatasetGroupArn(), 50, 5);
        for (int i = 0; i < 100; i++) {
            hundred.add(i < jobs.size() ? idOf(jobs.get(i).arn())
                    : idOf(SeededJobs.SCOPE.dataDeletionJobArn("missing-" + i + "-" + UUID.randomUUID())));
        }
        List<Object> arns = field(nodes(graphql(NODES, variables("ids", hundred)).then()), "arn");
        assertEquals(jobs.stream().map(DataDeletionJob::arn).toList(), arns.subList(0, 50));
        assertEquals(Arrays.asList(new Object[50]), arns.subList(50, 100));

        List<String> tooMany = new ArrayList<>(hundred);
        tooMany.add(hundred.get(0));
        assertOneError(graphql(NODES, variables("ids", tooMany)).then(), "InvalidInputException",
                "failed to satisfy constraint: Member must have length less than or equal to 100")
                .body("data", nullValue());
        // Refused on the count alone: a hundred and one ids that are not even ids get the same answer.
        assertOneError(graphql(NODES, variables("ids", Collections.nCopies(101, "x".repeat(5000))))
                .then(), "InvalidInputException",
                "at 'ids' failed to satisfy constraint: Member must have length"
                        + " less than or equal to 100");
    }

    @Test
    void aJobOfAnotherAccountOrRegionIsNull() {
        String group = newDatasetGroupArn();
        DataDeletionJob otherAccount = insert(new AccountScope("111111111111", "us-east-1"), group);
        DataDeletionJob otherRegion = insert(new AccountScope("000000000000", "eu-west-1"), group);
        DataDeletionJob own = SeededJobs.seed(store, group, 1, 1).get(0);

        for (DataDeletionJob foreign : List.of(otherAccount, otherRegion)) {
            graphql(NODE, variables("id", idOf(foreign.arn()))).then().statusCode(200)
                    .body("errors", nullValue()).body("data.node", nullValue());
        }
        assertEquals(Arrays.asList(null, own.arn(), null), field(nodes(graphql(NODES, variables("ids",
                List.of(idOf(otherAccount.arn()), idOf(own.arn()), idOf(otherRegion.arn())))).then()), "arn"));
    }

    @Test
    void aMissingJobIsNull() {
        graphql(NODE, variables("id", idOf(SeededJobs.SCOPE.dataDeletionJobArn("missing-" + UUID.randomUUID()))))
                .then().statusCode(200).body("errors", nullValue()).body("data.node", nullValue());
    }

    @Test
    void aMalformedIdIsInvalidInputNamingIt() {
        String group = newDatasetGroupArn();
        DataDeletionJob job = SeededJobs.seed(store, group, 1, 1).get(0);
        String valid = idOf(job.arn());
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        List<String> malformed = List.of(
                "not base64!",
                job.arn(),
                valid + "=",
                Base64.getEncoder().encodeToString(("DataDeletionJob:" + job.arn() + "?>").getBytes()),
                encoder.encodeToString(("Tag:" + job.arn()).getBytes(StandardCharsets.UTF_8)),
                encoder.encodeToString(job.arn().getBytes(StandardCharsets.UTF_8)),
                encoder.encodeToString("DataDeletionJob:job".getBytes(StandardCharsets.UTF_8)),
                encoder.encodeToString(("DataDeletionJob:" + job.arn() + "\u0000").getBytes(StandardCharsets.UTF_8)),
                encoder.encodeToString(new byte[] { (byte) 0xff, (byte) 0xfe, 'D', 'a' }),
                nonCanonical("DataDeletionJob:" + SeededJobs.SCOPE.dataDeletionJobArn("job")),
                nonCanonical("DataDeletionJob:" + SeededJobs.SCOPE.dataDeletionJobArn("jo")),
                "");
        for (String id : malformed) {
            assertOneError(graphql(NODE, variables("id", id)).then(), "InvalidInputException",
                    "1 validation error detected: Value '" + echo(id) + "' at 'id' " + MALFORMED);
        }
        String tooLong = encoder.encodeToString(("DataDeletionJob:" + job.arn() + "x".repeat(2000)).getBytes());
        assertOneError(graphql(NODE, variables("id", tooLong)).then(), "InvalidInputException",
                "at 'id' failed to satisfy constraint: Member must have length less than or equal to "
                        + GlobalIds.MAX_LENGTH);
        // In a list, each bad id is named by its place, all in one answer, and nothing is read.
        assertOneError(graphql(NODES, variables("ids", List.of(valid, "nope", tooLong))).then(),
                "InvalidInputException", "2 validation errors detected: Value 'nope' at 'ids.2.member' " + MALFORMED
                        + "; Value '" + echo(tooLong) + "' at 'ids.3.member' failed to satisfy"
                        + " constraint: Member must have length less than or equal to " + GlobalIds.MAX_LENGTH);

        // Nothing the refused ids said changed a job.
        graphql(NODE, variables("id", valid)).then().body("errors", nullValue())
                .body("data.node.arn", equalTo(job.arn())).body("data.node.status", equalTo("PENDING"));
        graphql(LIST, variables("group", group)).then().body("data.dataDeletionJobs.totalCount", equalTo(1));
    }

    @Test
    void theStatusFilterTakesTheEnum() {
        String group = newDatasetGroupArn();
        List<DataDeletionJob> jobs = SeededJobs.seed(store, group, 8, 2, JobStatus.PENDING, JobStatus.IN_PROGRESS,
                JobStatus.COMPLETED, JobStatus.FAILED);
        List<String> ended = jobs.stream()
                .filter(job -> job.status() == JobStatus.COMPLETED || job.status() == JobStatus.FAILED)
                .map(DataDeletionJob::arn).toList();
        graphql(LIST, variables("group", group, "status", List.of("FAILED", "COMPLETED"))).then().statusCode(200)
                .body("errors", nullValue())
                .body("data.dataDeletionJobs.totalCount", equalTo(4))
                .body("data.dataDeletionJobs.nodes.arn", contains(ended.toArray()))
                .body("data.dataDeletionJobs.nodes.status", containsInAnyOrder("FAILED", "FAILED", "COMPLETED",
                        "COMPLETED"));
        // Written in the document, as a dashboard's fixed panels do.
        graphql("query($group: String) { pending: dataDeletionJobs(datasetGroupArn: $group, status: [PENDING])"
                + " { totalCount } all: dataDeletionJobs(datasetGroupArn: $group, status: []) { totalCount } }",
                variables("group", group)).then().statusCode(200)
                .body("errors", nullValue())
                .body("data.pending.totalCount", equalTo(2))
                .body("data.all.totalCount", equalTo(8));
    }

    @Test
    void aStatusOutsideTheEnumIsAValidationError() {
        graphql("{ dataDeletionJobs(status: [DONE]) { totalCount } }").then().statusCode(200)
                .body("errors", hasSize(1))
                .body("errors[0].extensions.code", equalTo("InvalidInputException"))
                .body("errors[0].message", startsWith("Validation error (WrongType@[dataDeletionJobs])"))
                .body("data", nullValue());
        // A string where the enum is expected, as documents written for the String filter did.
        graphql("{ dataDeletionJobs(status: [\"FAILED\"]) { totalCount } }").then().statusCode(200)
                .body("errors", hasSize(1))
                .body("errors[0].extensions.code", equalTo("InvalidInputException"))
                .body("errors[0].message", startsWith("Validation error (WrongType@[dataDeletionJobs])"));
        assertOneError(graphql("query($s: [DataDeletionJobStatus!]) { dataDeletionJobs(status: $s) { totalCount } }",
                variables("s", List.of("PENDING", "DONE"))).then(), "InvalidInputException",
                "Variable 's' has an invalid value");
    }

    @Test
    void theStatusFieldIsTheEnum() {
        graphql("{ __type(name: \"DataDeletionJob\") { interfaces { name } fields { name type { kind ofType { kind"
                + " name } } } } }").then()
                .statusCode(200)
                .body("errors", nullValue())
                .body("data.__type.interfaces.name", contains("Node"))
                .body("data.__type.fields.find { it.name == 'status' }.type.ofType.kind", equalTo("ENUM"))
                .body("data.__type.fields.find { it.name == 'status' }.type.ofType.name",
                        equalTo("DataDeletionJobStatus"))
                .body("data.__type.fields.find { it.name == 'id' }.type.ofType.name", equalTo("ID"));
        graphql("{ __type(name: \"DataDeletionJobStatus\") { enumValues { name } } }").then()
                .statusCode(200)
                .body("errors", nullValue())
                .body("data.__type.enumValues.name", containsInAnyOrder("PENDING", "IN_PROGRESS", "COMPLETED",
                        "FAILED"));
    }

    private DataDeletionJob insert(AccountScope scope, String group) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String name = "foreign-" + UUID.randomUUID();
        DataDeletionJob job = new DataDeletionJob(scope.dataDeletionJobArn(name), scope, name, group,
                "s3://bucket/" + name + ".csv", "arn:aws:iam::" + scope.accountId() + ":role/R", List.of(),
                JobStatus.PENDING, null, null, now, now);
        if (!store.insert(job)) {
            throw new AssertionError("inserted twice: " + job.arn());
        }
        return job;
    }

    /** The id as the service documents it; tests may build it, clients are told not to. */
    private static String idOf(String arn) {
        return GlobalIds.of(arn);
    }

    private static ValidatableResponse assertOneError(ValidatableResponse response, String code, String message) {
        String body = response.statusCode(200)
                .body("errors", hasSize(1))
                .body("errors[0].extensions.code", equalTo(code))
                .body("errors[0].message", Matchers.containsString(message))
                .body("errors[0].extensions", not(Matchers.hasKey("exception")))
                .extract().asString();
        assertFalse(body.contains("dev.deletionjobs") || body.contains("java.") || body.contains("\tat "), body);
        return response;
    }

    /**
     * {@code text} encoded with a bit set among the unused ones of the last character: the decoder reads the same
     * bytes, but the service never issued that spelling.
     */
    private static String nonCanonical(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length % 3 == 0) {
            throw new IllegalArgumentException("no unused bits: " + text);
        }
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        String canonical = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        char last = canonical.charAt(canonical.length() - 1);
        return canonical.substring(0, canonical.length() - 1) + alphabet.charAt(alphabet.indexOf(last) + 1);
    }

    /** A value as messages echo it: its first 100 characters. */
    private static String echo(String value) {
        return value.length() > 100 ? value.substring(0, 100) + "..." : value;
    }

    /** The nodes of a nodes answer that has no errors; a null node stays null. */
    private static List<Map<String, Object>> nodes(ValidatableResponse response) {
        return response.statusCode(200).body("errors", nullValue()).extract().jsonPath().getList("data.nodes");
    }

    private static List<Object> field(List<Map<String, Object>> nodes, String name) {
        return nodes.stream().map(node -> node == null ? null : node.get(name)).toList();
    }
}
