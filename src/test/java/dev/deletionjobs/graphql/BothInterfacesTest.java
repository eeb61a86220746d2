package dev.deletionjobs.graphql;

import static dev.deletionjobs.testing.AwsJsonCalls.call;
import static dev.deletionjobs.testing.AwsJsonCalls.createRequest;
import static dev.deletionjobs.testing.AwsJsonCalls.listRequest;
import static dev.deletionjobs.testing.AwsJsonCalls.newDatasetGroupArn;
import static dev.deletionjobs.testing.AwsJsonCalls.newJobName;
import static dev.deletionjobs.testing.GraphQLCalls.dateTime;
import static dev.deletionjobs.testing.GraphQLCalls.graphql;
import static dev.deletionjobs.testing.GraphQLCalls.variables;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;

/** One service behind two faces: jobs created through either read the same, to the millisecond, through both. */
@QuarkusTest
class BothInterfacesTest {

    @Test
    void theSameJobsReadIdenticallyThroughBothInterfaces() {
        String group = newDatasetGroupArn();
        for (int i = 0; i < 3; i++) {
            call("CreateDataDeletionJob", createRequest(newJobName(), group)).then().statusCode(200);
            Map<String, Object> input = new HashMap<>(createRequest(newJobName(), group));
            input.put("tags", List.of(Map.of("tagKey", "via", "tagValue", "graphql")));
            graphql("mutation($input: CreateDataDeletionJobInput!) { createDataDeletionJob(input: $input) { arn } }",
                    Map.of("input", input)).then().statusCode(200);
        }

        JsonPath aws = call("ListDataDeletionJobs", listRequest(group, 100, null)).then().statusCode(200)
                .extract().jsonPath(JsonPathConfig.jsonPathConfig()
                        .numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL));
        JsonPath gql = graphql("""
                query($group: String) {
                  dataDeletionJobs(datasetGroupArn: $group, first: 100) {
                    nodes { arn jobName datasetGroupArn status failureReason creationDateTime lastUpdatedDateTime }
                  }
                }""", variables("group", group)).then().statusCode(200).extract().jsonPath();

        List<Map<String, Object>> fromAws = new ArrayList<>();
        for (Map<String, Object> summary : aws.<Map<String, Object>> getList("dataDeletionJobs")) {
            Map<String, Object> job = new HashMap<>();
            job.put("arn", summary.get("dataDeletionJobArn"));
            job.put("jobName", summary.get("jobName"));
            job.put("datasetGroupArn", summary.get("datasetGroupArn"));
            job.put("status", summary.get("status"));
            job.put("failureReason", summary.get("failureReason"));
            job.put("creationDateTime", epochSecondsToIso((BigDecimal) summary.get("creationDateTime")));
            job.put("lastUpdatedDateTime", epochSecondsToIso((BigDecimal) summary.get("lastUpdatedDateTime")));
            fromAws.add(job);
        }
        List<Map<String, Object>> fromGraphQL = gql.getList("data.dataDeletionJobs.nodes");
        assertEquals(6, fromAws.size());
        assertEquals(fromAws, fromGraphQL);

        // Describe agrees with the GraphQL single-job query as well, member for member.
        String arn = (String) fromAws.get(0).get("arn");
        JsonPath described = call("DescribeDataDeletionJob", Map.of("dataDeletionJobArn", arn)).then()
                .extract().jsonPath(JsonPathConfig.jsonPathConfig()
                        .numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL));
        JsonPath single = graphql("query($arn: ID!) { dataDeletionJob(arn: $arn) { roleArn dataSource { dataLocation }"
                + " creationDateTime } }", variables("arn", arn)).then().extract().jsonPath();
        assertEquals(described.getString("dataDeletionJob.roleArn"), single.getString("data.dataDeletionJob.roleArn"));
        assertEquals(described.getString("dataDeletionJob.dataSource.dataLocation"),
                single.getString("data.dataDeletionJob.dataSource.dataLocation"));
        assertEquals(epochSecondsToIso(described.get("dataDeletionJob.creationDateTime")),
                single.getString("data.dataDeletionJob.creationDateTime"));
    }

    /** The AWS form (epoch seconds, three decimals) in the GraphQL form (ISO-8601 with milliseconds). */
    private static String epochSecondsToIso(BigDecimal seconds) {
        return dateTime(Instant.ofEpochMilli(seconds.movePointRight(3).longValueExact()));
    }
}
