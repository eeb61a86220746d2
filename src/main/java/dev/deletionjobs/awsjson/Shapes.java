package dev.deletionjobs.awsjson;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The request and response shapes of the Personalize service model that this service speaks, member for member
 * (the JSON names are the component names). Absent members are left out of responses, as AWS does. A request's
 * members the model does not have are skipped as they are read ({@code ignoreUnknown}): otherwise Jackson copies each
 * into a buffer first, 19 MB for a megabyte of {@code []}, and only then drops it.
 */
public final class Shapes {

    private Shapes() {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ListDataDeletionJobsRequest(String datasetGroupArn, String nextToken, Integer maxResults) {
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ListDataDeletionJobsResponse(List<DataDeletionJobSummary> dataDeletionJobs, String nextToken) {
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DataDeletionJobSummary(String dataDeletionJobArn, String datasetGroupArn, String jobName,
            String status, Instant creationDateTime, Instant lastUpdatedDateTime, String failureReason) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CreateDataDeletionJobRequest(String jobName, String datasetGroupArn, DataSource dataSource,
            String roleArn, @JsonDeserialize(using = BoundedTagsDeserializer.class) List<Tag> tags) {
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DataSource(String dataLocation) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Tag(String tagKey, String tagValue) {
    }

    @RegisterForReflection
    public record CreateDataDeletionJobResponse(String dataDeletionJobArn) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DescribeDataDeletionJobRequest(String dataDeletionJobArn) {
    }

    @RegisterForReflection
    public record DescribeDataDeletionJobResponse(DataDeletionJob dataDeletionJob) {
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DataDeletionJob(String jobName, String dataDeletionJobArn, String datasetGroupArn,
            DataSource dataSource, String roleArn, String status, Integer numDeleted, Instant creationDateTime,
            Instant lastUpdatedDateTime, String failureReason) {
    }

    /** The awsJson error body; the same name goes into the {@code x-amzn-ErrorType} header. */
    @RegisterForReflection
    public record Error(@JsonProperty("__type") String type, String message) {
    }
}
