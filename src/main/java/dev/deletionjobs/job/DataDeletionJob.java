package dev.deletionjobs.job;

import java.time.Instant;
import java.util.List;

/**
 * A data deletion job as the service sees it: the value both interfaces read, independent of how a store keeps it.
 * Timestamps hold milliseconds, the precision every store and both wire formats share. {@code tags} is null when the
 * read that returned the job left them out ({@link JobReading#WITHOUT_TAGS}).
 */
public record DataDeletionJob(
        String arn,
        AccountScope scope,
        String jobName,
        String datasetGroupArn,
        String dataLocation,
        String roleArn,
        List<Tag> tags,
        JobStatus status,
        Integer numDeleted,
        String failureReason,
        Instant creationDateTime,
        Instant lastUpdatedDateTime) {

    public DataDeletionJob {
        tags = tags == null ? null : List.copyOf(tags);
    }

    /**
     * This job as a change of status left it: the status, count, reason and time of the change over the members that
     * never change after a job is created.
     */
    public DataDeletionJob withStatus(JobStatus newStatus, Integer newNumDeleted, String newFailureReason,
            Instant changed) {
        return new DataDeletionJob(arn, scope, jobName, datasetGroupArn, dataLocation, roleArn, tags, newStatus,
                newNumDeleted, newFailureReason, creationDateTime, changed);
    }

    /** Where this job stands in the newest-first order of a listing. */
    public ListPosition position() {
        return new ListPosition(creationDateTime, arn);
    }
}
