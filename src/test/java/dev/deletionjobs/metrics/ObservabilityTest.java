package dev.deletionjobs.metrics;

import static dev.deletionjobs.testing.AwsJsonCalls.awsJson;
import static dev.deletionjobs.testing.AwsJsonCalls.call;
import static dev.deletionjobs.testing.AwsJsonCalls.createRequest;
import static dev.deletionjobs.testing.AwsJsonCalls.listRequest;
import static dev.deletionjobs.testing.AwsJsonCalls.newDatasetGroupArn;
import static dev.deletionjobs.testing.AwsJsonCalls.newJobName;
import static dev.deletionjobs.testing.GraphQLCalls.graphql;
import static dev.deletionjobs.testing.GraphQLCalls.variables;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.deletionjobs.config.PersonalizeConfig;
import dev.deletionjobs.job.DataDeletionJobStore;
import dev.deletionjobs.job.JobStatus;
import dev.deletionjobs.testing.LogCapture;
import dev.deletionjobs.testing.Management;
import dev.deletionjobs.testing.RawHttp;
import dev.deletionjobs.testing.SeededJobs;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** /q/metrics answers how many calls, how many failed and why, and how slow, for both interfaces alike. */
@QuarkusTest
class ObservabilityTest {

    private static final Set<String> OPERATIONS = Set.of("CreateDataDeletionJob", "DescribeDataDeletionJob",
            "ListDataDeletionJobs", "UnknownOperation", "dataDeletionJobs", "dataDeletionJob", "dataDeletionJobCounts",
            "node", "nodes", "createDataDeletionJob", "dataDeletionJobChanged", "totalCount", "pageInfo",
            "invalid-request");
    /** The HTTP server's uri tags: its routes, Quarkus's names for preflights and answers no route gave, OTHER. */
    private static final Set<String> URIS = Set.of("root", "/graphql", "/graphql/schema.graphql", "/cors-preflight",
            "NOT_FOUND", "REDIRECTION", "UNKNOWN", "OTHER");

    private static final String MONGODB_CHECK = "MongoDB connection health check";
    private static final String POSTGRESQL_CHECK = "Database connections health check";

    @Inject
    DataDeletionJobStore store;

    @Inject
    JobMetrics jobMetrics;

    @Inject
    PersonalizeConfig config;

    @Test
    void callsAreCountedByInterfaceOperationAndOutcome() {
        String list = "interface=\"awsjson\",operation=\"ListDataDeletionJobs\",outcome=\"success\"";
        String invalid = "interface=\"awsjson\",operation=\"ListDataDeletionJobs\",outcome=\"InvalidInputException\"";
        String badToken = "interface=\"awsjson\",operation=\"ListDataDeletionJobs\",outcome=\"InvalidNextTokenException\"";
        String create = "interface=\"awsjson\",operation=\"CreateDataDeletionJob\",outcome=\"success\"";
        String unknown = "interface=\"awsjson\",operation=\"UnknownOperation\",outcome=\"UnknownOperationException\"";
        String gqlList = "interface=\"graphql\",operation=\"dataDeletionJobs\",outcome=\"success\"";
        String gqlInvalid = "interface=\"graphql\",operation=\"dataDeletionJobs\",outcome=\"InvalidInputException\"";
        String gqlCount = "interface=\"graphql\",operation=\"totalCount\",outcome=\"success\"";
        String gqlRefused = "interface=\"graphql\",operation=\"invalid-request\",outcome=\"InvalidInputException\"";
        String describe = "interface=\"awsjson\",operation=\"DescribeDataDeletionJob\",outcome=\"ResourceNotFoundException\"";
        String gqlOne = "interface=\"graphql\",operation=\"dataDeletionJob\",outcome=\"success\"";
        String gqlCreate = "interface=\"graphql\",operation=\"createDataDeletionJob\",outcome=\"ResourceAlreadyExistsException\"";
        List<String> series = List.of(list, invalid, badToken, create, unknown, gqlList, gqlInvalid, gqlCount,
                gqlRefused, describe, gqlOne, gqlCreate);
        String name = newJobName();
        String arn = call("CreateDataDeletionJob", createRequest(name, newDatasetGroupArn())).then().statusCode(200)
                .extract().path("dataDeletionJobArn");
        String before = scrape();

        call("ListDataDeletionJobs", listRequest(null, 5, null)).then().statusCode(200);
        call("ListDataDeletionJobs", listRequest(null, 500, null)).then().statusCode(400);
        call("ListDataDeletionJobs", listRequest(null, 5, "forged")).then().statusCode(400);
        call("CreateDataDeletionJob", createRequest(newJobName(), newDatasetGroupArn())).then().statusCode(200);
        awsJson("AmazonPersonalize.DropEverything").body("{}").post("/").then().statusCode(400);
        graphql("{ dataDeletionJobs(first: 1) { totalCount } }").then().statusCode(200);
        graphql("{ dataDeletionJobs(first: -1) { totalCount } }").then().statusCode(200);
        graphql("{ nope }").then().statusCode(200);
        call("DescribeDataDeletionJob", Map.of("dataDeletionJobArn", arn + "-gone")).then().statusCode(400);
        graphql("query($arn: ID!) { dataDeletionJob(arn: $arn) { arn } }", variables("arn", arn)).then()
                .statusCode(200);
        graphql("mutation($input: CreateDataDeletionJobInput!) { createDataDeletionJob(input: $input) { arn } }",
                Map.of("input", createRequest(name, newDatasetGroupArn()))).then().statusCode(200);

        String after = scrape();
        for (String labels : series) {
            assertEquals(value(before, "personalize_api_requests_total", labels) + 1,
                    value(after, "personalize_api_requests_total", labels), labels);
        }
        assertTrue(after.contains("personalize_api_request_duration_seconds_bucket{interface=\"awsjson\","
                + "operation=\"ListDataDeletionJobs\",le=\"0.005\"}"), "millisecond latency buckets");
        assertTrue(after.contains("personalize_api_request_duration_seconds_bucket{interface=\"graphql\","
                + "operation=\"dataDeletionJobs\",le=\"0.025\"}"));
    }

    @Test
    void noTagCarriesARequestsValues() {
        String arn = call("CreateDataDeletionJob", createRequest(newJobName(), newDatasetGroupArn())).then()
                .extract().path("dataDeletionJobArn");
        call("DescribeDataDeletionJob", Map.of("dataDeletionJobArn", arn)).then().statusCode(200);
        call("DescribeDataDeletionJob", Map.of("dataDeletionJobArn", arn + "-missing")).then().statusCode(400);
        graphql("query($arn: ID!) { dataDeletionJob(arn: $arn) { arn } }", variables("arn", arn)).then()
                .statusCode(200);
        given().get("/no/such/path/" + newJobName()).then().statusCode(404);

        String metrics = scrape();
        assertFalse(metrics.contains("arn:"), "an ARN in a metric");
        assertFalse(metrics.contains("job-"), "a job name in a metric");
        assertFalse(metrics.contains("dg-"), "a dataset group in a metric");
        Matcher operations = Pattern.compile("operation=\"([^\"]*)\"").matcher(metrics);
        while (operations.find()) {
            assertTrue(OPERATIONS.contains(operations.group(1)), "unexpected operation " + operations.group(1));
        }
        if (config.store().kind() == PersonalizeConfig.StoreKind.MONGODB) {
            assertTrue(metrics.contains("mongodb_driver_commands_seconds"), "MongoDB command metrics");
            assertTrue(metrics.contains("mongodb_driver_pool_size"), "MongoDB pool metrics");
            assertFalse(metrics.contains("agroal_"), "no PostgreSQL pool metrics: its datasource is inactive");
        } else {
            assertTrue(metrics.contains("agroal_active_count"), "PostgreSQL pool metrics");
            assertFalse(metrics.contains("mongodb_driver_"), "no MongoDB metrics: its client is inactive");
        }
        assertTrue(metrics.contains("http_server_requests_seconds_count"), "HTTP server metrics");
    }

    @Test
    void theHttpServersTagsAreOfClosedSetsWhateverTheRequestSays() throws Exception {
        String method = "M" + newJobName().replace("-", "").toUpperCase();
        String path = "/" + newJobName();
        assertTrue(RawHttp.exchange(method + " / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                .startsWith("HTTP/1.1 405"));
        // No Host: refused before any route matched, so Quarkus would tag it with the path as sent.
        assertTrue(RawHttp.exchange("GET " + path + " HTTP/1.1\r\nConnection: close\r\n\r\n")
                .startsWith("HTTP/1.1 400"));

        String metrics = scrape();
        assertFalse(metrics.contains(method), "a method as sent in a tag");
        assertFalse(metrics.contains(path), "a path as sent in a tag");
        assertTrue(metrics.contains("method=\"OTHER\""), "a method HTTP does not define is OTHER");
        Matcher uris = Pattern.compile("uri=\"([^\"]*)\"").matcher(metrics);
        while (uris.find()) {
            assertTrue(URIS.contains(uris.group(1)), "unexpected uri " + uris.group(1));
        }
    }

    @Test
    void jobsAreCountedByStatusOnSchedule() {
        jobMetrics.refresh();
        String before = scrape();
        SeededJobs.seed(store, newDatasetGroupArn(), 4, 1, JobStatus.FAILED, JobStatus.COMPLETED);
        jobMetrics.refresh();
        String after = scrape();
        assertEquals(value(before, "personalize_jobs", "status=\"FAILED\"") + 2,
                value(after, "personalize_jobs", "status=\"FAILED\""));
        assertEquals(value(before, "personalize_jobs", "status=\"COMPLETED\"") + 2,
                value(after, "personalize_jobs", "status=\"COMPLETED\""));
        assertTrue(after.contains("personalize_jobs_oldest_pending_age_seconds"));
    }

    @Test
    void theRequestIdOfAnErrorIsInItsLogLine() {
        try (LogCapture log = LogCapture.of(ApiCalls.class.getName())) {
            List<String> lines = log.lines();
            Response aws = call("ListDataDeletionJobs", listRequest("not-an-arn", null, null));
            String awsId = aws.header("x-amzn-RequestId");
            Response gql = graphql("{ dataDeletionJobs(first: 500) { totalCount } }");
            String gqlId = gql.header("x-amzn-RequestId");
            assertEquals(gqlId, gql.path("extensions.requestId"), "GraphQL carries the id in the body too");

            assertTrue(lines.stream().anyMatch(line -> line.contains(awsId) && line.contains("awsjson")
                    && line.contains("ListDataDeletionJobs") && line.contains("InvalidInputException")), lines::toString);
            assertTrue(lines.stream().anyMatch(line -> line.contains(gqlId) && line.contains("graphql")
                    && line.contains("InvalidInputException")), lines::toString);
            assertFalse(lines.stream().anyMatch(line -> line.contains("not-an-arn")), "no request values in logs");
        }
    }

    @Test
    void theGrafanaDashboardQueriesOnlyMetricsThatExist() throws Exception {
        call("ListDataDeletionJobs", listRequest(null, 1, null)).then().statusCode(200);
        SeededJobs.seed(store, newDatasetGroupArn(), 1, 1, JobStatus.PENDING);
        jobMetrics.refresh();
        jobMetrics.transitioned(JobStatus.PENDING);
        jobMetrics.ran(JobStatus.COMPLETED, Instant.now().minusSeconds(1), Instant.now());
        String metrics = scrape();
        String dashboard = Files.readString(
                Path.of("k8s/grafana/data-deletion-jobs-dashboard.json"));
        Matcher names = Pattern.compile("\\b((?:personalize|mongodb_driver|agroal)_[a-z_]+)").matcher(dashboard);
        // Each store's panels are checked on a run with that store (this suite runs on both).
        String otherStore = config.store().kind() == PersonalizeConfig.StoreKind.MONGODB ? "agroal_" : "mongodb_driver_";
        int checked = 0;
        while (names.find()) {
            String name = names.group(1);
            if (name.startsWith(otherStore)) {
                continue;
            }
            assertTrue(metrics.contains("\n" + name + "{") || metrics.contains("\n" + name + " "),
                    "the dashboard queries " + name + ", which /q/metrics does not serve");
            checked++;
        }
        assertTrue(checked >= 10, "the dashboard's queries were found");
    }

    @Test
    void healthReportsOnlyTheStoreInUse() {
        String health = given().get(Management.url("/q/health")).then().statusCode(200).extract().asString();
        List<String> checks = JsonPath.from(health).getList("checks.name");
        boolean mongodb = config.store().kind() == PersonalizeConfig.StoreKind.MONGODB;
        assertEquals(mongodb, checks.contains(MONGODB_CHECK), () -> String.valueOf(checks));
        assertEquals(!mongodb, checks.contains(POSTGRESQL_CHECK), () -> String.valueOf(checks));
    }

    private String scrape() {
        return given().get(Management.url("/q/metrics")).then().statusCode(200).extract().asString();
    }

    /** The value of the series {@code name} whose labels contain {@code labels}; 0 when absent. */
    private static double value(String metrics, String name, String labels) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + "{") && line.contains(labels)) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }
}
