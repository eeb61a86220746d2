package dev.deletionjobs.store.postgresql;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import dev.deletionjobs.job.AccountScope;
import dev.deletionjobs.job.DataDeletionJob;
import dev.deletionjobs.job.JobStatus;
import dev.deletionjobs.job.Tag;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * How a job is kept in PostgreSQL: one row of {@code data_deletion_jobs}, whose schema the Flyway migrations in
 * {@code db/migration} own. The ARN is the primary key, so a job name is unique per account and region, also when two
 * creates race. Tags ride along in a {@code jsonb} column: they are always read and written with their job.
 * Only {@link PostgresDataDeletionJobRepository} (and tests that plant states no port operation writes) sees it.
 */
@Entity
@Table(name = "data_deletion_jobs")
public class DataDeletionJobRow {

    @Id
    public String arn;
    @Column(name = "account_id")
    public String accountId;
    public String region;
    @Column(name = "job_name")
    public String jobName;
    @Column(name = "dataset_group_arn")
    public String datasetGroupArn;
    @Column(name = "data_location")
    public String dataLocation;
    @Column(name = "role_arn")
    public String roleArn;
    @JdbcTypeCode(SqlTypes.JSON)
    public List<StoredTag> tags;
    public String status;
    @Column(name = "num_deleted")
    public Integer numDeleted;
    @Column(name = "failure_reason")
    public String failureReason;
    @Column(name = "creation_date_time")
    public Instant creationDateTime;
    @Column(name = "last_updated_date_time")
    public Instant lastUpdatedDateTime;
    /** The worker that holds an IN_PROGRESS job, and until when; both null otherwise. */
    public String owner;
    @Column(name = "lease_expiry")
    public Instant leaseExpiry;
    /** How many times a worker claimed the job. */
    public int attempts;

    /** One tag in the {@code tags} array, with the API's member names. */
    @RegisterForReflection
    public record StoredTag(String tagKey, String tagValue) {
    }

    public static DataDeletionJobRow from(DataDeletionJob job) {
        DataDeletionJobRow row = new DataDeletionJobRow();
        row.arn = job.arn();
        row.accountId = job.scope().accountId();
        row.region = job.scope().region();
        row.jobName = job.jobName();
        row.datasetGroupArn = job.datasetGroupArn();
        row.dataLocation = job.dataLocation();
        row.roleArn = job.roleArn();
        row.tags = job.tags().stream().map(tag -> new StoredTag(tag.tagKey(), tag.tagValue())).toList();
        row.status = job.status().name();
        row.numDeleted = job.numDeleted();
        row.failureReason = job.failureReason();
        row.creationDateTime = job.creationDateTime();
        row.lastUpdatedDateTime = job.lastUpdatedDateTime();
        return row;
    }

    DataDeletionJob toJob() {
        return new DataDeletionJob(
                arn,
                new AccountScope(accountId, region),
                jobName,
                datasetGroupArn,
                dataLocation,
                roleArn,
                tags == null ? List.of() : tags.stream().map(tag -> new Tag(tag.tagKey(), tag.tagValue())).toList(),
                JobStatus.valueOf(status),
                numDeleted,
                failureReason,
                creationDateTime,
                lastUpdatedDateTime);
    }
}
