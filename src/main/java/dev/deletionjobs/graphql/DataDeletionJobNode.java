package dev.deletionjobs.graphql;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/**
 * The GraphQL face of a job: the AWS members, its ARN as an ID, a Relay global id ({@link GlobalIds}) and ISO-8601
 * timestamps.
 */
@Type("DataDeletionJob")
@Description("A data deletion job: a request to delete the users listed in a CSV file from a dataset group's data.")
public record DataDeletionJobNode(
        @Id @NonNull @Description("The job's ARN, unique across accounts and regions.") String arn,
        @NonNull @Description("The job's name, unique within its account and region.") String jobName,
        @NonNull @Description("The ARN of the dataset group whose data the job deletes.") String datasetGroupArn,
        @NonNull @Description("Where the job reads the user ids to delete.") DataSourceNode dataSource,
        @NonNull @Description("The ARN of the IAM role the job assumes to read its data source.") String roleArn,
        @NonNull @Description("Where the job is in its life.") DataDeletionJobStatus status,
        @Description("How many distinct user ids a COMPLETED job counted in its input; null until then.") Integer numDeleted,
        @Description("Why a FAILED job failed; null otherwise.") String failureReason,
        @NonNull @Description("When the job was created, in UTC with milliseconds.") Instant creationDateTime,
        @NonNull @Description("When the job last changed status, in UTC with milliseconds.") Instant lastUpdatedDateTime,
        @NonNull @Description("The tags given when the job was created.") List<@NonNull TagNode> tags) implements Node {

    /** Derived from the ARN, so the two can never disagree. */
    @Override
    @Id
    @NonNull
    @Description("The job's global id, for node and nodes: opaque, to be stored and sent back as it is, never built"
            + " by a client.")
    public String getId() {
        return GlobalIds.of(arn);
    }

    /** Where a job reads the CSV of user ids it deletes. */
    @Type("DataSource")
    @Description("Where a job reads the CSV file (a single USER_ID column) of the users to delete.")
    public record DataSourceNode(
            @NonNull @Description("An s3://, http:// or https:// location; ending in / means every file under it.") String dataLocation) {
    }

    /** A tag on a job. */
    @Type("Tag")
    @Description("A key and value attached to a job when it was created.")
    public record TagNode(
            @NonNull @Description("The tag's key.") String tagKey,
            @NonNull @Description("The tag's value, possibly empty.") String tagValue) {
    }
}
